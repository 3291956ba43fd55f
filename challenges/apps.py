from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Civic Innovation Challenge")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each area of the app plugs itself into civic's registries.
        from . import setup_assessment, setup_challenges, setup_topics

        setup_challenges.ready()
        setup_assessment.ready()
        setup_topics.ready()

        from . import caching, personal_data

        caching.connect()
        personal_data.register()
