"""A signatory's yearly figures: submit, correct until the year closes, and
closing a year. Every write is audit-logged with the figures before and
after, so a correction can always be traced."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from diversity.models import ReportingYear, Signatory, Submission

CREATE = "diversity.submission.create"
CORRECT = "diversity.submission.correct"
YEAR_CLOSE = "diversity.submission.year_close"

LOG_ACTIONS = {
    CREATE: (
        _("Tech talent: figures submitted"),
        _("Submitted the year's tech workforce figures"),
    ),
    CORRECT: (
        _("Tech talent: figures corrected"),
        _("Corrected the year's tech workforce figures"),
    ),
    YEAR_CLOSE: (
        _("Tech talent: reporting year closed"),
        _("Closed the reporting year; its figures are locked"),
    ),
}

FIGURES = (
    "tech_headcount",
    "women",
    "men",
    "sex_other_or_unknown",
    "ethnicity_white",
    "ethnicity_mixed",
    "ethnicity_asian",
    "ethnicity_black",
    "ethnicity_other",
    "ethnicity_unknown",
    "recruited",
    "recruited_women",
)


class SubmissionError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def year_is_open(year: ReportingYear, *, today=None) -> bool:
    """Figures can be made and corrected from ``opens_on`` to ``closes_on``
    (inclusive), unless the year has been closed early."""
    today = today or timezone.localdate()
    return year.locked_at is None and year.opens_on <= today <= year.closes_on


def year_is_closed(year: ReportingYear, *, today=None) -> bool:
    today = today or timezone.localdate()
    return year.locked_at is not None or today > year.closes_on


def _figures(submission: Submission | None) -> dict[str, int] | None:
    if submission is None:
        return None
    return {name: getattr(submission, name) for name in FIGURES}


def submission_save(
    *,
    signatory: Signatory,
    year: ReportingYear,
    user,
    figures: dict[str, int],
) -> Submission:
    """Create the year's submission or correct it. Refused once the year has
    closed. The year row is locked first, so a correction and closing the
    year cannot interleave; the DB CHECKs stop figures that do not add up."""
    figures = {name: int(figures[name]) for name in FIGURES}
    with transaction.atomic():
        locked_year = ReportingYear.objects.select_for_update().get(pk=year.pk)
        if not year_is_open(locked_year):
            raise SubmissionError(
                "closed",
                _("Figures for %(year)s can no longer be changed.")
                % {"year": locked_year.year},
            )
        if signatory.withdrawn_at is not None:
            raise SubmissionError(
                "withdrawn", _("This organisation has withdrawn from the charter.")
            )
        existing = (
            Submission.objects.select_for_update()
            .filter(signatory=signatory, year=locked_year)
            .first()
        )
        before = _figures(existing)
        now = timezone.now()
        if existing is None:
            submission = Submission.objects.create(
                signatory=signatory,
                year=locked_year,
                submitted_by=user,
                submitted_at=now,
                **figures,
            )
            action = CREATE
        else:
            submission = existing
            for name, value in figures.items():
                setattr(submission, name, value)
            submission.submitted_by = user
            submission.submitted_at = now
            submission.save()
            action = CORRECT
        log(
            instance=submission,
            action=action,
            user=user,
            data={
                "year": locked_year.year,
                "organisation": signatory.organisation.name,
                "before": before,
                "after": _figures(submission),
            },
        )
    return submission


def year_close(*, year: ReportingYear, user) -> ReportingYear:
    """Lock the year's figures now. Closing twice changes nothing."""
    with transaction.atomic():
        locked = ReportingYear.objects.select_for_update().get(pk=year.pk)
        if locked.locked_at is None:
            locked.locked_at = timezone.now()
            locked.locked_by = user
            locked.save(update_fields=["locked_at", "locked_by"])
            log(
                instance=locked,
                action=YEAR_CLOSE,
                user=user,
                data={
                    "year": locked.year,
                    "submissions": locked.submissions.count(),
                },
            )
    return locked
