"""Registrations with civic for this area (moderation, activity, demo data, beat)."""

from django.utils.translation import gettext_lazy as _

ACTIVITY_SECTION = _("Civic Innovation Challenge applications")


def application_activity(user, limit: int):
    """The applications of the person's startups, newest change first: one query."""
    from django.urls import reverse
    from django.utils.translation import gettext as gettext_now

    from challenges.selectors import applications_for_user
    from civic.registry import ActivityItem

    if not limit or not user.is_authenticated:
        return []
    items = []
    for application in applications_for_user(user)[:limit]:
        items.append(
            ActivityItem(
                title=gettext_now("%(startup)s’s application to “%(challenge)s”")
                % {
                    "startup": application.organisation.name,
                    "challenge": application.challenge.title,
                },
                url=reverse("challenges:application", args=[application.public_id]),
                when=application.updated_at,
                section=str(ACTIVITY_SECTION),
                status=application.get_status_display(),
            )
        )
    return items


def ready() -> None:
    from civic.registry import registry

    from . import scale

    registry.register_activity(str(ACTIVITY_SECTION), application_activity)
    scale.register(registry)
