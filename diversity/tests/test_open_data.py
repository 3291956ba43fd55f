"""Open data: the year's aggregates as CSV and JSON, with metadata, the
small-number rule applied, no organisation named, fixed query counts."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from diversity.tests.factories import (
    ReportingYearFactory,
    SignatoryFactory,
    SubmissionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    today = timezone.localdate()
    return ReportingYearFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


def submit(year, people, women):
    return SubmissionFactory(
        signatory=SignatoryFactory(sector="tech", size_band="250-999"),
        year=year,
        tech_headcount=people,
        women=women,
        men=people - women,
        sex_other_or_unknown=0,
        ethnicity_white=people,
        ethnicity_mixed=0,
        ethnicity_asian=0,
        ethnicity_black=0,
        ethnicity_other=0,
        ethnicity_unknown=0,
        recruited=0,
        recruited_women=0,
    )


def two_orgs_nine_people(year):
    submit(year, 4, 2)
    submit(year, 5, 1)


def three_orgs_ten_people(year):
    submit(year, 3, 1)
    submit(year, 3, 1)
    submit(year, 4, 2)


def _csv_rows(client, year):
    response = client.get(reverse("diversity:open_data_csv", args=[year.year]))
    assert response["Content-Type"].startswith("text/csv")
    lines = [
        line
        for line in response.content.decode().splitlines()
        if not line.startswith("#")
    ]
    return {
        (r["breakdown"], r["group"]): r
        for r in csv.DictReader(io.StringIO("\n".join(lines)))
    }


def test_csv_suppresses_two_orgs_nine_people(client, year):
    two_orgs_nine_people(year)
    rows = _csv_rows(client, year)
    overall = rows[("overall", "all")]
    assert overall["suppressed"] == "yes"
    assert overall["organisations"] == overall["people_in_tech_roles"] == ""
    assert overall["women"] == overall["women_percent"] == ""
    tech = rows[("sector", "tech")]
    assert tech["suppressed"] == "yes" and tech["women"] == ""


def test_csv_shows_three_orgs_ten_people(client, year):
    three_orgs_ten_people(year)
    rows = _csv_rows(client, year)
    overall = rows[("overall", "all")]
    assert overall["suppressed"] == "no"
    assert (overall["organisations"], overall["people_in_tech_roles"]) == ("3", "10")
    assert overall["women_percent"] == "40.0"
    assert rows[("size_band", "250-999")]["women"] == "4"


def test_csv_has_metadata(client, year):
    text = client.get(
        reverse("diversity:open_data_csv", args=[year.year])
    ).content.decode()
    assert f"# year: {year.year}" in text
    assert "# licence: Open Government Licence v3.0" in text
    assert "fewer than 3 organisations or fewer than 10" in text


def _json(client, year):
    return client.get(reverse("diversity:open_data_json", args=[year.year])).json()


def test_json_suppresses_two_orgs_nine_people(client, year):
    two_orgs_nine_people(year)
    data = _json(client, year)
    assert data["overall"]["suppressed"] is True
    for key in ("organisations", "people_in_tech_roles", "women", "women_percent"):
        assert data["overall"][key] is None
    tech = next(g for g in data["by_sector"] if g["group"] == "tech")
    assert tech["women"] is None


def test_json_shows_three_orgs_ten_people_with_metadata(client, year):
    three_orgs_ten_people(year)
    data = _json(client, year)
    assert data["overall"]["people_in_tech_roles"] == 10
    assert data["overall"]["women_percent"] == 40.0
    meta = data["metadata"]
    assert meta["year"] == year.year
    assert meta["licence"] == "Open Government Licence v3.0"
    assert meta["minimum_organisations"] == 3
    assert meta["minimum_people"] == 10
    assert meta["reference"]["source"] == "Tech Nation Report 2018"
    assert meta["generated"] == timezone.now().date().isoformat()


def test_open_data_never_names_an_organisation(client, year):
    three_orgs_ten_people(year)
    names = [s.signatory.organisation.name for s in year.submissions.all()]
    text = client.get(
        reverse("diversity:open_data_json", args=[year.year])
    ).content.decode()
    text += client.get(
        reverse("diversity:open_data_csv", args=[year.year])
    ).content.decode()
    assert not any(name in text for name in names)


@pytest.mark.parametrize("size", [3, 20])
def test_open_data_query_count_is_fixed(
    client, year, size, django_assert_max_num_queries
):
    for _ in range(size):
        submit(year, 10, 5)
    with django_assert_max_num_queries(3):
        client.get(reverse("diversity:open_data_csv", args=[year.year]))
    with django_assert_max_num_queries(3):
        client.get(reverse("diversity:open_data_json", args=[year.year]))
