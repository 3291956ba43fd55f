"""Booking, the waiting list and promotion when someone cancels."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from inclusion.models import Booking, Participant
from inclusion.services.bookings import (
    BookingError,
    booking_cancel,
    booking_create,
    needs_telling_by_phone_or_letter,
)
from inclusion.tests.factories import (
    BookingFactory,
    ParticipantFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def _book(session, n=1, **kwargs):
    return [
        booking_create(session=session, participant=ParticipantFactory(), **kwargs)
        for _ in range(n)
    ]


def test_books_while_places_are_left_then_waitlists():
    session = TrainingSessionFactory(capacity=2)
    first, second, third = _book(session, 3)
    assert [first.status, second.status, third.status] == [
        Booking.Status.BOOKED,
        Booking.Status.BOOKED,
        Booking.Status.WAITLISTED,
    ]
    session.refresh_from_db()
    assert session.booked_count == 2
    assert session.places_left == 0


def test_staff_booking_names_the_staff_member(inclusion_officer):
    session = TrainingSessionFactory()
    (booking,) = _book(session, staff=inclusion_officer)
    assert booking.booked_by == inclusion_officer


def test_a_second_booking_for_the_same_session_is_refused():
    session = TrainingSessionFactory()
    participant = ParticipantFactory()
    booking_create(session=session, participant=participant)
    with pytest.raises(BookingError) as error:
        booking_create(session=session, participant=participant)
    assert error.value.code == "duplicate"
    assert Booking.objects.count() == 1
    session.refresh_from_db()
    assert session.booked_count == 1


def test_a_waitlisted_person_cannot_join_twice():
    session = TrainingSessionFactory(capacity=1)
    _book(session)
    participant = ParticipantFactory()
    booking_create(session=session, participant=participant)
    with pytest.raises(BookingError):
        booking_create(session=session, participant=participant)


def test_booking_again_after_cancelling_is_allowed():
    session = TrainingSessionFactory()
    participant = ParticipantFactory()
    booking = booking_create(session=session, participant=participant)
    booking_cancel(booking=booking, by=None)
    again = booking_create(session=session, participant=participant)
    assert again.status == Booking.Status.BOOKED


def test_a_past_session_cannot_be_booked():
    session = TrainingSessionFactory(
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
    )
    with pytest.raises(BookingError) as error:
        _book(session)
    assert error.value.code == "past"


def test_a_cancelled_session_cannot_be_booked():
    session = TrainingSessionFactory(cancelled_at=timezone.now())
    with pytest.raises(BookingError) as error:
        _book(session)
    assert error.value.code == "cancelled"


def test_cancelling_promotes_the_first_person_waiting_and_emails_them(
    django_capture_on_commit_callbacks,
):
    session = TrainingSessionFactory(capacity=1)
    booked, first_waiting, second_waiting = _book(session, 3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = booking_cancel(booking=booked, by=None)

    assert promoted.pk == first_waiting.pk
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    booked.refresh_from_db()
    assert booked.status == Booking.Status.CANCELLED
    assert booked.cancelled_at is not None
    assert first_waiting.status == Booking.Status.BOOKED
    assert first_waiting.promoted_at is not None
    assert second_waiting.status == Booking.Status.WAITLISTED
    session.refresh_from_db()
    assert session.booked_count == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [first_waiting.participant.email]
    assert "A place has come up" in mail.outbox[0].subject


def test_a_promoted_person_without_email_is_told_by_phone_or_letter():
    session = TrainingSessionFactory(capacity=1)
    (booked,) = _book(session)
    offline = ParticipantFactory(
        email="", contact_preference=Participant.Contact.LETTER
    )
    waiting = booking_create(session=session, participant=offline)
    mail.outbox.clear()
    booking_cancel(booking=booked, by=None)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.BOOKED
    assert needs_telling_by_phone_or_letter(waiting)
    assert mail.outbox == []


def test_cancelling_a_waiting_list_place_frees_nothing():
    session = TrainingSessionFactory(capacity=1)
    booked, waiting = _book(session, 2)
    assert booking_cancel(booking=waiting, by=None) is None
    session.refresh_from_db()
    assert session.booked_count == 1
    booked.refresh_from_db()
    assert booked.status == Booking.Status.BOOKED


def test_cancelling_twice_changes_nothing():
    session = TrainingSessionFactory(capacity=1)
    booked, waiting, other = _book(session, 3)
    booking_cancel(booking=booked, by=None)
    assert booking_cancel(booking=booked, by=None) is None
    session.refresh_from_db()
    assert session.booked_count == 1
    other.refresh_from_db()
    assert other.status == Booking.Status.WAITLISTED


def test_a_booking_for_a_session_that_has_started_cannot_be_cancelled():
    session = TrainingSessionFactory()
    booking = BookingFactory(session=session)
    session.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    session.save()
    with pytest.raises(BookingError):
        booking_cancel(booking=booking, by=None)
