from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicConfig(AppConfig):
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

        # "Download my data" and "Delete my account": the account's own part.
        from . import personal_data

        personal_data.register()
