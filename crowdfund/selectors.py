"""Reads for Crowdfund London's public pages: browse, search, the map and
the campaign page. Every function here returns a bounded number of queries,
whatever the number of projects, pledges or updates."""

from __future__ import annotations

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import NullIf
from django.utils import timezone

from civic.models import Borough

from .models import (
    CityHallPledge,
    FundingRound,
    Pledge,
    Project,
    ProjectUpdate,
    TeamMember,
)

# The statuses people can filter by. "funded" means "reached its target":
# a campaign that is still live but already has enough, or one that closed
# funded. Delivering and completed projects reached their target too, but
# people look for them by those names.
STATUS_FILTERS = ("live", "funded", "delivering", "completed")
SORTS = ("newest", "ending_soon", "percent_funded")


def public_projects() -> QuerySet[Project]:
    """Projects anyone may see: a public status and not hidden by a moderator."""
    return Project.objects.filter(status__in=Project.PUBLIC, is_hidden=False)


def with_percent_funded(queryset: QuerySet[Project]) -> QuerySet[Project]:
    # Integer percentage, as the campaign page shows it; NULL target sorts last.
    return queryset.annotate(
        funded_percent=(F("crowd_pence") + F("city_hall_pence"))
        * 100
        / NullIf(F("target_pence"), 0)
    )


def _filter_status(queryset: QuerySet[Project], status: str) -> QuerySet[Project]:
    if status == "live":
        return queryset.filter(status=Project.Status.LIVE)
    if status == "funded":
        reached = Q(status=Project.Status.LIVE, target_pence__gt=0) & Q(
            target_pence__lte=F("crowd_pence") + F("city_hall_pence")
        )
        return queryset.filter(Q(status=Project.Status.FUNDED) | reached)
    if status == "delivering":
        return queryset.filter(status=Project.Status.DELIVERING)
    if status == "completed":
        return queryset.filter(status=Project.Status.COMPLETED)
    return queryset


def project_search(queryset: QuerySet[Project], words: str) -> QuerySet[Project]:
    """Search by words: PostgreSQL full-text search (English stemming, ranked)
    where we have it, a plain ``icontains`` on every word elsewhere (SQLite in
    development and tests)."""
    words = words.strip()
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgres(queryset, words)
    return _search_simple(queryset, words)


def _search_postgres(queryset: QuerySet[Project], words: str) -> QuerySet[Project]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("description", weight="C", config="english")
    )
    # "websearch" accepts what people type: quoted phrases, "or", a leading "-".
    query = SearchQuery(words, config="english", search_type="websearch")
    return (
        queryset.annotate(search=vector, search_rank=SearchRank(vector, query))
        .filter(search=query)
        .order_by("-search_rank", "-live_at", "-pk")
    )


def _search_simple(queryset: QuerySet[Project], words: str) -> QuerySet[Project]:
    for word in words.split()[:10]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(description__icontains=word)
        )
    return queryset


def _sort(queryset: QuerySet[Project], sort: str) -> QuerySet[Project]:
    if sort == "ending_soon":
        # Live campaigns by deadline, soonest first; closed ones after them.
        return queryset.annotate(
            is_closed=Case(
                When(status=Project.Status.LIVE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("is_closed", "deadline", "-pk")
    if sort == "percent_funded":
        return queryset.order_by(
            F("funded_percent").desc(nulls_last=True), "-live_at", "-pk"
        )
    return queryset.order_by(F("live_at").desc(nulls_last=True), "-pk")


def project_browse(
    *,
    words: str = "",
    borough: Borough | None = None,
    theme=None,
    funding_round: FundingRound | None = None,
    status: str = "",
    sort: str = "newest",
) -> QuerySet[Project]:
    """Public projects matching the filters, for the browse page. With search
    words and the default sort, the best matches come first."""
    queryset = with_percent_funded(public_projects()).select_related("borough", "theme")
    if borough is not None:
        queryset = queryset.filter(borough=borough)
    if theme is not None:
        queryset = queryset.filter(theme=theme)
    if funding_round is not None:
        queryset = queryset.filter(funding_round=funding_round)
    queryset = _filter_status(queryset, status)
    if words.strip():
        queryset = project_search(queryset, words)
        if sort in ("", "newest", "relevance"):
            return queryset
    return _sort(queryset, sort or "newest")


def current_round(now=None) -> FundingRound | None:
    """The round whose campaign window is open now, else the newest one."""
    now = now or timezone.now()
    open_round = (
        FundingRound.objects.filter(
            campaigns_open_at__lte=now, campaigns_close_at__gt=now
        )
        .order_by("-campaigns_open_at")
        .first()
    )
    return open_round or FundingRound.objects.order_by("-campaigns_open_at").first()


def projects_ending_soon(*, limit: int = 3, now=None) -> list[Project]:
    now = now or timezone.now()
    return list(
        public_projects()
        .filter(status=Project.Status.LIVE, deadline__gt=now)
        .select_related("borough", "theme")
        .order_by("deadline", "pk")[:limit]
    )


def live_counts_by_borough() -> dict[int, int]:
    """Live, visible projects per borough id (boroughs with none are absent)."""
    rows = (
        public_projects()
        .filter(status=Project.Status.LIVE, borough__isnull=False)
        .values("borough")
        .annotate(n=Count("pk"))
    )
    return {row["borough"]: row["n"] for row in rows}


# --- The campaign page ------------------------------------------------------------


MESSAGES_SHOWN = 20


def project_for_page(slug: str) -> Project | None:
    """The project with everything its page shows in a fixed number of queries."""
    return (
        Project.objects.select_related(
            "borough", "theme", "organisation", "funding_round", "created_by"
        )
        .prefetch_related(
            "images",
            "cost_lines",
            "needs",
            Prefetch(
                "team",
                queryset=TeamMember.objects.select_related("user").order_by(
                    "joined_at", "pk"
                ),
            ),
            Prefetch(
                "city_hall_pledges",
                queryset=CityHallPledge.objects.filter(
                    status__in=CityHallPledge.COUNTED
                ).order_by("created_at", "pk"),
                to_attr="counted_city_hall_pledges",
            ),
        )
        .filter(slug=slug)
        .first()
    )


def project_messages(project: Project, *, limit: int = MESSAGES_SHOWN) -> list[Pledge]:
    """Backers' messages of support: counted pledges with a message, not hidden.
    The backer is loaded so a named pledge can show the display name; the
    template never shows it for an anonymous one."""
    return list(
        _messages(project)
        .select_related("backer")
        .order_by("-created_at", "-pk")[:limit]
    )


def project_message_count(project: Project) -> int:
    return _messages(project).count()


def _messages(project: Project) -> QuerySet[Pledge]:
    return project.pledges.filter(status__in=Pledge.COUNTED, is_hidden=False).exclude(
        message=""
    )


def project_updates(project: Project) -> QuerySet[ProjectUpdate]:
    """Updates the public can read, newest first (paginated by the view)."""
    return project.updates.filter(is_hidden=False).order_by("-created_at", "-pk")
