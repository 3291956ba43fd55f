"""A young person's application to a cohort: submitting it (with the optional
equality answers, kept apart) and withdrawing it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.services.email import email_send
from diversity.models import Application, Cohort, Course, EqualityMonitoring
from diversity.services.eligibility import talent_eligibility

# The equality answers a consenting applicant may give; any may be blank.
MONITORING_FIELDS = (
    "sex",
    "gender_same_as_sex",
    "ethnic_group",
    "disability",
    "care_leaver",
    "free_school_meals",
)
WITHDRAWABLE = (
    Application.Status.SUBMITTED,
    Application.Status.WAITLISTED,
    Application.Status.ACCEPTED,
)

ALREADY_APPLIED = "already_applied"
CLOSED = "closed"
NOT_ELIGIBLE = "not_eligible"
CANNOT_WITHDRAW = "cannot_withdraw"

MESSAGES = {
    ALREADY_APPLIED: _("You have already applied for this course start date."),
    CLOSED: _("Applications for this course start date have closed."),
    NOT_ELIGIBLE: _("You cannot apply for this course."),
    CANNOT_WITHDRAW: _("This application can no longer be withdrawn."),
}


class ApplicationError(Exception):
    def __init__(self, code: str, application: Application | None = None):
        self.code = code
        self.message = str(MESSAGES[code])
        self.application = application
        super().__init__(self.message)


def cohort_is_open(cohort: Cohort, today: datetime.date | None = None) -> bool:
    """Taking applications: a published course, before the closing date. A full
    cohort still takes them, for its waiting list."""
    today = today or timezone.localdate()
    return (
        cohort.course.status == Course.Status.PUBLISHED
        and cohort.applications_close_on >= today
    )


def application_submit(
    *,
    cohort: Cohort,
    applicant,
    answers: dict[str, Any],
    monitoring: dict[str, str] | None,
) -> Application:
    """Make the application. ``answers``: full_name, date_of_birth, postcode,
    borough, connection, why. ``monitoring``: the equality answers, given only
    with consent (None: skipped or no consent) — saved in their own table in
    the same transaction, so an application never exists half-made.

    One per person per cohort (a unique constraint): a second submission, even
    at the same moment, raises ``ApplicationError(ALREADY_APPLIED)``.
    """
    existing = Application.objects.filter(cohort=cohort, applicant=applicant).first()
    if existing is not None:
        raise ApplicationError(ALREADY_APPLIED, existing)
    if not cohort_is_open(cohort):
        raise ApplicationError(CLOSED)
    eligibility = talent_eligibility(
        date_of_birth=answers["date_of_birth"],
        starts_on=cohort.starts_on,
        borough=answers.get("borough"),
        connection=answers.get("connection"),
    )
    if not eligibility.eligible:
        raise ApplicationError(NOT_ELIGIBLE)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                cohort=cohort,
                applicant=applicant,
                full_name=answers["full_name"],
                date_of_birth=answers["date_of_birth"],
                postcode=answers["postcode"],
                borough=answers["borough"],
                connection=answers["connection"],
                why=answers["why"],
            )
            if monitoring is not None:
                EqualityMonitoring.objects.create(
                    application=application,
                    consent_given_at=timezone.now(),
                    **{f: monitoring.get(f) or "" for f in MONITORING_FIELDS},
                )
            email_send(
                to=applicant.email,
                template="diversity/email/application_submitted",
                context={"application": application, "cohort": cohort},
            )
    except IntegrityError:
        existing = Application.objects.filter(
            cohort=cohort, applicant=applicant
        ).first()
        if existing is None:
            raise
        raise ApplicationError(ALREADY_APPLIED, existing) from None
    return application


def can_withdraw(application: Application) -> bool:
    return application.status in WITHDRAWABLE and not application.completion


def application_withdraw(*, application: Application, applicant) -> Application:
    """The applicant withdraws. A place they held goes back to the cohort.

    The cohort row is locked first (the provider's decisions lock it too, in
    the same order), so the count of accepted places stays exact.
    """
    if application.applicant_id != applicant.pk:
        raise ApplicationError(CANNOT_WITHDRAW)
    with transaction.atomic():
        Cohort.objects.select_for_update().get(pk=application.cohort_id)
        current = Application.objects.select_for_update().get(pk=application.pk)
        if not can_withdraw(current):
            raise ApplicationError(CANNOT_WITHDRAW)
        held_place = current.status == Application.Status.ACCEPTED
        current.status = Application.Status.WITHDRAWN
        current.save(update_fields=["status"])
        if held_place:
            Cohort.objects.filter(pk=current.cohort_id, accepted_count__gt=0).update(
                accepted_count=F("accepted_count") - 1
            )
        email_send(
            to=applicant.email,
            template="diversity/email/application_withdrawn",
            context={"application": current, "cohort": current.cohort},
        )
    return current
