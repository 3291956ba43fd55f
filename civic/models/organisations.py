import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.validators import (
    normalise_charity_number,
    normalise_company_number,
    validate_charity_number,
    validate_company_number,
)

from .moderation import ModeratedContent

INVITATION_LIFETIME = timedelta(days=14)


class Organisation(ModeratedContent):
    """A group people act for: a challenge owner, a startup, a charity, a provider."""

    class Type(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        COMPANY = "company", _("Company")
        STARTUP = "startup", _("Startup")
        CHARITY = "charity", _("Charity or community group")
        TRAINING_PROVIDER = "training_provider", _("Training provider")
        EDUCATION = "education", _("School, college or university")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    type = models.CharField(
        _("type of organisation"), max_length=32, choices=Type.choices
    )
    description = models.TextField(
        _("what the organisation does"), blank=True, max_length=2000
    )
    website = models.URLField(_("website"), blank=True)
    company_number = models.CharField(
        _("Companies House number"),
        max_length=8,
        blank=True,
        validators=[validate_company_number],
    )
    charity_number = models.CharField(
        _("charity number"),
        max_length=10,
        blank=True,
        validators=[validate_charity_number],
    )
    borough = models.ForeignKey(
        "civic.Borough",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="civic.OrganisationMembership",
        related_name="organisations",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(Lower("name"), name="organisation_name_lower")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.company_number = normalise_company_number(self.company_number)
        self.charity_number = normalise_charity_number(self.charity_number)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("civic:organisation_detail", kwargs={"slug": self.slug})

    def role_of(self, user) -> str | None:
        if not user.is_authenticated:
            return None
        membership = self.memberships.filter(user=user).only("role").first()
        return membership.role if membership else None


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="one_membership_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + INVITATION_LIFETIME


class OrganisationInvitation(models.Model):
    """An emailed invitation; it is accepted by a signed-in person with that email."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"),
        max_length=16,
        choices=OrganisationMembership.Role.choices,
        default=OrganisationMembership.Role.MEMBER,
    )
    token = models.CharField(
        max_length=64, unique=True, default=_new_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=models.Q(accepted_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.organisation}"

    def get_absolute_url(self) -> str:
        return reverse("civic:invitation_accept", kwargs={"token": self.token})

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
