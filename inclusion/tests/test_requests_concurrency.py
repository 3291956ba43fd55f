"""Two tabs, or a double click, submitting at the same moment: on PostgreSQL
with real threads. One request is made; the other gets the clear message."""

import threading

import pytest
from django.db import connection

from inclusion.models import BorrowRequest, Participant, Scheme, Site
from inclusion.services.requests import BorrowRequestError, borrow_request_create
from inclusion.tests.factories import ParticipantFactory, SchemeFactory, SiteFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
    ),
]

TABS = 8


def _run_together(target, count):
    barrier = threading.Barrier(count)
    outcomes = []
    errors = []

    def run():
        try:
            barrier.wait()
            outcomes.append(target())
        except BorrowRequestError as refused:
            outcomes.append(refused.code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


def test_the_same_person_submitting_at_once_makes_one_request():
    site = SiteFactory()
    scheme = SchemeFactory(sites=[site])
    person = ParticipantFactory()

    def submit():
        return borrow_request_create(
            scheme=Scheme.objects.get(pk=scheme.pk),
            site=Site.objects.get(pk=site.pk),
            participant=Participant.objects.get(pk=person.pk),
            circumstances=[],
        )

    outcomes, errors = _run_together(submit, TABS)

    assert errors == []
    assert BorrowRequest.objects.filter(participant=person).count() == 1
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["already"] * (TABS - 1)


def test_different_people_at_once_each_get_their_own_place():
    site = SiteFactory()
    scheme = SchemeFactory(sites=[site])
    people = [ParticipantFactory() for _ in range(TABS)]
    queue = list(people)
    lock = threading.Lock()

    def submit():
        with lock:
            person = queue.pop()
        return borrow_request_create(
            scheme=Scheme.objects.get(pk=scheme.pk),
            site=Site.objects.get(pk=site.pk),
            participant=Participant.objects.get(pk=person.pk),
            circumstances=[],
        )

    outcomes, errors = _run_together(submit, TABS)

    assert errors == []
    assert BorrowRequest.objects.filter(scheme=scheme, status="waiting").count() == TABS


def test_the_database_refuses_a_second_open_request_even_without_the_lock():
    """The backstop: the partial unique constraint, caught as the same message."""
    from unittest import mock

    site = SiteFactory()
    scheme = SchemeFactory(sites=[site])
    person = ParticipantFactory()
    borrow_request_create(
        scheme=scheme, site=site, participant=person, circumstances=[]
    )
    # Pretend the Python check saw nothing (a bug): the constraint still holds.
    with mock.patch(
        "inclusion.services.requests.BorrowRequest.objects.filter"
    ) as fake_filter:
        fake_filter.return_value.exists.return_value = False
        with pytest.raises(BorrowRequestError) as refused:
            borrow_request_create(
                scheme=scheme, site=site, participant=person, circumstances=[]
            )
    assert refused.value.code == "already"
    assert BorrowRequest.objects.filter(participant=person).count() == 1
