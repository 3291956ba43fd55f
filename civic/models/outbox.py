"""The transactional email outbox, and the record of background tasks that failed.

An email is a row written in the same transaction as the change that causes it
(a pledge, a post), so it exists exactly when the change does, whether or not
the broker (Redis) is up. Delivery (civic.tasks) takes the row under a lock,
sends it and marks it sent; a failure is retried later with backoff.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    # After this many failed attempts (about a day of backoff) the email is
    # given up on and shown to superusers.
    MAX_ATTEMPTS = 10

    to = models.JSONField(_("to"))
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    html_body = models.TextField(blank=True)
    from_email = models.CharField(max_length=254, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="civic_outbox_due_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="civic_outbox_sent_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.status})"

    def backoff(self) -> datetime.timedelta:
        """1, 2, 4 … minutes after each failure, at most 6 hours."""
        return datetime.timedelta(minutes=min(2 ** max(0, self.attempts - 1), 360))


class FailedTask(models.Model):
    """A background task that failed for good (after its last retry)."""

    task_name = models.CharField(_("task"), max_length=200)
    task_id = models.CharField(max_length=255, blank=True)
    args = models.TextField(blank=True)
    kwargs = models.TextField(blank=True)
    exception = models.TextField(_("error"))
    traceback = models.TextField(blank=True)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now)

    class Meta:
        verbose_name = _("failed background task")
        verbose_name_plural = _("failed background tasks")
        ordering = ["-failed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_name} ({self.failed_at:%Y-%m-%d %H:%M})"
