"""A device's life between loans: data wipes and incidents (lost, damaged).

Locks follow the lending desk's order: device, then request, then loan.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inclusion.models import BorrowRequest, Device, DeviceIncident, DeviceWipe, Loan
from inclusion.services.loans import LoanError, _lock_device, _lock_loan, _lock_request

WIPE = "inclusion.loan.wipe"
INCIDENT = "inclusion.loan.incident"


def device_wipe_record(*, device: Device, staff, notes: str = "") -> DeviceWipe:
    """Record the factory reset that makes a returned device lendable again."""
    with transaction.atomic():
        locked = _lock_device(device.pk)
        if not locked.needs_wipe:
            raise LoanError(
                "no_wipe_needed",
                _("Device %(tag)s does not need a data wipe")
                % {"tag": locked.asset_tag},
            )
        last_loan = (
            Loan.objects.filter(device=locked, status=Loan.Status.RETURNED)
            .order_by("-returned_on", "-id")
            .first()
        )
        wipe = DeviceWipe.objects.create(
            device=locked,
            loan=last_loan,
            wiped_by=staff,
            wiped_at=timezone.now(),
            notes=notes.strip(),
        )
        locked.needs_wipe = False
        if locked.status == Device.Status.BEING_WIPED:
            locked.status = Device.Status.AVAILABLE
        locked.save(update_fields=["needs_wipe", "status", "updated_at"])
        log(
            instance=locked,
            action=WIPE,
            user=staff,
            data={"note": notes.strip() or _("Data wiped")},
        )
    return wipe


def device_report_incident(
    *,
    device: Device,
    loan: Loan | None,
    kind: str,
    description: str,
    staff,
) -> DeviceIncident:
    """Lost: the device and its loan are lost. Damaged: the device goes for
    repair. A reservation not yet collected is cancelled either way and the
    person goes back on the waiting list, in their old place."""
    if kind not in DeviceIncident.Kind.values:
        raise LoanError("kind", _("Select whether the device was lost or damaged"))
    description = description.strip()
    if not description:
        raise LoanError("description", _("Enter what happened"))
    with transaction.atomic():
        locked_device = _lock_device(device.pk)
        request = _lock_request(loan.request_id) if loan is not None else None
        locked_loan = _lock_loan(loan.pk) if loan is not None else None
        if locked_loan is not None and locked_loan.device_id != locked_device.pk:
            raise LoanError("wrong_loan", _("That loan is for a different device"))
        if locked_device.status in (Device.Status.LOST, Device.Status.RETIRED):
            raise LoanError(
                "gone",
                _("Device %(tag)s is already recorded as %(status)s")
                % {
                    "tag": locked_device.asset_tag,
                    "status": locked_device.get_status_display().lower(),
                },
            )
        incident = DeviceIncident.objects.create(
            device=locked_device,
            loan=locked_loan,
            kind=kind,
            description=description,
            reported_by=staff,
        )
        if locked_loan is not None and locked_loan.status == Loan.Status.RESERVED:
            locked_loan.status = Loan.Status.CANCELLED
            locked_loan.save(update_fields=["status", "updated_at"])
            if request.status == BorrowRequest.Status.ALLOCATED:
                request.status = BorrowRequest.Status.WAITING
                request.save(update_fields=["status"])
        if kind == DeviceIncident.Kind.LOST:
            locked_device.status = Device.Status.LOST
            if locked_loan is not None and locked_loan.status == Loan.Status.ON_LOAN:
                locked_loan.status = Loan.Status.LOST
                locked_loan.save(update_fields=["status", "updated_at"])
                request.status = BorrowRequest.Status.COMPLETED
                request.closed_at = timezone.now()
                request.save(update_fields=["status", "closed_at"])
        else:
            locked_device.status = Device.Status.IN_REPAIR
        # A device out of use cannot break the wipe-before-lending rule, and
        # still needs the wipe before it comes back into use.
        locked_device.save(update_fields=["status", "updated_at"])
        log(
            instance=locked_device,
            action=INCIDENT,
            user=staff,
            data={
                "note": description,
                "kind": kind,
                "loan": str(locked_loan.public_id) if locked_loan else "",
            },
        )
    return incident
