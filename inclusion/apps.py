from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InclusionConfig(AppConfig):
    name = "inclusion"
    verbose_name = _("Get online")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each area of the app plugs itself into civic's registries.
        from . import setup_borrowing, setup_loans, setup_places, setup_training

        setup_places.ready()
        setup_borrowing.ready()
        setup_loans.ready()
        setup_training.ready()

        from civic.registry import registry

        from . import caching, personal_data, scale

        caching.connect()
        personal_data.register()

        registry.register_scale_seeder("inclusion", scale.seed, order=40)
        registry.register_bench_pages("inclusion", scale.bench_pages)
