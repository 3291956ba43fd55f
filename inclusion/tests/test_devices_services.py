"""Wipes before re-lending, and devices reported lost or damaged."""

import pytest
from django.db import IntegrityError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from civic.tests.factories import UserFactory
from inclusion.models import BorrowRequest, Device, DeviceIncident, Loan
from inclusion.services.devices import device_report_incident, device_wipe_record
from inclusion.services.loans import (
    LoanError,
    loan_allocate,
    loan_collect,
    loan_return,
)
from inclusion.tests.factories import BorrowRequestFactory, DeviceFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory()


@pytest.fixture
def site():
    return SiteFactory()


def _collection_at():
    # Now, not an hour ahead: late in the evening an hour ahead is tomorrow,
    # and a loan that starts tomorrow cannot be returned today.
    return timezone.now()


def _reserve(site, device, staff):
    return loan_allocate(
        request=BorrowRequestFactory(site=site),
        device=device,
        collection_at=_collection_at(),
        staff=staff,
    ).loan


def _lend(site, device, staff):
    loan = _reserve(site, device, staff)
    return loan_collect(
        loan=loan, staff=staff, starts_on=loan.starts_on, due_on=loan.due_on
    )


def _returned_device(site, staff):
    device = DeviceFactory(home_site=site)
    loan = _lend(site, device, staff)
    loan_return(loan=loan, staff=staff, returned_on=loan.starts_on)
    device.refresh_from_db()
    return device, loan


def test_recording_a_wipe_makes_the_device_lendable_again(site, staff):
    device, loan = _returned_device(site, staff)
    wipe = device_wipe_record(device=device, staff=staff, notes="Factory reset")
    device.refresh_from_db()
    assert wipe.wiped_by == staff and wipe.wiped_at and wipe.loan == loan
    assert wipe.notes == "Factory reset"
    assert device.status == Device.Status.AVAILABLE
    assert not device.needs_wipe
    assert ModelLogEntry.objects.filter(action="inclusion.loan.wipe").exists()
    # And it can be lent again.
    assert _reserve(site, device, staff).status == Loan.Status.RESERVED


def test_relending_without_a_wipe_is_refused(site, staff):
    device, _loan = _returned_device(site, staff)
    with pytest.raises(LoanError) as error:
        _reserve(site, device, staff)
    assert "must have its data wiped" in error.value.message


def test_the_database_refuses_a_device_lent_without_a_wipe(site, staff):
    device, _loan = _returned_device(site, staff)
    with pytest.raises(IntegrityError):
        Device.objects.filter(pk=device.pk).update(status=Device.Status.AVAILABLE)


def test_a_device_that_needs_no_wipe_is_not_wiped(site, staff):
    device = DeviceFactory(home_site=site)
    with pytest.raises(LoanError) as error:
        device_wipe_record(device=device, staff=staff, notes="")
    assert error.value.code == "no_wipe_needed"


def test_a_lost_device_ends_its_loan(site, staff):
    device = DeviceFactory(home_site=site)
    loan = _lend(site, device, staff)
    incident = device_report_incident(
        device=device,
        loan=loan,
        kind=DeviceIncident.Kind.LOST,
        description="Left on the 75 bus",
        staff=staff,
    )
    device.refresh_from_db()
    loan.refresh_from_db()
    assert incident.reported_by == staff and incident.loan == loan
    assert device.status == Device.Status.LOST
    assert loan.status == Loan.Status.LOST
    assert loan.request.status == BorrowRequest.Status.COMPLETED
    entry = ModelLogEntry.objects.get(action="inclusion.loan.incident")
    assert entry.data["note"] == "Left on the 75 bus"


def test_a_damaged_device_goes_for_repair_and_the_loan_carries_on(site, staff):
    device = DeviceFactory(home_site=site)
    loan = _lend(site, device, staff)
    device_report_incident(
        device=device,
        loan=loan,
        kind=DeviceIncident.Kind.DAMAGED,
        description="Cracked screen",
        staff=staff,
    )
    device.refresh_from_db()
    loan.refresh_from_db()
    assert device.status == Device.Status.IN_REPAIR
    assert loan.status == Loan.Status.ON_LOAN
    # When it comes back it stays in repair, and still needs its wipe.
    loan_return(loan=loan, staff=staff, returned_on=loan.starts_on)
    device.refresh_from_db()
    assert device.status == Device.Status.IN_REPAIR and device.needs_wipe
    device_wipe_record(device=device, staff=staff, notes="")
    device.refresh_from_db()
    assert device.status == Device.Status.IN_REPAIR and not device.needs_wipe


def test_damage_before_collection_cancels_the_reservation(site, staff):
    device = DeviceFactory(home_site=site)
    loan = _reserve(site, device, staff)
    device_report_incident(
        device=device,
        loan=loan,
        kind=DeviceIncident.Kind.DAMAGED,
        description="Dropped at the desk",
        staff=staff,
    )
    loan.refresh_from_db()
    assert loan.status == Loan.Status.CANCELLED
    assert loan.request.status == BorrowRequest.Status.WAITING


def test_a_device_on_the_shelf_can_be_reported_lost(site, staff):
    device = DeviceFactory(home_site=site)
    device_report_incident(
        device=device, loan=None, kind="lost", description="Missing", staff=staff
    )
    device.refresh_from_db()
    assert device.status == Device.Status.LOST


def test_a_lost_device_cannot_be_reported_again(site, staff):
    device = DeviceFactory(home_site=site, status=Device.Status.LOST)
    with pytest.raises(LoanError) as error:
        device_report_incident(
            device=device, loan=None, kind="lost", description="x", staff=staff
        )
    assert error.value.code == "gone"


def test_an_incident_needs_a_description_and_a_kind(site, staff):
    device = DeviceFactory(home_site=site)
    with pytest.raises(LoanError):
        device_report_incident(
            device=device, loan=None, kind="stolen", description="x", staff=staff
        )
    with pytest.raises(LoanError):
        device_report_incident(
            device=device, loan=None, kind="lost", description=" ", staff=staff
        )
