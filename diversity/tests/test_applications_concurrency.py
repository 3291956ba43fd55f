"""Applications at the same moment, on PostgreSQL with real threads."""

import pytest
from django.db import connection

from civic.tests.factories import UserFactory
from diversity.models import Application, Cohort
from diversity.services.applications import (
    ALREADY_APPLIED,
    CANNOT_WITHDRAW,
    ApplicationError,
    application_submit,
    application_withdraw,
)
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    borough,
    years_before,
)
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
    ),
]


def test_the_same_application_sent_at_once_makes_one():
    cohort = CohortFactory()
    person = UserFactory()
    answers = {
        "full_name": "Ada Young",
        "date_of_birth": years_before(cohort.starts_on, 18),
        "postcode": "E8 1DY",
        "borough": borough(),
        "connection": "lives",
        "why": "Because.",
    }

    def submit():
        application_submit(
            cohort=Cohort.objects.get(pk=cohort.pk),
            applicant=person,
            answers=answers,
            monitoring={"sex": "female"},
        )

    errors = run_together(submit, [() for _ in range(6)])

    assert Application.objects.filter(cohort=cohort, applicant=person).count() == 1
    assert len(errors) == 5
    assert all(
        isinstance(e, ApplicationError) and e.code == ALREADY_APPLIED for e in errors
    )


def test_withdrawing_an_accepted_place_twice_at_once_frees_it_once():
    cohort = CohortFactory(capacity=3)
    application = ApplicationFactory(cohort=cohort, status=Application.Status.ACCEPTED)
    ApplicationFactory(cohort=cohort, status=Application.Status.ACCEPTED)
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=2)

    def withdraw():
        application_withdraw(
            application=Application.objects.get(pk=application.pk),
            applicant=application.applicant,
        )

    errors = run_together(withdraw, [() for _ in range(5)])

    assert len(errors) == 4
    assert all(e.code == CANNOT_WITHDRAW for e in errors)
    cohort.refresh_from_db()
    assert cohort.accepted_count == 1
