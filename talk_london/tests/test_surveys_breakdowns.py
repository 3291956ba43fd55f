"""Survey results broken down by borough and "about you" answers: counted in
one GROUP BY query, small numbers suppressed, staff only."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough
from civic.tests.factories import UserFactory
from talk_london.models import AboutYou, Answer, Response
from talk_london.models.surveys import ResponseStatus
from talk_london.selectors_breakdowns import suppress_table, survey_breakdowns
from talk_london.selectors_surveys import survey_results
from tests.fixtures import force_login_with_mfa

from .factories import AboutYouFactory, SurveyFactory, add_question, option

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory(title="Parks")
    survey.single = add_question(
        survey, "single", "Visit a park?", options=["Yes", "No"]
    )
    survey.multiple = add_question(
        survey, "multiple", "Which?", options=["Big", "Small", "None"]
    )
    survey.number = add_question(survey, "number", "How many times?")
    survey.text = add_question(survey, "long_text", "Anything else?", required=False)
    return survey


def answer(survey, *, yes: bool, about: dict | None, confirmed=True, number=3):
    """One submitted response; ``about``: the respondent's "about you" answers
    (None: they have none)."""
    user = UserFactory()
    if about is not None:
        row = AboutYouFactory(user=user, **about)
        if not confirmed:
            AboutYou.objects.filter(pk=row.pk).update(confirmed_at=None)
    response = Response.objects.create(
        survey=survey,
        user=user,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    s = survey
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=s.single,
                option=option(s.single, "Yes" if yes else "No"),
            ),
            Answer(
                response=response,
                question=s.multiple,
                option=option(s.multiple, "Big"),
                rank=1,
            ),
            Answer(
                response=response,
                question=s.multiple,
                option=option(s.multiple, "Small"),
                rank=2,
            ),
            Answer(response=response, question=s.number, number_value=number),
        ]
    )


def fill(survey, many=1):
    """25*many aged 25-34 (15 Yes, 10 No), 12*many aged 65-74 (all Yes), 3
    aged 16-24 (Yes), 11 with unconfirmed answers and 2 with none (No)."""
    for i in range(25 * many):
        answer(survey, yes=i < 15 * many, about={"age_band": "25-34"}, number=2)
    for _ in range(12 * many):
        answer(survey, yes=True, about={"age_band": "65-74"}, number=4)
    for _ in range(3):
        answer(survey, yes=True, about={"age_band": "16-24"})
    for _ in range(11):
        answer(survey, yes=False, about={"age_band": "35-44"}, confirmed=False)
    for _ in range(2):
        answer(survey, yes=False, about=None)


def table(survey, field_name):
    _n, results = survey_results(survey=survey)
    return survey_breakdowns(survey=survey, field_name=field_name, results=results)


def cells(breakdown):
    return {
        row.label: (row.total.display, [c.display for c in row.cells])
        for row in breakdown.rows
    }


# --- Suppression of a whole table (no database) ---------------------------------


def test_table_suppression_hides_small_cells_and_a_second_in_each_line():
    matrix = [[15, 10], [12, 0], [3, 0]]
    totals = [25, 12, 3]
    hidden, hidden_totals = suppress_table(matrix, totals)
    # Primary: 0, 0, 3 and the total 3.
    assert hidden[1][1] and hidden[2][0] and hidden[2][1] and hidden_totals[2]
    # Row 1 (12 | 0, total 12): one hidden cell would be 12 - 12, so the 12
    # is hidden too (it is the smallest shown in that line).
    assert hidden[1][0]
    # Column of totals: 3 hidden alone would be the published total minus
    # the rest, so the smallest other total (12) is hidden too.
    assert hidden_totals[1]
    # No line is left with exactly one hidden cell.
    for i, line in enumerate(hidden):
        assert sum(line) + hidden_totals[i] != 1
    for j in range(2):
        assert sum(hidden[i][j] for i in range(3)) != 1
    assert sum(hidden_totals) != 1


def test_table_suppression_leaves_large_tables_alone():
    hidden, hidden_totals = suppress_table([[40, 30], [20, 50]], [70, 70])
    assert hidden == [[False, False], [False, False]]
    assert hidden_totals == [False, False]


# --- The breakdown --------------------------------------------------------------


def test_breakdown_by_age_counts_confirmed_members_and_suppresses(survey):
    fill(survey)
    single = table(survey, "age_band")[survey.single.pk]
    assert single.columns == ["Yes", "No"]
    rows = cells(single)
    assert rows["25 to 34"] == ("25", ["15", "10"])
    # 12 Yes and 0 No: the 0 is hidden, so the 12 is hidden too (else it
    # would be the total minus 0), and says "hidden", not "fewer than 10".
    assert rows["65 to 74"] == ("12", ["hidden", "fewer than 10"])
    assert rows["16 to 24"] == ("fewer than 10", ["fewer than 10", "fewer than 10"])
    # Unconfirmed answers and no answers are "Not known": 13 people, all No.
    assert rows["Not known"] == ("13", ["fewer than 10", "hidden"])
    assert rows["35 to 44"][0] == "fewer than 10"  # unconfirmed: not counted
    assert "Prefer not to say" in rows


def test_breakdown_of_multiple_choice_counts_people_once(survey):
    fill(survey, many=2)
    multiple = cells(table(survey, "age_band")[survey.multiple.pk])
    # "None" is 0 in every group; a person counts in several columns, so
    # the others are not hidden to protect it.
    assert multiple["25 to 34"] == ("50", ["50", "50", "fewer than 10"])
    assert multiple["65 to 74"] == ("24", ["24", "24", "fewer than 10"])


def test_breakdown_of_numbers_is_a_mean_per_group(survey):
    fill(survey)
    number = table(survey, "age_band")[survey.number.pk]
    assert number.is_mean
    by_label = {row.label: (row.total.display, row.mean) for row in number.rows}
    assert by_label["25 to 34"] == ("25", "2.0")
    assert by_label["65 to 74"] == ("12", "4.0")
    assert by_label["16 to 24"] == ("fewer than 10", "")


def test_free_text_questions_have_no_breakdown(survey):
    fill(survey)
    assert survey.text.pk not in table(survey, "sex")


def test_breakdown_by_borough_uses_the_about_you_borough(survey):
    camden = Borough.objects.get(name="Camden")
    for i in range(12):
        answer(survey, yes=i < 6, about={"borough_code": camden.gss_code})
    rows = cells(table(survey, "borough_code")[survey.single.pk])
    assert rows["Camden"] == ("12", ["fewer than 10", "fewer than 10"])
    assert rows["Hackney"] == ("fewer than 10", ["fewer than 10", "fewer than 10"])


def test_unknown_breakdown_field_is_refused(survey):
    with pytest.raises(ValueError):
        table(survey, "user__email")


# --- The staff screen --------------------------------------------------------------


def url(survey, **params):
    return reverse("talk_london_surveys:results", args=[survey.pk]), params


def test_results_screen_offers_a_breakdown_form_and_shows_it(
    client, programme_manager, survey
):
    fill(survey)
    force_login_with_mfa(client, programme_manager)
    path, _params = url(survey)
    page = client.get(path).content.decode()
    assert 'name="by"' in page
    assert "Question 1 by" not in page
    page = client.get(path, {"by": "age_band"}).content.decode()
    assert '<option value="age_band" selected>' in page
    assert "Question 1 by Age" in page
    assert "fewer than 10" in page
    assert "Not known" in page


def test_an_unknown_breakdown_shows_the_plain_results(
    client, programme_manager, survey
):
    fill(survey)
    force_login_with_mfa(client, programme_manager)
    path, _params = url(survey)
    response = client.get(path, {"by": "password"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Question 1 by" not in page
    assert "Respondents who are not members" not in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        # Signed in without admin access: refused, not sent to sign in again.
        ("resident", 403),
        ("member", 403),
        ("moderator", 403),
        ("programme_manager", 200),
    ],
)
def test_who_can_see_breakdowns(client, request, survey, persona, status):
    if persona != "anonymous":
        force_login_with_mfa(client, request.getfixturevalue(persona))
    path, _params = url(survey)
    response = client.get(path, {"by": "sex"})
    assert response.status_code == status
    if status == 302:
        assert "login" in response["Location"]


def test_breakdown_query_count_does_not_grow_with_responses(
    client, programme_manager, survey, django_assert_max_num_queries
):
    force_login_with_mfa(client, programme_manager)
    path, _params = url(survey)
    fill(survey)
    client.get(path, {"by": "borough_code"})  # warm caches

    def count(by):
        from django.core.cache import cache

        cache.clear()  # the figures' cost, not the results cache's
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, {"by": by}).status_code == 200
        return len(queries)

    plain, small = count(""), count("borough_code")
    fill(survey, many=3)
    assert count("borough_code") == small
    # The breakdown adds a fixed handful: the GROUP BY and the borough names.
    assert small - plain <= 3
    with django_assert_max_num_queries(small):
        client.get(path, {"by": "age_band"})


def test_one_pass_gives_the_same_overall_results_as_the_results_screen():
    from talk_london.selectors_breakdowns import survey_results_broken_down

    from .test_surveys_results import add_responses
    from .test_surveys_results import survey as survey_fixture

    full = survey_fixture.__wrapped__()
    add_responses(full, 7)
    answer_texts = Answer.objects.filter(question=full.text)
    answer_texts.filter(pk=answer_texts.first().pk).update(text_value="")
    expected = survey_results(survey=full)
    respondents, results, tables = survey_results_broken_down(
        survey=full, field_name="age_band"
    )

    def figures(results):
        return [
            (r.question.pk, r.answered, r.mean, [vars(row) for row in r.rows])
            for r in results
        ]

    assert respondents == expected[0] == 7
    assert figures(results) == figures(expected[1])
    assert set(tables) == {r.question.pk for r in results} - {full.text.pk}
