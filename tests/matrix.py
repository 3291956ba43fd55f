"""The permission matrix: every URL in the project, for every kind of visitor.

Each feature app (and civic) describes its routes in
``<app>/tests/permission_matrix.py`` as ``ROUTES: dict[str, Route]`` keyed by
the route's full name ("inclusion:site_list"; unnamed routes by their
pattern). ``tests/test_permission_matrix.py`` walks the URL resolver, so a
new view that is not in a table fails the build, and checks every cell for a
GET and for a POST, each request rolled back so one cell never changes the
next.

A cell is one of the outcomes below. ``expect(default, **by_role)`` builds a
row: every role gets ``default`` unless named.

    Route(
        get=expect("403", anonymous="login", inclusion_officer="ok",
                   superuser="ok"),
        post=expect(...),           # defaults to the same row as get
        kwargs=lambda w: {"pk": w.memo("loan", lambda: LoanFactory(...)).pk},
        data=lambda w: {...},       # POST body; {} (an empty form) if omitted
    )

``World`` (``w``) holds one user per role, made on first use, and ``memo`` for
objects shared by several routes in one test. Objects that belong to someone
belong to ``w.resident`` (and to ``w.organisation`` for organisation things),
so "another resident" and "another organisation's member" show that nobody
reaches what is not theirs.
"""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    UUIDConverter,
)

ROLES = (
    "anonymous",
    "unverified",
    "resident",
    "other_resident",
    "org_member",
    "other_org_member",
    "assessor",
    "moderator",
    "crowdfund_officer",
    "challenge_manager",
    "inclusion_officer",
    "programme_manager",
    "content_editor",
    "superuser",
)

STAFF_ROLES = (
    "assessor",
    "moderator",
    "crowdfund_officer",
    "challenge_manager",
    "inclusion_officer",
    "programme_manager",
    "content_editor",
    "superuser",
)

# What a response may be, by name.
#   ok        200
#   redirect  301/302/303 somewhere other than a sign-in page
#   login     302 to the sign-in page (the site's, or the admin's)
#   400 403 404 405 410 429 as themselves
#   any       anything but a server error (only for Wagtail's and Django's own
#             admin screens as seen by staff; see civic's table)
OUTCOMES = {"ok", "redirect", "login", "400", "403", "404", "405", "410", "429"}
OUTCOMES_WITH_ANY = OUTCOMES | {"any"}


def expect(default: str, **by_role: str) -> dict[str, str]:
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    row = {role: by_role.get(role, default) for role in ROLES}
    bad = set(row.values()) - OUTCOMES_WITH_ANY
    if bad:
        raise ValueError(f"unknown outcomes: {sorted(bad)}")
    return row


def staff_only(*roles: str, ok: str = "ok", denied: str = "403") -> dict[str, str]:
    """Signed-in people who are not one of ``roles`` (or a superuser) are refused."""
    return expect(denied, anonymous="login", superuser=ok, **dict.fromkeys(roles, ok))


# Signed in, but not staff: the admin refuses them with a 403.
NOT_STAFF = (
    "unverified",
    "resident",
    "other_resident",
    "org_member",
    "other_org_member",
)


def admin_only(*roles: str, ok: str = "ok", denied: str = "403") -> dict[str, str]:
    """A Wagtail admin screen: anonymous visitors sign in, signed-in people who
    are not staff get a 403, staff outside ``roles`` get ``denied`` (Wagtail's
    snippet views send them to the dashboard instead: "redirect")."""
    return staff_only(*roles, ok=ok, denied=denied) | dict.fromkeys(NOT_STAFF, "403")


