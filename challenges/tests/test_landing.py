import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from challenges.models import Challenge, Theme
from challenges.tests.factories import (
    ChallengeFactory,
    ProgrammeFactory,
    TopicFactory,
    VotingRoundFactory,
)

pytestmark = pytest.mark.django_db


def _programme():
    programme = ProgrammeFactory(name="Civic Innovation Challenge 2018-19")
    for name in ["Reducing inequality", "Preventing climate change"]:
        programme.themes.add(Theme.objects.create(name=name, slug=name.lower()[:20]))
    return programme


def test_landing_page_shows_programme_themes_open_challenges_and_the_round(client):
    programme = _programme()
    open_one = ChallengeFactory(programme=programme, title="Greener deliveries")
    ChallengeFactory(
        programme=programme,
        title="Closed one",
        application_deadline=timezone.now() - datetime.timedelta(days=1),
    )
    ChallengeFactory(
        programme=programme, title="Draft one", status=Challenge.Status.DRAFT
    )
    voting_round = VotingRoundFactory(name="Future challenges 2026")
    TopicFactory(voting_round=voting_round, title="Safer crossings", support_count=4)
    TopicFactory(voting_round=voting_round, title="Hidden one", is_hidden=True)

    html = client.get(reverse("challenges:index")).content.decode()

    assert '<h1 class="govuk-heading-xl">Civic Innovation Challenge</h1>' in html
    assert "Civic Innovation Challenge 2018-19" in html
    assert "Reducing inequality" in html and "Preventing climate change" in html
    assert "up to £15,000" in html
    assert open_one.get_absolute_url() in html
    assert "Closed one" not in html and "Draft one" not in html
    assert "Voting is open: Future challenges 2026" in html
    assert "Safer crossings" in html and "Hidden one" not in html
    assert reverse("challenges:topic_propose") in html
    assert "opening soon" not in html


def test_landing_page_with_nothing_yet(client):
    html = client.get(reverse("challenges:index")).content.decode()
    assert "There are no challenges open for applications" in html
    assert "No voting round is open" in html


def test_landing_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    programme = _programme()
    voting_round = VotingRoundFactory()
    ChallengeFactory.create_batch(2, programme=programme)
    TopicFactory.create_batch(2, voting_round=voting_round)
    with django_assert_max_num_queries(6) as small:
        assert client.get(reverse("challenges:index")).status_code == 200
    ChallengeFactory.create_batch(15, programme=programme)
    TopicFactory.create_batch(15, voting_round=voting_round)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("challenges:index")).status_code == 200


def test_every_list_of_open_challenges_gives_the_deadline_time_too(client):
    # 5:30pm London time in summer (BST) is 16:30 UTC. Without the time a
    # startup could think it had until the end of the day.
    challenge = ChallengeFactory(
        programme=_programme(),
        slug="deliveries",
        application_deadline=datetime.datetime(
            2099, 7, 10, 16, 30, tzinfo=datetime.UTC
        ),
    )
    for url in [
        reverse("challenges:index"),
        reverse("challenges:challenge_list"),
        challenge.get_absolute_url(),
    ]:
        html = client.get(url).content.decode()
        assert "10 July 2099, 17:30" in html, url
