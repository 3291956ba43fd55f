from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrowdfundConfig(AppConfig):
    name = "crowdfund"
    verbose_name = _("Crowdfund London")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each area of the app plugs itself into civic's registries.
        from . import setup_pledges, setup_projects, setup_public

        setup_projects.ready()
        setup_pledges.ready()
        setup_public.ready()

        from . import caching

        caching.connect()

        from . import personal_data

        personal_data.register()
