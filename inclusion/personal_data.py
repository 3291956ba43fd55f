"""What Get online holds about a person: their part of "Download my data" and
"Delete my account" (civic.registry), and the retention rules.

A resident's programme record (``Participant``) is handled by
``inclusion.services.erasure``, which staff also use for residents who have
no account. Staff who lend devices and run training are named on the records
they made; when they delete their account the records stay, unnamed.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from civic.redaction import redact_fields
from civic.retention import cutoff

from .models import (
    Booking,
    BorrowRequest,
    ConfidenceCheck,
    Device,
    DeviceIncident,
    DeviceWipe,
    Loan,
    LoanReminder,
    Participant,
    TrainingSession,
)
from .services.erasure import (
    Erasure,
    finish_waiting_erasures,
    participant_erase,
    participant_export,
)

SECTION = "Get online"
DESCRIPTION = _(
    "Your record in the Get online programme: name, date of birth, address, "
    "contact details, the circumstances you applied under, device loans, "
    "training and confidence questionnaires (to lend devices, run training and "
    "evaluate the programme). The circumstances are deleted some time after "
    "your request closes (see below). If you delete your account or ask us to "
    "erase your record, your details are deleted; loans and training stay in "
    "the programme's figures as an anonymous record (borough and year of birth "
    "only). If you still have a device on loan, we keep your details until it "
    "comes back."
)

# Staff who act on records: the field on each model that names them.
STAFF_FIELDS = [
    (Participant, "created_by"),
    (BorrowRequest, "applied_by"),
    (Loan, "allocated_by"),
    (Loan, "extended_by"),
    (Loan, "collected_recorded_by"),
    (Loan, "returned_recorded_by"),
    (LoanReminder, "printed_by"),
    (DeviceWipe, "wiped_by"),
    (DeviceIncident, "reported_by"),
    (TrainingSession, "tutor"),
    (Booking, "booked_by"),
    (Booking, "attendance_recorded_by"),
    (ConfidenceCheck, "entered_by"),
]


def _strings(user) -> tuple[str, ...]:
    from allauth.account.models import EmailAddress

    return (
        user.email,
        user.display_name,
        *EmailAddress.objects.filter(user=user).values_list("email", flat=True),
    )


def export(user) -> dict:
    participant = Participant.objects.filter(user=user).first()
    data = participant_export(participant) if participant else {}
    # As staff: what they recorded, counted (the records are other people's).
    staff_counts = [
        {
            "record": f"{model._meta.verbose_name_plural} ({field})",
            "how many": model.objects.filter(**{field: user}).count(),
        }
        for model, field in STAFF_FIELDS
    ]
    data["Records you made or changed as staff"] = [
        row for row in staff_counts if row["how many"]
    ]
    return data


def erase(user) -> None:
    strings = _strings(user)
    with transaction.atomic():
        participant = Participant.objects.filter(user=user).first()
        if participant is not None:
            participant_erase(participant=participant, extra_strings=strings)
        for model, field in STAFF_FIELDS:
            model.objects.filter(**{field: user}).update(**{field: None})
        for site in user.inclusion_sites.all():
            site.staff.remove(user)
        redact_fields(DeviceWipe.objects.all(), ["notes"], strings)
        redact_fields(DeviceIncident.objects.all(), ["description"], strings)
        redact_fields(Device.objects.all(), ["condition_notes"], strings)
        redact_fields(TrainingSession.objects.all(), ["notes"], strings)


# --- Retention -----------------------------------------------------------------

CIRCUMSTANCES_PERIOD = "lending_circumstances"
ERASURE_PERIOD = "pending_erasure"


def purge_circumstances(now: datetime.datetime) -> int:
    """The circumstances a resident applied under (some are health data),
    once their request has been closed for the period."""
    closed = BorrowRequest.objects.filter(
        status__in=[BorrowRequest.Status.COMPLETED, BorrowRequest.Status.WITHDRAWN],
        closed_at__lt=cutoff(now, CIRCUMSTANCES_PERIOD),
    ).exclude(circumstances=[])
    return closed.update(circumstances=[])


def purge_waiting_erasures(now: datetime.datetime) -> int:
    """Erasures that waited for a device to come back, once it has (the
    period is how long after the request; 0 means at the next run)."""
    return finish_waiting_erasures(requested_before=cutoff(now, ERASURE_PERIOD))


def register() -> None:
    from civic.registry import registry

    registry.register_personal_data(
        SECTION, export=export, erase=erase, description=DESCRIPTION
    )
    registry.register_retention(
        "lending_circumstances",
        purge=purge_circumstances,
        period_setting=CIRCUMSTANCES_PERIOD,
        description=_(
            "Get online: the circumstances you gave to borrow a device (some "
            "are about your health), after your request has closed."
        ),
    )
    registry.register_retention(
        "get_online_waiting_erasures",
        purge=purge_waiting_erasures,
        period_setting=ERASURE_PERIOD,
        description=_(
            "Get online: a record you asked us to erase while you had a device "
            "on loan, once the device is back."
        ),
    )


__all__ = ["Erasure", "erase", "export", "register"]
