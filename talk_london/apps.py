from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalkLondonConfig(AppConfig):
    name = "talk_london"
    verbose_name = _("Talk London")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from civic.registry import registry

        from . import demo_surveys

        registry.register_demo_seeder("Talk London surveys", demo_surveys.seed)
