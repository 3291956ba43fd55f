"""Crowdfund London's public pages: the landing page, browse and search, the
borough map and the campaign page."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from civic import groups
from civic.caching import cache_for_anonymous
from civic.models import Borough
from civic.templatetags.govuk import pence

from .. import caching, selectors, tiles
from ..forms_public import BrowseForm
from ..models import Project

BROWSE_PAGE_SIZE = 12
UPDATES_PAGE_SIZE = 5


@require_safe
def index(request):
    funding_round = selectors.current_round()
    return render(
        request,
        "crowdfund/index.html",
        {
            "funding_round": funding_round,
            "round_rows": _round_rows(funding_round) if funding_round else [],
            "ending_soon": selectors.projects_ending_soon(limit=3),
        },
    )


def _date(value) -> str:
    return dateformat.format(timezone.localtime(value), "j F Y")


def _round_rows(funding_round) -> list[tuple[str, str]]:
    return [
        (
            _("Ideas"),
            _("%(start)s to %(end)s")
            % {
                "start": _date(funding_round.ideas_open_at),
                "end": _date(funding_round.ideas_close_at),
            },
        ),
        (
            _("Campaigns"),
            _("%(start)s to %(end)s")
            % {
                "start": _date(funding_round.campaigns_open_at),
                "end": _date(funding_round.campaigns_close_at),
            },
        ),
        (_("City Hall budget"), pence(funding_round.budget_pence)),
        (_("Pledged by City Hall so far"), pence(funding_round.committed_pence)),
        (_("Still to pledge"), pence(funding_round.remaining_pence)),
    ]


@cache_for_anonymous(caching.EVERYTHING, caching.TOTALS)
@require_safe
def browse(request):
    form = BrowseForm(request.GET)
    filters = form.filters()
    # Show the filters that apply, never an error: a bad value is dropped.
    shown_form = BrowseForm(
        initial={
            "q": filters["words"],
            "borough": filters["borough"],
            "theme": filters["theme"],
            "round": filters["funding_round"],
            "status": filters["status"] or "any",
            "sort": filters["sort"],
        }
    )
    paginator = Paginator(selectors.project_browse(**filters), BROWSE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "crowdfund/public/browse.html",
        {
            "form": shown_form,
            "filters": filters,
            "has_filters": form.has_filters(),
            "page_obj": page,
            "projects": page.object_list,
            "result_count": paginator.count,
        },
    )


@cache_for_anonymous(caching.EVERYTHING, caching.TOTALS)
@require_safe
def borough_map(request):
    counts = selectors.live_counts_by_borough()
    borough_tiles = tiles.tiles(Borough.objects.all(), counts)
    return render(
        request,
        "crowdfund/public/map.html",
        {
            "tiles": borough_tiles,
            "tiles_by_name": sorted(borough_tiles, key=lambda tile: tile.name),
            "total_live": sum(counts.values()),
            "bands": _legend(),
        },
    )


def _legend() -> list[dict]:
    bands = []
    for band, (low, high) in enumerate(tiles.SHADE_BANDS):
        bands.append({"band": band, "low": low, "high": high, "open": high > 1000})
    return bands


def is_crowdfund_officer(user) -> bool:
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or user.has_perm("crowdfund.review_project")
        or user.groups.filter(name=groups.CROWDFUND_OFFICERS).exists()
    )


def _get_project_for_page(request, slug: str) -> tuple[Project, bool]:
    """The project and whether this is a preview: the public see public,
    visible projects; the team and Crowdfund officers also see drafts,
    projects in review and hidden ones, marked as not public. Everyone else
    gets a 404, so a draft's address gives nothing away."""
    project = selectors.project_for_page(slug)
    if project is None:
        raise Http404
    if project.is_public:
        return project, False
    user = request.user
    if not user.is_authenticated:
        raise Http404
    on_team = any(member.user_id == user.pk for member in project.team.all())
    if on_team or is_crowdfund_officer(user):
        return project, True
    raise Http404


# Needs can be offered while the campaign runs and while the project is delivered.
OFFER_STATUSES = (Project.Status.LIVE, Project.Status.FUNDED, Project.Status.DELIVERING)


def _place_rows(project: Project) -> list[tuple[str, str]]:
    rows = []
    if project.borough:
        rows.append((_("Borough"), project.borough.name))
    if project.location:
        rows.append((_("Where"), project.location))
    if project.theme:
        rows.append((_("Theme"), project.theme.name))
    if project.organisation:
        rows.append((_("Organisation"), project.organisation.name))
    return rows


@cache_for_anonymous(caching.EVERYTHING, caching.project_area)
@require_safe
def project_detail(request, slug: str):
    project, is_preview = _get_project_for_page(request, slug)
    now = timezone.now()
    updates = Paginator(selectors.project_updates(project), UPDATES_PAGE_SIZE)
    updates_page = updates.get_page(request.GET.get("updates"))
    team = list(project.team.all())
    cost_lines = list(project.cost_lines.all())
    costs_pence = sum(line.amount_pence for line in cost_lines)
    return render(
        request,
        "crowdfund/public/project_detail.html",
        {
            "project": project,
            "is_preview": is_preview,
            # No pledges through a preview (a hidden project may still be live).
            "is_open": project.is_open_for_pledges(now) and not is_preview,
            "percent": project.percent_funded,
            "progress_value": min(project.percent_funded, 100),
            "city_hall_pledges": project.counted_city_hall_pledges,
            "team": team,
            "is_team_member": any(m.user_id == request.user.pk for m in team),
            "cost_lines": cost_lines,
            "costs_pence": costs_pence,
            "needs": [need for need in project.needs.all() if not need.is_met],
            "images": list(project.images.all()),
            "updates_page": updates_page,
            "messages_shown": selectors.project_messages(project),
            "message_count": selectors.project_message_count(project),
            "share_url": request.build_absolute_uri(project.get_absolute_url()),
            "place_rows": _place_rows(project),
            "can_offer_help": project.is_public and project.status in OFFER_STATUSES,
        },
    )
