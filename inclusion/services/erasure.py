"""UK GDPR rights for Get online's residents, with or without an account.

Many residents are not online: staff at the desk handle their requests for a
copy of their record (``participant_export``) and to erase it
(``participant_erase``). "Delete my account" runs the same erase for a
resident with an account (``inclusion.personal_data``).

What erasing keeps, and why: a loan is the device's history (who had it is
not needed, when and where it went is), and the programme's evaluation counts
people helped, training hours and confidence answers by borough and age. So a
resident who borrowed or trained keeps an anonymous record: no name, contact
details, address or account; their date of birth cut to 1 July of its year;
the circumstances they applied under (some are health data) deleted. Someone
who never borrowed or attended training is deleted outright.

A device still out on loan is the council's property and the record is how it
comes back: erasure then waits (``erasure_requested_at``) until the device is
returned or recorded lost, and the nightly retention run finishes it.
"""

from __future__ import annotations

import datetime
import enum

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from civic.redaction import REMOVED, redact_fields, redact_log_entries
from inclusion.models import (
    Booking,
    BorrowRequest,
    Circumstance,
    ConfidenceCheck,
    Device,
    DeviceIncident,
    Loan,
    LoanReminder,
    Participant,
)


class Erasure(enum.Enum):
    DELETED = "deleted"  # nothing kept
    ANONYMISED = "anonymised"  # an anonymous record kept for the evaluation
    WAITING = "waiting"  # a device is still out; done once it is back


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


def participant_strings(participant: Participant) -> list[str]:
    """What identifies the resident in free text elsewhere."""
    return [
        participant.full_name,
        participant.email,
        participant.phone,
        participant.address_line_1,
        participant.address_line_2,
    ]


def participant_export(participant: Participant) -> dict:
    circumstances = dict(Circumstance.choices)
    checks = (
        ConfidenceCheck.objects.filter(participant=participant)
        .prefetch_related("answers__question")
        .order_by("completed_at", "pk")
    )
    return {
        "Your details": [
            {
                "full name": participant.full_name,
                "date of birth": _when(participant.date_of_birth),
                "email address": participant.email,
                "phone number": participant.phone,
                "address line 1": participant.address_line_1,
                "address line 2": participant.address_line_2,
                "town or city": participant.town,
                "postcode": participant.postcode,
                "borough": participant.borough.name,
                "contact by": participant.get_contact_preference_display(),
                "record made by staff for you": participant.created_by_id is not None,
                "consent given": _when(participant.consent_given_at),
                "record made": _when(participant.created_at),
            }
        ],
        "Your requests to borrow a device": [
            {
                "scheme": r.scheme.name,
                "place": r.site.name,
                "device": r.device_kind,
                "your circumstances": [
                    str(circumstances.get(code, code)) for code in r.circumstances
                ],
                "status": r.get_status_display(),
                "applied": _when(r.applied_at),
                "closed": _when(r.closed_at),
                "how you gave consent": r.consent_note,
            }
            for r in BorrowRequest.objects.filter(participant=participant)
            .select_related("scheme", "site")
            .order_by("applied_at", "pk")
        ],
        "Your loans": [
            {
                "device": f"{loan.device.get_kind_display()}, {loan.device.model_name}",
                "asset tag": loan.device.asset_tag,
                "place": loan.site.name,
                "status": loan.get_status_display(),
                "collection": _when(loan.collection_at),
                "start": _when(loan.starts_on),
                "due": _when(loan.due_on),
                "extended": loan.is_extended,
                "returned": _when(loan.returned_on),
            }
            for loan in Loan.objects.filter(participant=participant)
            .select_related("device", "site")
            .order_by("starts_on", "pk")
        ],
        "Reminders we sent you": [
            {
                "reminder": reminder.get_kind_display(),
                "by": reminder.get_channel_display(),
                "sent": _when(reminder.created_at),
            }
            for reminder in LoanReminder.objects.filter(
                loan__participant=participant
            ).order_by("created_at", "pk")
        ],
        "Your training": [
            {
                "course": b.session.course.title,
                "place": b.session.site.name,
                "starts": _when(b.session.starts_at),
                "status": b.get_status_display(),
                "attendance": b.get_attendance_display(),
                "hours": str(b.hours),
            }
            for b in Booking.objects.filter(participant=participant)
            .select_related("session__course", "session__site")
            .order_by("session__starts_at", "pk")
        ],
        "Your confidence questionnaires": [
            {
                "when": c.get_stage_display(),
                "completed": _when(c.completed_at),
                "how": c.get_source_display(),
                "answers": [
                    {"statement": a.question.text, "score": a.score}
                    for a in c.answers.all()
                ],
            }
            for c in checks
        ],
    }


