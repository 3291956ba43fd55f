"""Signing and figures at the same moment, on PostgreSQL with real threads."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from civic.models import OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from diversity.models import PledgeAcceptance, ReportingYear, Signatory, Submission
from diversity.services.charter import (
    CharterError,
    SignatoryDetails,
    charter_sign,
    current_pledge_versions,
)
from diversity.services.submissions import (
    CORRECT,
    CREATE,
    SubmissionError,
    submission_save,
    year_close,
)
from diversity.tests.factories import ReportingYearFactory, SignatoryFactory
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
    ),
]

DETAILS = SignatoryDetails(
    sector="tech",
    size_band="50-249",
    sponsor_name="Ada Sponsor",
    sponsor_job_title="CTO",
    sponsor_email="ada@example.com",
    contact_name="Charlie Contact",
    contact_email="charter@example.com",
)


def _figures(women: int) -> dict:
    return {
        "tech_headcount": 100,
        "women": women,
        "men": 100 - women,
        "sex_other_or_unknown": 0,
        "ethnicity_white": 100,
        "ethnicity_mixed": 0,
        "ethnicity_asian": 0,
        "ethnicity_black": 0,
        "ethnicity_other": 0,
        "ethnicity_unknown": 0,
        "recruited": 10,
        "recruited_women": 3,
    }


@pytest.fixture
def open_year():
    today = timezone.localdate()
    return ReportingYearFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


def test_owners_signing_at_once_make_one_signatory():
    organisation = OrganisationFactory()
    owners = [UserFactory() for _ in range(6)]
    for owner in owners:
        MembershipFactory(
            organisation=organisation,
            user=owner,
            role=OrganisationMembership.Role.OWNER,
        )
    ids = [v.pk for v in current_pledge_versions()]

    def sign(owner):
        charter_sign(
            organisation=organisation,
            user=owner,
            details=DETAILS,
            accepted_version_ids=ids,
        )

    errors = run_together(sign, [(owner,) for owner in owners])

    assert Signatory.objects.filter(organisation=organisation).count() == 1
    assert PledgeAcceptance.objects.filter(
        signatory__organisation=organisation
    ).count() == len(ids)
    assert len(errors) == len(owners) - 1
    assert all(
        isinstance(e, CharterError) and e.code == "already_signed" for e in errors
    )


def test_members_sending_figures_at_once_make_one_submission(open_year):
    signatory = SignatoryFactory()
    members = [UserFactory() for _ in range(8)]

    def save(member, women):
        submission_save(
            signatory=signatory,
            year=ReportingYear.objects.get(pk=open_year.pk),
            user=member,
            figures=_figures(women),
        )

    errors = run_together(save, [(m, 10 + i) for i, m in enumerate(members)])

    assert errors == []
    submission = Submission.objects.get(signatory=signatory, year=open_year)
    entries = ModelLogEntry.objects.filter(object_id=str(submission.pk))
    assert entries.filter(action=CREATE).count() == 1
    assert entries.filter(action=CORRECT).count() == len(members) - 1
    last = entries.order_by("-timestamp", "-pk").first()
    assert last.data["after"]["women"] == submission.women


def test_closing_the_year_while_figures_arrive_locks_them(open_year):
    signatories = [SignatoryFactory() for _ in range(8)]
    manager = UserFactory()

    def act(signatory):
        year = ReportingYear.objects.get(pk=open_year.pk)
        if signatory is None:
            year_close(year=year, user=manager)
        else:
            submission_save(
                signatory=signatory,
                year=year,
                user=manager,
                figures=_figures(30),
            )

    errors = run_together(
        act, [(s,) for s in [*signatories[:4], None, *signatories[4:]]]
    )

    assert all(isinstance(e, SubmissionError) and e.code == "closed" for e in errors)
    saved = Submission.objects.filter(year=open_year).count()
    assert saved + len(errors) == len(signatories)
    assert ModelLogEntry.objects.filter(action=CREATE).count() == saved
    open_year.refresh_from_db()
    assert open_year.locked_at is not None
    later = Submission.objects.filter(
        year=open_year, submitted_at__gt=open_year.locked_at
    )
    assert not later.exists()
