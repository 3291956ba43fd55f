"""Registrations with civic for this area (moderation, activity, demo data, beat)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.registry import ActivityItem

ACTIVITY_SECTION = "Crowdfund London projects"


def project_activity(user, limit: int) -> list[ActivityItem]:
    """Projects the person is on the team of, most recently changed first: one query."""
    from django.urls import reverse

    from crowdfund.models import Project

    if not limit:
        return []
    projects = Project.objects.filter(team__user=user).order_by("-updated_at", "-pk")[
        :limit
    ]
    return [
        ActivityItem(
            title=_("On the team of “%(title)s”") % {"title": project.title},
            url=reverse("crowdfund:project_tasks", kwargs={"slug": project.slug}),
            when=project.updated_at,
            section=_("Crowdfund London"),
            status=project.get_status_display(),
        )
        for project in projects
    ]


def ready() -> None:
    from civic.registry import registry
    from crowdfund.models import ProjectUpdate

    registry.register_activity(ACTIVITY_SECTION, project_activity)
    registry.register_moderated(
        ProjectUpdate,
        label=gettext_lazy("Crowdfund project update"),
        get_title=lambda update: update.title,
        get_url=lambda update: update.get_absolute_url(),
        get_author=lambda update: update.author,
    )
