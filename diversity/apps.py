from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiversityConfig(AppConfig):
    name = "diversity"
    verbose_name = _("Tech talent")
    default_auto_field = "django.db.models.BigAutoField"
