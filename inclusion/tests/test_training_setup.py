"""The training area's demo data and "Your activity" entries."""

import io

import pytest

from civic.registry import registry
from inclusion.models import Booking, ConfidenceCheck, Course, TrainingSession
from inclusion.setup_training import seed_training_demo, training_activity
from inclusion.tests.factories import BookingFactory, LoanFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_demo_seeder_is_registered_and_idempotent():
    assert registry.demo_seeders["inclusion_training"] is seed_training_demo
    LoanFactory()
    seed_training_demo(io.StringIO())
    counts = (
        Course.objects.count(),
        TrainingSession.objects.count(),
        Booking.objects.count(),
        ConfidenceCheck.objects.count(),
    )
    assert counts[0] == 4
    assert counts[1] >= 12
    assert Booking.objects.filter(status=Booking.Status.WAITLISTED).exists()
    assert Booking.objects.filter(attendance="attended").exists()
    assert counts[3] == 1
    for session in TrainingSession.objects.all():
        assert session.booked_count == session.bookings.filter(status="booked").count()
    seed_training_demo(io.StringIO())
    assert counts == (
        Course.objects.count(),
        TrainingSession.objects.count(),
        Booking.objects.count(),
        ConfidenceCheck.objects.count(),
    )


def test_activity_lists_the_residents_bookings(resident, other_resident):
    learner = ParticipantFactory(user=resident)
    booking = BookingFactory(participant=learner)
    items = training_activity(resident, 5)
    assert [item.title for item in items] == [booking.session.course.title]
    assert items[0].url == booking.session.get_absolute_url()
    assert training_activity(other_resident, 5) == []
