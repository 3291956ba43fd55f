"""Every tech talent page, its database queries counted: under a ceiling, and
the same number again after the data has grown (more courses, start dates,
applicants, outcomes, partners, signatories, figures, wordings, targets), so
that no page makes a query per row.

Pages come from the permission table (``permission_matrix.py``), each read as
the first person it shows to (see ``READERS``); a page that shows to nobody
from a fresh start (it needs answers in the session first) is listed in
``STATEFUL`` and has its own test below. A new route in ``diversity`` that is
in neither fails ``test_every_page_is_counted``.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diversity.models import Application, Outcome
from diversity.tests import permission_matrix
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseFactory,
    IndustryPartnerFactory,
    PledgeVersionFactory,
    ProgrammeTargetFactory,
    SignatoryFactory,
    SubmissionFactory,
    years_before,
)
from tests.matrix import World, all_routes

pytestmark = pytest.mark.django_db

# Who reads each page: the first of these the table lets in (200). Signed-in
# people first, so that public pages are counted without the anonymous page
# cache in front of them.
READERS = (
    "resident",
    "other_resident",
    "org_member",
    "programme_manager",
    "superuser",
    "anonymous",
)

# Pages nobody reaches with a plain GET from a fresh session: their answers
# come first. Each has a test of its own in this module.
STATEFUL = {
    "diversity:apply_check",
    "diversity:apply_not_eligible",
    "diversity:course_create_location",
    "diversity:charter_sign_check",
}
# Buttons, not pages: POST only (405 to a GET), counted where they are used.
BUTTONS = {"diversity:partner_remove", "diversity:cohort_remove"}

# The most queries a page may make. Most of a page's queries are the
# platform's (session, user, site settings, navigation); the rest are the
# page's own and must not grow with the data.
CEILING = 16
ADMIN_CEILING = 40
CEILINGS = {
    # Totals, by provider, by borough, outcomes and the years (selectors).
    "diversity:programme_dashboard": 16,
    "diversity:programme_csv": 16,
}


def _diversity_keys() -> list[str]:
    """The app's own views. (Wagtail's snippet screens for its models are
    Wagtail's; their list, add and edit screens are counted too, being in the
    app's permission table.)"""
    return sorted(
        key
        for key in all_routes()
        if key.startswith(("diversity:", "diversity_charter_admin:"))
    )


def _pages() -> list[tuple[str, str]]:
    pages = []
    for key, route in permission_matrix.ROUTES.items():
        if key in STATEFUL or key in BUTTONS:
            continue
        reader = next((r for r in READERS if route.get.get(r) == "ok"), None)
        if reader is not None:
            pages.append((key, reader))
    return sorted(pages)


PAGES = _pages()


def test_every_page_is_counted():
    counted = {key for key, _reader in PAGES} | STATEFUL | BUTTONS
    missing = sorted(set(_diversity_keys()) - counted)
    assert not missing, f"pages with no query count: {missing}"


def _count(client: Client, path: str) -> int:
    client.get(path)  # warm: per-process caches (site, settings, menus)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


def _grow(objects: dict) -> None:
    """More of everything each page lists."""
    today = timezone.localdate()
    course, provider, year = objects["course"], objects["provider"], objects["year"]
    for _ in range(3):
        IndustryPartnerFactory(course=course)
        extra = CohortFactory(
            course=course,
            starts_on=objects["spare"].starts_on + datetime.timedelta(days=7),
        )
        ApplicationFactory.create_batch(2, cohort=extra)
        CourseFactory(provider=provider)
    ApplicationFactory.create_batch(4, cohort=objects["cohort"])
    finished_cohort = objects["finished"].cohort
    for application in ApplicationFactory.create_batch(
        4, cohort=finished_cohort, status=Application.Status.ACCEPTED
    ):
        Application.objects.filter(pk=application.pk).update(completion="completed")
        Outcome.objects.create(
            application=application, months_after=3, kind=Outcome.Kind.JOB
        )
    for sector in ("tech", "finance", "public", "tech"):
        SubmissionFactory(signatory=SignatoryFactory(sector=sector), year=year)
    for _ in range(2):
        PledgeVersionFactory(effective_from=today - datetime.timedelta(days=1))
    ProgrammeTargetFactory(
        starts_on=today - datetime.timedelta(days=800),
        ends_on=today - datetime.timedelta(days=500),
    )


