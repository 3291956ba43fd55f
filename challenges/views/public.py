"""The Civic Innovation Challenge's landing page."""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from challenges.models import Challenge, Programme, Theme, Topic
from challenges.services import topics as topic_services

OPEN_CHALLENGES_SHOWN = 10
TOP_TOPICS_SHOWN = 3


@require_safe
def index(request):
    today = timezone.localdate()
    programme = (
        Programme.objects.filter(starts_on__lte=today)
        .select_related("delivery_partner")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("-starts_on", "-pk")
        .first()
    )
    open_challenges = list(
        Challenge.objects.filter(
            status=Challenge.Status.PUBLISHED,
            application_deadline__gt=timezone.now(),
        )
        .select_related("owner", "theme")
        .order_by("application_deadline", "title")[:OPEN_CHALLENGES_SHOWN]
    )
    voting_round = topic_services.open_round()
    top_topics = []
    if voting_round is not None:
        top_topics = list(
            Topic.objects.filter(voting_round=voting_round, is_hidden=False).order_by(
                "-support_count", "-created_at", "-pk"
            )[:TOP_TOPICS_SHOWN]
        )
    return render(
        request,
        "challenges/index.html",
        {
            "programme": programme,
            "open_challenges": open_challenges,
            "voting_round": voting_round,
            "top_topics": top_topics,
        },
    )
