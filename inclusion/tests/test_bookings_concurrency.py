"""Booking and cancelling at the same moment, on PostgreSQL with real threads."""

import pytest
from django.db import connection

from inclusion.models import Booking, TrainingSession
from inclusion.services.bookings import booking_cancel, booking_create
from inclusion.tests.factories import ParticipantFactory, TrainingSessionFactory
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
    ),
]


def test_ten_people_booking_the_last_three_places_at_once():
    session = TrainingSessionFactory(capacity=3)
    people = [ParticipantFactory() for _ in range(10)]

    def book(participant):
        booking_create(
            session=TrainingSession.objects.get(pk=session.pk), participant=participant
        )

    errors = run_together(book, [(p,) for p in people])

    assert errors == []
    session.refresh_from_db()
    bookings = Booking.objects.filter(session=session)
    assert bookings.filter(status=Booking.Status.BOOKED).count() == 3
    assert bookings.filter(status=Booking.Status.WAITLISTED).count() == 7
    assert session.booked_count == 3


def test_one_person_pressing_book_twice_at_once_gets_one_booking():
    session = TrainingSessionFactory(capacity=3)
    participant = ParticipantFactory()

    def book():
        booking_create(
            session=TrainingSession.objects.get(pk=session.pk), participant=participant
        )

    errors = run_together(book, [()] * 4)

    assert len(errors) == 3
    assert Booking.objects.filter(session=session).count() == 1
    session.refresh_from_db()
    assert session.booked_count == 1


def test_concurrent_cancels_promote_each_waiting_person_once():
    session = TrainingSessionFactory(capacity=4)
    booked = [
        booking_create(session=session, participant=ParticipantFactory())
        for _ in range(4)
    ]
    waiting = [
        booking_create(session=session, participant=ParticipantFactory())
        for _ in range(6)
    ]

    def cancel(booking):
        booking_cancel(booking=Booking.objects.get(pk=booking.pk), by=None)

    # Each of the four cancels twice (a double click), all at once.
    errors = run_together(cancel, [(b,) for b in booked + booked])

    assert errors == []
    session.refresh_from_db()
    assert session.booked_count == 4
    statuses = {b.pk: b.status for b in Booking.objects.filter(session=session)}
    assert [statuses[b.pk] for b in booked] == [Booking.Status.CANCELLED] * 4
    # The first four waiting, in order, have the places; two still wait.
    assert [statuses[b.pk] for b in waiting] == [Booking.Status.BOOKED] * 4 + [
        Booking.Status.WAITLISTED
    ] * 2
    promoted = Booking.objects.filter(session=session, promoted_at__isnull=False)
    assert promoted.count() == 4
