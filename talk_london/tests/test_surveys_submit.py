"""One response per person per survey, held by the database; sending is
locked so double submits and second tabs are harmless."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from civic.tests.factories import UserFactory
from talk_london.models import Answer, Response
from talk_london.models.surveys import ResponseStatus
from talk_london.services.surveys import (
    AnswerValue,
    SurveyError,
    answer_save,
    response_start,
    response_submit,
)

from .factories import SurveyFactory, add_question, option

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks, so the race cannot be tested",
)


def _answered_survey(user):
    survey = SurveyFactory()
    question = add_question(survey, "single", "Yes or no?", options=["Yes", "No"])
    response = response_start(survey=survey, user=user)
    answer_save(
        response=response,
        question=question,
        value=AnswerValue(options=[option(question, "Yes")]),
    )
    return survey, response


@pytest.mark.django_db
def test_database_refuses_a_second_response_for_the_same_person(resident):
    survey = SurveyFactory()
    Response.objects.create(survey=survey, user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, user=resident)


@pytest.mark.django_db
def test_database_refuses_two_value_rows_for_one_question(resident):
    survey, response = _answered_survey(resident)
    question = add_question(survey, "number", "How many?")
    Answer.objects.create(response=response, question=question, number_value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question, number_value=2)


@pytest.mark.django_db
def test_starting_twice_gives_the_same_response(resident):
    survey = SurveyFactory()
    first = response_start(survey=survey, user=resident)
    assert response_start(survey=survey, user=resident) == first


@pytest.mark.django_db
def test_sending_twice_is_refused_politely(resident):
    _survey, response = _answered_survey(resident)
    response_submit(response=response)
    with pytest.raises(SurveyError) as error:
        response_submit(response=response)
    assert error.value.code == "submitted"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_two_starts_at_the_same_time_make_one_response():
    survey = SurveyFactory()
    user = UserFactory()
    barrier = threading.Barrier(2)
    made = []

    def start():
        try:
            barrier.wait()
            made.append(response_start(survey=survey, user=user).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(made)) == 1
    assert Response.objects.filter(survey=survey, user=user).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_two_submits_at_the_same_time_send_once():
    user = UserFactory()
    _survey, response = _answered_survey(user)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            response_submit(response=Response.objects.get(pk=response.pk))
            outcomes.append("sent")
        except SurveyError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sent", "submitted"]
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert Response.objects.count() == 1
