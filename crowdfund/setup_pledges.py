"""Registrations with civic for pledges: "Your activity" and the closing task."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.registry import ActivityItem

ACTIVITY_SECTION = gettext_lazy("Crowdfund London pledges")


def pledge_activity(user, limit: int) -> list[ActivityItem]:
    """A person's pledges, newest first: one query."""
    from civic.templatetags.govuk import pence
    from crowdfund.models import Pledge

    if not limit:
        return []
    pledges = (
        Pledge.objects.filter(backer=user)
        .select_related("project")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        ActivityItem(
            title=_("Pledged %(amount)s to “%(project)s”")
            % {"amount": pence(pledge.amount_pence), "project": pledge.project.title},
            url=reverse("crowdfund:pledge_detail", args=[pledge.public_id]),
            when=pledge.created_at,
            section=str(ACTIVITY_SECTION),
            status=pledge.get_status_display(),
        )
        for pledge in pledges
    ]


def ready() -> None:
    from celery.schedules import crontab

    from civic.celery import add_periodic_task
    from civic.registry import registry
    from crowdfund import tasks

    registry.register_activity("Crowdfund London pledges", pledge_activity)
    # Every 5 minutes: a campaign closes within minutes of its deadline, and a
    # run that finds nothing due costs one indexed query.
    add_periodic_task(
        "crowdfund-close-due-campaigns", tasks.CLOSE_TASK, crontab(minute="*/5")
    )
