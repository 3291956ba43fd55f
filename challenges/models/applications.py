"""Startups' applications to a challenge, their testing budgets and files."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic.storage import private_storage


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted")
        WINNER = "winner", _("Winner")
        NOT_SELECTED = "not_selected", _("Not selected")

    # Never a sequential id in a URL: applications are addressed by public_id.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        "civic.Organisation",
        on_delete=models.PROTECT,
        related_name="challenge_applications",
        verbose_name=_("startup"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    # "CIC-2026-0042", given when first submitted.
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)

    # Task-list sections.
    organisation_summary = models.TextField(_("about your organisation"), blank=True)
    solution_summary = models.CharField(
        _("your solution in one sentence"), max_length=200, blank=True
    )
    solution_description = models.TextField(_("your solution"), blank=True)
    evidence = models.TextField(_("evidence it works"), blank=True)
    testing_plan = models.TextField(
        _("how you would test it with the owner"), blank=True
    )
    team_description = models.TextField(_("your team"), blank=True)
    declaration_accurate = models.BooleanField(default=False)
    declaration_eligible = models.BooleanField(default=False)
    declaration_data = models.BooleanField(default=False)
    completed_sections = models.JSONField(default=list, blank=True)

    decision_feedback = models.TextField(_("feedback to the applicant"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "organisation"],
                name="one_application_per_startup_per_challenge",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(reference__isnull=False),
                name="submitted_application_has_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"Draft application to {self.challenge_id}"


class ReferenceCounter(models.Model):
    """The last application number used in a year (CIC-<year>-<number>),
    taken under a row lock so two submissions never share a number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class BudgetLine(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    item = models.CharField(_("what it is for"), max_length=200)
    amount_pence = models.PositiveBigIntegerField(_("cost"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="challenge_budget_line_positive"
            )
        ]

    def __str__(self) -> str:
        return self.item


def attachment_path(instance, filename: str) -> str:
    # The stored name is ours, never the uploader's (no path traversal).
    return f"challenges/{instance.application.public_id}/{uuid.uuid4().hex}.pdf"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PITCH_DECK = "pitch_deck", _("Pitch deck")
        EVIDENCE = "evidence", _("Evidence")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    # Private storage (outside the web root); served through a view that
    # checks who is asking.
    file = models.FileField(
        upload_to=attachment_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(max_length=200)
    size_bytes = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name
