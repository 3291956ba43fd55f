"""Funding rounds: the window, budget and rules City Hall sets for a year's
Crowdfund London, and the themes projects are filed under."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_PLEDGE_PER_PROJECT_DEFAULT = 5_000_000  # £50,000 in pence
MAX_SHARE_PERCENT_DEFAULT = 75


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class FundingRound(models.Model):
    """One round of City Hall match funding.

    ``committed_pence`` is the sum of the round's active and paid City Hall
    pledges, kept in step by ``crowdfund.services`` inside the same
    transaction, and the database refuses a round that commits more than its
    budget.
    """

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    ideas_open_at = models.DateTimeField(_("ideas open"))
    ideas_close_at = models.DateTimeField(_("ideas close"))
    campaigns_open_at = models.DateTimeField(_("campaigns may start"))
    campaigns_close_at = models.DateTimeField(_("campaigns must end by"))
    budget_pence = models.PositiveBigIntegerField(
        _("City Hall budget for the round (pence)")
    )
    committed_pence = models.PositiveBigIntegerField(default=0, editable=False)
    max_pledge_per_project_pence = models.PositiveBigIntegerField(
        _("largest City Hall pledge to one project (pence)"),
        default=MAX_PLEDGE_PER_PROJECT_DEFAULT,
    )
    max_share_percent = models.PositiveSmallIntegerField(
        _("largest share of a project's target City Hall may pledge (%)"),
        default=MAX_SHARE_PERCENT_DEFAULT,
    )
    platform_fee_percent = models.DecimalField(
        _("platform fee added to each target (%)"),
        max_digits=4,
        decimal_places=2,
        default=0,
        help_text=_("Leave at 0 if there is no platform fee."),
    )
    eligibility = models.TextField(_("who and what is eligible"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="rounds")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ideas_open_at"]
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(committed_pence__lte=F("budget_pence")),
                name="round_commits_no_more_than_budget",
            ),
            models.CheckConstraint(
                condition=Q(max_share_percent__gte=1, max_share_percent__lte=100),
                name="round_max_share_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(ideas_close_at__gt=F("ideas_open_at")),
                name="round_ideas_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(campaigns_close_at__gt=F("campaigns_open_at")),
                name="round_campaigns_close_after_open",
            ),
            models.CheckConstraint(
                condition=Q(platform_fee_percent__gte=0, platform_fee_percent__lt=100),
                name="round_platform_fee_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("crowdfund:browse") + f"?round={self.slug}"

    @property
    def remaining_pence(self) -> int:
        return self.budget_pence - self.committed_pence

    def accepts_ideas(self, now=None) -> bool:
        now = now or timezone.now()
        return self.ideas_open_at <= now < self.ideas_close_at
