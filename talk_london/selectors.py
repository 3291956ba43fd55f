"""Reads other parts of Talk London (and, through these named functions only,
other apps) may rely on."""

from .models import Membership


def is_member(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user).exists()
