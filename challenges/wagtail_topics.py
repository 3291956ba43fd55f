"""Voting rounds and topics in the Wagtail admin: a standalone menu item
(the lead may move it into the Civic Innovation Challenge menu group)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from challenges import admin_topics
from challenges.services import topics as services
from civic.audit import register_reason_actions


@hooks.register("register_admin_urls")
def register_topic_admin_urls():
    return [
        path(
            "challenges/voting-rounds/",
            include(
                (admin_topics.urlpatterns, admin_topics.app_name),
                namespace="challenges_topics",
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_rounds_menu_item():
    return admin_topics.RoundsMenuItem(
        _("Voting rounds"),
        reverse("challenges_topics:rounds"),
        name="challenges-voting-rounds",
        icon_name="tasks",
        order=352,
    )


@hooks.register("register_log_actions")
def register_topic_log_actions(actions):
    register_reason_actions(
        actions,
        {
            services.ROUND_OPEN: (
                _("Future challenges: open voting round"),
                _("Voting round opened"),
            ),
            services.ROUND_CLOSE: (
                _("Future challenges: close voting round"),
                _("Voting round closed"),
            ),
            services.TOPIC_DECIDE: (
                _("Future challenges: decide topic"),
                _("Topic marked taken forward or not taken forward"),
            ),
        },
    )
