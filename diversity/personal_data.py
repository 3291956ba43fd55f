"""What Tech talent holds about a person: their part of "Download my data" and
"Delete my account" (civic.registry), and the retention rule for equality
monitoring answers.

When an applicant deletes their account:

- Their equality monitoring answers (special category data) are deleted.
- Each application stays in the programme's figures (starts, completions,
  outcomes by provider and borough) without them: no account, no name, no
  postcode, no "why", the date of birth cut to 1 July of its year. An
  application still open (received, waiting, or a place on a cohort not yet
  started) is withdrawn and any place it held goes back to the cohort.
- On the charter, the organisation's record stays; where the person was the
  named contact or sponsor, their name and email are removed.
- Records they made as staff or for their organisation (courses, outcomes,
  charter submissions) stay, without them.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.redaction import REMOVED, needles, redact_fields
from civic.retention import cutoff

from .models import (
    Application,
    Course,
    EqualityMonitoring,
    Outcome,
    ReportingYear,
    Signatory,
    Submission,
)
from .models.talent import YesNoPreferNot

SECTION = "Tech talent"
DESCRIPTION = _(
    "Digital Talent Programme applications (name, date of birth, postcode, "
    "borough, why you applied, decisions and what you did after the course), "
    "to run the programme and report on it; optional equality monitoring "
    "answers, with your consent, to check the programme reaches the young "
    "Londoners it is for (only ever seen as totals; deleted a while after your "
    "course starts (see below), or when you delete your account). For "
    "organisations on the Tech Talent Charter: who signed and submitted "
    "figures. If you delete your account your applications stay in the "
    "programme's figures without anything that identifies you."
)

OPEN = (Application.Status.SUBMITTED, Application.Status.WAITLISTED)


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def _strings(user) -> list[str]:
    from allauth.account.models import EmailAddress

    return [
        user.email,
        user.display_name,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    ]


# --- Download my data ---------------------------------------------------------


def _monitoring(application: Application) -> list[dict]:
    try:
        answers = application.equality_monitoring
    except EqualityMonitoring.DoesNotExist:
        return []
    yes_no = dict(YesNoPreferNot.choices)
    return [
        {
            "consent given": _when(answers.consent_given_at),
            "consent statement version": answers.consent_version,
            "sex": answers.get_sex_display(),
            "gender the same as sex at birth": answers.get_gender_same_as_sex_display(),
            "ethnic group": answers.get_ethnic_group_display(),
            "disability": answers.get_disability_display(),
            "care leaver": str(yes_no.get(answers.care_leaver, "")),
            "free school meals": str(yes_no.get(answers.free_school_meals, "")),
        }
    ]


def export(user) -> dict:
    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("cohort__course__provider", "borough", "equality_monitoring")
        .prefetch_related("outcomes")
        .order_by("submitted_at", "pk")
    )
    return {
        "Your Digital Talent applications": [
            {
                "course": a.cohort.course.title,
                "provider": a.cohort.course.provider.name,
                "cohort starts": _when(a.cohort.starts_on),
                "full name": a.full_name,
                "date of birth": _when(a.date_of_birth),
                "postcode": a.postcode,
                "borough": a.borough.name,
                "connection to London": a.get_connection_display(),
                "why you want to do this course": a.why,
                "status": a.get_status_display(),
                "submitted": _when(a.submitted_at),
                "decided": _when(a.decided_at),
                "completion": a.get_completion_display(),
                "outcomes": [
                    {
                        "months after": o.months_after,
                        "doing": o.get_kind_display(),
                        "in a tech role": o.in_tech_role,
                    }
                    for o in a.outcomes.all()
                ],
            }
            for a in applications
        ],
        "Your equality monitoring answers": [
            {"course": a.cohort.course.title, **answers}
            for a in applications
            for answers in _monitoring(a)
        ],
        "Tech Talent Charter: organisations you signed up": [
            {
                "organisation": s.organisation.name,
                "signed": _when(s.signed_at),
                "senior sponsor": s.sponsor_name,
                "sponsor's email": s.sponsor_email,
                "contact": s.contact_name,
                "contact's email": s.contact_email,
            }
            for s in Signatory.objects.filter(signed_by=user).select_related(
                "organisation"
            )
        ],
        "Tech Talent Charter: figures you submitted": [
            {
                "organisation": s.signatory.organisation.name,
                "year": s.year.year,
                "submitted": _when(s.submitted_at),
                "people in tech roles": s.tech_headcount,
            }
            for s in Submission.objects.filter(submitted_by=user).select_related(
                "signatory__organisation", "year"
            )
        ],
        "Courses you created": [
            {"course": title, "created": _when(created)}
            for title, created in Course.objects.filter(created_by=user).values_list(
                "title", "created_at"
            )
        ],
        "Records you made as staff": [
            {"record": "decisions on applications", "how many": decided}
            for decided in [Application.objects.filter(decided_by=user).count()]
            if decided
        ]
        + [
            {"record": "outcomes recorded", "how many": recorded}
            for recorded in [Outcome.objects.filter(recorded_by=user).count()]
            if recorded
        ],
    }


# --- Delete my account --------------------------------------------------------


def erase(user) -> None:
    strings = _strings(user)
    with transaction.atomic():
        _erase_applications(user)
        _erase_charter(user, strings)
        Course.objects.filter(created_by=user).update(created_by=None)
        Outcome.objects.filter(recorded_by=user).update(recorded_by=None)
        Application.objects.filter(decided_by=user).update(decided_by=None)
        ReportingYear.objects.filter(locked_by=user).update(locked_by=None)
        # update() sends no signals: the cached public pages must not keep a
        # name that has gone.
        transaction.on_commit(_refresh_cached_pages)


def _refresh_cached_pages() -> None:
    from civic.caching import bump

    from .caching import CHARTER, COURSES

    bump(COURSES)
    bump(CHARTER)


def _erase_applications(user) -> None:
    today = timezone.localdate()
    mine = Application.objects.filter(applicant=user)
    EqualityMonitoring.objects.filter(application__in=mine).delete()
    former = uuid.uuid4()
    for application in mine.select_related("cohort"):
        holds_place = (
            application.status == Application.Status.ACCEPTED
            and application.cohort.starts_on > today
            and not application.completion
        )
        if application.status in OPEN or holds_place:
            # Lock order as in the decision services: cohort, then application.
            cohort = (
                type(application.cohort)
                .objects.select_for_update()
                .get(pk=application.cohort_id)
            )
            if holds_place:
                type(cohort).objects.filter(pk=cohort.pk, accepted_count__gt=0).update(
                    accepted_count=F("accepted_count") - 1
                )
            application.status = Application.Status.WITHDRAWN
        born = application.date_of_birth
        application.applicant = None
        application.former_applicant = former
        application.full_name = ""
        application.postcode = ""
        application.why = ""
        application.date_of_birth = datetime.date(born.year, 7, 1)
        application.save(
            update_fields=[
                "applicant",
                "former_applicant",
                "full_name",
                "postcode",
                "why",
                "date_of_birth",
                "status",
            ]
        )


def _erase_charter(user, strings) -> None:
    Signatory.objects.filter(signed_by=user).update(signed_by=None)
    Submission.objects.filter(submitted_by=user).update(submitted_by=None)
    wanted = needles(strings)
    if not wanted:
        return
    # Where they are the named sponsor or contact, the organisation keeps its
    # record without them (it should name someone else; staff can see the gap).
    for name_field, email_field in [
        ("contact_name", "contact_email"),
        ("sponsor_name", "sponsor_email"),
    ]:
        match = Q()
        for needle in wanted:
            match |= Q(**{f"{email_field}__iexact": needle})
            match |= Q(**{f"{name_field}__iexact": needle})
        Signatory.objects.filter(match).update(**{name_field: REMOVED, email_field: ""})
    redact_fields(
        Signatory.objects.all(),
        ["sponsor_name", "sponsor_job_title", "contact_name"],
        strings,
    )


# --- Retention -----------------------------------------------------------------

MONITORING_PERIOD = "equality_monitoring"


def purge_equality_monitoring(now: datetime.datetime) -> int:
    """Equality answers for cohorts that started more than the period ago:
    the course, its 6-month outcome and the year's report are done."""
    old = EqualityMonitoring.objects.filter(
        application__cohort__starts_on__lt=cutoff(now, MONITORING_PERIOD).date()
    )
    deleted, _ = old.delete()
    return deleted


def register() -> None:
    from civic.registry import registry

    registry.register_personal_data(
        SECTION, export=export, erase=erase, description=DESCRIPTION
    )
    registry.register_retention(
        "talent_equality_monitoring",
        purge=purge_equality_monitoring,
        period_setting=MONITORING_PERIOD,
        description=_(
            "Digital Talent Programme: equality monitoring answers, after the "
            "course started (long enough for the course, its outcomes and the "
            "year's report)."
        ),
    )