def snippet_rows(
    app: str, model: str, staff: tuple[str, ...], instance: Callable[[World], object]
) -> dict[str, Route]:
    """The four rows of a Wagtail snippet's admin screens (list, add, edit,
    delete). Wagtail's snippet views send staff without the model's
    permission back to the admin's dashboard with a message ("redirect"),
    not a 403."""
    prefix = f"wagtailsnippets_{app}_{model}"
    return {
        f"{prefix}:list": Route(
            get=admin_only(*staff, denied="redirect"),
            post=admin_only(*staff, ok="405", denied="redirect"),
        ),
        f"{prefix}:add": Route(
            get=admin_only(*staff, denied="redirect"),
            note="an empty form comes back with its errors (ok)",
        ),
        f"{prefix}:edit": Route(
            get=admin_only(*staff, denied="redirect"),
            kwargs=lambda w: {"pk": instance(w).pk},
            note="an empty form comes back with its errors (ok)",
        ),
        f"{prefix}:delete": Route(
            get=admin_only(*staff, denied="redirect"),
            post=admin_only(*staff, ok="redirect", denied="redirect"),
            kwargs=lambda w: {"pk": instance(w).pk},
        ),
    }


PUBLIC = expect("ok")
SIGNED_IN = expect("ok", anonymous="login")


@dataclass
class Route:
    get: dict[str, str]
    post: dict[str, str] | None = None
    kwargs: Callable[[World], dict] | None = None
    data: Callable[[World], dict] | None = None
    # For routes that cannot be reversed (unnamed regex routes): the path.
    path: Callable[[World], str] | None = None
    # Only for whole families of routes (Wagtail's own admin screens): the
    # roles and methods checked, when the rest are the same by construction.
    roles: tuple[str, ...] = ROLES
    methods: tuple[str, ...] = ("get", "post")
    # Why a row is the way it is, when it is not obvious; shown on failure.
    note: str = ""
    # A known bug outside the table's app that cannot be fixed minimally: the
    # row states what SHOULD happen and the cell runs as xfail(strict=True)
    # with this reason, so it fails loudly once the bug is fixed.
    xfail: str = ""

    def outcome(self, method: str, role: str) -> str:
        row = self.get if method == "get" else (self.post or self.get)
        return row[role]


@dataclass
class World:
    """One user per role, made when first asked for, and shared objects."""

    _users: dict = field(default_factory=dict)
    _memo: dict = field(default_factory=dict)

    def memo(self, key: str, make: Callable[[], object]):
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    # The organisations -------------------------------------------------
    @property
    def organisation(self):
        from civic.tests.factories import OrganisationFactory

        return self.memo(
            "organisation",
            lambda: OrganisationFactory(name="Matrix Community Trust"),
        )

    @property
    def other_organisation(self):
        from civic.tests.factories import OrganisationFactory

        return self.memo(
            "other_organisation",
            lambda: OrganisationFactory(name="Elsewhere Ventures"),
        )

    # The people --------------------------------------------------------
    def user(self, role: str):
        if role == "anonymous":
            return None
        if role not in self._users:
            self._users[role] = self._make(role)
        return self._users[role]

    def client(self, role: str):
        """A test client signed in as ``role`` (staff with two factors)."""
        from django.test import Client

        from tests.fixtures import force_login_with_mfa

        client = Client()
        user = self.user(role)
        if user is None:
            return client
        if role in STAFF_ROLES:
            force_login_with_mfa(client, user)
        else:
            client.force_login(user)
        return client

    def __getattr__(self, name):
        if name in ROLES:
            return self.user(name)
        raise AttributeError(name)

    def _make(self, role: str):
        from civic import groups
        from civic.models import OrganisationMembership
        from civic.tests.factories import MembershipFactory, UserFactory
        from tests.fixtures import add_totp

        email = f"{role.replace('_', '-')}@matrix.example.com"
        if role == "unverified":
            return UserFactory(email=email, verified=False)
        if role in ("resident", "other_resident"):
            return UserFactory(email=email)
        if role in ("org_member", "other_org_member"):
            user = UserFactory(email=email)
            organisation = (
                self.organisation if role == "org_member" else self.other_organisation
            )
            MembershipFactory(
                organisation=organisation,
                user=user,
                role=OrganisationMembership.Role.OWNER,
            )
            return user
        if role == "superuser":
            return add_totp(UserFactory(email=email, is_staff=True, is_superuser=True))
        group = {
            "assessor": groups.ASSESSORS,
            "moderator": groups.MODERATORS,
            "crowdfund_officer": groups.CROWDFUND_OFFICERS,
            "challenge_manager": groups.CHALLENGE_MANAGERS,
            "inclusion_officer": groups.INCLUSION_OFFICERS,
            "programme_manager": groups.PROGRAMME_MANAGERS,
            "content_editor": groups.CONTENT_EDITORS,
        }[role]
        return add_totp(UserFactory(email=email, groups=[group]))


