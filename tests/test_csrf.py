"""Every route that accepts a form refuses one without this site's CSRF token.

Two walks:

* every URL pattern the resolver knows, posted to by an anonymous visitor
  with arguments that name nothing (``filler_kwargs``): Django checks the
  token before the view runs, so every route must answer with the portal's
  CSRF page, whatever the view would have done;
* every row of the permission matrix tables (``tests/matrix.py``) whose POST
  some role may make ("ok" or "redirect"), posted by that role, signed in,
  with the row's real arguments and data: still refused. Rows from the
  tables that exist are used, and a few rows kept here cover the key forms
  (pledging, posting, inviting, reporting, proposing) until every app's table
  has landed.

The only routes that take a POST without a token are listed in
``EXEMPT`` with the reason; a new ``csrf_exempt`` view fails the test.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.fixtures import force_login_with_mfa
from tests.matrix import (
    SIGNED_IN,
    STAFF_ROLES,
    Route,
    World,
    all_routes,
    expect,
    filler_kwargs,
    load_tables,
)

CSRF_PAGE = "Your form could not be sent"

# route key -> why it takes a POST without the token.
EXEMPT = {
    "talk_london:discussion_unsubscribe": (
        "a mail app's one-click unsubscribe (RFC 8058) posts without a token; the "
        "signed token in the address is the authority and can only stop emails"
    ),
    "civic:healthz": (
        "answered before Django's middleware (load balancers probe by IP); it "
        "only reads, and a POST gets 405"
    ),
}
# Wagtail's admin API (Django REST framework) marks its views csrf_exempt and
# checks the token itself for a signed-in session; it only answers GET. An
# anonymous POST is sent to sign in; staff are checked by
# test_the_admin_api_refuses_staff_posts_without_the_token.
ADMIN_API_PREFIX = "wagtailadmin_api:"

FOUND = all_routes()
TABLES, PREFIXES, _MISSING = load_tables()


# --- a few rows of our own, for routes whose app table has not landed ---------


def _live_project(w: World):
    from crowdfund.tests.factories import FundingRoundFactory, LiveProjectFactory

    return w.memo(
        "csrf_live_project",
        lambda: LiveProjectFactory(
            created_by=w.other_resident,
            funding_round=FundingRoundFactory(),
            organisation=w.other_organisation,
        ),
    )


def _topic(w: World):
    """An open Talk London topic, with ``w.resident`` a member."""
    from talk_london.tests.factories import TalkLondonMembershipFactory, TopicFactory

    def make():
        TalkLondonMembershipFactory(user=w.resident)
        return TopicFactory(is_open=True, members_can_start_threads=True)

    return w.memo("csrf_topic", make)


def _thread(w: World):
    from talk_london.tests.factories import PostFactory, ThreadFactory

    def make():
        thread = ThreadFactory(topic=_topic(w), author=w.other_resident)
        PostFactory(thread=thread, author=w.other_resident)
        return thread

    return w.memo("csrf_thread", make)


LOCAL_ROWS: dict[str, Route] = {
    "crowdfund:pledge_start": Route(
        get=SIGNED_IN,
        kwargs=lambda w: {"slug": _live_project(w).slug},
        data=lambda w: {
            "amount": "25",
            "is_anonymous": "no",
            "message": "",
            "idempotency_key": "00000000-0000-4000-8000-000000000001",
        },
    ),
    "talk_london:thread_create": Route(
        get=expect("403", anonymous="login", resident="ok"),
        kwargs=lambda w: {"topic_slug": _topic(w).slug},
        data=lambda w: {"title": "Bus lanes", "body": "Let us talk."},
    ),
    "talk_london:thread_reply": Route(
        get=expect("405"),
        post=expect("403", anonymous="login", resident="redirect"),
        kwargs=lambda w: {"topic_slug": _topic(w).slug, "thread_id": _thread(w).pk},
        data=lambda w: {"body": "I agree."},
    ),
    "civic:organisation_invite": Route(
        get=expect("404", anonymous="login", org_member="ok"),
        kwargs=lambda w: {"slug": w.organisation.slug},
        data=lambda w: {"email": "new@example.com", "role": "member"},
    ),
    "civic:report": Route(
        get=SIGNED_IN,
        post=expect("redirect", anonymous="login"),
        kwargs=lambda w: {
            "content_type": "civic.organisation",
            "object_id": w.other_organisation.pk,
        },
        data=lambda w: {"reason": "spam", "note": ""},
    ),
    "challenges:topic_propose": Route(
        get=SIGNED_IN,
        post=expect("redirect", anonymous="login", unverified="redirect"),
        data=lambda w: {"title": "T", "problem": "p", "who_it_affects": "w"},
    ),
    "account_signup": Route(get=expect("ok"), post=expect("ok")),
    "account_login": Route(get=expect("ok"), post=expect("ok")),
    "account_reset_password": Route(get=expect("ok"), post=expect("ok")),
}

ALLOWED_TO_POST = ("ok", "redirect")
# Who posts, when several roles may: people before staff, so staff-only MFA
# redirects do not get in the way.
ROLE_ORDER = (
    "resident",
    "org_member",
    "other_resident",
    "unverified",
    "anonymous",
    *STAFF_ROLES,
)


def _route_for(key: str, tables: dict[str, Route]) -> Route | None:
    if key in tables:
        return tables[key]
    found = FOUND.get(key)
    if found is None:
        return None
    for prefix, route in PREFIXES.items():
        if found.pattern.startswith(prefix):
            return route
    return None


def poster_for(route: Route) -> str | None:
    """A role that may POST to ``route``, or None if nobody may."""
    if "post" not in route.methods:
        return None
    for role in ROLE_ORDER:
        if role in route.roles and route.outcome("post", role) in ALLOWED_TO_POST:
            return role
    return None


def cells(tables: dict[str, Route]) -> list[tuple[str, str]]:
    """(route key, role) for every route some role may POST to."""
    found = []
    for key in sorted(set(tables) | {k for k in FOUND if _route_for(k, tables)}):
        route = _route_for(key, tables)
        if route is None or key not in FOUND:
            continue
        role = poster_for(route)
        if role is not None:
            found.append((key, role))
    return found


def _path(key: str, route: Route | None, world: World) -> str | None:
    if route is not None and route.path is not None:
        return route.path(world)
    found = FOUND[key]
    if found.key == found.pattern:  # unnamed: only a row's path reaches it
        return None
    kwargs = route.kwargs(world) if route and route.kwargs else filler_kwargs(found)
    try:
        return reverse(key, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _csrf_client(world: World, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    user = world.user(role)
    if user is not None:
        if role in STAFF_ROLES:
            force_login_with_mfa(client, user)
        else:
            client.force_login(user)
    return client


def _refused(response) -> bool:
    return response.status_code == 403 and CSRF_PAGE in response.content.decode()


# --- the walks -------------------------------------------------------------------


@pytest.mark.django_db
def test_every_route_refuses_a_post_without_the_token():
    world = World()
    client = Client(enforce_csrf_checks=True)
    accepted, unreachable = {}, []
    for key in sorted(FOUND):
        path = _path(key, _route_for(key, {**LOCAL_ROWS, **TABLES}), world)
        if path is None:
            unreachable.append(key)
            continue
        response = client.post(path, {"anything": "x"})
        if key.startswith(ADMIN_API_PREFIX) and response.status_code == 302:
            continue
        if not _refused(response):
            accepted[key] = f"{path}: {response.status_code}"
    assert set(accepted) == set(EXEMPT), (
        "these routes took a POST without a CSRF token: "
        f"{ {k: v for k, v in accepted.items() if k not in EXEMPT} }; "
        f"exempt but now refused: {sorted(set(EXEMPT) - set(accepted))}"
    )
    # Unnamed patterns (Wagtail's catch-alls and the like) are reached through
    # a table row's path once their app's table gives one.
    assert len(unreachable) < len(FOUND) / 10, unreachable


@pytest.mark.django_db
def test_the_admin_api_refuses_staff_posts_without_the_token():
    world = World()
    client = _csrf_client(world, "superuser")
    checked = 0
    for key in sorted(FOUND):
        if not key.startswith(ADMIN_API_PREFIX):
            continue
        path = _path(key, None, world)
        if path is None:
            continue
        response = client.post(path, {"anything": "x"})
        assert response.status_code in (403, 405), (key, response.status_code)
        checked += 1
    assert checked


def _check(key: str, role: str, route: Route) -> str | None:
    world = World()
    path = _path(key, route, world)
    if path is None:
        return f"{key}: no path"
    data = route.data(world) if route.data else {}
    client = _csrf_client(world, role)
    response = client.post(path, data)
    if key in EXEMPT:
        return None
    if not _refused(response):
        page = "the" if CSRF_PAGE in response.content.decode() else "not the"
        return (
            f"POST {path} as {role} without a token: {response.status_code} "
            f"({page} CSRF page)"
        )
    return None


_TABLE_CELLS = cells(TABLES)
_LOCAL_CELLS = cells({k: r for k, r in LOCAL_ROWS.items() if k not in TABLES})
_NONE = [pytest.param("", "", marks=pytest.mark.skip(reason="no rows allow a POST"))]


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), _TABLE_CELLS or _NONE)
def test_a_role_allowed_to_post_is_still_refused_without_the_token(key, role):
    wrong = _check(key, role, _route_for(key, TABLES))
    assert wrong is None, wrong


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "role"), _LOCAL_CELLS or _NONE)
def test_key_forms_are_refused_without_the_token(key, role):
    wrong = _check(key, role, LOCAL_ROWS[key])
    assert wrong is None, wrong


def test_the_local_rows_find_someone_allowed_to_post():
    # The rows above are a stand-in for the apps' tables: each must name a
    # role that may POST, or the walk would quietly check nothing.
    for key, route in LOCAL_ROWS.items():
        assert poster_for(route) is not None, key
        assert key in FOUND, key


@pytest.mark.django_db
def test_the_same_post_with_the_token_goes_through(resident):
    """The refusals above are the token's doing: with it, the form is used."""
    from challenges.models import Topic

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    url = reverse("challenges:topic_propose")
    client.get(url)
    token = client.cookies["civic_csrftoken"].value
    response = client.post(
        url,
        {
            "title": "Quieter streets",
            "problem": "p",
            "who_it_affects": "w",
            "borough": "",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert Topic.objects.filter(title="Quieter streets").exists()


@pytest.mark.django_db
def test_the_csrf_page_is_the_portals_and_says_what_to_do(resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(reverse("challenges:topic_propose"), {"title": "T"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "<title>Your form could not be sent" in html
    assert "Go back, reload the page, and send the form again." in html
    assert "govuk-template" in html
    assert "CSRF" not in html.split("<body", 1)[1]  # no jargon
