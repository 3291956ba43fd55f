import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge
from challenges.tests.factories import ChallengeFactory, ProgrammeFactory, ThemeFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def test_the_list_shows_published_and_archived_challenges_not_drafts(client):
    ChallengeFactory(title="Open one")
    ChallengeFactory(title="Archived one", status=Challenge.Status.ARCHIVED)
    ChallengeFactory(title="Draft one", status=Challenge.Status.DRAFT)
    page = client.get(reverse("challenges:challenge_list")).content.decode()
    assert "Open one" in page
    assert "Archived one" in page
    assert "Draft one" not in page


def test_the_list_filters_by_theme_programme_and_open_or_closed(client):
    climate = ThemeFactory(name="Preventing climate change", slug="climate")
    ageing = ThemeFactory(name="Ageing population", slug="ageing")
    programme = ProgrammeFactory(slug="cic-2018-19")
    ChallengeFactory(title="Cleaner buses", theme=climate, programme=programme)
    ChallengeFactory(title="Lonely no more", theme=ageing)
    ChallengeFactory(
        title="Old heat pumps",
        theme=climate,
        application_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    url = reverse("challenges:challenge_list")
    page = client.get(url, {"theme": "climate"}).content.decode()
    assert "Cleaner buses" in page and "Old heat pumps" in page
    assert "Lonely no more" not in page
    page = client.get(url, {"programme": "cic-2018-19"}).content.decode()
    assert "Cleaner buses" in page and "Old heat pumps" not in page
    page = client.get(url, {"theme": "climate", "state": "closed"}).content.decode()
    assert "Old heat pumps" in page and "Cleaner buses" not in page
    page = client.get(url, {"state": "open"}).content.decode()
    assert "Old heat pumps" not in page


def test_a_bad_filter_value_is_an_error_message_not_a_500(client):
    ChallengeFactory(title="Cleaner buses")
    response = client.get(reverse("challenges:challenge_list"), {"theme": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a theme from the list" in page
    assert "Cleaner buses" in page


def test_the_list_is_paginated(client):
    for _ in range(12):
        ChallengeFactory()
    url = reverse("challenges:challenge_list")
    first = client.get(url).content.decode()
    assert "12 challenges" in first
    assert "?page=2" in first
    second = client.get(url, {"page": 2})
    assert second.status_code == 200
    assert "(page 2)" in second.content.decode()
    assert client.get(url, {"page": "junk"}).status_code == 200


@pytest.mark.parametrize("n", [2, 12])
def test_the_list_query_count_does_not_grow(client, django_assert_max_num_queries, n):
    for _ in range(n):
        ChallengeFactory()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("challenges:challenge_list")).status_code == 200


def test_the_detail_page_shows_everything_a_startup_needs(client):
    challenge = ChallengeFactory(
        data_and_assets="<p>Anonymised footfall data.</p>",
        support_offered="<p>Mentoring from TfL engineers.</p>",
    )
    page = client.get(challenge.get_absolute_url()).content.decode()
    for text in [
        challenge.title,
        "One in five older Londoners feels lonely.",
        "People over 65 living alone.",
        "Fewer people report feeling lonely.",
        "Anonymised footfall data.",
        "Startups with a working product.",
        "Mentoring from TfL engineers.",
        "up to £15,000",
        "Impact",
        "30%",
        "Inclusion",
        challenge.owner.name,
        reverse("challenges:application_start", args=[challenge.slug]),
    ]:
        assert text in page, text
    assert page.count("<h1") == 1


def test_a_closed_challenge_says_so_and_offers_no_apply_button(client):
    challenge = ChallengeFactory(
        application_deadline=timezone.now() - datetime.timedelta(minutes=5)
    )
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Closed for applications" in page
    assert reverse("challenges:application_start", args=[challenge.slug]) not in page


def test_rich_text_is_rendered_through_wagtail(client):
    challenge = ChallengeFactory(problem_statement="<p>Use <b>bold</b> words.</p>")
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "<b>bold</b>" in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        (None, 404),
        ("resident", 404),
        ("moderator", 404),
        ("challenge_manager", 200),
    ],
)
def test_a_draft_is_hidden_except_from_challenge_managers(
    client, request, persona, status
):
    challenge = ChallengeFactory(status=Challenge.Status.DRAFT)
    if persona:
        user = request.getfixturevalue(persona)
        force_login_with_mfa(client, user)
    response = client.get(challenge.get_absolute_url())
    assert response.status_code == status


def test_an_archived_challenge_is_public_and_closed(client):
    challenge = ChallengeFactory(status=Challenge.Status.ARCHIVED)
    page = client.get(challenge.get_absolute_url()).content.decode()
    assert "Closed for applications" in page


@pytest.mark.parametrize("n", [1, 8])
def test_the_detail_query_count_does_not_grow(
    client, django_assert_max_num_queries, startup_member, n
):
    challenge = ChallengeFactory(
        criteria=[(f"Criterion {i}", 100 // n) for i in range(n)]
    )
    client.force_login(startup_member)
    with django_assert_max_num_queries(8):
        assert client.get(challenge.get_absolute_url()).status_code == 200


def test_a_member_with_an_application_is_offered_to_continue(
    client, submitted_application, startup_member
):
    client.force_login(startup_member)
    page = client.get(
        submitted_application.challenge.get_absolute_url()
    ).content.decode()
    assert "Continue your application" in page
