from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalkLondonConfig(AppConfig):
    name = "talk_london"
    verbose_name = _("Talk London")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from civic.registry import registry

        from . import demo_surveys
        from .demo_membership import seed_membership_demo
        from .membership_activity import membership_activity

        registry.register_activity(_("Talk London"), membership_activity)
        registry.register_demo_seeder("talk_london_membership", seed_membership_demo)
        registry.register_demo_seeder("talk_london_surveys", demo_surveys.seed)
