from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CivicConfig(AppConfig):
    # civic.apps also holds the Wagtail users config below: this one is civic's.
    default = True
    name = "civic"
    verbose_name = _("London civic portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401
        from .caching import connect_cms
        from .registry import registry
        from .selectors import organisation_activity

        registry.register_moderated(
            self.get_model("Organisation"),
            label=_("Organisation profile"),
            get_title=lambda org: org.name,
        )
        registry.register_activity(_("Organisations"), organisation_activity)
        connect_cms()

        from .scale import BenchPage

        registry.register_bench_pages("civic", lambda: [BenchPage("Home", "/")])


class PortalWagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the portal's user screens (civic.admin_users)."""

    default = False
    user_viewset = "civic.admin_users.PortalUserViewSet"
