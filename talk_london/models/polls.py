"""Shareable one-question polls.

Anyone can vote once: a signed-in person once per poll (unique poll + user),
an anonymous visitor once per browser session (unique poll + a keyed hash of
the session key, so the key itself is never stored).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

MIN_OPTIONS = 2
MAX_OPTIONS = 8


class Poll(ClusterableModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    question = models.CharField(_("question"), max_length=200)
    slug = models.SlugField(
        _("web address"),
        max_length=80,
        unique=True,
        help_text=_("The end of the poll's address: /talk-london/polls/<this>/"),
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences, shown when the poll is shared."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("question"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("status"),
        InlinePanel(
            "options",
            label=_("Answers"),
            min_num=MIN_OPTIONS,
            max_num=MAX_OPTIONS,
        ),
    ]

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("talk_london:poll_detail", args=[self.slug])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class PollOption(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("answer"), max_length=120)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("poll answer")
        verbose_name_plural = _("poll answers")

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="talk_london_poll_votes",
    )
    session_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"],
                condition=models.Q(user__isnull=False),
                name="poll_vote_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["poll", "session_hash"],
                condition=models.Q(user__isnull=True),
                name="poll_vote_once_per_session",
            ),
            # A vote is either a person's or a session's, never neither.
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, session_hash="")
                    | (models.Q(user__isnull=True) & ~models.Q(session_hash=""))
                ),
                name="poll_vote_has_one_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"Vote #{self.pk} on {self.poll_id}"
