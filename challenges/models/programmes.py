"""Programmes and the challenges published in them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import PreviewableMixin

TESTING_FUND_DEFAULT = 1_500_000  # £15,000 in pence


class Theme(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    description = RichTextField(_("description"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="programmes")
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    delivery_partner = models.ForeignKey(
        "civic.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery partner"),
    )
    testing_fund_pence = models.PositiveBigIntegerField(
        _("testing fund per winner (pence)"), default=TESTING_FUND_DEFAULT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="programme_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(testing_fund_pence__gt=0),
                name="programme_testing_fund_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Challenge(PreviewableMixin, ClusterableModel):
    # ClusterableModel: criteria are edited inline in the admin (ParentalKey);
    # PreviewableMixin: managers preview the public page before publishing.

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="challenges"
    )
    owner = models.ForeignKey(
        "civic.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_challenges",
        verbose_name=_("challenge owner"),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="challenges"
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    problem_statement = RichTextField(_("the problem"))
    who_is_affected = RichTextField(_("who is affected"))
    success_looks_like = RichTextField(_("what success looks like"))
    data_and_assets = RichTextField(_("data and assets the owner offers"), blank=True)
    eligibility = RichTextField(_("who can apply"))
    support_offered = RichTextField(_("support offered"), blank=True)
    application_deadline = models.DateTimeField(_("application deadline"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application_deadline", "title"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        permissions = [
            ("manage_applications", "Can assign assessors and decide applications"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:challenge_detail", kwargs={"slug": self.slug})

    def get_preview_template(self, request, mode_name):
        return "challenges/challenges/detail.html"

    def get_preview_context(self, request, mode_name):
        return {
            **super().get_preview_context(request, mode_name),
            "challenge": self,
            "criteria": list(self.criteria.all()),
            "is_open": self.is_open_for_applications(),
            "your_application": None,
        }

    def is_open_for_applications(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and now < self.application_deadline


class Criterion(models.Model):
    """An assessment criterion; a challenge's weights add up to 100."""

    challenge = ParentalKey(
        Challenge, on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=100)
    description = models.CharField(
        _("what assessors look for"), max_length=500, blank=True
    )
    weight_percent = models.PositiveSmallIntegerField(_("weight (%)"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_percent__gte=1, weight_percent__lte=100),
                name="criterion_weight_is_a_percentage",
            ),
            models.UniqueConstraint(
                fields=["challenge", "name"], name="criterion_name_unique_per_challenge"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight_percent}%)"
