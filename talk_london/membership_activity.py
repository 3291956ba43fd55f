"""Talk London's line on a person's "Your activity" page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from civic.registry import ActivityItem

from .models import Membership


def membership_activity(user, limit: int) -> list[ActivityItem]:
    membership = Membership.objects.filter(user=user).first() if limit else None
    if membership is None:
        return []
    return [
        ActivityItem(
            title=_("Joined Talk London"),
            url=reverse("talk_london:index"),
            when=membership.joined_at,
            section=_("Talk London"),
        )
    ]
