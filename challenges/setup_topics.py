"""Registrations with civic for this area (moderation, activity, demo data, beat)."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from civic.registry import registry

    from . import demo
    from .models import Topic
    from .services.topics import topic_activity

    registry.register_moderated(
        Topic,
        label=_("Future challenge topic"),
        get_title=lambda topic: topic.title,
        get_author=lambda topic: topic.proposed_by,
    )
    registry.register_demo_seeder("challenges", demo.seed)
    registry.register_activity("Civic Innovation Challenge topics", topic_activity)