@pytest.mark.parametrize(("key", "reader"), PAGES)
def test_page_queries_are_few_and_do_not_grow(key, reader):
    world = World()
    objects = permission_matrix.world(world)  # one of everything to start with
    route = permission_matrix.ROUTES[key]
    kwargs = route.kwargs(world) if route.kwargs else {}
    path = reverse(key, kwargs=kwargs)
    client = world.client(reader)
    before = _count(client, path)
    _grow(objects)
    after = _count(client, path)
    admin = not key.startswith("diversity:")
    ceiling = CEILINGS.get(key, ADMIN_CEILING if admin else CEILING)
    assert before <= ceiling, f"{path} as {reader}: {before} queries"
    assert after == before, f"{path} as {reader}: {before} then {after} queries"


# --- Pages that need answers first ------------------------------------------------


def _apply_until_check(client: Client, cohort, born) -> None:
    def step(key):
        return reverse(
            "diversity:apply_step", args=[cohort.course.slug, cohort.pk, key]
        )

    client.post(step("name"), {"full_name": "Ada Young"})
    client.post(
        step("date-of-birth"),
        {
            "date_of_birth_0": born.day,
            "date_of_birth_1": born.month,
            "date_of_birth_2": born.year,
        },
    )
    client.post(
        step("where"),
        {"connection": "lives", "postcode": "E8 1DY", "borough": "hackney"},
    )
    client.post(step("why"), {"why": "I like puzzles."})
    client.post(step("equality"), {"choice": "answer"})
    client.post(step("equality-consent"), {"consent": "yes"})
    for key, field, value in (
        ("sex", "sex", "female"),
        ("gender", "gender_same_as_sex", "yes"),
        ("ethnic-group", "ethnic_group", "black"),
        ("disability", "disability", "no"),
        ("care-leaver", "care_leaver", "no"),
        ("free-school-meals", "free_school_meals", "yes"),
    ):
        client.post(step(key), {field: value})


@pytest.mark.parametrize("others", [0, 12])
def test_check_your_answers_queries(client, resident, others):
    cohort = CohortFactory()
    ApplicationFactory.create_batch(others, cohort=cohort)
    client.force_login(resident)
    _apply_until_check(client, cohort, years_before(cohort.starts_on, 19))
    url = reverse("diversity:apply_check", args=[cohort.course.slug, cohort.pk])
    assert _count(client, url) <= CEILING


@pytest.mark.parametrize("others", [0, 12])
def test_cannot_apply_page_queries(client, resident, others):
    cohort = CohortFactory()
    ApplicationFactory.create_batch(others, cohort=cohort)
    client.force_login(resident)
    client.post(
        reverse("diversity:apply_step", args=[cohort.course.slug, cohort.pk, "name"]),
        {"full_name": "Ada Young"},
    )
    born = years_before(cohort.starts_on, 30)
    client.post(
        reverse(
            "diversity:apply_step",
            args=[cohort.course.slug, cohort.pk, "date-of-birth"],
        ),
        {
            "date_of_birth_0": born.day,
            "date_of_birth_1": born.month,
            "date_of_birth_2": born.year,
        },
    )
    url = reverse("diversity:apply_not_eligible", args=[cohort.course.slug, cohort.pk])
    assert _count(client, url) <= CEILING


@pytest.mark.parametrize("courses", [0, 12])
def test_new_course_second_page_queries(client, provider, provider_member, courses):
    CourseFactory.create_batch(courses, provider=provider)
    client.force_login(provider_member)
    client.post(
        reverse("diversity:course_create", args=[provider.slug]),
        {
            "title": "Games design",
            "summary": "Make games.",
            "description": "Design, build and test a game.",
            "subject": "design",
            "level": "entry",
            "length_weeks": "10",
            "hours_per_week": "16",
        },
    )
    url = reverse("diversity:course_create_location", args=[provider.slug])
    assert _count(client, url) <= CEILING


@pytest.mark.parametrize("wordings", [1, 6])
def test_charter_check_your_answers_queries(client, org_owner, organisation, wordings):
    for _ in range(wordings):
        PledgeVersionFactory(
            effective_from=timezone.localdate() - datetime.timedelta(days=1)
        )
    client.force_login(org_owner)
    step = "diversity:charter_sign_step"
    slug = organisation.slug
    client.post(
        reverse(step, args=[slug, "organisation"]),
        {"sector": "tech", "size_band": "50-249"},
    )
    client.post(
        reverse(step, args=[slug, "sponsor"]),
        {
            "sponsor_name": "Ada Sponsor",
            "sponsor_job_title": "CTO",
            "sponsor_email": "ada@example.com",
        },
    )
    client.post(
        reverse(step, args=[slug, "contact"]),
        {"contact_name": "Charlie", "contact_email": "charter@example.com"},
    )
    pledges = client.get(reverse(step, args=[slug, "pledges"])).context["form"]
    client.post(
        reverse(step, args=[slug, "pledges"]), dict.fromkeys(pledges.fields, "on")
    )
    url = reverse("diversity:charter_sign_check", args=[slug])
    assert _count(client, url) <= CEILING
