"""Reads shared by the areas of Get online."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import OFFER_HOURS, Booking, Participant, TrainingSession


def participant_for_user(user) -> Participant | None:
    """The signed-in resident's programme record, if they have one."""
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(user=user).first()


def participant_training_hours(participant: Participant) -> Decimal:
    """Hours attended, towards the six-hour offer."""
    return participants_training_hours([participant.pk]).get(
        participant.pk, Decimal("0")
    )


def participants_training_hours(participant_ids: Iterable[int]) -> dict[int, Decimal]:
    """Hours attended by each of several people, in one query."""
    ids = list(participant_ids)
    if not ids:
        return {}
    rows = (
        Booking.objects.filter(
            participant_id__in=ids, attendance=Booking.Attendance.ATTENDED
        )
        .values("participant_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    totals = {pk: Decimal("0") for pk in ids}
    totals.update({row["participant_id"]: row["total"] or Decimal("0") for row in rows})
    return totals


def offer_hours_left(hours: Decimal) -> Decimal:
    return max(OFFER_HOURS - hours, Decimal("0"))


def upcoming_sessions():
    """Sessions still to come (cancelled ones included: they say so)."""
    return TrainingSession.objects.filter(starts_at__gt=timezone.now()).select_related(
        "course", "site"
    )


def _clock(moment) -> str:
    """ "10am", "2:30pm", "12pm" (GOV.UK style)."""
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    if moment.minute:
        return f"{hour}:{moment.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def session_when(session: TrainingSession) -> str:
    """ "Thursday 3 December 2026, 10am to 12pm" in London time."""
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    day = formats.date_format(starts, "l j F Y")
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": day,
        "start": _clock(starts),
        "end": _clock(ends),
    }
