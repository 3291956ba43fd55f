"""Reads shared by the areas of Get online."""

from decimal import Decimal

from django.db.models import Sum

from .models import OFFER_HOURS, Booking, Participant


def participant_for_user(user) -> Participant | None:
    """The signed-in resident's programme record, if they have one."""
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(user=user).first()


def participant_training_hours(participant: Participant) -> Decimal:
    """Hours attended, towards the six-hour offer."""
    total = Booking.objects.filter(
        participant=participant, attendance=Booking.Attendance.ATTENDED
    ).aggregate(total=Sum("hours"))["total"]
    return total or Decimal("0")


def offer_hours_left(hours: Decimal) -> Decimal:
    return max(OFFER_HOURS - hours, Decimal("0"))
