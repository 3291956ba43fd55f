"""The Get online demo data loads, keeps every rule, and loads twice without
adding anything (on PostgreSQL too, where the exclusion constraint holds)."""

import io

import pytest

from civic.registry import registry
from inclusion import demo
from inclusion.models import (
    Booking,
    BorrowRequest,
    ConfidenceAnswer,
    ConfidenceCheck,
    ConfidenceQuestion,
    Course,
    Device,
    DeviceIncident,
    DeviceWipe,
    Loan,
    OpeningHours,
    Participant,
    Scheme,
    Site,
    TrainingSession,
)
from inclusion.selectors import participant_training_hours

MODELS = [
    Site,
    OpeningHours,
    Scheme,
    Device,
    DeviceWipe,
    DeviceIncident,
    Participant,
    BorrowRequest,
    Loan,
    Course,
    TrainingSession,
    Booking,
    ConfidenceQuestion,
    ConfidenceCheck,
    ConfidenceAnswer,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def _seed_twice():
    demo.seed(io.StringIO())
    first = _counts()
    demo.seed(io.StringIO())
    return first, _counts()


def _check_demo(first, second):
    assert first == second
    assert first["Site"] == 3
    assert first["Device"] == 30
    assert first["Course"] == 4
    assert first["ConfidenceQuestion"] == 5
    assert set(Device.objects.values_list("status", flat=True)) == set(Device.Status)
    assert not Device.objects.filter(
        needs_wipe=True, status__in=["available", "reserved", "on_loan"]
    ).exists()
    assert Scheme.objects.get(slug=demo.SCHEME_SLUG).name == (
        "Lewisham tablet loans: residents aged 50 or over, or unemployed"
    )
    statuses = set(Loan.objects.values_list("status", flat=True))
    assert {"on_loan", "reserved", "returned", "lost"} <= statuses
    assert BorrowRequest.objects.filter(status="waiting").count() >= 3
    # Every session's booked count is its bookings.
    for session in TrainingSession.objects.all():
        assert session.booked_count == session.bookings.filter(status="booked").count()
    full = [s for s in TrainingSession.objects.all() if s.places_left == 0]
    assert full and full[0].bookings.filter(status="waitlisted").exists()
    rita = Participant.objects.get(user__email=demo.RESIDENT_EMAIL)
    assert rita.loans.filter(status="on_loan").exists()
    assert participant_training_hours(rita) > 0
    letters = Participant.objects.get(email="")
    assert letters.contact_preference == "letter"
    assert letters.created_by.email == demo.OFFICER_EMAIL
    officer = letters.created_by
    assert Site.objects.filter(staff=officer).count() == 3
    assert (
        TrainingSession.objects.filter(tutor=officer).count()
        == first["TrainingSession"]
    )


def test_demo_is_registered_as_a_seeder():
    assert registry.demo_seeders["inclusion"] is demo.seed


@pytest.mark.django_db
def test_demo_loads_twice_with_the_same_rows():
    _check_demo(*_seed_twice())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_demo_loads_twice_on_postgresql():
    _check_demo(*_seed_twice())
