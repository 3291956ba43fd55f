"""A neighbourhood project: from a draft idea, through verification, to a
public campaign and delivery."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.models.moderation import ModeratedContent

MAX_CAMPAIGN_DAYS = 60
INVITATION_LIFETIME = timedelta(days=14)


class Project(ModeratedContent):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Not approved")
        LIVE = "live", _("Live")
        FUNDED = "funded", _("Funded")
        UNFUNDED = "unfunded", _("Did not reach its target")
        DELIVERING = "delivering", _("Delivering")
        COMPLETED = "completed", _("Completed")

    # States in which the team can still edit the plan.
    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
    # States the public can see.
    PUBLIC = (
        Status.LIVE,
        Status.FUNDED,
        Status.UNFUNDED,
        Status.DELIVERING,
        Status.COMPLETED,
    )

    funding_round = models.ForeignKey(
        "crowdfund.FundingRound",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("funding round"),
    )
    title = models.CharField(_("project name"), max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    summary = models.CharField(_("one-line summary"), max_length=160, blank=True)
    description = models.TextField(_("about the project"), blank=True)
    borough = models.ForeignKey(
        "civic.Borough",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("borough"),
    )
    location = models.CharField(_("postcode or place name"), max_length=120, blank=True)
    theme = models.ForeignKey(
        "crowdfund.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("theme"),
    )
    organisation = models.ForeignKey(
        "civic.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crowdfund_projects",
        verbose_name=_("organisation delivering the project"),
    )
    # Empty once its creator deletes their account (and no one else in the
    # team took the project over).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="crowdfund_projects_created",
    )

    # Permissions and insurance (checked by an officer before going live).
    needs_permission = models.BooleanField(
        _("needs permission from a landowner or the council"), null=True, blank=True
    )
    permission_details = models.TextField(_("permissions"), blank=True)
    has_insurance = models.BooleanField(
        _("has public liability insurance"), null=True, blank=True
    )
    insurance_details = models.TextField(_("insurance"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    campaign_days = models.PositiveSmallIntegerField(
        _("length of the campaign in days"), default=MAX_CAMPAIGN_DAYS
    )
    # Fixed when the project is submitted; unchanged while live.
    fee_pence = models.PositiveBigIntegerField(default=0)
    target_pence = models.PositiveBigIntegerField(default=0)
    # Denormalised totals, changed only by crowdfund.services inside the
    # transaction that changes the pledges they sum.
    crowd_pence = models.PositiveBigIntegerField(default=0)
    city_hall_pence = models.PositiveBigIntegerField(default=0)
    backer_count = models.PositiveIntegerField(default=0)

    review_message = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    live_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        permissions = [
            ("review_project", "Can approve, send back or reject projects"),
            ("pledge_city_hall", "Can pledge City Hall money to campaigns"),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="project_status_deadline"),
            models.Index(fields=["status", "-live_at"], name="project_status_live"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(campaign_days__gte=1, campaign_days__lte=MAX_CAMPAIGN_DAYS),
                name="project_campaign_at_most_60_days",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["live", "funded", "unfunded"])
                | Q(deadline__isnull=False, live_at__isnull=False, target_pence__gt=0),
                name="project_campaign_has_deadline_and_target",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("crowdfund:project_detail", kwargs={"slug": self.slug})

    @property
    def total_pence(self) -> int:
        return self.crowd_pence + self.city_hall_pence

    @property
    def percent_funded(self) -> int:
        if not self.target_pence:
            return 0
        return self.total_pence * 100 // self.target_pence

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC and not self.is_hidden

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def is_open_for_pledges(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.LIVE
            and self.deadline is not None
            and now < self.deadline
        )


class TeamMember(models.Model):
    class Role(models.TextChoices):
        CREATOR = "creator", _("Creator")
        CO_CREATOR = "co_creator", _("Co-creator")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="crowdfund_teams",
    )
    role = models.CharField(max_length=16, choices=Role, default=Role.CO_CREATOR)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], name="crowdfund_one_team_place_each"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="creator"),
                name="crowdfund_one_creator_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class TeamInvitation(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "email"],
                condition=Q(accepted_at__isnull=True),
                name="crowdfund_one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.project}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() > self.created_at + INVITATION_LIFETIME


class ProjectImage(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("image"), upload_to="crowdfund/projects/%Y/%m/")
    alt_text = models.CharField(
        _("describe the image for people who cannot see it"), max_length=250
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.alt_text


class CostLine(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="cost_lines"
    )
    item = models.CharField(_("what it is for"), max_length=200)
    amount_pence = models.PositiveBigIntegerField(_("cost"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_pence__gt=0), name="crowdfund_cost_is_positive"
            )
        ]

    def __str__(self) -> str:
        return self.item


class Need(models.Model):
    """Something other than money the project needs: a hall, volunteers, tools."""

    class Kind(models.TextChoices):
        VOLUNTEERS = "volunteers", _("Volunteers")
        SPACE = "space", _("Space or venue")
        EQUIPMENT = "equipment", _("Equipment or materials")
        SKILLS = "skills", _("Skills or expertise")
        OTHER = "other", _("Something else")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="needs")
    kind = models.CharField(_("kind of help"), max_length=16, choices=Kind)
    description = models.CharField(_("what you need"), max_length=200)
    quantity = models.PositiveIntegerField(_("how many"), default=1)
    is_met = models.BooleanField(_("met"), default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.description


class NeedOffer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a reply")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="offers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="crowdfund_offers",
    )
    message = models.TextField(_("your offer"), max_length=1000)
    status = models.CharField(max_length=16, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["need", "user"],
                condition=Q(status__in=["pending", "accepted"]),
                name="crowdfund_one_open_offer_per_need",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} offers {self.need}"


class ProjectUpdate(ModeratedContent):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="updates"
    )
    # Empty once the author deletes their account ("a former member").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("update"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url() + f"#update-{self.pk}"