def participant_export_by_staff(*, participant: Participant, staff) -> dict:
    """A copy for a resident who asked at the desk; the download is logged."""
    data = participant_export(participant)
    log(
        participant,
        "inclusion.participant_export",
        user=staff,
        data={"record": str(participant.public_id)},
        title=str(participant.public_id),
    )
    return data


def _device_out(participant: Participant) -> bool:
    return Loan.objects.filter(
        participant=participant, status=Loan.Status.ON_LOAN
    ).exists()


def participant_erase(
    *, participant: Participant, by=None, extra_strings: tuple[str, ...] = ()
) -> Erasure:
    """Erase a resident's record (see the module docstring for what stays).

    ``by`` is the member of staff acting on the resident's request (None when
    the resident deletes their own account, or the nightly run finishes a
    waiting erasure); ``extra_strings`` are more ways the resident is named
    (their account's email and display name). Running it again on an erased
    record does nothing."""
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        if locked.erased_at is not None:
            return Erasure.ANONYMISED
        strings = [*participant_strings(locked), *extra_strings]
        if by is not None:
            log(
                locked,
                "inclusion.participant_erase",
                user=by,
                data={"record": str(locked.public_id)},
                title=str(locked.public_id),
            )
        # Whatever happens next, the account no longer leads here.
        locked.user = None
        if _device_out(locked):
            locked.erasure_requested_at = locked.erasure_requested_at or timezone.now()
            locked.save(update_fields=["user", "erasure_requested_at", "updated_at"])
            return Erasure.WAITING
        return _erase_now(locked, strings)


def _erase_now(participant: Participant, strings: list[str]) -> Erasure:
    from inclusion.services.bookings import booking_cancel
    from inclusion.services.loans import loan_cancel_reservation

    for loan in Loan.objects.filter(
        participant=participant, status=Loan.Status.RESERVED
    ):
        loan_cancel_reservation(
            loan=loan, staff=None, reason="The resident asked us to erase their record"
        )
    now = timezone.now()
    for booking in Booking.objects.filter(
        participant=participant,
        status__in=[Booking.Status.BOOKED, Booking.Status.WAITLISTED],
        session__starts_at__gt=now,
    ):
        booking_cancel(booking=booking, by=None)
    # What the audit log says about the record (its name is the label).
    redact_log_entries(strings)
    counted = (
        Loan.objects.filter(participant=participant)
        .exclude(status=Loan.Status.CANCELLED)
        .exists()
        or Booking.objects.filter(
            participant=participant, attendance=Booking.Attendance.ATTENDED
        ).exists()
    )
    if not counted:
        # Cancelled reservations are the only loans: they go (with their
        # requests), then the record and everything hanging from it.
        Loan.objects.filter(participant=participant).delete()
        participant.delete()
        return Erasure.DELETED

    # Requests that led nowhere go; the rest keep dates, not circumstances.
    BorrowRequest.objects.filter(participant=participant, loans__isnull=True).delete()
    for request in BorrowRequest.objects.filter(participant=participant):
        request.circumstances = []
        request.consent_note = REMOVED if request.applied_by_id else ""
        if request.status in BorrowRequest.OPEN_STATUSES:
            request.status = BorrowRequest.Status.WITHDRAWN
            request.closed_at = request.closed_at or now
        request.save(
            update_fields=["circumstances", "consent_note", "status", "closed_at"]
        )
    redact_fields(
        DeviceIncident.objects.filter(loan__participant=participant),
        ["description"],
        strings,
    )
    redact_fields(
        Device.objects.filter(loans__participant=participant).distinct(),
        ["condition_notes"],
        strings,
    )
    born = participant.date_of_birth
    Participant.objects.filter(pk=participant.pk).update(
        full_name="",
        email="",
        phone="",
        address_line_1="",
        address_line_2="",
        town="",
        postcode="",
        date_of_birth=datetime.date(born.year, 7, 1),
        contact_preference=Participant.Contact.LETTER,
        user=None,
        created_by=None,
        erasure_requested_at=None,
        erased_at=now,
        updated_at=now,
    )
    return Erasure.ANONYMISED


def finish_waiting_erasures(*, requested_before: datetime.datetime) -> int:
    """Erasures that waited for a device to come back, now it has (nightly)."""
    done = 0
    waiting = Participant.objects.filter(
        erasure_requested_at__lte=requested_before, erased_at__isnull=True
    ).exclude(loans__status=Loan.Status.ON_LOAN)
    for participant in waiting:
        if participant_erase(participant=participant) is not Erasure.WAITING:
            done += 1
    return done
