"""A provider's decisions on applications: accept (never over capacity, even
when two people decide at the same moment), waiting list, decline, release a
place; then completion and outcomes at 3 and 6 months.

Locks are taken cohort row first, then application row, in every service
here, so two decisions never wait for each other in a circle. The CHECK
``accepted_count <= capacity`` is the backstop if Python ever gets it wrong.
"""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from civic.services.email import email_send
from diversity.models import Application, Cohort, Outcome

Status = Application.Status


class DecisionError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _full_message(cohort: Cohort) -> str:
    return ngettext(
        "The only place is taken. Put the applicant on the waiting list or "
        "free a place first",
        "All %(places)s places are taken. Put the applicant on the waiting list "
        "or free a place first",
        cohort.capacity,
    ) % {"places": cohort.capacity}


def _lock(application: Application) -> tuple[Cohort, Application]:
    cohort = Cohort.objects.select_for_update().get(pk=application.cohort_id)
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("applicant")
        .get(pk=application.pk)
    )
    return cohort, locked


def _email(application: Application, cohort: Cohort, name: str, **extra) -> None:
    if application.applicant_id is None:  # they deleted their account
        return
    course = cohort.course
    email_send(
        to=application.applicant.email,
        template=f"diversity/email/decision_{name}",
        context={
            "application": application,
            "cohort": cohort,
            "course": course,
            "course_url": settings.SITE_URL
            + reverse("diversity:my_application", args=[application.public_id]),
            **extra,
        },
    )


def _decided(application: Application, status: str, by) -> None:
    application.status = status
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "decided_at", "decided_by"])


def application_accept(*, application: Application, by) -> Application:
    """Offer a place, if one is left."""
    with transaction.atomic():
        cohort, locked = _lock(application)
        if locked.status == Status.ACCEPTED:
            return locked  # a second click, or two people agreeing
        if locked.status == Status.WITHDRAWN:
            raise DecisionError(_("The applicant has withdrawn their application"))
        if cohort.accepted_count >= cohort.capacity:
            raise DecisionError(_full_message(cohort))
        try:
            with transaction.atomic():
                Cohort.objects.filter(pk=cohort.pk).update(
                    accepted_count=F("accepted_count") + 1
                )
        except IntegrityError:
            raise DecisionError(_full_message(cohort)) from None
        _decided(locked, Status.ACCEPTED, by)
        _email(locked, cohort, "accepted")
    return locked


def application_waitlist(*, application: Application, by) -> Application:
    with transaction.atomic():
        cohort, locked = _lock(application)
        if locked.status == Status.WAITLISTED:
            return locked
        if locked.status == Status.ACCEPTED:
            return _release(locked, cohort, Status.WAITLISTED, by)
        if locked.status == Status.WITHDRAWN:
            raise DecisionError(_("The applicant has withdrawn their application"))
        _decided(locked, Status.WAITLISTED, by)
        _email(locked, cohort, "waitlisted")
    return locked


def application_decline(*, application: Application, by, reason: str) -> Application:
    reason = reason.strip()
    if not reason:
        raise DecisionError(_("Enter why the applicant was not offered a place"))
    with transaction.atomic():
        cohort, locked = _lock(application)
        if locked.status == Status.ACCEPTED:
            raise DecisionError(
                _(
                    "This applicant has been offered a place. Release the place "
                    "before you decline the application"
                )
            )
        if locked.status == Status.WITHDRAWN:
            raise DecisionError(_("The applicant has withdrawn their application"))
        if locked.status == Status.NOT_ACCEPTED:
            return locked
        _decided(locked, Status.NOT_ACCEPTED, by)
        _email(locked, cohort, "declined", reason=reason)
    return locked


def application_release_place(
    *, application: Application, by, to_status: str = Status.WITHDRAWN
) -> Application:
    """An accepted person withdraws (``withdrawn``) or is moved to the waiting
    list (``waitlisted``): their place is freed for someone else."""
    if to_status not in (Status.WITHDRAWN, Status.WAITLISTED):
        raise ValueError(to_status)
    with transaction.atomic():
        cohort, locked = _lock(application)
        if locked.status != Status.ACCEPTED:
            raise DecisionError(_("This applicant does not have a place to release"))
        return _release(locked, cohort, to_status, by)


def _release(locked: Application, cohort: Cohort, to_status: str, by) -> Application:
    if locked.completion:
        raise DecisionError(
            _("Completion has been recorded for this person, so their place stays")
        )
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=F("accepted_count") - 1)
    _decided(locked, to_status, by)
    _email(locked, cohort, "released", to_status=to_status)
    return locked


# --- After the course starts ------------------------------------------------------


def course_end(cohort: Cohort) -> datetime.date:
    return cohort.starts_on + datetime.timedelta(weeks=cohort.course.length_weeks)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


def outcome_due_on(cohort: Cohort, months_after: int) -> datetime.date:
    return add_months(course_end(cohort), months_after)


def completion_record(*, application: Application, by, completion: str) -> Application:
    """Completed or left early: for accepted people, once the course has started.
    Editable: recording again replaces the answer."""
    if completion not in (
        Application.Completion.COMPLETED,
        Application.Completion.LEFT_EARLY,
    ):
        raise DecisionError(_("Select whether they completed the course"))
    with transaction.atomic():
        cohort, locked = _lock(application)
        if locked.status != Status.ACCEPTED:
            raise DecisionError(
                _("You can only record completion for people offered a place")
            )
        if timezone.localdate() < cohort.starts_on:
            raise DecisionError(
                _("You can record completion once the course has started on %(day)s")
                % {"day": _date(cohort.starts_on)}
            )
        locked.completion = completion
        locked.completion_recorded_at = timezone.now()
        locked.save(update_fields=["completion", "completion_recorded_at"])
    return locked


def outcome_record(
    *,
    application: Application,
    by,
    months_after: int,
    kind: str,
    in_tech_role: bool,
) -> Outcome:
    """What they were doing 3 or 6 months after the course ended; recordable
    once that day has come, and editable afterwards."""
    if months_after not in (3, 6):
        raise ValueError(months_after)
    with transaction.atomic():
        cohort, locked = _lock(application)
        if locked.status != Status.ACCEPTED:
            raise DecisionError(
                _("You can only record outcomes for people offered a place")
            )
        cohort = Cohort.objects.select_related("course").get(pk=cohort.pk)
        due = outcome_due_on(cohort, months_after)
        if timezone.localdate() < due:
            raise DecisionError(
                _("You can record this outcome from %(day)s") % {"day": _date(due)}
            )
        in_tech_role = bool(in_tech_role) and kind in (
            Outcome.Kind.JOB,
            Outcome.Kind.APPRENTICESHIP,
        )
        outcome, _created = Outcome.objects.update_or_create(
            application=locked,
            months_after=months_after,
            defaults={"kind": kind, "in_tech_role": in_tech_role, "recorded_by": by},
        )
    return outcome


def _date(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")