# Discovering the routes ------------------------------------------------


@dataclass(frozen=True)
class FoundRoute:
    key: str  # "namespace:name", or the pattern for unnamed routes
    pattern: str  # the full regex/route string, for messages
    converters: dict  # kwarg name -> converter


def all_routes() -> dict[str, FoundRoute]:
    found: dict[str, FoundRoute] = {}

    def walk(patterns, prefix: str, namespace: str, converters: dict):
        for pattern in patterns:
            here = prefix + str(pattern.pattern)
            conv = {**converters, **getattr(pattern.pattern, "converters", {})}
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}{pattern.namespace}:"
                walk(pattern.url_patterns, here, ns, conv)
            elif isinstance(pattern, URLPattern):
                key = f"{namespace}{pattern.name}" if pattern.name else here
                # The same name can be routed twice (e.g. with and without
                # a trailing argument); both are checked under one key.
                found.setdefault(key, FoundRoute(key, here, conv))

    walk(get_resolver().url_patterns, "", "", {})
    return found


def filler_kwargs(route: FoundRoute) -> dict:
    """Arguments that match the route but name nothing that exists."""
    values = {}
    for name, converter in route.converters.items():
        if isinstance(converter, IntConverter):
            values[name] = 987654321
        elif isinstance(converter, UUIDConverter):
            values[name] = uuid.UUID("00000000-0000-4000-8000-000000000000")
        elif isinstance(converter, SlugConverter):
            values[name] = "no-such-thing"
        elif isinstance(converter, PathConverter):
            values[name] = "no/such/thing"
        elif name == "pk" or name.endswith(("_id", "_pk")):
            # A string that names a row (Wagtail's "<str:pk>"): a number,
            # as real keys are, so the view looks for it and finds nothing.
            values[name] = "987654321"
        else:
            values[name] = "nosuchthing"
    return values


def base_key(key: str) -> str:
    """A table key may name a variant of a route: "wagtail_serve#home" checks
    the route "wagtail_serve" with its own path or objects."""
    return key.split("#", 1)[0]


def login_urls() -> tuple[str, ...]:
    return (
        resolve_url(settings.LOGIN_URL),
        "/accounts/login/",
        "/admin/login/",
        "/" + settings.CIVIC_ADMIN_PATH + "login/",
        # Wagtail's sign-in for private pages and documents, which sends
        # people on to the portal's (civic/urls.py).
        "/_util/login/",
    )


TABLE_MODULES = (
    "civic.tests.permission_matrix",
    "talk_london.tests.permission_matrix",
    "crowdfund.tests.permission_matrix",
    "challenges.tests.permission_matrix",
    "inclusion.tests.permission_matrix",
    "diversity.tests.permission_matrix",
)


def load_tables() -> tuple[dict[str, Route], dict[str, Route], list[str]]:
    """(routes by key, routes by pattern prefix, table modules missing)."""
    routes: dict[str, Route] = {}
    prefixes: dict[str, Route] = {}
    missing = []
    for name in TABLE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            missing.append(name)
            continue
        for key, route in module.ROUTES.items():
            assert key not in routes, f"{key} is in two tables"
            routes[key] = route
        prefixes.update(getattr(module, "PATTERN_PREFIXES", {}))
    return routes, prefixes, missing
