"""Joining and leaving Talk London."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from talk_london.models import AboutYou, Membership
from talk_london.models.membership import TERMS_VERSION


@transaction.atomic
def membership_join(*, user) -> Membership:
    """Make ``user`` a member who accepted the current terms now.

    Joining twice (a double click, two tabs) returns the existing membership:
    the one-to-one constraint decides, not a check in Python.
    """
    existing = Membership.objects.filter(user=user).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Membership.objects.create(
                user=user,
                terms_version=TERMS_VERSION,
                terms_accepted_at=timezone.now(),
            )
    except IntegrityError:
        return Membership.objects.get(user=user)


@transaction.atomic
def membership_leave(*, user) -> bool:
    """Leave Talk London: the membership and the "about you" answers go.

    Returns whether the person was a member.
    """
    AboutYou.objects.filter(user=user).delete()
    deleted, _ = Membership.objects.filter(user=user).delete()
    return bool(deleted)
