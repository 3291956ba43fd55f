from django.utils.translation import gettext as _

from civic.registry import ActivityItem, registry


def organisation_activity(user, limit: int) -> list[ActivityItem]:
    memberships = user.memberships.select_related("organisation").order_by(
        "-joined_at"
    )[:limit]
    return [
        ActivityItem(
            title=_("Joined %(name)s") % {"name": m.organisation.name},
            url=m.organisation.get_absolute_url(),
            when=m.joined_at,
            section=_("Organisations"),
            status=m.get_role_display(),
        )
        for m in memberships
    ]


def activity_for_user(user, *, limit: int = 200) -> list[ActivityItem]:
    """Everything a person has done on the portal, newest first.

    Each registered provider runs one bounded query, so the page costs the same
    number of queries whatever the person's history.
    """
    items: list[ActivityItem] = []
    for provider in registry.activity_providers.values():
        items.extend(provider(user, limit))
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]
