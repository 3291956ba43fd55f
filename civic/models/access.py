"""Who looked at or exported people's personal data, and when.

Written by ``civic.access_log.PersonalDataAccessMiddleware`` for the routes
named in ``settings.CIVIC_PERSONAL_DATA_ROUTES`` and shown to superusers in
the admin ("Access to personal data"). Rows are never edited; they are
deleted only by the retention rule after ``CIVIC_RETENTION_DAYS["access_log"]``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonalDataAccess(models.Model):
    class Kind(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        EXPORTED = "exported", _("Exported or printed")
        CHANGED = "changed", _("Changed")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # Kept when the staff account is deleted: the log says who it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    user_label = models.CharField(_("staff member at the time"), max_length=254)
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind.choices)
    route = models.CharField(_("screen"), max_length=150, db_index=True)
    path = models.CharField(_("address"), max_length=500)
    status_code = models.PositiveSmallIntegerField(_("response"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("access to personal data")
        indexes = [models.Index(fields=["user", "-at"], name="civic_access_user_at")]

    def __str__(self) -> str:
        return f"{self.user_label} {self.kind} {self.path} at {self.at:%Y-%m-%d %H:%M}"
