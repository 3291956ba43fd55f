from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _


class Borough(models.Model):
    """One of London's 33 local authorities: 32 boroughs and the City of London.

    Rows are shipped by a data migration from the ONS list (GSS codes
    E09000001 to E09000033); nobody edits them through the site.
    """

    gss_code = models.CharField(_("ONS GSS code"), max_length=9, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("borough")
        verbose_name_plural = _("boroughs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gss_code__regex=r"^E090000[0-3][0-9]$"),
                name="borough_gss_code_is_london",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    @cache
    def names_by_pk() -> dict[int, str]:
        """Every borough's name by id, read once per process: the 33 rows are
        shipped by a migration and never edited through the site."""
        return dict(Borough.objects.values_list("pk", "name"))
