"""The lending desk: allocate a device, record collection, extend, return.

Rows are always locked in the same order, device, then request, then loan, so
two of these services never wait for each other in a circle. The loan rules
(28 days, one extension of up to 14 days, 42 days in all, no overlapping
bookings of one device) are checked here so that every database gives the
same message; on PostgreSQL the constraints of migration 0002 are the backstop.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from civic.services.email import email_send
from inclusion.models import (
    MAX_EXTENSION_DAYS,
    MAX_LOAN_DAYS,
    MAX_TOTAL_DAYS,
    BorrowRequest,
    Device,
    Loan,
    Participant,
)

ALLOCATE = "inclusion.loan.allocate"
COLLECT = "inclusion.loan.collect"
CANCEL = "inclusion.loan.cancel"
EXTEND = "inclusion.loan.extend"
RETURN = "inclusion.loan.return"


class LoanError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Allocation:
    loan: Loan
    emailed: bool  # False: tell them by letter or phone


def long_date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _lock_device(pk: int) -> Device:
    return Device.objects.select_for_update().get(pk=pk)


def _lock_request(pk: int) -> BorrowRequest:
    return BorrowRequest.objects.select_for_update().get(pk=pk)


def _lock_loan(pk: int) -> Loan:
    return Loan.objects.select_for_update().get(pk=pk)


def _overlap_error(other: Loan) -> LoanError:
    return LoanError(
        "overlap",
        _(
            "This device is already booked from %(start)s to %(end)s. "
            "Choose another device or another date."
        )
        % {"start": long_date(other.starts_on), "end": long_date(other.due_on)},
    )


def _generic_overlap_error() -> LoanError:
    return LoanError(
        "overlap",
        _(
            "This device is already booked for some of those dates. "
            "Choose another device or another date."
        ),
    )


def _check_no_overlap(
    *,
    device_id: int,
    starts_on: datetime.date,
    due_on: datetime.date,
    exclude_loan_id: int | None = None,
) -> None:
    """The exclusion constraint's rule, in Python: inclusive date ranges."""
    clash = (
        Loan.objects.filter(
            device_id=device_id,
            status__in=Loan.ACTIVE_STATUSES,
            starts_on__lte=due_on,
            due_on__gte=starts_on,
        )
        .exclude(pk=exclude_loan_id)
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        raise _overlap_error(clash)


def device_unavailable_reason(device: Device) -> str | None:
    """Why this device cannot be lent now, or None when it can."""
    if device.needs_wipe:
        return _(
            "Device %(tag)s must have its data wiped before it can be lent again"
        ) % {"tag": device.asset_tag}
    if device.status != Device.Status.AVAILABLE:
        return _("Device %(tag)s is not available: it is %(status)s") % {
            "tag": device.asset_tag,
            "status": device.get_status_display().lower(),
        }
    return None


def next_waiting(site_id: int) -> BorrowRequest | None:
    return (
        BorrowRequest.objects.filter(
            site_id=site_id, status=BorrowRequest.Status.WAITING
        )
        .order_by("applied_at", "id")
        .first()
    )


def waiting_count(site_id: int) -> int:
    return BorrowRequest.objects.filter(
        site_id=site_id, status=BorrowRequest.Status.WAITING
    ).count()


def participant_uses_email(participant: Participant) -> bool:
    return bool(
        participant.contact_preference == Participant.Contact.EMAIL
        and participant.email
    )


def loan_allocate(
    *,
    request: BorrowRequest,
    device: Device,
    collection_at: datetime.datetime,
    staff,
    reason: str = "",
) -> Allocation:
    """Reserve ``device`` for the person behind ``request`` from the collection
    day, for the first loan period. Staff allocate to the next person on the
    site's list unless they give a reason for choosing someone else."""
    starts_on = timezone.localdate(collection_at)
    due_on = starts_on + datetime.timedelta(days=MAX_LOAN_DAYS)
    if starts_on < timezone.localdate():
        raise LoanError("past", _("The collection date must be today or in the future"))
    reason = reason.strip()
    with transaction.atomic():
        locked_device = _lock_device(device.pk)
        locked_request = _lock_request(request.pk)
        if locked_request.status != BorrowRequest.Status.WAITING:
            raise LoanError(
                "not_waiting",
                _("%(name)s is no longer on the waiting list")
                % {"name": locked_request.participant.full_name},
            )
        if locked_device.home_site_id != locked_request.site_id:
            raise LoanError(
                "wrong_site",
                _("Choose a device from %(site)s") % {"site": locked_request.site},
            )
        problem = device_unavailable_reason(locked_device)
        if problem:
            raise LoanError("unavailable", problem)
        first = next_waiting(locked_request.site_id)
        if first is not None and first.pk != locked_request.pk and not reason:
            raise LoanError(
                "reason",
                _(
                    "Enter why you are allocating a device to this person before "
                    "the next person on the list"
                ),
            )
        _check_no_overlap(
            device_id=locked_device.pk, starts_on=starts_on, due_on=due_on
        )
        try:
            with transaction.atomic():
                loan = Loan.objects.create(
                    device=locked_device,
                    request=locked_request,
                    participant_id=locked_request.participant_id,
                    site_id=locked_request.site_id,
                    status=Loan.Status.RESERVED,
                    collection_at=collection_at,
                    starts_on=starts_on,
                    original_due_on=due_on,
                    due_on=due_on,
                    allocated_by=staff,
                )
        except IntegrityError:
            raise _generic_overlap_error() from None
        locked_device.status = Device.Status.RESERVED
        locked_device.save(update_fields=["status", "updated_at"])
        locked_request.status = BorrowRequest.Status.ALLOCATED
        locked_request.save(update_fields=["status"])
        log(
            instance=loan,
            action=ALLOCATE,
            user=staff,
            data={
                "note": reason
                or _("Device %(tag)s reserved for collection on %(day)s")
                % {"tag": locked_device.asset_tag, "day": long_date(starts_on)},
                "device": locked_device.asset_tag,
            },
        )
        participant = locked_request.participant
        emailed = participant_uses_email(participant)
        if emailed:
            email_send(
                to=participant.email,
                template="inclusion/email/loan_ready",
                context={"loan": loan, "participant": participant, "site": loan.site},
            )
    return Allocation(loan=loan, emailed=emailed)


def loan_collect(
    *, loan: Loan, staff, starts_on: datetime.date, due_on: datetime.date
) -> Loan:
    """The person has collected the device: the loan starts."""
    if due_on < starts_on:
        raise LoanError(
            "due_before_start", _("The due date must be after the start date")
        )
    if due_on > starts_on + datetime.timedelta(days=MAX_LOAN_DAYS):
        raise LoanError(
            "too_long",
            _("The due date must be no more than 28 days after the start date"),
        )
    with transaction.atomic():
        device = _lock_device(loan.device_id)
        request = _lock_request(loan.request_id)
        locked = _lock_loan(loan.pk)
        if locked.status != Loan.Status.RESERVED:
            raise LoanError(
                "not_reserved", _("This loan is not waiting to be collected")
            )
        _check_no_overlap(
            device_id=device.pk,
            starts_on=starts_on,
            due_on=due_on,
            exclude_loan_id=locked.pk,
        )
        locked.status = Loan.Status.ON_LOAN
        locked.starts_on = starts_on
        locked.original_due_on = due_on
        locked.due_on = due_on
        locked.collected_recorded_by = staff
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise _generic_overlap_error() from None
        device.status = Device.Status.ON_LOAN
        device.save(update_fields=["status", "updated_at"])
        request.status = BorrowRequest.Status.ON_LOAN
        request.save(update_fields=["status"])
        log(
            instance=locked,
            action=COLLECT,
            user=staff,
            data={
                "note": _("Collected; due back on %(day)s")
                % {"day": long_date(due_on)},
            },
        )
    return locked


def loan_cancel_reservation(*, loan: Loan, staff, reason: str) -> Loan:
    """The device was not collected: it goes back on the shelf and the person
    back on the waiting list, in their old place."""
    reason = reason.strip()
    if not reason:
        raise LoanError("reason", _("Enter why you are cancelling the reservation"))
    with transaction.atomic():
        device = _lock_device(loan.device_id)
        request = _lock_request(loan.request_id)
        locked = _lock_loan(loan.pk)
        if locked.status != Loan.Status.RESERVED:
            raise LoanError(
                "not_reserved",
                _("Only a reservation that has not been collected can be cancelled"),
            )
        locked.status = Loan.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        if device.status == Device.Status.RESERVED:
            device.status = Device.Status.AVAILABLE
            device.save(update_fields=["status", "updated_at"])
        if request.status == BorrowRequest.Status.ALLOCATED:
            request.status = BorrowRequest.Status.WAITING
            request.save(update_fields=["status"])
        log(instance=locked, action=CANCEL, user=staff, data={"reason": reason})
    return locked


def loan_extend(*, loan: Loan, staff, days: int) -> Loan:
    """Once only, by 1 to 14 days, never past 42 days from the start, and only
    while nobody is waiting at the site."""
    if not 1 <= days <= MAX_EXTENSION_DAYS:
        raise LoanError("days", _("Enter a number of days between 1 and 14"))
    with transaction.atomic():
        device = _lock_device(loan.device_id)
        _lock_request(loan.request_id)
        locked = _lock_loan(loan.pk)
        if locked.status != Loan.Status.ON_LOAN:
            raise LoanError("not_on_loan", _("Only a loan in progress can be extended"))
        if locked.is_extended:
            raise LoanError(
                "once",
                _("You cannot extend this loan: it has already been extended once"),
            )
        new_due = locked.due_on + datetime.timedelta(days=days)
        latest = locked.starts_on + datetime.timedelta(days=MAX_TOTAL_DAYS)
        if new_due > latest:
            raise LoanError(
                "total",
                _(
                    "You cannot extend this loan past %(day)s: a loan can last "
                    "no more than 6 weeks in total"
                )
                % {"day": long_date(latest)},
            )
        waiting = waiting_count(locked.site_id)
        if waiting:
            raise LoanError(
                "waiting",
                ngettext(
                    "You cannot extend this loan: %(count)d person is waiting at %(site)s",
                    "You cannot extend this loan: %(count)d people are waiting at %(site)s",
                    waiting,
                )
                % {"count": waiting, "site": locked.site},
            )
        _check_no_overlap(
            device_id=device.pk,
            starts_on=locked.starts_on,
            due_on=new_due,
            exclude_loan_id=locked.pk,
        )
        old_due = locked.due_on
        locked.due_on = new_due
        locked.extended_at = timezone.now()
        locked.extended_by = staff
        try:
            with transaction.atomic():
                locked.save(
                    update_fields=["due_on", "extended_at", "extended_by", "updated_at"]
                )
        except IntegrityError:
            raise _generic_overlap_error() from None
        log(
            instance=locked,
            action=EXTEND,
            user=staff,
            data={
                "note": _("Extended by %(days)d days, from %(old)s to %(new)s")
                % {"days": days, "old": long_date(old_due), "new": long_date(new_due)},
            },
        )
    return locked


def loan_return(*, loan: Loan, staff, returned_on: datetime.date) -> Loan:
    """The device is back: it must be wiped before anyone else borrows it."""
    if returned_on > timezone.localdate():
        raise LoanError("future", _("The return date must be today or in the past"))
    with transaction.atomic():
        device = _lock_device(loan.device_id)
        request = _lock_request(loan.request_id)
        locked = _lock_loan(loan.pk)
        if locked.status != Loan.Status.ON_LOAN:
            raise LoanError("not_on_loan", _("This device is not out on loan"))
        if returned_on < locked.starts_on:
            raise LoanError(
                "before_start",
                _("The return date must be on or after the start date, %(day)s")
                % {"day": long_date(locked.starts_on)},
            )
        locked.status = Loan.Status.RETURNED
        locked.returned_on = returned_on
        locked.returned_recorded_by = staff
        locked.save(
            update_fields=[
                "status",
                "returned_on",
                "returned_recorded_by",
                "updated_at",
            ]
        )
        # A device reported damaged stays in repair; it still needs the wipe.
        if device.status != Device.Status.IN_REPAIR:
            device.status = Device.Status.BEING_WIPED
        device.needs_wipe = True
        device.save(update_fields=["status", "needs_wipe", "updated_at"])
        request.status = BorrowRequest.Status.COMPLETED
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
        log(
            instance=locked,
            action=RETURN,
            user=staff,
            data={"note": _("Returned on %(day)s") % {"day": long_date(returned_on)}},
        )
    return locked
