"""The staff results screen: numbers from GROUP BY queries, a fixed query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough
from civic.tests.factories import UserFactory
from talk_london.models import Answer, Response
from talk_london.models.surveys import ResponseStatus
from talk_london.selectors_surveys import survey_results
from tests.fixtures import force_login_with_mfa

from .factories import SurveyFactory, add_question, option

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory(title="Air quality")
    survey.single = add_question(survey, "single", "Worried?", options=["Yes", "No"])
    survey.multiple = add_question(
        survey, "multiple", "Causes?", options=["Traffic", "Building", "Fires"]
    )
    survey.rating = add_question(survey, "rating", "Rate the air")
    survey.number = add_question(survey, "number", "Days a week outside?")
    survey.ranking = add_question(
        survey, "ranking", "Priorities", options=["A", "B", "C"]
    )
    survey.borough = add_question(survey, "borough", "Where do you live?")
    survey.text = add_question(survey, "long_text", "Anything else?", required=False)
    return survey


def add_responses(survey, count, *, status=ResponseStatus.SUBMITTED):
    """``count`` responses: people alternate Yes/No, all pick Traffic, every
    other also Fires; rating and number are 1..5 cycling; ranking A>B>C."""
    camden = Borough.objects.get(name="Camden")
    users = UserFactory.create_batch(count)
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            user=user,
            status=status,
            submitted_at=timezone.now() if status == ResponseStatus.SUBMITTED else None,
        )
        for user in users
    )
    s = survey
    rows = []
    for i, response in enumerate(responses):
        rows.append(
            Answer(
                response=response,
                question=s.single,
                option=option(s.single, "Yes" if i % 2 == 0 else "No"),
            )
        )
        rows.append(
            Answer(
                response=response,
                question=s.multiple,
                option=option(s.multiple, "Traffic"),
                rank=1,  # as answer_save stores it: the place among those chosen
            )
        )
        if i % 2 == 0:
            rows.append(
                Answer(
                    response=response,
                    question=s.multiple,
                    option=option(s.multiple, "Fires"),
                    rank=2,
                )
            )
        rows.append(
            Answer(response=response, question=s.rating, number_value=i % 5 + 1)
        )
        rows.append(
            Answer(response=response, question=s.number, number_value=i % 5 + 1)
        )
        for rank, label in enumerate("ABC", start=1):
            rows.append(
                Answer(
                    response=response,
                    question=s.ranking,
                    option=option(s.ranking, label),
                    rank=rank,
                )
            )
        rows.append(Answer(response=response, question=s.borough, borough=camden))
        rows.append(Answer(response=response, question=s.text, text_value="Hello"))
    Answer.objects.bulk_create(rows)


def results_url(survey):
    return reverse("talk_london_surveys:results", args=[survey.pk])


def test_results_count_only_submitted_responses(survey):
    add_responses(survey, 4)
    add_responses(survey, 3, status=ResponseStatus.IN_PROGRESS)
    respondents, results = survey_results(survey=survey)
    assert respondents == 4
    by_text = {r.question.text: r for r in results}
    single = {row.label: (row.count, row.percent) for row in by_text["Worried?"].rows}
    assert single == {"Yes": (2, 50), "No": (2, 50)}
    causes = {row.label: (row.count, row.percent) for row in by_text["Causes?"].rows}
    assert causes == {"Traffic": (4, 100), "Building": (0, 0), "Fires": (2, 50)}
    assert by_text["Rate the air"].mean == pytest.approx(2.5)
    assert [row.count for row in by_text["Rate the air"].rows] == [1, 1, 1, 1, 0]
    ranking = by_text["Priorities"].rows
    assert [(r.label, r.first_choice, r.average_rank) for r in ranking] == [
        ("A", 4, 1.0),
        ("B", 0, 2.0),
        ("C", 0, 3.0),
    ]
    assert [(r.label, r.count) for r in by_text["Where do you live?"].rows] == [
        ("Camden", 4)
    ]
    assert by_text["Anything else?"].answered == 4


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("programme_manager", 200),
        ("superuser", 200),
        ("moderator", 403),
        ("content_editor", 403),
    ],
)
def test_who_can_see_results(client, request, survey, persona, status):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    assert client.get(results_url(survey)).status_code == status


@pytest.mark.parametrize("persona", ["resident", "other_resident"])
def test_residents_are_sent_away_from_results(client, request, survey, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(results_url(survey))
    assert response.status_code == 403


def test_results_page_shows_tables_and_svg_charts(client, programme_manager, survey):
    add_responses(survey, 4)
    force_login_with_mfa(client, programme_manager)
    page = client.get(results_url(survey)).content.decode()
    assert "4 people have sent their answers" in page
    assert 'role="img" aria-labelledby="question-1-chart-title' in page
    assert "Yes: 2 (50%). No: 2 (50%)." in page
    assert "survey_results.css" in page
    assert 'style="' not in page.split("<main", 1)[-1].split("</main>")[0]


def test_results_query_count_does_not_grow_with_responses(
    client, programme_manager, survey, django_assert_max_num_queries
):
    from django.core.cache import cache

    force_login_with_mfa(client, programme_manager)
    add_responses(survey, 5)
    client.get(results_url(survey))  # warm caches (site, menu)
    cache.clear()  # the figures' cost, not the results cache's
    with CaptureQueriesContext(connection) as five:
        assert client.get(results_url(survey)).status_code == 200
    add_responses(survey, 45)
    cache.clear()
    with CaptureQueriesContext(connection) as fifty:
        page = client.get(results_url(survey)).content.decode()
    assert "50 people have sent their answers" in page
    assert len(fifty) == len(five) <= 25
    with django_assert_max_num_queries(len(five)):
        client.get(results_url(survey))


def test_results_are_computed_once_until_a_response_is_sent(
    client, programme_manager, survey, resident
):
    from django.utils import timezone

    from talk_london.models.surveys import Response, ResponseStatus

    force_login_with_mfa(client, programme_manager)
    add_responses(survey, 5)
    assert "5 people have sent" in client.get(results_url(survey)).content.decode()
    with CaptureQueriesContext(connection) as cached:
        client.get(results_url(survey))
    assert not any("talk_london_answer" in q["sql"] for q in cached.captured_queries)
    Response.objects.create(
        survey=survey,
        user=resident,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    assert "6 people have sent" in client.get(results_url(survey)).content.decode()


def test_results_link_in_the_survey_list(client, programme_manager, survey):
    force_login_with_mfa(client, programme_manager)
    page = client.get(
        reverse("wagtailsnippets_talk_london_survey:list")
    ).content.decode()
    assert results_url(survey) in page


def test_results_of_answers_saved_through_the_journey(survey, resident, other_resident):
    from talk_london.services.surveys import (
        AnswerValue,
        answer_save,
        response_start,
        response_submit,
    )

    s = survey
    for person, causes in [
        (resident, ["Traffic", "Fires"]),
        (other_resident, ["Fires"]),
    ]:
        response = response_start(survey=s, user=person)
        answers = {
            s.single: AnswerValue([option(s.single, "Yes")]),
            s.multiple: AnswerValue([option(s.multiple, c) for c in causes]),
            s.rating: AnswerValue([], number=3),
            s.number: AnswerValue([], number=2),
            s.ranking: AnswerValue([option(s.ranking, x) for x in "CAB"]),
            s.borough: AnswerValue(
                [], borough_id=Borough.objects.get(name="Hackney").pk
            ),
            s.text: AnswerValue([]),  # optional, left blank
        }
        for question, value in answers.items():
            answer_save(response=response, question=question, value=value)
        response_submit(response=response)

    respondents, results = survey_results(survey=s)
    by_text = {r.question.text: r for r in results}
    assert respondents == 2
    causes = by_text["Causes?"]
    assert causes.answered == 2
    assert {r.label: r.percent for r in causes.rows} == {
        "Traffic": 50,
        "Building": 0,
        "Fires": 100,
    }
    assert [(r.label, r.first_choice) for r in by_text["Priorities"].rows] == [
        ("C", 2),
        ("A", 0),
        ("B", 0),
    ]
    assert by_text["Priorities"].answered == 2
    assert by_text["Anything else?"].answered == 0
    assert by_text["Where do you live?"].rows[0].label == "Hackney"


def test_results_show_responses_over_time(client, programme_manager, survey):
    add_responses(survey, 3)
    force_login_with_mfa(client, programme_manager)
    page = client.get(results_url(survey)).content.decode()
    assert "Responses over time" in page
    assert 'aria-labelledby="over-time-chart-title over-time-chart-desc"' in page
    assert f"{timezone.localtime():%-d %B %Y}: 3." in page
    assert "Read 3 written answers" in page


def test_written_answers_are_paged_and_searchable(
    client, programme_manager, survey, django_assert_max_num_queries
):
    add_responses(survey, 60)
    Answer.objects.filter(question=survey.text).filter(
        pk__in=Answer.objects.filter(question=survey.text).values("pk")[:3]
    ).update(text_value="The bus lanes are <b>great</b>")
    force_login_with_mfa(client, programme_manager)
    url = reverse("talk_london_surveys:text_answers", args=[survey.pk, survey.text.pk])
    page = client.get(url).content.decode()
    assert "60 answers" in page
    assert "Page 1 of 2" in page
    page = client.get(url, {"q": "bus lanes"}).content.decode()
    assert "3 answers" in page
    assert "&lt;b&gt;great&lt;/b&gt;" in page  # escaped
    assert client.get(url, {"p": "2"}).status_code == 200

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        return len(queries)

    before = count()
    add_responses(survey, 40)
    assert count() == before


def test_written_answers_only_for_text_questions_and_staff(
    client, programme_manager, moderator, survey
):
    force_login_with_mfa(client, programme_manager)
    not_text = reverse(
        "talk_london_surveys:text_answers", args=[survey.pk, survey.single.pk]
    )
    assert client.get(not_text).status_code == 404
    force_login_with_mfa(client, moderator)
    url = reverse("talk_london_surveys:text_answers", args=[survey.pk, survey.text.pk])
    assert client.get(url).status_code == 403


def test_responses_over_time_include_days_without_responses(
    client, programme_manager, survey
):
    import datetime

    add_responses(survey, 3)
    Response.objects.filter(
        pk=Response.objects.filter(survey=survey).order_by("pk").first().pk
    ).update(submitted_at=timezone.now() - datetime.timedelta(days=2))
    force_login_with_mfa(client, programme_manager)
    page = client.get(results_url(survey)).content.decode()
    today = timezone.localtime()  # days are counted in London time
    gap = today - datetime.timedelta(days=1)
    assert f"{gap:%-d %B %Y}: 0." in page  # the empty day is drawn, as 0
    assert f"{today:%-d %B %Y}: 2." in page
