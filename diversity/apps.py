from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiversityConfig(AppConfig):
    name = "diversity"
    verbose_name = _("Tech talent")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each area of the app plugs itself into civic's registries.
        from . import setup_charter, setup_programme, setup_provider, setup_talent

        setup_talent.ready()
        setup_provider.ready()
        setup_programme.ready()
        setup_charter.ready()

        from civic.registry import registry

        from . import caching, personal_data, scale

        caching.connect()
        personal_data.register()

        registry.register_scale_seeder("diversity", scale.seed, order=50)
        registry.register_bench_pages("diversity", scale.bench_pages)
