"""The programme dashboard and its CSV: who may see them, the figures, and
small numbers suppressed in both."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from diversity.models import Application, EqualityMonitoring, Outcome
from diversity.selectors_programme import programme_dashboard
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    ProgrammeTargetFactory,
    ProviderFactory,
    borough,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

URL = reverse("diversity:programme_dashboard")
CSV_URL = reverse("diversity:programme_csv")


@pytest.fixture
def year():
    today = timezone.localdate()
    return ProgrammeTargetFactory(
        name="This year",
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=165),
        women_percent=50,
        bame_percent=60,
    )


def started_cohort(provider=None, **kwargs):
    starts = timezone.localdate() - datetime.timedelta(days=30)
    extra = {"course__provider": provider} if provider else {}
    return CohortFactory(
        starts_on=starts,
        applications_close_on=starts - datetime.timedelta(days=7),
        capacity=100,
        **extra,
        **kwargs,
    )


def participants(cohort, n, *, sex="female", ethnic_group="black", **kwargs):
    made = []
    for _ in range(n):
        application = ApplicationFactory(
            cohort=cohort, status=Application.Status.ACCEPTED, **kwargs
        )
        EqualityMonitoring.objects.create(
            application=application,
            consent_given_at=timezone.now(),
            sex=sex,
            ethnic_group=ethnic_group,
        )
        made.append(application)
    return made


def page(client, **params) -> str:
    return client.get(URL, params).content.decode()


def csv_rows(client) -> list[list[str]]:
    response = client.get(CSV_URL)
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- Access ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("persona", ["resident", "org_member", "inclusion_officer"])
@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_others_are_refused(client, request, persona, url):
    user = request.getfixturevalue(persona)
    if persona == "inclusion_officer":
        force_login_with_mfa(client, user)
    else:
        client.force_login(user)
    assert client.get(url).status_code == 403


def test_programme_manager_without_two_factor_sign_in_is_stopped(
    client, programme_manager
):
    client.force_login(programme_manager)
    assert client.get(URL).status_code != 200


@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_programme_manager_sees_it(client, programme_manager, year, url):
    force_login_with_mfa(client, programme_manager)
    assert client.get(url).status_code == 200


# --- Figures --------------------------------------------------------------------


def test_figures_are_counted_in_the_database(year):
    cohort = started_cohort()
    women = participants(cohort, 12, sex="female", ethnic_group="asian")
    participants(cohort, 12, sex="male", ethnic_group="white")
    participants(cohort, 5, sex="prefer_not_to_say", ethnic_group="prefer_not_to_say")
    ApplicationFactory.create_batch(3, cohort=cohort)  # applied, not started
    future = CohortFactory()  # accepted but not started yet: not a start
    ApplicationFactory(cohort=future, status=Application.Status.ACCEPTED)
    for application in women[:11]:
        Application.objects.filter(pk=application.pk).update(completion="completed")
        Outcome.objects.create(
            application=application,
            months_after=3,
            kind=Outcome.Kind.JOB,
            recorded_by=application.applicant,
        )

    dashboard = programme_dashboard(year=year)
    totals = dashboard.totals
    assert totals.applicants.count == 33
    assert totals.starts.count == 29
    assert totals.completions.count == 11
    # Prefer not to say is in neither part of a share.
    assert totals.women.percent == 50.0
    assert totals.bame.percent == 50.0
    assert totals.women.target == 50
    jobs_at_3 = next(
        o for o in dashboard.outcomes if o.months == 3 and o.label == "In a job"
    )
    assert jobs_at_3.figure.count == 11


def _outcomes(applications, months, kind):
    for application in applications:
        Outcome.objects.create(application=application, months_after=months, kind=kind)


def test_outcomes_by_provider_and_borough_count_people_once(
    client, programme_manager, year
):
    big = started_cohort(provider=ProviderFactory(name="Big Academy"))
    middle = started_cohort(provider=ProviderFactory(name="Middle Academy"))
    small = started_cohort(provider=ProviderFactory(name="Small Academy"))
    at_big = participants(big, 14)
    at_middle = participants(middle, 12, borough=borough("Camden"))
    at_small = participants(small, 3)
    # Both milestones recorded: the join gives each application two rows,
    # which must not double the other counts.
    _outcomes(at_big, 3, Outcome.Kind.FURTHER_STUDY)
    _outcomes(at_big[:11], 6, Outcome.Kind.JOB)
    _outcomes(at_big[11:], 6, Outcome.Kind.NONE)
    _outcomes(at_middle, 3, Outcome.Kind.NONE)
    _outcomes(at_middle[:10], 6, Outcome.Kind.APPRENTICESHIP)
    _outcomes(at_small, 6, Outcome.Kind.JOB)

    dashboard = programme_dashboard(year=year)
    assert dashboard.totals.starts.count == 29
    assert dashboard.totals.women.numerator.count == 29
    assert dashboard.totals.progressed.count == 24
    rows = {row.label: row for row in dashboard.by_provider}
    assert rows["Big Academy"].starts.count == 14
    assert rows["Big Academy"].progressed.count == 11
    # 3 is small; 10 is then the smallest left, hidden so 3 cannot be worked out.
    assert rows["Small Academy"].progressed.display == "fewer than 10"
    assert rows["Middle Academy"].progressed.display == "hidden"
    boroughs = {row.label: row for row in dashboard.by_borough}
    assert boroughs["Camden"].starts.count == 12

    force_login_with_mfa(client, programme_manager)
    html = page(client)
    assert "In work or study after 6 months" in html
    big_row = html.split("Big Academy</th>")[1].split("</tr>")[0]
    assert ">11<" in big_row and ">14<" in big_row
    small_row = html.split("Small Academy</th>")[1].split("</tr>")[0]
    assert ">3<" not in small_row
    measure = "In a job, apprenticeship or further study 6 months after"
    shown = {r[1]: r[3] for r in csv_rows(client) if len(r) == 4 and r[2] == measure}
    assert shown["All providers"] == "24"
    assert shown["Big Academy"] == "11"
    assert shown["Small Academy"] == "fewer than 10"
    assert shown["Middle Academy"] == "hidden"


def test_nine_is_suppressed_and_ten_is_shown_on_the_page(
    client, programme_manager, year
):
    nine = started_cohort(provider=ProviderFactory(name="Nine Academy"))
    ten = started_cohort(provider=ProviderFactory(name="Ten Academy"))
    participants(nine, 9)
    participants(ten, 10, borough=borough("Camden"))
    force_login_with_mfa(client, programme_manager)
    html = page(client)
    nine_row = html.split("Nine Academy</th>")[1].split("</tr>")[0]
    ten_row = html.split("Ten Academy</th>")[1].split("</tr>")[0]
    assert "fewer than 10" in nine_row
    assert ">9<" not in nine_row
    # Ten is shown unless it is the one cell that would give the nine away:
    # here it is, as the only other cell in the column.
    assert "hidden" in ten_row or ">10<" in ten_row
    # The share of a suppressed group is not shown.
    assert "not shown" in nine_row
    # The Camden row: 10 people, all shown (Hackney has 9: suppressed).
    camden_row = html.split("Camden</th>")[1].split("</tr>")[0]
    assert "fewer than 10" not in camden_row.split("</td>")[1]  # its starts
    hackney_row = html.split("Hackney</th>")[1].split("</tr>")[0]
    assert "fewer than 10" in hackney_row
    assert "100%" not in hackney_row


def test_a_single_group_of_ten_is_shown_with_its_share(client, programme_manager, year):
    cohort = started_cohort(provider=ProviderFactory(name="Ten Academy"))
    participants(cohort, 10)
    participants(cohort, 10, sex="male")
    force_login_with_mfa(client, programme_manager)
    html = page(client)
    row = html.split("Ten Academy</th>")[1].split("</tr>")[0]
    assert ">20<" in row
    assert "50%" in row


@pytest.mark.parametrize("men", [0, 1, 9])
def test_a_share_whose_rest_is_small_is_not_shown(client, programme_manager, year, men):
    # 11 young women and one young man: 91.7% would say there is one man.
    cohort = started_cohort(provider=ProviderFactory(name="Eleven Academy"))
    participants(cohort, 11, ethnic_group="white")
    participants(cohort, men, sex="male", ethnic_group="white")
    dashboard = programme_dashboard(year=year)
    assert dashboard.totals.starts.count == 11 + men
    assert dashboard.totals.women.percent is None
    assert dashboard.totals.women.display == "not shown"
    force_login_with_mfa(client, programme_manager)
    row = page(client).split("Eleven Academy</th>")[1].split("</tr>")[0]
    assert "not shown" in row
    assert "%" not in row
    shares = [
        r[3]
        for r in csv_rows(client)
        if len(r) == 4
        and r[0] in ("Programme", "Training provider")
        and r[2] == "Share of young women"
    ]
    assert shares == ["not shown", "not shown"]


def test_a_share_whose_rest_is_ten_is_shown(programme_manager, year):
    cohort = started_cohort()
    participants(cohort, 11)
    participants(cohort, 10, sex="male")
    assert programme_dashboard(year=year).totals.women.percent == 52.4


def test_a_single_group_of_nine_is_suppressed(client, programme_manager, year):
    participants(started_cohort(provider=ProviderFactory(name="Nine Academy")), 9)
    force_login_with_mfa(client, programme_manager)
    html = page(client)
    row = html.split("Nine Academy</th>")[1].split("</tr>")[0]
    assert "fewer than 10" in row and ">9<" not in row


def test_csv_suppresses_the_same_way(client, programme_manager, year):
    participants(started_cohort(provider=ProviderFactory(name="Nine Academy")), 9)
    force_login_with_mfa(client, programme_manager)
    rows = csv_rows(client)
    nine = {r[2]: r[3] for r in rows if len(r) == 4 and r[1] == "Nine Academy"}
    assert nine["Starts"] == "fewer than 10"
    assert nine["Share of young women"] == "not shown"
    assert all(r[3] != "9" for r in rows if len(r) == 4)


def test_csv_shows_ten(client, programme_manager, year):
    cohort = started_cohort(provider=ProviderFactory(name="Ten Academy"))
    participants(cohort, 10)
    participants(cohort, 10, sex="male")
    force_login_with_mfa(client, programme_manager)
    rows = csv_rows(client)
    ten = {r[2]: r[3] for r in rows if len(r) == 4 and r[1] == "Ten Academy"}
    assert ten["Starts"] == "20"
    assert ten["Share of young women"] == "50%"


def test_csv_has_no_individual_rows(client, programme_manager, year):
    made = participants(started_cohort(), 12)
    force_login_with_mfa(client, programme_manager)
    body = client.get(CSV_URL).content.decode()
    assert made[0].full_name not in body
    assert made[0].postcode not in body


def test_year_filter(client, programme_manager, year):
    old = ProgrammeTargetFactory(
        name="Last year",
        starts_on=year.starts_on - datetime.timedelta(days=365),
        ends_on=year.starts_on - datetime.timedelta(days=1),
    )
    participants(started_cohort(provider=ProviderFactory(name="This year's")), 10)
    force_login_with_mfa(client, programme_manager)
    assert "This year&#x27;s" in page(client)
    html = page(client, year=old.pk)
    assert "This year&#x27;s" not in html
    assert "Last year" in html
    # Nonsense is ignored, not a 500.
    assert client.get(URL, {"year": "nonsense"}).status_code == 200


def test_page_says_how_shares_are_worked_out(client, programme_manager, year):
    force_login_with_mfa(client, programme_manager)
    html = page(client)
    assert "preferred not to say" in html
    assert 'role="img"' in html  # the charts, with a table beside them


@pytest.mark.parametrize("providers", [1, 5])
def test_query_count_does_not_grow(
    client, programme_manager, year, django_assert_max_num_queries, providers
):
    for _ in range(providers):
        participants(started_cohort(), 3)
    force_login_with_mfa(client, programme_manager)
    with django_assert_max_num_queries(14):
        assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(CSV_URL).status_code == 200
