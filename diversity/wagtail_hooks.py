"""Tech talent in the Wagtail admin: one "Tech talent" menu group.

The charter's viewsets, actions and audit-log labels live in
``wagtail_charter``; the group is registered here.
"""

from django.urls import include, path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from civic.audit import register_reason_actions
from diversity import wagtail_charter
from diversity.services import charter as charter_services
from diversity.services import submissions as submission_services

register_snippet(wagtail_charter.TechTalentViewSetGroup)


@hooks.register("register_admin_urls")
def register_charter_admin_urls():
    return [
        path(
            "diversity/charter/",
            include(
                (wagtail_charter.urlpatterns, wagtail_charter.app_name),
                namespace=wagtail_charter.app_name,
            ),
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def register_charter_listing_buttons(snippet, user, next_url=None):
    return wagtail_charter.listing_buttons(snippet, user, next_url)


@hooks.register("register_log_actions")
def register_charter_log_actions(actions):
    register_reason_actions(
        actions, {**charter_services.LOG_ACTIONS, **submission_services.LOG_ACTIONS}
    )
