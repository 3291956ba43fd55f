"""Assessors' conflict declarations and independent scores, and pitches."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MIN_SCORE = 0
MAX_SCORE = 5


class Assignment(models.Model):
    """An assessor asked to assess one application.

    ``has_conflict`` is None until they declare; a conflicted assessor cannot
    see the application. ``submitted_at`` is set when they submit their
    scores; only then may they see the other assessors' scores.
    """

    application = models.ForeignKey(
        "challenges.Application", on_delete=models.CASCADE, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="challenge_assignments",
        null=True,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    has_conflict = models.BooleanField(_("conflict of interest"), null=True)
    conflict_details = models.TextField(_("details of the conflict"), blank=True)
    declared_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], name="assess_an_application_once"
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(has_conflict=False),
                name="only_unconflicted_assessors_submit_scores",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessor} → {self.application}"


class Score(models.Model):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        "challenges.Criterion", on_delete=models.PROTECT, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=2000)

    class Meta:
        ordering = ["criterion__sort_order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE),
                name="score_between_0_and_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Pitch(models.Model):
    application = models.OneToOneField(
        "challenges.Application", on_delete=models.CASCADE, related_name="pitch"
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=300)
    details = models.TextField(_("what to bring and expect"), blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Pitch for {self.application}"
