"""Pledges from the crowd and from City Hall.

All-or-nothing: a pledge is an authorised payment that is captured only if
the campaign reaches its target by the deadline, and released otherwise.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic.models.moderation import ModeratedContent

MIN_PLEDGE_PENCE = 200  # £2
MAX_PLEDGE_PENCE = 500_000  # £5,000


class Pledge(ModeratedContent):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment details")
        CONFIRMED = "confirmed", _("Confirmed")
        COLLECTED = "collected", _("Collected")
        RELEASED = "released", _("Released")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Could not be collected")

    # Pledges that count towards the campaign's total.
    COUNTED = (Status.CONFIRMED, Status.COLLECTED)

    project = models.ForeignKey(
        "crowdfund.Project", on_delete=models.PROTECT, related_name="pledges"
    )
    # Empty once the backer deletes their account: the amount and dates stay
    # for the financial record. PROTECT still stops a plain user delete.
    backer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="pledges",
    )
    amount_pence = models.PositiveBigIntegerField(_("amount"))
    is_anonymous = models.BooleanField(_("hide my name on the campaign page"))
    message = models.CharField(_("message of support"), max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    # One pledge per form: the key is made when the form is shown, so a
    # double click or a resubmitted form finds the pledge it already made.
    idempotency_key = models.UUIDField()
    # In the pledge's web address (emailed to the backer): random, so that the
    # address says nothing about how many pledges there are.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The payment gateway's reference for the authorisation and the capture.
    payment_reference = models.CharField(max_length=100, blank=True)
    capture_reference = models.CharField(max_length=100, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    collection_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["project", "status"], name="pledge_project_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["backer", "idempotency_key"], name="pledge_idempotency_key"
            ),
            models.CheckConstraint(
                condition=Q(
                    amount_pence__gte=MIN_PLEDGE_PENCE,
                    amount_pence__lte=MAX_PLEDGE_PENCE,
                ),
                name="pledge_between_2_and_5000_pounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount_pence}p to {self.project_id} ({self.status})"

    @property
    def counts(self) -> bool:
        return self.status in self.COUNTED


class CityHallPledge(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Pledged")
        PAID = "paid", _("Paid")
        RELEASED = "released", _("Released")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    COUNTED = (Status.ACTIVE, Status.PAID)

    project = models.ForeignKey(
        "crowdfund.Project", on_delete=models.PROTECT, related_name="city_hall_pledges"
    )
    funding_round = models.ForeignKey(
        "crowdfund.FundingRound",
        on_delete=models.PROTECT,
        related_name="city_hall_pledges",
    )
    amount_pence = models.PositiveBigIntegerField(_("amount"))
    condition = models.CharField(
        _("condition"),
        max_length=300,
        blank=True,
        help_text=_("For example: released once 25% is raised from the crowd."),
    )
    # A condition the closing task can check: the crowd must have given at
    # least this share of the target (0 = no condition beyond the target).
    min_crowd_percent = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status, default=Status.ACTIVE)
    pledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("City Hall pledge")
        verbose_name_plural = _("City Hall pledges")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="city_hall_pledge_positive"
            ),
            models.CheckConstraint(
                condition=Q(min_crowd_percent__lte=100),
                name="city_hall_pledge_condition_is_a_percentage",
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="active"),
                name="one_active_city_hall_pledge_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"City Hall: {self.amount_pence}p to {self.project_id}"
