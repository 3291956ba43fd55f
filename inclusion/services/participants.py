"""A resident's programme record: made by them online, or by staff for them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from civic.validators import normalise_postcode
from inclusion.models import Participant

# How a resident who is not online agreed to us holding their record.
CONSENT_CHOICES = [
    ("in person", _("In person")),
    ("by phone", _("By phone")),
    ("signed paper form", _("Signed paper form")),
]

LOG_ACTIONS = {
    "inclusion.participant_create": (
        _("Create resident record"),
        _("Resident record created for someone who is not online"),
    ),
    "inclusion.participant_edit": (
        _("Get online: change resident record"),
        _("Resident record changed by staff"),
    ),
    "inclusion.request_withdraw": (
        _("Get online: take off waiting list"),
        _("Taken off the waiting list by staff"),
    ),
    "inclusion.booking_cancel": (
        _("Get online: cancel training booking"),
        _("Training booking cancelled by staff"),
    ),
    "inclusion.booking_promotion_told": (
        _("Get online: told of training place"),
        _("Told by phone or letter that a training place is free"),
    ),
    "inclusion.participant_export": (
        _("Get online: copy of a resident's record"),
        _("A copy of everything held about the resident was downloaded"),
    ),
    "inclusion.participant_erase": (
        _("Get online: erase resident record"),
        _("The resident's personal details were erased at their request"),
    ),
}

PARTICIPANT_FIELDS = (
    "full_name",
    "date_of_birth",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "borough",
    "phone",
    "contact_preference",
)


def participant_save_for_user(*, user, data: dict) -> Participant:
    """Create or update the signed-in resident's own record.

    The email is the account's; a second request at the same moment finds the
    first one's record (the OneToOne on ``user`` is the backstop).
    """
    values = {name: data[name] for name in PARTICIPANT_FIELDS if name in data}
    values["email"] = user.email
    with transaction.atomic():
        participant = Participant.objects.select_for_update().filter(user=user).first()
        if participant is None:
            try:
                with transaction.atomic():
                    return Participant.objects.create(
                        user=user, consent_given_at=timezone.now(), **values
                    )
            except IntegrityError:
                participant = Participant.objects.select_for_update().get(user=user)
        for name, value in values.items():
            setattr(participant, name, value)
        participant.save()
    return participant


def participant_create_assisted(*, staff, data: dict, consent_how: str) -> Participant:
    """A record made by staff for a resident who is not online."""
    values = {name: data[name] for name in PARTICIPANT_FIELDS if name in data}
    values["email"] = data.get("email", "") or ""
    with transaction.atomic():
        participant = Participant.objects.create(
            created_by=staff, consent_given_at=timezone.now(), **values
        )
        # The model has no field for how consent was given; the audit log
        # keeps it, with the member of staff and the time.
        log(
            participant,
            "inclusion.participant_create",
            user=staff,
            data={"note": f"Consent given {consent_how}", "consent": consent_how},
        )
    return participant


def participant_update_by_staff(*, participant: Participant, staff, data: dict):
    """Staff correct a resident's record for them (assisted digital). The
    email of a resident with an account is the account's and is not changed."""
    values = {name: data[name] for name in PARTICIPANT_FIELDS if name in data}
    if participant.user_id is None and "email" in data:
        values["email"] = data.get("email") or ""
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        changed = sorted(
            name for name, value in values.items() if getattr(locked, name) != value
        )
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        if changed:
            log(
                locked,
                "inclusion.participant_edit",
                user=staff,
                data={"fields": changed},
            )
    return locked


def participant_consent_how(participant: Participant) -> str:
    """How a resident gave staff their consent ("in person"), from the audit log."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    entry = (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Participant),
            object_id=str(participant.pk),
            action="inclusion.participant_create",
        )
        .order_by("-timestamp")
        .first()
    )
    return (entry.data or {}).get("consent", "") if entry else ""


def participant_search(query: str) -> QuerySet[Participant]:
    """Residents matching a name, postcode, email or phone number."""
    query = " ".join(query.split())
    if not query:
        return Participant.objects.none()
    compact = query.replace(" ", "")
    condition = (
        Q(full_name__icontains=query)
        | Q(email__iexact=query)
        | Q(postcode__istartswith=query)
    )
    if len(compact) >= 5:
        condition |= Q(postcode=normalise_postcode(compact))
    if compact.lstrip("+").isdigit():
        condition |= Q(phone__icontains=query) | Q(phone__icontains=compact)
    return Participant.objects.filter(condition, erased_at__isnull=True).select_related(
        "borough"
    )
