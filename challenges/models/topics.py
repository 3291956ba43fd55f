"""The public proposes topics for future challenges and supports them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from civic.models.moderation import ModeratedContent

MAX_ACTIVE_SUPPORTS = 5


class VotingRound(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not open yet")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="open"),
                name="one_voting_round_open_at_a_time",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Topic(ModeratedContent):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        TAKEN_FORWARD = "taken_forward", _("Taken forward")
        NOT_TAKEN_FORWARD = "not_taken_forward", _("Not taken forward")

    # Proposals wait for a round (null) until a manager puts them in one;
    # only topics in an open round can be supported.
    voting_round = models.ForeignKey(
        VotingRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="topics",
    )
    title = models.CharField(_("topic"), max_length=120)
    problem = models.TextField(_("the problem, in your words"), max_length=2000)
    who_it_affects = models.TextField(_("who it affects"), max_length=1000)
    borough = models.ForeignKey(
        "civic.Borough",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("borough"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="challenge_topics",
        null=True,
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.PROPOSED)
    explanation = models.TextField(_("what happens next and why"), blank=True)
    support_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-support_count", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenges:topic_detail", kwargs={"pk": self.pk})


class Support(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="supports")
    # Cleared when a supporter deletes their account after the round closed:
    # the published count stands (challenges.personal_data).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        related_name="challenge_topic_supports",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "user"], name="support_a_topic_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} supports {self.topic_id}"


class SupporterQuota(models.Model):
    """How many topics a person supports in a round, kept in the same
    transaction as their supports; the CHECK makes a sixth impossible even
    when two requests race."""

    voting_round = models.ForeignKey(
        VotingRound, on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    active_supports = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["voting_round", "user"], name="one_quota_per_person_per_round"
            ),
            models.CheckConstraint(
                condition=Q(active_supports__lte=MAX_ACTIVE_SUPPORTS),
                name="at_most_5_active_supports_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.active_supports} in {self.voting_round_id}"
