from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from civic import admin_views
from civic.services import moderation

MODERATE_PERMISSION = "civic.moderate_content"


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MODERATE_PERMISSION)


@hooks.register("register_admin_urls")
def register_moderation_urls():
    return [
        path(
            "moderation/",
            include(
                (admin_views.urlpatterns, admin_views.app_name),
                namespace="civic_moderation",
            ),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Moderation"),
        reverse("civic_moderation:queue"),
        name="moderation",
        icon_name="warning",
        order=250,
    )


class _ReasonFormatter(LogFormatter):
    """Shows the moderator's reason as the log entry's comment."""

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        return data.get("reason") or data.get("note") or ""


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    @actions.register_action(moderation.HIDE)
    class HideFormatter(_ReasonFormatter):
        label = _("Moderation: hide")
        message = _("Hidden by a moderator")

    @actions.register_action(moderation.RESTORE)
    class RestoreFormatter(_ReasonFormatter):
        label = _("Moderation: restore")
        message = _("Restored by a moderator")

    @actions.register_action(moderation.DISMISS)
    class DismissFormatter(_ReasonFormatter):
        label = _("Moderation: dismiss reports")
        message = _("Reports dismissed by a moderator")

    @actions.register_action(moderation.SUSPEND)
    class SuspendFormatter(_ReasonFormatter):
        label = _("User: suspend")
        message = _("Account suspended")

    @actions.register_action(moderation.UNSUSPEND)
    class UnsuspendFormatter(_ReasonFormatter):
        label = _("User: lift suspension")
        message = _("Suspension lifted")
