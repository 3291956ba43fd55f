"""Reads for assessment: what an assessor may see of other assessors' scores,
and the moderation view's rows (a fixed number of queries, however many
applications and assessors there are)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import Application, Assignment, Challenge, Criterion, Score
from .scoring import ApplicationSummary, summarise
from .services.assessment import ASSESSABLE


def assignments_for_assessor(*, user) -> QuerySet:
    return (
        Assignment.objects.filter(assessor=user, application__status__in=ASSESSABLE)
        .select_related("application__challenge", "application__organisation")
        .order_by("submitted_at", "application__challenge__title", "pk")
    )


def other_assessors_scores(*, assignment: Assignment) -> list[Assignment]:
    """The other submitted assessors' scores, only once this assessor has
    submitted their own; before that, nothing."""
    if assignment.submitted_at is None:
        return []
    return list(
        Assignment.objects.filter(
            application_id=assignment.application_id, submitted_at__isnull=False
        )
        .exclude(pk=assignment.pk)
        .select_related("assessor")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
    )


def moderation_rows(*, challenge: Challenge) -> tuple[list, list[ApplicationSummary]]:
    """(criteria, one summary per submitted-or-decided application)."""
    criteria = list(Criterion.objects.filter(challenge=challenge))
    applications = (
        Application.objects.filter(challenge=challenge, status__in=ASSESSABLE)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("assessor").prefetch_related(
                    "scores"
                ),
            )
        )
        .order_by("reference")
    )
    return criteria, [
        summarise(application, criteria, list(application.assignments.all()))
        for application in applications
    ]


def application_summary(*, application: Application) -> tuple[list, ApplicationSummary]:
    criteria = list(Criterion.objects.filter(challenge_id=application.challenge_id))
    assignments = list(
        Assignment.objects.filter(application=application)
        .select_related("assessor")
        .prefetch_related("scores")
    )
    return criteria, summarise(application, criteria, assignments)
