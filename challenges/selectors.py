"""Reads for the public challenge pages and a person's applications."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from challenges.models import Application, Challenge

PUBLIC_STATUSES = (Challenge.Status.PUBLISHED, Challenge.Status.ARCHIVED)


def challenge_list(
    *, theme=None, programme=None, state: str = "", now=None
) -> QuerySet[Challenge]:
    """Published and archived challenges, open ones first (soonest deadline
    first), then closed ones (most recent deadline first)."""
    now = now or timezone.now()
    qs = Challenge.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "theme", "programme", "owner"
    )
    if theme is not None:
        qs = qs.filter(theme=theme)
    if programme is not None:
        qs = qs.filter(programme=programme)
    open_q = Q(status=Challenge.Status.PUBLISHED, application_deadline__gt=now)
    if state == "open":
        qs = qs.filter(open_q).order_by("application_deadline", "title")
    elif state == "closed":
        qs = qs.exclude(open_q).order_by("-application_deadline", "title")
    else:
        qs = qs.order_by("-status", "application_deadline", "title")
    return qs


def challenge_for_detail(*, slug: str, include_drafts: bool) -> Challenge | None:
    qs = Challenge.objects.select_related("theme", "programme", "owner")
    if not include_drafts:
        qs = qs.filter(status__in=PUBLIC_STATUSES)
    return qs.filter(slug=slug).first()


def applications_for_user(user) -> QuerySet[Application]:
    """Applications of every startup the person belongs to."""
    return (
        Application.objects.filter(organisation__memberships__user=user)
        .select_related("challenge", "organisation")
        .order_by("-updated_at")
    )
