from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from civic import admin_views
from civic.audit import register_reason_actions
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


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    register_reason_actions(
        actions,
        {
            moderation.HIDE: (_("Moderation: hide"), _("Hidden by a moderator")),
            moderation.RESTORE: (
                _("Moderation: restore"),
                _("Restored by a moderator"),
            ),
            moderation.DISMISS: (
                _("Moderation: dismiss reports"),
                _("Reports dismissed by a moderator"),
            ),
            moderation.SUSPEND: (_("User: suspend"), _("Account suspended")),
            moderation.UNSUSPEND: (
                _("User: lift suspension"),
                _("Suspension lifted"),
            ),
        },
    )


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def register_access_log_urls():
    from civic import admin_access

    return [
        path(
            "personal-data-access/",
            include(
                (admin_access.urlpatterns, admin_access.app_name),
                namespace="civic_access_log",
            ),
        )
    ]


@hooks.register("register_settings_menu_item")
def register_access_log_menu_item():
    return SuperuserMenuItem(
        _("Access to personal data"),
        reverse("civic_access_log:index"),
        name="personal-data-access",
        icon_name="view",
        order=900,
    )
