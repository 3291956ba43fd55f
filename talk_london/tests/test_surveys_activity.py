"""Surveys on "Your activity"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.registry import registry
from talk_london.activity_surveys import survey_activity
from talk_london.models import Response
from talk_london.models.surveys import ResponseStatus

from .factories import SurveyFactory

pytestmark = pytest.mark.django_db


def test_provider_is_registered_under_its_own_key():
    assert registry.activity_providers["Talk London surveys"] is survey_activity
    assert "Talk London" in registry.activity_providers  # membership kept


def test_answered_and_started_surveys_are_listed_newest_first(resident, other_resident):
    answered = SurveyFactory(title="Clean air")
    started = SurveyFactory(title="Green spaces")
    Response.objects.create(
        survey=answered,
        user=resident,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=2),
    )
    Response.objects.create(survey=started, user=resident)
    Response.objects.create(survey=started, user=other_resident)
    items = survey_activity(resident, 10)
    assert [(i.title, i.status, i.section) for i in items] == [
        ("Started “Green spaces”", "In progress", "Talk London"),
        ("Answered “Clean air”", "Submitted", "Talk London"),
    ]
    assert items[0].url == started.get_absolute_url()
    assert items[1].when < items[0].when


def test_answered_survey_links_to_its_published_results(resident):
    survey = SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(days=9),
        closes_at=timezone.now() - datetime.timedelta(days=1),
        you_said="Lots",
        results_published=True,
    )
    Response.objects.create(
        survey=survey,
        user=resident,
        status=ResponseStatus.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=3),
    )
    assert survey_activity(resident, 5)[0].url == survey.get_published_results_url()


def test_provider_is_one_query_and_respects_the_limit(
    resident, django_assert_num_queries
):
    for survey in SurveyFactory.create_batch(4):
        Response.objects.create(survey=survey, user=resident)
    with django_assert_num_queries(1):
        assert len(survey_activity(resident, 3)) == 3
    with django_assert_num_queries(0):
        assert survey_activity(resident, 0) == []


def test_your_activity_page_shows_surveys(client, resident):
    Response.objects.create(survey=SurveyFactory(title="Clean air"), user=resident)
    client.force_login(resident)
    html = client.get(reverse("civic:activity")).content.decode()
    assert "Started “Clean air”" in html
