"""Browse, search, filters and sorts (selectors and the page)."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough
from crowdfund import selectors
from crowdfund.models import Project
from crowdfund.tests.factories import LiveProjectFactory, ProjectFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _now():
    return timezone.now()


def _live(**kwargs):
    return LiveProjectFactory(**kwargs)


@pytest.fixture
def boroughs():
    return {
        "southwark": Borough.objects.get(gss_code="E09000028"),
        "havering": Borough.objects.get(gss_code="E09000016"),
    }


def _slugs(queryset):
    return [project.slug for project in queryset]


def test_only_public_visible_projects_are_browsable(db):
    live = _live(slug="live-one")
    ProjectFactory(slug="a-draft")
    _live(slug="hidden-one", is_hidden=True)
    _live(slug="in-review").__class__.objects.filter(slug="in-review").update(
        status=Project.Status.IN_REVIEW
    )
    assert _slugs(selectors.project_browse()) == [live.slug]


def test_filter_by_borough_and_theme(boroughs):
    garden = ThemeFactory(slug="gardens", name="Gardens")
    a = _live(slug="a", borough=boroughs["southwark"], theme=garden)
    _live(slug="b", borough=boroughs["havering"], theme=garden)
    _live(slug="c", borough=boroughs["southwark"])
    assert set(_slugs(selectors.project_browse(borough=boroughs["southwark"]))) == {
        "a",
        "c",
    }
    assert _slugs(
        selectors.project_browse(borough=boroughs["southwark"], theme=garden)
    ) == [a.slug]


def test_filter_by_status_funded_means_reached_target(db):
    _live(slug="live-short", target_pence=1_000_000, crowd_pence=10_000)
    _live(
        slug="live-reached",
        target_pence=1_000_000,
        crowd_pence=600_000,
        city_hall_pence=400_000,
    )
    _live(slug="closed-funded", status=Project.Status.FUNDED, crowd_pence=1_000_000)
    _live(slug="unfunded", status=Project.Status.UNFUNDED)
    _live(slug="delivering", status=Project.Status.DELIVERING)
    _live(slug="completed", status=Project.Status.COMPLETED)
    assert set(_slugs(selectors.project_browse(status="live"))) == {
        "live-short",
        "live-reached",
    }
    assert set(_slugs(selectors.project_browse(status="funded"))) == {
        "live-reached",
        "closed-funded",
    }
    assert _slugs(selectors.project_browse(status="delivering")) == ["delivering"]
    assert _slugs(selectors.project_browse(status="completed")) == ["completed"]


def test_sort_newest_first(db):
    _live(slug="old", live_at=_now() - datetime.timedelta(days=20))
    _live(slug="new", live_at=_now() - datetime.timedelta(days=1))
    _live(slug="middle", live_at=_now() - datetime.timedelta(days=5))
    assert _slugs(selectors.project_browse(sort="newest")) == ["new", "middle", "old"]


def test_sort_ending_soon_puts_live_campaigns_first(db):
    _live(slug="later", deadline=_now() + datetime.timedelta(days=20))
    _live(slug="soon", deadline=_now() + datetime.timedelta(days=2))
    _live(
        slug="closed",
        status=Project.Status.FUNDED,
        deadline=_now() - datetime.timedelta(days=2),
    )
    assert _slugs(selectors.project_browse(sort="ending_soon")) == [
        "soon",
        "later",
        "closed",
    ]


def test_sort_by_percentage_funded(db):
    # Percentage, not amount: £900 of £1,000 beats £5,000 of £100,000.
    _live(slug="ninety", target_pence=100_000, crowd_pence=90_000)
    _live(slug="five", target_pence=10_000_000, crowd_pence=500_000)
    _live(
        slug="over",
        target_pence=100_000,
        crowd_pence=80_000,
        city_hall_pence=60_000,
    )
    assert _slugs(selectors.project_browse(sort="percent_funded")) == [
        "over",
        "ninety",
        "five",
    ]


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the icontains fallback is for SQLite"
)
def test_search_fallback_matches_every_word_in_title_summary_or_description(db):
    _live(slug="orchard", title="Pocket orchard", summary="Fruit trees for all")
    _live(
        slug="mural",
        title="Murals",
        summary="Colour",
        description="Painting walls near the orchard",
    )
    _live(slug="cinema", title="Rooftop cinema", summary="Films", description="")
    assert set(_slugs(selectors.project_browse(words="orchard"))) == {
        "orchard",
        "mural",
    }
    assert _slugs(selectors.project_browse(words="ORCHARD fruit")) == ["orchard"]
    assert _slugs(selectors.project_browse(words="skate")) == []


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="full-text search needs PostgreSQL (set DATABASE_URL)",
)
def test_search_on_postgres_uses_full_text_search_with_stemming_and_rank(db):
    _live(
        slug="gardening",
        title="Gardening club",
        summary="Growing vegetables",
        description="",
    )
    _live(
        slug="mention",
        title="Repair café",
        summary="Fix things",
        description="Near the garden centre.",
    )
    _live(slug="cinema", title="Rooftop cinema", summary="Films", description="")
    # English stemming: "gardens" and "gardening" are both "garden"; a match in
    # the title ranks above one in the description.
    results = _slugs(selectors.project_browse(words="gardens"))
    assert results == ["gardening", "mention"]
    assert _slugs(selectors.project_browse(words='"rooftop cinema"')) == ["cinema"]
    assert _slugs(selectors.project_browse(words="cinema -rooftop")) == []
    sql = str(selectors.project_browse(words="garden").query)
    assert "to_tsvector" in sql and "websearch_to_tsquery" in sql


# --- The page ---------------------------------------------------------------------


def _browse(client, **params):
    return client.get(reverse("crowdfund:browse"), params)


def test_browse_page_shows_count_and_filters(client, boroughs):
    _live(slug="x", title="Southwark garden", borough=boroughs["southwark"])
    _live(slug="y", title="Havering mural", borough=boroughs["havering"])
    response = _browse(client, borough="southwark")
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 project" in page
    assert "Southwark garden" in page and "Havering mural" not in page
    assert '<form method="get"' in page
    assert 'value="southwark" selected' in page
    assert "Clear filters" in page


def test_browse_ignores_bad_filter_values(client, db):
    _live(slug="x", title="Still listed")
    response = _browse(
        client, borough="atlantis", theme="nope", status="bogus", sort="weird", page="x"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Still listed" in page
    assert "There is a problem" not in page
    assert "<title>Error" not in page


def test_browse_no_results_message(client, db):
    page = _browse(client, q="zzzznothing").content.decode()
    assert "0 projects" in page
    assert "No projects match your search." in page


def test_browse_is_paginated(client, db):
    for i in range(15):
        _live(slug=f"p-{i}", title=f"Project {i:02d}")
    page1 = _browse(client).content.decode()
    assert "15 projects" in page1
    assert 'class="govuk-pagination"' in page1
    page2 = _browse(client, page=2).content.decode()
    assert page2.count('class="cf-card"') == 3
    assert "(page 2)" in page2


@pytest.mark.parametrize("n", [5, 40])
def test_browse_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    for i in range(n):
        _live(slug=f"p-{i}", theme=ThemeFactory())
    with django_assert_max_num_queries(6):
        response = _browse(client, q="garden", sort="percent_funded")
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        assert _browse(client).status_code == 200


def test_status_any_shows_every_public_project(client, db):
    _live(slug="a", title="Live one")
    _live(slug="b", title="Done one", status=Project.Status.COMPLETED)
    page = _browse(client, status="any").content.decode()
    assert "2 projects" in page
    assert 'value="any" checked' in page


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (datetime.timedelta(days=2, hours=20), "3 days left"),
        (datetime.timedelta(days=1, hours=1), "2 days left"),
        (datetime.timedelta(hours=5), "Last day"),
        (-datetime.timedelta(days=1), "Ended on"),
    ],
)
def test_time_left(delta, text):
    from crowdfund.templatetags.crowdfund_public import time_left

    project = Project(deadline=_now() + delta)
    assert time_left(project).startswith(text)


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the GIN search index exists on PostgreSQL only",
)
def test_search_on_postgres_can_use_the_gin_index(db):
    for i in range(30):
        _live(slug=f"p-{i}", title=f"Project {i}")
    queryset = selectors.project_search(Project.objects.all(), "garden")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            plan = queryset.explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "crowdfund_project_search" in plan


def test_a_funding_rounds_address_lists_its_projects(client, db):
    from crowdfund.tests.factories import FundingRoundFactory

    this_round, other_round = FundingRoundFactory(), FundingRoundFactory()
    _live(slug="in-round", title="In this round", funding_round=this_round)
    _live(slug="other", title="In another round", funding_round=other_round)
    page = client.get(this_round.get_absolute_url()).content.decode()
    assert "In this round" in page and "In another round" not in page
    assert "1 project" in page
