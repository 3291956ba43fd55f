"""The confidence questionnaire pages and the evaluation dashboard and CSV."""

import csv
import io

import pytest
from django.urls import reverse

from inclusion.models import ConfidenceCheck, Loan
from inclusion.tests.factories import (
    ConfidenceQuestionFactory,
    LoanFactory,
    ParticipantFactory,
    SiteFactory,
)
from inclusion.tests.test_evaluation_services import make_programme
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions(db):
    return [
        ConfidenceQuestionFactory(text="I can use the internet to contact my bank"),
        ConfidenceQuestionFactory(text="I can make a video call"),
    ]


@pytest.fixture
def own_loan(resident):
    participant = ParticipantFactory(user=resident, email=resident.email)
    return LoanFactory(participant=participant, request__participant=participant)


def _online(loan, stage="start"):
    return reverse("inclusion:confidence_online", args=[loan.public_id, stage])


def _answers(questions, score="3"):
    return {f"q{q.pk}": score for q in questions}


# --- Online ------------------------------------------------------------------------


def test_resident_answers_their_own_loans_questionnaire(
    client, resident, own_loan, questions, django_assert_max_num_queries
):
    client.force_login(resident)
    with django_assert_max_num_queries(10):
        html = client.get(_online(own_loan)).content.decode()
    assert "1 Not at all confident" in html
    assert "5 Very confident" in html
    response = client.post(_online(own_loan), _answers(questions, "2"))
    assert response.status_code == 302
    check = ConfidenceCheck.objects.get()
    assert check.source == ConfidenceCheck.Source.ONLINE
    assert sorted(check.answers.values_list("score", flat=True)) == [2, 2]


def test_every_question_must_be_answered(client, resident, own_loan, questions):
    client.force_login(resident)
    response = client.post(_online(own_loan), {f"q{questions[0].pk}": "4"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Select how confident you are that you can make a video call" in html
    assert not ConfidenceCheck.objects.exists()
    response = client.post(_online(own_loan), _answers(questions, "9"))
    assert response.status_code == 200
    assert not ConfidenceCheck.objects.exists()


def test_answering_twice_is_a_friendly_page(client, resident, own_loan, questions):
    client.force_login(resident)
    client.post(_online(own_loan), _answers(questions))
    response = client.get(_online(own_loan))
    assert "You have already answered" in response.content.decode()
    response = client.post(_online(own_loan), _answers(questions, "5"))
    assert "You have already answered" in response.content.decode()
    assert ConfidenceCheck.objects.count() == 1
    # The end of the loan is a separate questionnaire.
    assert client.post(_online(own_loan, "end"), _answers(questions)).status_code == 302


def test_someone_elses_loan_or_a_bad_stage_is_not_found(
    client, other_resident, resident, own_loan, questions
):
    client.force_login(other_resident)
    assert client.get(_online(own_loan)).status_code == 404
    client.force_login(resident)
    assert client.get(_online(own_loan, "middle")).status_code == 404


def test_online_questionnaire_needs_sign_in(client, own_loan):
    assert client.get(_online(own_loan)).status_code == 302


# --- Paper -------------------------------------------------------------------------


def _paper(participant, stage="start"):
    return reverse("inclusion:confidence_paper", args=[participant.public_id, stage])


def test_staff_enter_paper_answers_for_a_chosen_loan(
    client, inclusion_officer, questions, django_assert_max_num_queries
):
    loan = LoanFactory()
    force_login_with_mfa(client, inclusion_officer)
    url = _paper(loan.participant)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    response = client.post(url, {"loan": loan.pk, **_answers(questions, "1")})
    assert response.status_code == 302
    check = ConfidenceCheck.objects.get()
    assert check.source == ConfidenceCheck.Source.PAPER
    assert check.entered_by == inclusion_officer
    # Once per stage.
    response = client.post(url, {"loan": loan.pk, **_answers(questions, "1")})
    assert "have already been entered" in response.content.decode()
    assert ConfidenceCheck.objects.count() == 1


def test_paper_entry_needs_a_loan_chosen_of_this_resident(
    client, inclusion_officer, questions
):
    loan = LoanFactory()
    someone_elses = LoanFactory()
    force_login_with_mfa(client, inclusion_officer)
    response = client.post(_paper(loan.participant), _answers(questions))
    assert "Select the loan the paper form is for" in response.content.decode()
    response = client.post(
        _paper(loan.participant), {"loan": someone_elses.pk, **_answers(questions)}
    )
    assert response.status_code == 200
    assert not ConfidenceCheck.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("resident", 403), ("org_member", 403), ("programme_manager", 403)],
)
def test_paper_entry_is_for_lending_staff(client, request, persona, status):
    loan = LoanFactory()
    force_login_with_mfa(client, request.getfixturevalue(persona))
    assert client.get(_paper(loan.participant)).status_code == status


