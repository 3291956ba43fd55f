"""The pledge flow over real HTTP, for the benchmark (issue 8).

``pledge_over_http`` completes one pledge as a backer's browser would: the
pledge form (for its CSRF token and idempotency key), the POST, the offline
gateway's "Enter card details" page with a card that succeeds, the return to
the portal, and the confirmation. Standard library only, so that many threads
can run it against gunicorn at once. ``campaign_totals_consistent`` then checks
in the database that the campaign's totals still equal the sum of its pledges.

Both need Django set up (``DJANGO_SETTINGS_MODULE`` and ``django.setup()``), as
``benchmarks/bench.py`` does: the paths come from ``reverse()``.
"""

from __future__ import annotations

import datetime
import re
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookies import SimpleCookie

GOOD_CARD = "4444 3333 2222 1111"  # the offline gateway authorises it
TIMEOUT = 30


class _Inputs(HTMLParser):
    """The ``<input>`` names and values in a page (the forms here have one
    CSRF token each, and the pledge form one idempotency key)."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            attributes = dict(attrs)
            name = attributes.get("name")
            if name and name not in self.values:
                self.values[name] = attributes.get("value") or ""


def _inputs(html: str) -> dict[str, str]:
    parser = _Inputs()
    parser.feed(html)
    return parser.values


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Browser:
    """Just enough of a browser: cookies and redirects, followed by hand."""

    def __init__(self, base_url: str, cookie_header: str):
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        jar = SimpleCookie()
        jar.load(cookie_header)
        self.cookies.update({name: morsel.value for name, morsel in jar.items()})
        self.opener = urllib.request.build_opener(_NoRedirects)

    def _url(self, path_or_url: str) -> str:
        # The site sits behind a TLS proxy in production: it is asked over
        # plain http with X-Forwarded-Proto: https and answers with https
        # addresses, which we fetch over http again, as the proxy would.
        url = urllib.parse.urljoin(self.base_url + "/", path_or_url)
        return "http://" + url[len("https://") :] if url.startswith("https://") else url

    def request(self, path_or_url: str, data: dict | None = None, referer=""):
        url = self._url(path_or_url)
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)  # noqa: S310 (http only)
        request.add_header("Accept-Language", "en-GB")
        request.add_header("X-Forwarded-Proto", "https")
        if self.cookies:
            request.add_header(
                "Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            )
        if referer:
            # Django checks the Referer of a secure POST: the https address.
            request.add_header("Referer", "https://" + self._url(referer)[7:])
        try:
            response = self.opener.open(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    self.cookies[name] = morsel.value
            text = response.read().decode("utf-8", "replace")
            return response.status, response.headers.get("Location", ""), url, text

    def get(self, path_or_url: str):
        """GET, following redirects; returns (status, final url, text)."""
        url = path_or_url
        for _hop in range(10):
            status, location, url, text = self.request(url)
            if status not in (301, 302, 303, 307, 308):
                return status, url, text
            url = self._url(location)
        return 0, url, ""


def pledge_over_http(base_url: str, cookie_header: str, project) -> bool:
    """One £10 pledge to ``project`` (a Project or its slug) by the signed-in
    person whose session ``cookie_header`` carries; True when the portal
    shows it confirmed."""
    from django.urls import reverse

    slug = getattr(project, "slug", project)
    browser = _Browser(base_url, cookie_header)
    form_path = reverse("crowdfund:pledge_start", args=[slug])
    status, form_url, page = browser.get(form_path)
    fields = _inputs(page)
    if status != 200 or "idempotency_key" not in fields:
        return False
    status, payment_page, _url, _text = browser.request(
        form_url,
        {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
            "idempotency_key": fields["idempotency_key"],
            "amount": "10",
            "is_anonymous": "no",
            "message": "Good luck from the benchmark",
        },
        referer=form_url,
    )
    if status != 302 or "/payments/" not in payment_page:
        return False
    status, card_url, page = browser.get(payment_page)
    if status != 200:
        return False
    next_year = datetime.date.today().year + 2
    status, back_url, _url, _text = browser.request(
        card_url,
        {
            "csrfmiddlewaretoken": _inputs(page).get("csrfmiddlewaretoken", ""),
            "card_number": GOOD_CARD,
            "expiry_month": "12",
            "expiry_year": str(next_year),
            "cardholder_name": "Bench Backer",
            "security_code": "123",
        },
        referer=card_url,
    )
    if status != 302:
        return False
    # The return page confirms the pledge and redirects to "Pledge confirmed".
    status, _final, page = browser.get(back_url)
    return status == 200 and bool(re.search(r'id="pledge-status">\s*Confirmed', page))


def campaign_totals_consistent(project_pk: int) -> tuple[bool, str]:
    """Whether the campaign's ``crowd_pence`` and ``backer_count`` are the sums
    of its counted (confirmed and collected) pledges; the message says what
    was found either way."""
    from django.db.models import Count, Sum

    from crowdfund.models import Pledge, Project

    project = Project.objects.get(pk=project_pk)
    sums = Pledge.objects.filter(
        project_id=project_pk, status__in=Pledge.COUNTED
    ).aggregate(total=Sum("amount_pence"), backers=Count("backer", distinct=True))
    crowd, backers = sums["total"] or 0, sums["backers"] or 0
    ok = project.crowd_pence == crowd and project.backer_count == backers
    message = (
        f"{project.slug}: crowd_pence {project.crowd_pence} "
        f"{'=' if project.crowd_pence == crowd else '!='} pledges {crowd}; "
        f"backer_count {project.backer_count} "
        f"{'=' if project.backer_count == backers else '!='} backers {backers}"
    )
    return ok, message


def bench_target(clients: int = 32):
    """The live campaign the benchmark pledges to, and seeded residents who
    may pledge to it (verified, not on its team), or None."""
    from civic.models import User
    from crowdfund.models import Project
    from crowdfund.scale import BIG_CAMPAIGN_SLUG

    project = Project.objects.filter(slug=BIG_CAMPAIGN_SLUG, status="live").first()
    if project is None:
        return None
    team = set(project.team.values_list("user_id", flat=True))
    emails = [
        email
        for pk, email in User.objects.filter(
            email__startswith="scale-", emailaddress__verified=True
        )
        .exclude(email__startswith="scale-staff-")
        .order_by("-pk")
        .values_list("pk", "email")[: clients * 2]
        if pk not in team
    ]
    return project, emails[:clients]
