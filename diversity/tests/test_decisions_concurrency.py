"""Two provider members deciding at the same moment, on PostgreSQL with real
threads: the last place goes to exactly one applicant."""

import pytest
from django.db import connection

from civic.tests.factories import UserFactory
from diversity.models import Application, Cohort
from diversity.services.decisions import (
    DecisionError,
    application_accept,
    application_release_place,
)
from diversity.tests.factories import ApplicationFactory, CohortFactory
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
    ),
]


def _accept(application_id, member):
    application_accept(
        application=Application.objects.get(pk=application_id), by=member
    )


def test_two_members_accepting_for_the_last_place_fill_it_once():
    cohort = CohortFactory(capacity=3)
    for _ in range(2):
        application_accept(
            application=ApplicationFactory(cohort=cohort), by=UserFactory()
        )
    first, second = ApplicationFactory.create_batch(2, cohort=cohort)
    members = UserFactory.create_batch(2)

    errors = run_together(_accept, [(first.pk, members[0]), (second.pk, members[1])])

    assert len(errors) == 1
    assert isinstance(errors[0], DecisionError)
    assert "All 3 places are taken" in errors[0].message
    cohort.refresh_from_db()
    accepted = Application.objects.filter(cohort=cohort, status="accepted").count()
    assert accepted == cohort.accepted_count == cohort.capacity == 3


def test_many_accepts_at_once_never_go_over_capacity():
    cohort = CohortFactory(capacity=5)
    applications = ApplicationFactory.create_batch(12, cohort=cohort)
    member = UserFactory()

    errors = run_together(_accept, [(a.pk, member) for a in applications])

    assert len(errors) == 7
    assert all(isinstance(error, DecisionError) for error in errors)
    cohort.refresh_from_db()
    assert cohort.accepted_count == 5
    assert Application.objects.filter(cohort=cohort, status="accepted").count() == 5


def test_the_same_applicant_accepted_twice_at_once_takes_one_place():
    cohort = CohortFactory(capacity=5)
    application = ApplicationFactory(cohort=cohort)
    members = UserFactory.create_batch(2)

    errors = run_together(
        _accept, [(application.pk, members[0]), (application.pk, members[1])]
    )

    assert errors == []
    cohort.refresh_from_db()
    assert cohort.accepted_count == 1


def test_a_release_and_an_accept_at_once_keep_the_count_true():
    cohort = CohortFactory(capacity=1)
    leaving = application_accept(
        application=ApplicationFactory(cohort=cohort), by=UserFactory()
    )
    waiting = ApplicationFactory(cohort=cohort)
    member = UserFactory()

    def release(application_id, by):
        application_release_place(
            application=Application.objects.get(pk=application_id), by=by
        )

    def act(kind, application_id):
        (release if kind == "release" else _accept)(application_id, member)

    errors = run_together(act, [("release", leaving.pk), ("accept", waiting.pk)])

    cohort = Cohort.objects.get(pk=cohort.pk)
    accepted = Application.objects.filter(cohort=cohort, status="accepted").count()
    assert cohort.accepted_count == accepted <= 1
    assert len(errors) <= 1


def _withdraw(application_id):
    from diversity.services.applications import application_withdraw

    application = Application.objects.select_related("applicant").get(pk=application_id)
    application_withdraw(application=application, applicant=application.applicant)


def test_a_withdraw_and_an_accept_of_the_last_place_at_once_neither_deadlock():
    """The holder of the last place withdraws while the provider accepts the
    next person: both lock the cohort first, then the application, so neither
    waits for the other in a circle (PostgreSQL would raise a deadlock error)
    and the count stays true whichever goes first."""
    for _ in range(10):
        cohort = CohortFactory(capacity=1)
        leaving = application_accept(
            application=ApplicationFactory(cohort=cohort), by=UserFactory()
        )
        waiting = ApplicationFactory(cohort=cohort)
        member = UserFactory()

        def act(kind, application_id, member=member):
            if kind == "withdraw":
                _withdraw(application_id)
            else:
                _accept(application_id, member)

        errors = run_together(act, [("withdraw", leaving.pk), ("accept", waiting.pk)])

        assert all(isinstance(error, DecisionError) for error in errors), errors
        cohort = Cohort.objects.get(pk=cohort.pk)
        statuses = dict(
            Application.objects.filter(cohort=cohort).values_list("pk", "status")
        )
        assert statuses[leaving.pk] == "withdrawn"
        accepted = sum(status == "accepted" for status in statuses.values())
        assert cohort.accepted_count == accepted
        # the accept either found the place taken (an error) or took it
        assert accepted == (0 if errors else 1)


def test_a_withdraw_and_an_accept_of_the_same_application_at_once_agree():
    """The applicant withdraws while the provider accepts them: one wins, the
    other is told, and no place is left held by a withdrawn application."""
    for _ in range(10):
        cohort = CohortFactory(capacity=2)
        application = ApplicationFactory(cohort=cohort)
        member = UserFactory()

        def act(kind, application_id=application.pk, member=member):
            if kind == "withdraw":
                _withdraw(application_id)
            else:
                _accept(application_id, member)

        errors = run_together(act, [("withdraw",), ("accept",)])

        assert len(errors) <= 1, errors
        application.refresh_from_db()
        cohort.refresh_from_db()
        assert application.status == "withdrawn"
        assert cohort.accepted_count == 0
        if errors:  # the accept came second and was refused
            assert isinstance(errors[0], DecisionError)


def test_members_offering_the_last_places_through_the_pages_never_overfill():
    """The same race through the provider's pages: real requests, each thread
    with its own signed-in client and database connection. Two places left,
    six offers at once: two are made, four get the error by the field, none
    is a server error."""
    from django.test import Client
    from django.urls import reverse

    from civic.models import OrganisationMembership
    from civic.tests.factories import MembershipFactory
    from diversity.tests.factories import ProviderFactory

    provider = ProviderFactory()
    cohort = CohortFactory(course__provider=provider, capacity=3)
    application_accept(application=ApplicationFactory(cohort=cohort), by=UserFactory())
    waiting = ApplicationFactory.create_batch(6, cohort=cohort)
    members = UserFactory.create_batch(6)
    for member in members:
        MembershipFactory(
            organisation=provider, user=member, role=OrganisationMembership.Role.MEMBER
        )
    statuses = []

    def offer(application, member):
        client = Client()
        client.force_login(member)
        response = client.post(
            reverse(
                "diversity:provider_application",
                args=[provider.slug, application.public_id],
            ),
            {"decision": "accept"},
        )
        statuses.append(
            (response.status_code, "places are taken" in response.content.decode())
        )

    errors = run_together(offer, list(zip(waiting, members, strict=True)))

    assert errors == []
    assert sorted(statuses) == [(200, True)] * 4 + [(302, False)] * 2
    cohort.refresh_from_db()
    accepted = Application.objects.filter(cohort=cohort, status="accepted").count()
    assert accepted == cohort.accepted_count == cohort.capacity == 3
