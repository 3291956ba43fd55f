import io

import pytest
from django.core.management import call_command

from talk_london.models import Answer, Response, Survey
from talk_london.models.surveys import QuestionKind

pytestmark = pytest.mark.django_db


def test_demo_surveys_cover_every_question_type_and_are_idempotent(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Survey.objects.count(), Response.objects.count(), Answer.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        Survey.objects.count(),
        Response.objects.count(),
        Answer.objects.count(),
    ) == counts

    live = Survey.objects.get(slug="getting-around-london")
    assert live.is_open
    assert set(live.questions.values_list("kind", flat=True)) == set(
        QuestionKind.values
    )
    assert live.questions.filter(condition_option__isnull=False).exists()
    closed = Survey.objects.get(slug="your-high-street")
    assert closed.has_closed
    assert closed.responses.filter(status="submitted").count() >= 5
    assert closed.results_published
    page = client.get(closed.get_published_results_url()).content.decode()
    assert "What you told us" in page
    assert "My high street feels safe." in page
