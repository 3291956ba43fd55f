"""Registrations with civic for applying and "Your loan": the activity page
and the audit-log labels for records staff make for residents."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIVITY_SECTION = gettext_lazy("Get online")


def borrowing_activity(user, limit: int):
    """A resident's applications to borrow a device, newest first: one query."""
    from civic.registry import ActivityItem
    from inclusion.models import BorrowRequest

    if not limit:
        return []
    requests = (
        BorrowRequest.objects.filter(participant__user=user)
        .select_related("site", "scheme")
        .order_by("-applied_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            title=_("Applied to borrow a tablet at %(site)s") % {"site": r.site.name},
            url=reverse("inclusion:my_programme"),
            when=r.applied_at,
            section=str(ACTIVITY_SECTION),
            status=r.get_status_display(),
        )
        for r in requests
    ]


def _register_log_actions(actions) -> None:
    from civic.audit import register_reason_actions
    from inclusion.services.participants import LOG_ACTIONS

    register_reason_actions(
        actions,
        {
            key: (str(label), str(message))
            for key, (label, message) in LOG_ACTIONS.items()
        },
    )


def ready() -> None:
    from wagtail import hooks

    from civic.registry import registry

    registry.register_activity("Get online", borrowing_activity)
    hooks.register("register_log_actions", _register_log_actions)
