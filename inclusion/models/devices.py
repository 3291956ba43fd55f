from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Device(models.Model):
    class Kind(models.TextChoices):
        TABLET = "tablet", _("Tablet")
        LAPTOP = "laptop", _("Laptop")
        HOTSPOT = "hotspot", _("Mobile hotspot")

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        RESERVED = "reserved", _("Reserved")
        ON_LOAN = "on_loan", _("On loan")
        BEING_WIPED = "being_wiped", _("Being wiped")
        IN_REPAIR = "in_repair", _("In repair")
        RETIRED = "retired", _("Retired")
        LOST = "lost", _("Lost")

    asset_tag = models.CharField(_("asset tag"), max_length=30, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind)
    model_name = models.CharField(_("make and model"), max_length=100)
    home_site = models.ForeignKey(
        "inclusion.Site",
        verbose_name=_("home site"),
        on_delete=models.PROTECT,
        related_name="devices",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.AVAILABLE
    )
    condition_notes = models.TextField(_("condition notes"), blank=True)
    # Set when a loan ends; cleared only by recording a wipe (DeviceWipe).
    needs_wipe = models.BooleanField(_("needs a data wipe"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["asset_tag"]
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        indexes = [models.Index(fields=["home_site", "status"])]
        constraints = [
            # Wipe before re-lending: a device that came back from a loan
            # cannot be available, reserved or lent until a wipe is recorded.
            models.CheckConstraint(
                condition=~(
                    Q(needs_wipe=True)
                    & Q(status__in=["available", "reserved", "on_loan"])
                ),
                name="inclusion_device_wiped_before_lending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset_tag} ({self.model_name})"


class DeviceWipe(models.Model):
    """A recorded factory reset / data wipe: who did it and when."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="wipes")
    loan = models.ForeignKey(
        "inclusion.Loan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wipes",
    )
    wiped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    wiped_at = models.DateTimeField(_("wiped at"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-wiped_at"]
        verbose_name = _("data wipe")
        verbose_name_plural = _("data wipes")

    def __str__(self) -> str:
        return f"{self.device} wiped {self.wiped_at:%d %B %Y}"


class DeviceIncident(models.Model):
    """A device reported lost or damaged (by staff, from a loan or the shelf)."""

    class Kind(models.TextChoices):
        LOST = "lost", _("Lost or stolen")
        DAMAGED = "damaged", _("Damaged")

    device = models.ForeignKey(
        Device, on_delete=models.CASCADE, related_name="incidents"
    )
    loan = models.ForeignKey(
        "inclusion.Loan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
    )
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind)
    description = models.TextField(_("details"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("device incident")
        verbose_name_plural = _("device incidents")

    def __str__(self) -> str:
        return f"{self.device}: {self.get_kind_display()}"
