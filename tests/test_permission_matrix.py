"""Every route in the project, for every role, for GET and POST.

The tables live next to each app's tests (``<app>/tests/permission_matrix.py``)
and the rules are explained in ``tests/matrix.py``. A route that no table
describes fails ``test_every_route_is_in_a_table``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.matrix import (
    Route,
    World,
    all_routes,
    base_key,
    filler_kwargs,
    load_tables,
    login_urls,
)

ROUTES, PREFIXES, MISSING_TABLES = load_tables()
FOUND = all_routes()


def _route_for(key: str) -> Route | None:
    if key in ROUTES:
        return ROUTES[key]
    pattern = FOUND[base_key(key)].pattern
    for prefix, route in PREFIXES.items():
        if pattern.startswith(prefix):
            return route
    return None


def test_every_table_exists():
    assert not MISSING_TABLES, f"no permission table in {MISSING_TABLES}"


def test_every_route_is_in_a_table():
    with_variants = {base_key(key) for key in ROUTES}
    not_described = sorted(
        key for key in FOUND if key not in with_variants and _route_for(key) is None
    )
    stale = sorted(key for key in ROUTES if base_key(key) not in FOUND)
    assert not not_described, f"routes with no row in any table: {not_described}"
    assert not stale, f"rows for routes that no longer exist: {stale}"


def outcome_of(response) -> str:
    code = response.status_code
    if code == 200:
        return "ok"
    if code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if any(path.startswith(url) for url in login_urls()):
            return "login"
        return "redirect"
    return str(code)


def _path(key: str, route: Route, world: World) -> str:
    if route.path is not None:
        return route.path(world)
    found = FOUND[base_key(key)]
    kwargs = route.kwargs(world) if route.kwargs else filler_kwargs(found)
    if found.key == found.pattern:  # unnamed and no path given
        raise AssertionError(f"{key} has no name: give its row a path")
    return reverse(found.key, kwargs=kwargs)


def _request(client: Client, method: str, path: str, data: dict) -> str:
    """One request, rolled back afterwards so it changes nothing for the next."""
    try:
        with transaction.atomic():
            if method == "get":
                response = client.get(path)
            else:
                response = client.post(path, data)
            transaction.set_rollback(True)
    except Exception as error:  # noqa: BLE001 - reported as the cell's outcome
        return f"500 ({type(error).__name__}: {error})"
    return outcome_of(response)


def check_route(key: str, route: Route) -> list[str]:
    world = World()
    path = _path(key, route, world)
    data = route.data(world) if route.data else {}
    clients = {role: world.client(role) for role in route.roles}
    wrong = []
    for role in route.roles:
        for method in route.methods:
            expected = route.outcome(method, role)
            actual = _request(clients[role], method, path, data)
            if expected == "any":
                ok = not actual.startswith("5")
            else:
                ok = actual == expected
            if not ok:
                wrong.append(
                    f"{method.upper()} {path} as {role}: expected {expected}, "
                    f"got {actual}"
                )
    return wrong


def _described_keys() -> list:
    """Every route a table or a prefix rule describes, and every variant row;
    rows with ``xfail`` run as strict xfails."""
    keys = {key for key in FOUND if _route_for(key) is not None}
    keys |= {key for key in ROUTES if base_key(key) in FOUND}
    params = []
    for key in sorted(keys):
        route = _route_for(key)
        marks = (
            [pytest.mark.xfail(strict=True, reason=route.xfail)] if route.xfail else []
        )
        params.append(pytest.param(key, marks=marks))
    return params


@pytest.mark.django_db
@pytest.mark.parametrize("key", _described_keys())
def test_route_permissions(key):
    route = _route_for(key)
    wrong = check_route(key, route)
    assert not wrong, "\n".join(([f"note: {route.note}"] if route.note else []) + wrong)
