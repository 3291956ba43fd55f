"""Get online as Open Referral UK services (HSDS 3.0 with the ORUK profile).

Two kinds of service are published:

- each active site that lends devices: "Borrow a tablet or laptop at X",
  identified by the site's ``public_id``;
- each upcoming training session that is not cancelled, identified by
  ``uuid5(NAMESPACE, "inclusion-session-<pk>")``.

Every other identifier in the output (organisation, location, address,
schedules...) is a uuid5 in the same namespace, so it is the same on every
request. Nothing about a person is published: no participant, booking, loan
or member of staff appears here.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import dateformat, timezone

from .models import OpeningHours, Site, TrainingSession

# Never change: every published identifier is derived from it.
NAMESPACE = uuid.UUID("6f1c5a52-3d0e-4c8a-9a47-2f7d9b0e6c11")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100

_BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def stable_id(kind: str, key) -> str:
    return str(uuid.uuid5(NAMESPACE, f"inclusion-{kind}-{key}"))


def session_service_id(session_pk: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"inclusion-session-{session_pk}")


def _clock(value: datetime.time) -> str:
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}:{value.minute:02d}{suffix}" if value.minute else f"{hour}{suffix}"


def session_name(session: TrainingSession) -> str:
    """ "Getting started with your tablet, Catford Library, 3 December 2026 10am"."""
    starts = timezone.localtime(session.starts_at)
    return (
        f"{session.course.title}, {session.site.name}, "
        f"{dateformat.format(starts, 'j F Y')} {_clock(starts.time())}"
    )


# --- Querysets: fixed numbers of queries whatever the data ----------------------

_HOURS = Prefetch(
    "hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")
)


def lending_sites():
    return (
        Site.objects.filter(is_active=True, lends_devices=True)
        .select_related("operator", "borough")
        .prefetch_related(_HOURS)
        .order_by("name", "pk")
    )


def upcoming_sessions(now: datetime.datetime | None = None):
    return (
        TrainingSession.objects.filter(
            starts_at__gte=now or timezone.now(),
            cancelled_at__isnull=True,
            site__is_active=True,
            course__is_active=True,
        )
        .select_related("course", "site__operator", "site__borough")
        .order_by("starts_at", "pk")
    )


# --- The JSON -----------------------------------------------------------------


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def organization(site: Site, base_url: str) -> dict:
    operator = site.operator
    data = {
        "id": stable_id("organisation", operator.pk),
        "name": operator.name,
        "description": operator.description or operator.name,
    }
    if operator.website:
        data["website"] = operator.website
    return data


def location(site: Site) -> dict:
    address = {
        "id": stable_id("site-address", site.public_id),
        "location_id": stable_id("site-location", site.public_id),
        "address_1": site.address_line_1,
        "city": site.town,
        "state_province": site.borough.name,
        "postal_code": site.postcode,
        "country": "GB",
        "address_type": "physical",
    }
    if site.address_line_2:
        address["address_2"] = site.address_line_2
    data = {
        "id": stable_id("site-location", site.public_id),
        "location_type": "physical",
        "name": site.name,
        "description": site.description or site.get_kind_display(),
        "external_identifier": site.borough.gss_code,
        "external_identifier_type": "gss_code_of_borough",
        "addresses": [address],
        "accessibility": [
            {
                "id": stable_id("site-accessibility", site.public_id),
                "location_id": stable_id("site-location", site.public_id),
                "description": site.accessibility,
            }
        ],
    }
    if site.latitude is not None and site.longitude is not None:
        data["latitude"] = float(site.latitude)
        data["longitude"] = float(site.longitude)
    return data


def opening_schedules(site: Site, service_id: str, sal_id: str) -> list[dict]:
    return [
        {
            "id": stable_id("opening-hours", period.pk),
            "service_id": service_id,
            "service_at_location_id": sal_id,
            "freq": "WEEKLY",
            "interval": 1,
            "byday": _BYDAY[period.weekday],
            "opens_at": period.opens_at.strftime("%H:%M:%S"),
            "closes_at": period.closes_at.strftime("%H:%M:%S"),
            "description": str(period),
            "attending_type": "in_person",
        }
        for period in site.hours.all()
    ]


def _service_at_location(
    site: Site, service_id: str, schedules: Callable[[str], list[dict]]
) -> dict:
    sal_id = stable_id("service-at-location", service_id)
    data = {
        "id": sal_id,
        "service_id": service_id,
        "location_id": stable_id("site-location", site.public_id),
        "location": location(site),
        "schedules": schedules(sal_id),
    }
    if site.phone:
        data["phones"] = [
            {
                "id": stable_id("site-phone", site.public_id),
                "service_at_location_id": sal_id,
                "number": site.phone,
                "type": "voice",
            }
        ]
    return data


def _contacts(site: Site, service_id: str) -> list[dict]:
    return [
        {
            "id": stable_id("site-contact", f"{site.public_id}-{service_id}"),
            "service_id": service_id,
            "name": site.name,
            "title": "Enquiries desk",
        }
    ]


def _summary(
    *, service_id: str, name: str, description: str, url: str, site: Site, base_url
) -> dict:
    data = {
        "id": service_id,
        "organization_id": stable_id("organisation", site.operator_id),
        "name": name,
        "description": description,
        "url": url,
        "status": "active",
        "fees": "Free",
        "last_modified": site.updated_at.isoformat(),
        "organization": organization(site, base_url),
    }
    if site.email:
        data["email"] = site.email
    return data


def site_service(site: Site, base_url: str, *, full: bool = True) -> dict:
    service_id = str(site.public_id)
    data = _summary(
        service_id=service_id,
        name=f"Borrow a tablet or laptop at {site.name}",
        description=(
            "Borrow a tablet, laptop or mobile hotspot free of charge for up to "
            "4 weeks, with 6 hours of free digital skills training. Staff can "
            "apply with you if you are not online."
        ),
        url=_absolute(base_url, site.get_absolute_url()),
        site=site,
        base_url=base_url,
    )
    if full:
        data["contacts"] = _contacts(site, service_id)
        data["service_at_locations"] = [
            _service_at_location(
                site,
                service_id,
                lambda sal_id: opening_schedules(site, service_id, sal_id),
            )
        ]
    return data


def session_service(session: TrainingSession, base_url: str, *, full=True) -> dict:
    site = session.site
    service_id = str(session_service_id(session.pk))
    data = _summary(
        service_id=service_id,
        name=session_name(session),
        description=session.course.summary,
        url=_absolute(base_url, session.get_absolute_url()),
        site=site,
        base_url=base_url,
    )
    data["last_modified"] = max(site.updated_at, session.starts_at).isoformat()
    if full:
        starts = timezone.localtime(session.starts_at)
        ends = timezone.localtime(session.ends_at)

        def schedules(sal_id: str) -> list[dict]:
            return [
                {
                    "id": stable_id("session-schedule", session.pk),
                    "service_id": service_id,
                    "service_at_location_id": sal_id,
                    "valid_from": starts.date().isoformat(),
                    "valid_to": ends.date().isoformat(),
                    "dtstart": starts.date().isoformat(),
                    "opens_at": starts.strftime("%H:%M:%S"),
                    "closes_at": ends.strftime("%H:%M:%S"),
                    "description": "A single session",
                    "attending_type": "in_person",
                }
            ]

        data["contacts"] = _contacts(site, service_id)
        data["service_at_locations"] = [
            _service_at_location(site, service_id, schedules)
        ]
    return data


# --- The paginated list ---------------------------------------------------------


@dataclass(frozen=True)
class PageRequest:
    number: int
    size: int


def parse_page(params) -> PageRequest | None:
    """``?page=`` (from 1) and ``?per_page=`` (capped); None when not numbers."""
    try:
        number = int(params.get("page", 1))
        size = int(params.get("per_page", DEFAULT_PER_PAGE))
    except (TypeError, ValueError):
        return None
    if number < 1 or size < 1:
        return None
    return PageRequest(number=number, size=min(size, MAX_PER_PAGE))


def service_page(page: PageRequest, base_url: str) -> dict:
    """One page of every published service: lending sites first (by name), then
    sessions (soonest first). Five queries, whatever the page or the data."""
    sites = lending_sites()
    sessions = upcoming_sessions()
    site_count = sites.count()
    total = site_count + sessions.count()
    start = (page.number - 1) * page.size
    end = start + page.size
    contents = []
    if start < site_count:
        contents += [
            site_service(site, base_url, full=False)
            for site in sites[start : min(end, site_count)]
        ]
    if end > site_count:
        session_start = max(start - site_count, 0)
        session_end = end - site_count
        contents += [
            session_service(session, base_url, full=False)
            for session in sessions[session_start:session_end]
        ]
    total_pages = max((total + page.size - 1) // page.size, 1)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page.number,
        "size": page.size,
        "first_page": page.number == 1,
        "last_page": page.number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def service_by_id(service_id: uuid.UUID, base_url: str) -> dict | None:
    site = lending_sites().filter(public_id=service_id).first()
    if site is not None:
        return site_service(site, base_url)
    # A session's id is a hash of its pk: compare against the upcoming ones'.
    sessions = upcoming_sessions()
    for pk in sessions.values_list("pk", flat=True):
        if session_service_id(pk) == service_id:
            return session_service(sessions.get(pk=pk), base_url)
    return None
