"""Seeding a city's worth of data for the benchmark (issue 8).

``python manage.py seed_scale`` builds a ``Scale`` from its flags and calls
every app's scale seeder (registered with ``civic.registry``) in order. A
seeder writes with ``bulk_create``/``COPY``-sized batches through
``bulk_insert`` and reports progress through ``Progress`` so long steps show
on the terminal. Sizes are flags; ``--fraction 0.1`` gives a tenth of each.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from itertools import islice

# The sizes issue 8 names, at full scale.
FULL_SIZES = {
    "users": 50_000,
    "members": 40_000,
    "surveys": 100,
    "big_survey_responses": 50_000,
    "big_survey_questions": 12,
    "threads": 300,
    "posts": 30_000,
    "big_thread_replies": 5_000,
    "projects": 2_000,
    "pledges": 200_000,
    "applications": 500,
    "devices": 3_000,
    "loans": 30_000,
    "courses": 500,
    "course_applications": 20_000,
    "signatories": 1_000,
    "figure_years": 2,
}
# Never scaled down (the shape of the data, not its size).
FIXED = {"big_survey_questions", "figure_years"}


@dataclass(frozen=True)
class Scale:
    users: int
    members: int
    surveys: int
    big_survey_responses: int
    big_survey_questions: int
    threads: int
    posts: int
    big_thread_replies: int
    projects: int
    pledges: int
    applications: int
    devices: int
    loans: int
    courses: int
    course_applications: int
    signatories: int
    figure_years: int

    @classmethod
    def full(cls) -> Scale:
        return cls(**FULL_SIZES)

    def fraction(self, fraction: float) -> Scale:
        changes = {
            f.name: max(1, round(getattr(self, f.name) * fraction))
            for f in fields(self)
            if f.name not in FIXED
        }
        return replace(self, **changes)


class Progress:
    """One line per step, rewritten in place on a terminal."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def step(self, label: str, total: int | None = None) -> Step:
        return Step(self, label, total)


class Step:
    def __init__(self, progress: Progress, label: str, total: int | None):
        self.progress = progress
        self.label = label
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self._last_print = 0.0
        self._print(force=True)

    def advance(self, n: int) -> None:
        self.done += n
        self._print()

    def finish(self) -> None:
        self._print(force=True, final=True)

    def _print(self, *, force: bool = False, final: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last_print < 0.5:
            return
        self._last_print = now
        elapsed = now - self.started
        if self.total:
            share = min(self.done / self.total, 1)
            text = (
                f"  {self.label}: {self.done:,}/{self.total:,} "
                f"({share:.0%}) {elapsed:.1f} s"
            )
        else:
            text = f"  {self.label}: {self.done:,} {elapsed:.1f} s"
        stream = self.progress.stream
        if self.progress.tty and not final:
            stream.write("\r" + text + " " * 8)
        elif final or not self.progress.tty:
            if self.progress.tty:
                stream.write("\r")
            if final or self.done == 0:
                stream.write(text + ("\n" if final else " ...\n"))
        stream.flush()


def batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def bulk_insert(model, rows: Iterable, *, step: Step | None = None, batch: int = 5000):
    """``bulk_create`` a generator of unsaved instances in batches.

    Returns the created objects only when the backend gives ids back
    (PostgreSQL does), so seeders can chain foreign keys.
    """
    created = []
    for chunk in batched(rows, batch):
        created.extend(model.objects.bulk_create(chunk, batch_size=batch))
        if step:
            step.advance(len(chunk))
    if step:
        step.finish()
    return created


USER_EMAIL = "scale-{n}@example.org"
# The password of every seeded account (benchmark databases only).
SCALE_PASSWORD = "london-scale-password"  # noqa: S105


def scale_user_ids() -> list[int]:
    """Ids of the seeded residents, in creation order (seeders share them)."""
    from civic.models import User

    return list(
        User.objects.filter(email__startswith="scale-")
        .order_by("id")
        .values_list("id", flat=True)
    )


def seed_users(scale: Scale, progress: Progress, rng) -> None:
    """civic's share: residents with verified email addresses, across the
    33 boroughs, and one member of each staff group."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from civic import groups
    from civic.models import Borough, User

    if User.objects.filter(email__startswith="scale-").exists():
        progress.step("users: already seeded").finish()
        return
    password = make_password(SCALE_PASSWORD)
    boroughs = list(Borough.objects.values_list("id", flat=True))
    step = progress.step("users", scale.users)
    users = bulk_insert(
        User,
        (
            User(
                email=USER_EMAIL.format(n=n),
                display_name=f"Londoner {n}",
                password=password,
                borough_id=rng.choice(boroughs),
            )
            for n in range(scale.users)
        ),
        step=step,
    )
    step = progress.step("verified email addresses", scale.users)
    bulk_insert(
        EmailAddress,
        (
            EmailAddress(user_id=u.pk, email=u.email, primary=True, verified=True)
            for u in users
        ),
        step=step,
    )
    for name in groups.STAFF_GROUPS:
        slug = name.lower().replace(" ", "-")
        user, _ = User.objects.get_or_create(
            email=f"scale-staff-{slug}@example.org",
            defaults={"display_name": f"Scale {name}", "password": password},
        )
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": True}
        )
        user.groups.add(Group.objects.get(name=name))


@dataclass(frozen=True)
class BenchPage:
    """A key page the benchmark loads (``benchmarks/bench.py``).

    ``user_email`` None means anonymous; otherwise the benchmark signs in as
    that person (a session made directly in the database; ``staff`` sessions
    also record a two-factor sign-in). ``anonymous_too`` measures the page
    anonymously as well.
    """

    name: str
    path: str
    user_email: str | None = None
    staff: bool = False
    anonymous_too: bool = False


def bench_session_cookie(email: str, *, staff: bool = False) -> str:
    """A signed-in session for ``email`` made in the database, as a Cookie
    header value. ``staff`` sessions also record a two-factor sign-in (and
    give the person an authenticator), as the admin requires."""
    import time

    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from civic.models import User

    user = User.objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    methods = [{"method": "password", "at": time.time(), "email": email}]
    if staff:
        authenticator, _ = Authenticator.objects.get_or_create(
            user=user,
            type=Authenticator.Type.TOTP,
            defaults={"data": {"secret": encrypt("JBSWY3DPEHPK3PXP")}},
        )
        methods.append(
            {"method": "mfa", "at": time.time(), "type": "totp", "id": authenticator.pk}
        )
    # allauth's records of how this session signed in (the admin's two-factor
    # check reads them), tied to the user they belong to.
    session["account_authentication_methods"] = methods
    session["account_authentication_methods_user"] = str(user.pk)
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
