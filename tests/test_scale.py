"""The benchmark's machinery (issue 8), and the budget that is a test: every
key page makes at most 12 SQL queries, and the same number at two data sizes.

The key pages are the ones each app lists for ``make bench``
(``civic.registry.registry.bench_pages``), in a database seeded by the same
``seed_scale`` seeders the benchmark uses, at two small sizes (10x apart).
"""

import io
import random

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from civic.registry import registry
from civic.scale import (
    FULL_SIZES,
    Progress,
    Scale,
    bench_session_cookie,
    bulk_insert,
    seed_users,
)
from civic.views.bench import CEILING_BODY, ceiling

QUERY_BUDGET = 12
SMALL = 0.0004
LARGE = 0.004


def test_scale_fraction_scales_sizes_but_not_the_shape():
    tenth = Scale.full().fraction(0.1)
    assert tenth.users == FULL_SIZES["users"] // 10
    assert tenth.pledges == FULL_SIZES["pledges"] // 10
    assert tenth.big_survey_questions == 12  # the survey keeps its 12 questions
    assert Scale.full().fraction(0.000001).threads == 1  # never zero


@pytest.mark.django_db
def test_bulk_insert_reports_progress_and_creates_every_row():
    from civic.models import Organisation

    stream = io.StringIO()
    step = Progress(stream).step("organisations", 12)
    bulk_insert(
        Organisation,
        (
            Organisation(name=f"Org {n}", slug=f"org-{n}", type="charity")
            for n in range(12)
        ),
        step=step,
        batch=5,
    )
    assert Organisation.objects.filter(slug__startswith="org-").count() == 12
    assert "organisations: 12/12 (100%)" in stream.getvalue()


@pytest.mark.django_db
def test_seed_users_creates_verified_residents_and_one_of_each_staff_group():
    from allauth.account.models import EmailAddress

    from civic import groups
    from civic.models import User

    seed_users(Scale.full().fraction(0.001), Progress(io.StringIO()), random.Random(1))
    assert (
        User.objects.filter(email__startswith="scale-")
        .exclude(email__startswith="scale-staff-")
        .count()
        == 50
    )
    assert EmailAddress.objects.filter(verified=True, primary=True).count() >= 50
    for name in groups.STAFF_GROUPS:
        assert User.objects.filter(groups__name=name).exists()


@pytest.mark.django_db
def test_seed_scale_refuses_a_database_with_real_people(resident):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="separate benchmark database"):
        call_command("seed_scale", "--fraction", "0.001", stdout=io.StringIO())


def test_the_ceiling_is_a_constant_response_not_served_outside_the_benchmark(rf):
    response = ceiling(rf.get("/_bench/ceiling/"))
    assert response.status_code == 200
    assert response.content == CEILING_BODY
    with pytest.raises(NoReverseMatch):
        reverse("bench_ceiling")
    try:
        assert resolve("/_bench/ceiling/").url_name != "bench_ceiling"
    except Resolver404:
        pass


def _page_queries(fraction: float) -> dict[str, tuple[int, int]]:
    """Seed at ``fraction``, then (status, queries) for every key page."""
    from django.core.cache import cache

    call_command("seed_scale", "--fraction", str(fraction), stdout=io.StringIO())
    results = {}
    for pages in registry.bench_pages.values():
        for page in pages():
            variants = [page.user_email]
            if page.user_email and page.anonymous_too:
                variants.append(None)
            for email in variants:
                client = Client()
                if email:
                    name, value = bench_session_cookie(email, staff=page.staff).split(
                        "=", 1
                    )
                    client.cookies[name] = value
                client.get(page.path)  # warm: sessions, per-process caches
                cache.clear()  # rendering's cost, not a page-cache hit's
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(page.path)
                key = page.name + (" (signed in)" if email else "")
                results[key] = (response.status_code, len(captured.captured_queries))
    return results


@pytest.mark.django_db
def test_key_pages_make_few_queries_and_the_same_number_at_ten_times_the_data():
    from django.core.cache import cache

    with transaction.atomic():
        small = _page_queries(SMALL)
        transaction.set_rollback(True)
    cache.clear()
    large = _page_queries(LARGE)
    if not large:
        pytest.skip("no app has registered key pages yet")
    assert small.keys() == large.keys()
    for name, (status, queries) in large.items():
        assert status == 200, f"{name} answered {status}"
        assert queries <= QUERY_BUDGET, f"{name}: {queries} queries"
        assert small[name][1] == queries, (
            f"{name}: {small[name][1]} queries with less data, {queries} with 10x"
        )
