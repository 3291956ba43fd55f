"""A winner's pilot with the challenge owner: the award paid by milestones."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Pilot(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")

    application = models.OneToOneField(
        "challenges.Application", on_delete=models.PROTECT, related_name="pilot"
    )
    # The pilot's page is emailed to the startup: its address carries a random
    # id, never the sequential one (which says how many pilots there are).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    award_pence = models.PositiveBigIntegerField(_("testing fund awarded"))
    started_on = models.DateField(_("started"))
    status = models.CharField(max_length=16, choices=Status, default=Status.ACTIVE)
    final_report = models.TextField(_("final outcome report"), blank=True)
    # What may be published as open data (no personal data).
    outcome_summary = models.TextField(_("public summary of the outcome"), blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(award_pence__gt=0), name="pilot_award_positive"
            )
        ]

    def __str__(self) -> str:
        return f"Pilot: {self.application}"


class Milestone(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Not started")
        SUBMITTED = "submitted", _("Ready for approval")
        APPROVED = "approved", _("Approved")

    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due"))
    payment_pence = models.PositiveBigIntegerField(_("payment"))
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    # The last day an overdue reminder was sent, so beat never sends two a day.
    reminded_on = models.DateField(null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["due_on", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(payment_pence__gt=0), name="milestone_payment_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProgressReport(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="reports")
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    body = models.TextField(_("progress report"), max_length=10_000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Report on {self.pilot}"


class MentoringSession(models.Model):
    pilot = models.ForeignKey(
        Pilot, on_delete=models.CASCADE, related_name="mentoring_sessions"
    )
    held_on = models.DateField(_("date"))
    mentor_name = models.CharField(_("mentor"), max_length=150)
    topics = models.TextField(_("what was covered"), max_length=5000)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"Mentoring on {self.held_on}"
