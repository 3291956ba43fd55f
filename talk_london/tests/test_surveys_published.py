"""The public "What you told us" page of a closed survey."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .factories import SurveyFactory
from .test_surveys_results import add_responses
from .test_surveys_results import survey as survey  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def publish(survey, **fields):
    survey.opens_at = timezone.now() - datetime.timedelta(days=20)
    survey.closes_at = timezone.now() - datetime.timedelta(days=1)
    survey.you_said = "You told us the air is bad near schools."
    survey.we_did = "We widened the Ultra Low Emission Zone."
    survey.results_published = True
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.full_clean()
    survey.save()
    survey.questions.filter(pk__in=[survey.single.pk, survey.ranking.pk]).update(
        show_in_published_results=True
    )


def test_published_results_are_public_and_show_only_chosen_questions(client, survey):
    add_responses(survey, 4)
    publish(survey)
    response = client.get(survey.get_published_results_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "What you told us" in page
    assert "the air is bad near schools" in page
    assert "widened the Ultra Low Emission Zone" in page
    assert "Worried?" in page and "Priorities" in page
    assert "Causes?" not in page  # not chosen
    assert "Hello" not in page  # written answers are never published
    assert '<svg class="tl-chart"' in page and 'role="img"' in page
    assert "Yes: 2 (50%). No: 2 (50%)." in page  # the chart states its figures
    assert 'style="' not in page
    start = client.get(survey.get_absolute_url()).content.decode()
    assert survey.get_published_results_url() in start


def test_unpublished_results_are_not_found(client, survey):
    add_responses(survey, 2)
    assert client.get(survey.get_published_results_url()).status_code == 404


def test_results_of_an_open_survey_cannot_be_published(survey):
    survey.you_said = "Something"
    survey.results_published = True
    with pytest.raises(ValidationError, match="after the survey closes"):
        survey.full_clean()


def test_publishing_needs_a_summary():
    survey = SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(days=9),
        closes_at=timezone.now() - datetime.timedelta(days=1),
        results_published=True,
    )
    with pytest.raises(ValidationError, match="Enter what people told us"):
        survey.full_clean()


def test_an_open_survey_marked_published_in_the_database_stays_hidden(client, survey):
    survey.results_published = True
    survey.save()
    assert client.get(survey.get_published_results_url()).status_code == 404


def test_published_page_query_count_does_not_grow(client, survey):
    add_responses(survey, 5)
    publish(survey)
    url = survey.get_published_results_url()
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    five = count()
    add_responses(survey, 45)
    assert count() == five <= 12
