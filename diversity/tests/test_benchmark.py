"""The benchmark and its small-number rule: a group of fewer than 3
organisations or fewer than 10 people is never shown, in the page, the CSV,
the JSON or an organisation's own comparison."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.tests.factories import MembershipFactory, UserFactory
from diversity.selectors_charter import benchmark_for
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


def submit(year, people, women, *, sector="tech", size="250-999", recruited=0, rw=0):
    signatory = SignatoryFactory(sector=sector, size_band=size)
    return SubmissionFactory(
        signatory=signatory,
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
        recruited=recruited,
        recruited_women=rw,
    )


def two_orgs_nine_people(year):
    submit(year, 4, 2)
    submit(year, 5, 1)


def three_orgs_ten_people(year):
    submit(year, 3, 1)
    submit(year, 3, 1)
    submit(year, 4, 2)


# --- The rule itself --------------------------------------------------------------


def test_two_organisations_are_suppressed_however_many_people(year):
    submit(year, 100, 20)
    submit(year, 100, 30)
    result = benchmark_for(year)
    assert result.overall.suppressed
    assert result.overall.women_percent is None
    assert result.overall.public()["women"] is None


def test_three_organisations_with_nine_people_are_suppressed(year):
    submit(year, 3, 1)
    submit(year, 3, 1)
    submit(year, 3, 2)
    assert benchmark_for(year).overall.suppressed


def test_three_organisations_with_ten_people_are_shown(year):
    three_orgs_ten_people(year)
    result = benchmark_for(year)
    assert not result.overall.suppressed
    assert result.overall.women_percent == 40.0
    assert result.sector("tech").women_percent == 40.0
    assert result.size("250-999").women_percent == 40.0


def test_recruitment_share_has_its_own_ten_people_rule(year):
    submit(year, 10, 5, recruited=3, rw=1)
    submit(year, 10, 5, recruited=3, rw=1)
    submit(year, 10, 5, recruited=3, rw=1)
    result = benchmark_for(year)
    assert not result.overall.suppressed
    assert result.overall.recruited_suppressed
    assert result.overall.recruited_women_percent is None
    submit(year, 10, 5, recruited=1, rw=1)
    result = benchmark_for(year)
    assert result.overall.recruited_women_percent == 40.0


def test_one_hidden_group_hides_the_next_smallest_too(year):
    for _ in range(3):
        submit(year, 40, 10, sector="tech")
    for _ in range(3):
        submit(year, 20, 10, sector="finance")
    for _ in range(2):
        submit(year, 30, 10, sector="retail")
    result = benchmark_for(year)
    assert result.sector("retail").suppressed  # 2 organisations
    assert result.sector("finance").suppressed  # else retail = total - the rest
    assert not result.sector("tech").suppressed
    assert not result.overall.suppressed


def test_withdrawn_signatories_do_not_count(year):
    three_orgs_ten_people(year)
    submission = submit(year, 50, 50)
    submission.signatory.withdrawn_at = timezone.now()
    submission.signatory.save()
    assert benchmark_for(year).overall.headcount == 10


# --- Each output ------------------------------------------------------------------


def _page(client, year):
    return client.get(reverse("diversity:benchmark", args=[year.year])).content.decode()


def test_page_suppresses_two_orgs_nine_people(client, year):
    two_orgs_nine_people(year)
    html = _page(client, year)
    assert "Not enough signatories have reported figures" in html
    assert "33.3%" not in html
    assert ">9<" not in html
    assert "Not shown" in html


def test_page_shows_three_orgs_ten_people(client, year):
    three_orgs_ten_people(year)
    html = _page(client, year)
    assert (
        "Across 3 signatories, 40.0% of the 10 people in tech roles are women." in html
    )
    assert "Tech Nation Report 2018" in html


# --- An organisation's own comparison ---------------------------------------------


def _own_dashboard(client, submission):
    user = UserFactory()
    MembershipFactory(organisation=submission.signatory.organisation, user=user)
    client.force_login(user)
    return client.get(
        reverse(
            "diversity:signatory_dashboard",
            args=[submission.signatory.organisation.slug],
        )
    ).content.decode()


def test_own_comparison_suppresses_two_orgs_nine_people(client, year):
    own = submit(year, 4, 2)
    submit(year, 5, 1)
    html = _own_dashboard(client, own)
    comparison = html.split('id="comparison"')[1].split("</table>")[0]
    assert "50.0%" in comparison  # its own figure
    assert comparison.count("Not shown: too few organisations or people") == 3
    assert "33.3%" not in comparison


def test_own_comparison_shows_three_orgs_ten_people(client, year):
    own = submit(year, 3, 1)
    submit(year, 3, 1)
    submit(year, 4, 2)
    html = _own_dashboard(client, own)
    comparison = html.split('id="comparison"')[1].split("</table>")[0]
    assert "33.3%" in comparison  # its own
    assert comparison.count("40.0%") == 3  # all, its sector, its size band
    assert "Not shown" not in comparison


# --- Each half of the rule on its own, in every output ------------------------------


def two_orgs_twenty_people(year):
    submit(year, 12, 5, recruited=10, rw=4)
    submit(year, 8, 3, recruited=10, rw=3)


def three_orgs_nine_people(year):
    # (Recruitment has its own 10-people rule: 3 recruited here.)
    submit(year, 3, 1, recruited=1, rw=1)
    submit(year, 3, 1, recruited=1, rw=0)
    submit(year, 3, 2, recruited=1, rw=1)


SMALL_GROUPS = [
    pytest.param(two_orgs_twenty_people, ("40.0%", "35.0%", ">20<"), id="two-orgs"),
    pytest.param(three_orgs_nine_people, ("44.4%", "66.7%", ">9<"), id="nine-people"),
]


@pytest.mark.parametrize(("make", "secrets"), SMALL_GROUPS)
def test_each_half_of_the_rule_hides_the_group_everywhere(client, year, make, secrets):
    """Fewer than 3 organisations (however many people), or fewer than 10
    people (however many organisations): hidden on the charter's home page,
    the benchmark page and its charts, the CSV, the JSON and an organisation's
    own comparison."""
    import csv
    import json

    make(year)
    home = client.get(reverse("diversity:charter_home")).content.decode()
    assert "Not enough signatories have reported their figures yet" in home
    benchmark = _page(client, year)
    assert "Not enough signatories have reported figures" in benchmark
    for html in (home, benchmark):
        for secret in secrets:
            assert secret not in html, secret

    data = json.loads(
        client.get(reverse("diversity:open_data_json", args=[year.year])).content
    )
    groups = [data["overall"], *data["by_sector"], *data["by_size_band"]]
    for group in groups:
        assert group["suppressed"] is True
        assert group["recruited_suppressed"] is True
        assert group["people_in_tech_roles"] is None
        assert group["women_percent"] is None
        assert group["recruited_women_percent"] is None

    body = client.get(
        reverse("diversity:open_data_csv", args=[year.year])
    ).content.decode()
    rows = list(
        csv.DictReader(line for line in body.splitlines() if not line.startswith("#"))
    )
    assert rows
    for row in rows:
        assert row["suppressed"] == "yes"
        assert row["people_in_tech_roles"] == row["women"] == ""
        assert row["women_percent"] == row["recruited_women_percent"] == ""

    own = _own_dashboard(client, year.submissions.order_by("pk").first())
    comparison = own.split('id="comparison"')[1].split("</table>")[0]
    assert comparison.count("Not shown: too few organisations or people") == 3
