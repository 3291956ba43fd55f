"""Get online's public pages: the landing page, the search for a place and a
place's page. Everyone may see them; only active places are shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough
from inclusion.tests.factories import (
    CourseFactory,
    OpeningHoursFactory,
    SchemeFactory,
    SiteFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db

VISITORS = ["anonymous", "resident", "inclusion_officer"]


@pytest.fixture
def as_visitor(request, client):
    def login(name):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return login


# --- Landing page -----------------------------------------------------------------


@pytest.mark.parametrize("visitor", VISITORS)
def test_index_is_public(as_visitor, visitor):
    response = as_visitor(visitor).get(reverse("inclusion:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Get online</h1>' in html
    assert reverse("inclusion:site_list") in html
    assert reverse("inclusion:course_list") in html
    assert reverse("inclusion:my_programme") in html


def test_index_links_each_open_scheme_only(client):
    open_scheme = SchemeFactory(name="Lewisham tablet loans")
    closed = SchemeFactory(name="Closed scheme", is_open=False)
    html = client.get(reverse("inclusion:index")).content.decode()
    assert open_scheme.get_absolute_url() in html
    assert closed.get_absolute_url() not in html


@pytest.mark.parametrize("schemes", [1, 6])
def test_index_query_count_does_not_grow(
    client, django_assert_max_num_queries, schemes
):
    SchemeFactory.create_batch(schemes)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("inclusion:index")).status_code == 200


# --- Find a place -----------------------------------------------------------------


def _search(client, **params):
    return client.get(reverse("inclusion:site_list"), params)


@pytest.mark.parametrize("visitor", VISITORS)
def test_site_list_is_public(as_visitor, visitor):
    SiteFactory(name="Catford Library")
    response = as_visitor(visitor).get(reverse("inclusion:site_list"))
    assert response.status_code == 200
    assert "Catford Library" in response.content.decode()


def test_inactive_sites_are_not_listed(client):
    SiteFactory(name="Closed Library", is_active=False)
    assert "Closed Library" not in _search(client).content.decode()


def test_search_by_borough(client):
    SiteFactory(name="Catford Library")
    SiteFactory(name="Camden Library", borough=Borough.objects.get(name="Camden"))
    html = _search(client, borough="camden").content.decode()
    assert "Camden Library" in html
    assert "Catford Library" not in html


@pytest.mark.parametrize("typed", ["SE6", "se6", " se6 ", "SE6 4RU", "se64ru"])
def test_search_by_postcode_district_or_full_postcode(client, typed):
    SiteFactory(name="Catford Library", postcode="SE6 4RU")
    SiteFactory(name="Deptford Lounge", postcode="SE8 4RJ")
    SiteFactory(name="Near miss", postcode="SE16 2TU")
    html = _search(client, postcode=typed).content.decode()
    assert "Catford Library" in html
    assert "Deptford Lounge" not in html
    assert "Near miss" not in html


@pytest.mark.parametrize("typed", ["not a postcode", "123", "SE6 4R", "QQ1"])
def test_bad_postcode_is_a_govuk_error(client, typed):
    SiteFactory(name="Catford Library")
    response = _search(client, postcode=typed)
    assert response.status_code == 200
    html = response.content.decode()
    message = "Enter a postcode district, like SE6, or a full postcode"
    assert html.count(message) == 2  # summary and next to the field
    assert 'href="#id_postcode"' in html
    assert "<title>Error: " in html
    assert "Catford Library" not in html


def test_unknown_borough_is_an_error_not_a_500(client):
    response = _search(client, borough="atlantis")
    assert response.status_code == 200
    assert "Choose a borough from the list" in response.content.decode()


def test_filter_by_what_a_place_offers(client):
    SiteFactory(name="Lends only", runs_training=False)
    SiteFactory(name="Teaches only", lends_devices=False)
    html = _search(client, offers="devices").content.decode()
    assert "Lends only" in html and "Teaches only" not in html
    html = _search(client, offers="training").content.decode()
    assert "Teaches only" in html and "Lends only" not in html


def test_results_are_paginated(client):
    SiteFactory.create_batch(12)
    first = _search(client, postcode="SE6").content.decode()
    assert "12 places" in first
    assert "page=2" in first
    second = _search(client, postcode="SE6", page=2)
    assert second.status_code == 200
    assert "(page 2)" in second.content.decode()


@pytest.mark.parametrize("sites", [2, 12])
def test_site_list_query_count_does_not_grow(
    client, django_assert_max_num_queries, sites
):
    SiteFactory.create_batch(sites)
    with django_assert_max_num_queries(4):
        response = _search(client, postcode="SE6", offers="devices")
    assert response.status_code == 200


# --- A place's page ---------------------------------------------------------------


@pytest.fixture
def catford():
    site = SiteFactory(name="Catford Library", slug="catford-library")
    OpeningHoursFactory(
        site=site,
        weekday=0,
        opens_at=datetime.time(9, 30),
        closes_at=datetime.time(12, 0),
    )
    OpeningHoursFactory(
        site=site,
        weekday=0,
        opens_at=datetime.time(13, 0),
        closes_at=datetime.time(17, 0),
    )
    OpeningHoursFactory(site=site, weekday=5)
    return site


@pytest.mark.parametrize("visitor", VISITORS)
def test_site_detail_is_public(as_visitor, visitor, catford):
    response = as_visitor(visitor).get(catford.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and html.count("<h1") == 1
    assert "Laurence House, 1 Catford Road" in html
    assert "Step-free entrance" in html
    assert "020 8314 6399" in html


def test_site_detail_opening_hours_start_on_monday_with_closed_days(client, catford):
    html = client.get(catford.get_absolute_url()).content.decode()
    assert "9:30am to midday, 1pm to 5pm" in html
    assert html.index("Monday") < html.index("Tuesday") < html.index("Sunday")
    assert html.count("Closed") == 5  # Tuesday to Friday and Sunday


def test_site_detail_lists_schemes_and_upcoming_sessions(client, catford):
    scheme = SchemeFactory(name="Lewisham tablet loans", sites=[catford])
    SchemeFactory(name="Closed scheme", sites=[catford], is_open=False)
    course = CourseFactory(title="Staying safe online")
    soon = TrainingSessionFactory(site=catford, course=course)
    TrainingSessionFactory(
        site=catford,
        course=CourseFactory(title="Already happened"),
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=2, hours=-2),
    )
    TrainingSessionFactory(
        site=catford,
        course=CourseFactory(title="Cancelled course"),
        cancelled_at=timezone.now(),
    )
    html = client.get(catford.get_absolute_url()).content.decode()
    assert scheme.get_absolute_url() in html
    assert "Closed scheme" not in html
    assert reverse("inclusion:session_detail", kwargs={"pk": soon.pk}) in html
    assert "Staying safe online" in html
    assert "Already happened" not in html
    assert "Cancelled course" not in html


def test_inactive_or_unknown_site_is_404(client):
    hidden = SiteFactory(is_active=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    url = reverse("inclusion:site_detail", kwargs={"slug": "nowhere"})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("extra", [1, 8])
def test_site_detail_query_count_does_not_grow(
    client, django_assert_max_num_queries, catford, extra
):
    SchemeFactory.create_batch(extra, sites=[catford])
    TrainingSessionFactory.create_batch(extra, site=catford)
    for day in range(1, 1 + min(extra, 6)):
        OpeningHoursFactory(site=catford, weekday=day)
    with django_assert_max_num_queries(6):
        assert client.get(catford.get_absolute_url()).status_code == 200
