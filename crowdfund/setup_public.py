"""Registrations with civic for this area (moderation, activity, demo data, beat)."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from civic.registry import registry

    from . import demo, scale
    from .models import Pledge, Project

    registry.register_moderated(
        Project,
        label=_("Crowdfund project"),
        get_title=lambda project: project.title,
        get_author=lambda project: project.created_by,
    )
    # Only the message is public; the title never names the backer, who may
    # have pledged anonymously (moderators see the author, as staff always may).
    registry.register_moderated(
        Pledge,
        label=_("Pledge message of support"),
        get_title=lambda pledge: (
            _("Message of support for “%(project)s”")
            % {"project": pledge.project.title}
        ),
        get_url=lambda pledge: (
            pledge.project.get_absolute_url() + f"#message-{pledge.pk}"
        ),
        get_author=lambda pledge: pledge.backer,
    )
    registry.register_demo_seeder("crowdfund", demo.seed)
    scale.register(registry)
