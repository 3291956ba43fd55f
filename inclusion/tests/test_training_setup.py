"""The training area's demo data and "Your activity" entries."""

import pytest

from civic.registry import registry
from inclusion.setup_training import training_activity
from inclusion.tests.factories import BookingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_only_one_get_online_demo_seeder_is_registered():
    from inclusion import demo

    assert registry.demo_seeders["inclusion"] is demo.seed
    assert "inclusion_training" not in registry.demo_seeders


def test_activity_lists_the_residents_bookings(resident, other_resident):
    learner = ParticipantFactory(user=resident)
    booking = BookingFactory(participant=learner)
    items = training_activity(resident, 5)
    assert [item.title for item in items] == [booking.session.course.title]
    assert items[0].url == booking.session.get_absolute_url()
    assert training_activity(other_resident, 5) == []
