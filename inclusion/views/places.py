"""Find a place to borrow a tablet or learn: the search and a place's page."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from civic.caching import cache_for_anonymous
from inclusion.caching import PLACES

from ..forms.places import PlaceSearchForm
from ..models import OpeningHours, Site, TrainingSession

PAGE_SIZE = 10
UPCOMING_SESSIONS = 10


def clock(value: datetime.time) -> str:
    """GOV.UK style times: "9am", "5:30pm", "midday"."""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    if value.minute:
        return f"{hour}:{value.minute:02d}{suffix}"
    return f"{hour}{suffix}"


def weekly_hours(hours) -> list[tuple[str, str]]:
    """(day, "9am to 1pm, 2pm to 5pm" or "Closed") for every day, Monday first."""
    by_day: dict[int, list[str]] = {}
    for period in sorted(hours, key=lambda h: (h.weekday, h.opens_at)):
        by_day.setdefault(period.weekday, []).append(
            _("%(opens)s to %(closes)s")
            % {"opens": clock(period.opens_at), "closes": clock(period.closes_at)}
        )
    return [
        (str(label), ", ".join(by_day[day]) if day in by_day else _("Closed"))
        for day, label in OpeningHours.Weekday.choices
    ]


def session_when(session: TrainingSession) -> str:
    """ "Thursday 3 December 2026, 10am to midday"."""
    starts = timezone.localtime(session.starts_at)
    ends = timezone.localtime(session.ends_at)
    return _("%(day)s, %(start)s to %(end)s") % {
        "day": dateformat.format(starts, "l j F Y"),
        "start": clock(starts.time()),
        "end": clock(ends.time()),
    }


def site_search(*, borough=None, district: str = "", offers=()):
    sites = Site.objects.filter(is_active=True).select_related("borough")
    if borough is not None:
        sites = sites.filter(borough=borough)
    if district:
        sites = sites.filter(postcode__startswith=f"{district} ")
    if "devices" in offers:
        sites = sites.filter(lends_devices=True)
    if "training" in offers:
        sites = sites.filter(runs_training=True)
    return sites.order_by("name", "pk")


@cache_for_anonymous(PLACES)
@require_safe
def site_list(request):
    form = PlaceSearchForm(request.GET or None)
    searched = form.is_bound
    page = None
    result_count = 0
    if not searched or form.is_valid():
        filters = form.cleaned_data if searched else {}
        paginator = Paginator(
            site_search(
                borough=filters.get("borough"),
                district=filters.get("postcode", ""),
                offers=filters.get("offers", ()),
            ),
            PAGE_SIZE,
        )
        page = paginator.get_page(request.GET.get("page"))
        result_count = paginator.count
    return render(
        request,
        "inclusion/places/site_list.html",
        {
            "form": form,
            "searched": searched,
            "page_obj": page,
            "sites": page.object_list if page else [],
            "result_count": result_count,
        },
    )


@cache_for_anonymous(PLACES)
@require_safe
def site_detail(request, slug: str):
    site = get_object_or_404(
        Site.objects.select_related("borough", "operator"), slug=slug, is_active=True
    )
    sessions = (
        TrainingSession.objects.filter(
            site=site, starts_at__gte=timezone.now(), cancelled_at__isnull=True
        )
        .select_related("course")
        .order_by("starts_at", "pk")[:UPCOMING_SESSIONS]
    )
    return render(
        request,
        "inclusion/places/site_detail.html",
        {
            "site": site,
            "hours": weekly_hours(site.hours.all()),
            "hours_head": [_("Day"), _("Hours")],
            "schemes": list(site.schemes.filter(is_open=True).order_by("name")),
            "sessions": [
                {"session": session, "when": session_when(session)}
                for session in sessions
            ],
        },
    )
