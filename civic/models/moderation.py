from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModeratedContent(models.Model):
    """Mixin for user-generated content that moderators can hide and restore.

    Public queries use ``visible()``; hiding never deletes, so a wrong decision
    can be undone and the audit log still points at the row.
    """

    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.TextField(blank=True)

    class Meta:
        abstract = True


class Report(models.Model):
    """A signed-in person's report that a piece of content breaks the house rules."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("It is spam or advertising")
        ABUSE = "abuse", _("It is abusive, hateful or harassing")
        PERSONAL = "personal", _("It shares someone's personal information")
        MISLEADING = "misleading", _("It is false or misleading")
        ILLEGAL = "illegal", _("It may be illegal")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HIDDEN = "hidden", _("Content hidden")
        DISMISSED = "dismissed", _("Dismissed")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    note = models.TextField(_("more detail"), blank=True, max_length=1000)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        permissions = [("moderate_content", "Can moderate reported content")]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                condition=models.Q(status="open"),
                name="one_open_report_per_person_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"Report {self.pk}: {self.get_reason_display()}"
