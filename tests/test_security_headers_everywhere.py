"""The security headers are on every response the portal gives: every route
the resolver knows, as an anonymous visitor and as a signed-in resident, for
GET and POST; and on the error pages (400, 403, 404, 405, 429, CSRF, 500).

``check --deploy`` is tested in civic/tests/test_security.py; this checks
what actually goes over the wire.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import NoReverseMatch, path, reverse

from tests.matrix import all_routes, filler_kwargs

FOUND = all_routes()


def expected_headers() -> dict[str, object]:
    """Header -> the exact value, or a check on it."""
    return {
        # Pages load only from the site, and never in a frame elsewhere; the
        # health check, which loads nothing, has default-src 'none'.
        "Content-Security-Policy": lambda v: (
            "frame-ancestors" in v
            and (
                ("default-src 'self'" in v and "object-src 'none'" in v)
                or "default-src 'none'" in v
            )
        ),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "X-Frame-Options": lambda v: v in ("DENY", "SAMEORIGIN"),
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        "Permissions-Policy": settings.PERMISSIONS_POLICY,
        "Strict-Transport-Security": lambda v: v.startswith(
            f"max-age={settings.SECURE_HSTS_SECONDS}"
        ),
    }


def missing_headers(response) -> list[str]:
    wrong = []
    for name, want in expected_headers().items():
        value = response.headers.get(name)
        if value is None:
            wrong.append(f"{name} missing")
        elif callable(want) and not want(value):
            wrong.append(f"{name}: {value!r}")
        elif not callable(want) and value != want:
            wrong.append(f"{name}: {value!r}")
    return wrong


def _path(key: str) -> str | None:
    found = FOUND[key]
    if found.key == found.pattern:
        return None
    try:
        return reverse(key, kwargs=filler_kwargs(found))
    except NoReverseMatch:
        return None


def _request(client: Client, method: str, url: str):
    with transaction.atomic():
        response = getattr(client, method)(url, secure=True)
        transaction.set_rollback(True)
    return response


def _walk(client: Client, resign=None) -> tuple[dict[str, list[str]], set[int], int]:
    wrong: dict[str, list[str]] = {}
    statuses: set[int] = set()
    count = 0
    for key in sorted(FOUND):
        url = _path(key)
        if url is None:
            continue
        for method in ("get", "post"):
            response = _request(client, method, url)
            count += 1
            statuses.add(response.status_code)
            problems = missing_headers(response)
            if problems:
                wrong[f"{method.upper()} {url} ({response.status_code})"] = problems
            if resign is not None:
                resign()  # a POST to "sign out" must not end the walk
    return wrong, statuses, count


@pytest.mark.django_db
def test_every_route_as_an_anonymous_visitor_has_the_headers():
    client = Client(raise_request_exception=False)
    wrong, statuses, count = _walk(client)
    assert not wrong, wrong
    assert count > 1000
    # The walk met redirects, refusals and not-found pages, not only 200s.
    assert {200, 302, 404, 405} <= statuses, statuses


@pytest.mark.django_db
def test_every_route_as_a_signed_in_resident_has_the_headers():
    from civic.tests.factories import UserFactory

    resident = UserFactory(email="headers@example.com")
    client = Client(raise_request_exception=False)
    client.force_login(resident)

    def resign():
        if "_auth_user_id" not in client.session:
            client.force_login(resident)

    wrong, statuses, count = _walk(client, resign)
    assert not wrong, wrong
    assert count > 1000
    assert {200, 302, 403, 404, 405} <= statuses, statuses


# --- the error pages, each made to happen -------------------------------------------


def _boom(request):
    raise RuntimeError("a bug")


def _suspicious(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("a tampered request")


def _plain(request):
    return HttpResponse("plain")


urlpatterns = [
    path("boom/", _boom),
    path("suspicious/", _suspicious),
    path("plain/", _plain),
]
handler400 = "civic.views.errors.bad_request"
handler403 = "civic.views.errors.permission_denied"
handler404 = "civic.views.errors.page_not_found"
handler500 = "civic.views.errors.server_error"


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("url", "status"),
    [("/boom/", 500), ("/suspicious/", 400), ("/plain/", 200)],
)
def test_the_500_and_400_pages_and_a_bare_response_have_the_headers(url, status):
    client = Client(raise_request_exception=False)
    response = client.get(url, secure=True)
    assert response.status_code == status
    assert not missing_headers(response), missing_headers(response)


@pytest.mark.django_db
def test_the_403_404_405_and_csrf_pages_have_the_headers(resident):
    client = Client(raise_request_exception=False)
    client.force_login(resident)
    not_found = client.get("/no/such/page/at/all/", secure=True)
    assert not_found.status_code == 404
    # Someone else's organisation: its owners' page is not theirs.
    from civic.tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    forbidden = client.get(
        reverse("civic:organisation_edit", args=[organisation.slug]), secure=True
    )
    assert forbidden.status_code in (403, 404)
    not_allowed = client.get(
        reverse("crowdfund:pledge_pay", args=["00000000-0000-4000-8000-000000000000"]),
        secure=True,
    )
    assert not_allowed.status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(resident)
    csrf = strict.post(reverse("challenges:topic_propose"), secure=True)
    assert csrf.status_code == 403
    for response in (not_found, forbidden, not_allowed, csrf):
        assert not missing_headers(response), (
            response.status_code,
            missing_headers(response),
        )


@pytest.mark.django_db
def test_the_429_page_has_the_headers(client, resident, settings):
    from civic.tests.factories import OrganisationFactory
    from crowdfund.tests.factories import FundingRoundFactory, LiveProjectFactory

    project = LiveProjectFactory(
        created_by=resident,
        funding_round=FundingRoundFactory(),
        organisation=OrganisationFactory(),
    )
    settings.CIVIC_RATE_LIMITS = {
        **settings.CIVIC_RATE_LIMITS,
        "pledge": {"user": "0/h", "ip": ""},
    }
    client.force_login(resident)
    response = client.post(
        reverse("crowdfund:pledge_start", args=[project.slug]), {}, secure=True
    )
    assert response.status_code == 429
    assert not missing_headers(response), missing_headers(response)


@pytest.mark.django_db
def test_the_health_check_has_the_headers_too(client):
    response = client.get("/healthz", secure=True)
    assert response.status_code in (200, 503)
    assert not missing_headers(response), missing_headers(response)