def test_paper_entry_anonymous_signs_in(client):
    assert (
        client.get(
            _paper(LoanFactory(status=Loan.Status.ON_LOAN).participant)
        ).status_code
        == 302
    )


# --- The dashboard and CSV --------------------------------------------------------


@pytest.mark.parametrize("name", ["inclusion:evaluation", "inclusion:evaluation_csv"])
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("resident", 403),
        ("other_resident", 403),
        ("org_member", 403),
        ("programme_manager", 403),
        ("inclusion_officer", 200),
    ],
)
def test_evaluation_permissions(client, request, name, persona, status):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == status


def test_evaluation_anonymous_signs_in(client):
    response = client.get(reverse("inclusion:evaluation"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_dashboard_figures_charts_and_suppression(
    client, inclusion_officer, questions, django_assert_max_num_queries
):
    make_programme(questions, SiteFactory(name="Catford Library"), people=3)
    force_login_with_mfa(client, inclusion_officer)
    with django_assert_max_num_queries(24) as few:
        response = client.get(reverse("inclusion:evaluation"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    assert "fewer than 10" in html
    assert "Catford Library" in html
    make_programme(questions, SiteFactory(name="Lewisham Library"), people=12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse("inclusion:evaluation")).content.decode()
    assert "+2.00" in html  # start 2, end 4


def test_csv_has_aggregates_only_with_suppression(client, inclusion_officer, questions):
    make_programme(questions, SiteFactory(name="Catford Library"), people=12)
    make_programme(questions, SiteFactory(name="Deptford Lounge"), people=3)
    force_login_with_mfa(client, inclusion_officer)
    response = client.get(reverse("inclusion:evaluation_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Breakdown", "Group", "People helped"]
    by_label = {(row[0], row[1]): row for row in rows[1:]}
    assert by_label[("All", "All people helped")][2] == "15"
    assert by_label[("By site", "Deptford Lounge")][2] == "fewer than 10"
    assert by_label[("By site", "Deptford Lounge")][3:] == [""] * (len(rows[0]) - 3)
    assert by_label[("By site", "Catford Library")][2] == "hidden"
    assert by_label[("By age band", "65 to 74")][2] == "15"
    # No personal rows: nobody's name appears.
    assert "Resident" not in response.content.decode()


def test_dashboard_charts_confidence_at_the_start_and_end_by_each_breakdown(
    client, inclusion_officer, questions
):
    make_programme(questions, SiteFactory(name="Catford Library"), people=12)
    make_programme(questions, SiteFactory(name="Lewisham Library"), people=10)
    force_login_with_mfa(client, inclusion_officer)
    html = client.get(reverse("inclusion:evaluation")).content.decode()
    for slug in ("site", "age", "borough"):
        assert f'id="confidence-{slug}-title"' in html
    start = html.index('id="confidence-site-desc"')
    desc = html[start : html.index("</desc>", start)]
    # The chart's text alternative states every figure.
    assert "Bars: At the start, then At the end." in desc
    assert "Catford Library: start 2.00, end 4.00 (+2.00)." in desc
    assert "Lewisham Library: start 2.00, end 4.00 (+2.00)." in desc


def test_confidence_chart_hides_small_groups(client, inclusion_officer, questions):
    make_programme(questions, SiteFactory(name="Catford Library"), people=12)
    make_programme(questions, SiteFactory(name="Deptford Lounge"), people=3)
    force_login_with_mfa(client, inclusion_officer)
    html = client.get(reverse("inclusion:evaluation")).content.decode()
    start = html.index('id="confidence-site-desc"')
    desc = html[start : html.index("</desc>", start)]
    assert "Deptford Lounge: fewer than 10." in desc
    assert "2.00" not in desc and "4.00" not in desc
