from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrowdfundConfig(AppConfig):
    name = "crowdfund"
    verbose_name = _("Crowdfund London")
    default_auto_field = "django.db.models.BigAutoField"
