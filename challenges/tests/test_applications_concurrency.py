"""References under concurrency: real threads, real PostgreSQL row locks."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from challenges.models import Application
from challenges.services.applications import (
    SECTION_KEYS,
    ApplicationError,
    application_submit,
)
from challenges.tests.factories import ApplicationFactory, ChallengeFactory
from civic.models import Organisation, OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

N = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
)
def test_concurrent_submissions_get_distinct_consecutive_references():
    challenge = ChallengeFactory()
    entries = []
    for i in range(N):
        startup = OrganisationFactory(type=Organisation.Type.STARTUP, slug=f"s-{i}")
        user = UserFactory()
        MembershipFactory(
            organisation=startup, user=user, role=OrganisationMembership.Role.OWNER
        )
        application = ApplicationFactory(
            challenge=challenge,
            organisation=startup,
            created_by=user,
            completed_sections=list(SECTION_KEYS),
        )
        entries.append((application.pk, user))
    barrier = threading.Barrier(N)
    references, errors = [], []

    def submit(application_pk, user):
        try:
            barrier.wait()
            submitted = application_submit(
                application=Application.objects.get(pk=application_pk), user=user
            )
            references.append(submitted.reference)
        except ApplicationError as error:  # pragma: no cover - a failure to report
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=entry) for entry in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    year = timezone.localdate().year
    assert errors == []
    assert sorted(references) == [f"CIC-{year}-{n:04d}" for n in range(1, N + 1)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
)
def test_two_members_submitting_the_same_application_at_once_submit_it_once():
    challenge = ChallengeFactory()
    startup = OrganisationFactory(type=Organisation.Type.STARTUP)
    members = [UserFactory(), UserFactory()]
    for member in members:
        MembershipFactory(organisation=startup, user=member)
    application = ApplicationFactory(
        challenge=challenge,
        organisation=startup,
        created_by=members[0],
        completed_sections=list(SECTION_KEYS),
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(user):
        try:
            barrier.wait()
            application_submit(
                application=Application.objects.get(pk=application.pk), user=user
            )
            outcomes.append("submitted")
        except ApplicationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "submitted"]
    application.refresh_from_db()
    assert application.reference.endswith("-0001")
