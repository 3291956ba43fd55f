"""Recording attendance, and hours towards the six-hour offer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from inclusion.models import Booking
from inclusion.selectors import (
    participant_training_hours,
    participants_training_hours,
    session_when,
)
from inclusion.services.attendance import AttendanceError, attendance_record
from inclusion.tests.factories import (
    BookingFactory,
    CourseFactory,
    ParticipantFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


def _started_session(hours=2, course_hours=Decimal("2"), **kwargs):
    starts = timezone.now() - datetime.timedelta(minutes=30)
    return TrainingSessionFactory(
        course=CourseFactory(hours=course_hours),
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        **kwargs,
    )


def test_attended_defaults_to_the_course_length(inclusion_officer):
    booking = BookingFactory(session=_started_session(course_hours=Decimal("1.5")))
    recorded = attendance_record(
        booking=booking, attended=True, hours=None, by=inclusion_officer
    )
    assert recorded.attendance == Booking.Attendance.ATTENDED
    assert recorded.hours == Decimal("1.5")
    assert recorded.attendance_recorded_by == inclusion_officer
    assert recorded.attendance_recorded_at is not None


def test_fewer_hours_can_be_recorded(inclusion_officer):
    booking = BookingFactory(session=_started_session())
    recorded = attendance_record(
        booking=booking, attended=True, hours=Decimal("1"), by=inclusion_officer
    )
    assert recorded.hours == Decimal("1")


def test_more_hours_than_the_session_are_refused(inclusion_officer):
    booking = BookingFactory(session=_started_session(hours=2))
    with pytest.raises(AttendanceError) as error:
        attendance_record(
            booking=booking, attended=True, hours=Decimal("2.5"), by=inclusion_officer
        )
    assert error.value.code == "hours"
    booking.refresh_from_db()
    assert booking.attendance == ""


def test_did_not_attend_counts_no_hours(inclusion_officer):
    booking = BookingFactory(session=_started_session())
    attendance_record(booking=booking, attended=True, hours=None, by=inclusion_officer)
    recorded = attendance_record(
        booking=booking, attended=False, hours=Decimal("2"), by=inclusion_officer
    )
    assert recorded.attendance == Booking.Attendance.ABSENT
    assert recorded.hours == 0


def test_attendance_before_the_session_starts_is_refused(inclusion_officer):
    booking = BookingFactory()
    with pytest.raises(AttendanceError) as error:
        attendance_record(
            booking=booking, attended=True, hours=None, by=inclusion_officer
        )
    assert error.value.code == "not_started"


def test_waitlisted_people_cannot_be_marked_attending(inclusion_officer):
    booking = BookingFactory(
        session=_started_session(), status=Booking.Status.WAITLISTED
    )
    with pytest.raises(AttendanceError):
        attendance_record(
            booking=booking, attended=True, hours=None, by=inclusion_officer
        )


def test_hours_add_up_across_sessions(inclusion_officer, django_assert_num_queries):
    learner = ParticipantFactory()
    other = ParticipantFactory()
    for hours in ("2", "1.5", "3"):
        booking = BookingFactory(session=_started_session(hours=3), participant=learner)
        attendance_record(
            booking=booking, attended=True, hours=Decimal(hours), by=inclusion_officer
        )
    assert participant_training_hours(learner) == Decimal("6.5")
    with django_assert_num_queries(1):
        totals = participants_training_hours([learner.pk, other.pk])
    assert totals == {learner.pk: Decimal("6.5"), other.pk: Decimal("0")}


def test_session_when_reads_like_gov_uk():
    session = TrainingSessionFactory(
        starts_at=datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 12, 3, 12, 0, tzinfo=datetime.UTC),
    )
    assert session_when(session) == "Thursday 3 December 2026, 10am to 12pm"
    session.starts_at = datetime.datetime(2026, 7, 3, 13, 30, tzinfo=datetime.UTC)
    session.ends_at = datetime.datetime(2026, 7, 3, 15, 0, tzinfo=datetime.UTC)
    # London is on summer time in July.
    assert session_when(session) == "Friday 3 July 2026, 2:30pm to 4pm"
