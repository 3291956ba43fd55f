from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InclusionConfig(AppConfig):
    name = "inclusion"
    verbose_name = _("Get online")
    default_auto_field = "django.db.models.BigAutoField"
