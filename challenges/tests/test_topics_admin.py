"""Voting rounds and results for challenge managers in the Wagtail admin."""

import pytest
from django.core import mail
from django.urls import reverse

from challenges.models import Support, Topic, VotingRound
from challenges.tests.factories import TopicFactory, VotingRoundFactory
from civic.models import Borough
from civic.tests.factories import UserFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def voting_round(db):
    return VotingRoundFactory(name="Future challenges 2026")


@pytest.fixture
def topic(voting_round):
    return TopicFactory(voting_round=voting_round, title="Cleaner air near schools")


def _urls(voting_round, topic):
    return [
        reverse("challenges_topics:rounds"),
        reverse("challenges_topics:round_create"),
        reverse("challenges_topics:round", args=[voting_round.pk]),
        reverse("challenges_topics:topic_decide", args=[topic.pk]),
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),
        # Signed in without admin access: refused, not sent to sign in again.
        ("unverified_resident", 403),
        ("resident", 403),
        ("other_resident", 403),
        ("moderator", 403),
        ("assessor", 403),
        ("challenge_manager", 200),
        ("superuser", 200),
    ],
)
def test_only_challenge_managers_run_rounds(
    client, request, persona, status, voting_round, topic
):
    if persona != "anonymous":
        user = request.getfixturevalue(persona)
        if user.groups.exists() or user.is_superuser:
            force_login_with_mfa(client, user)
        else:
            client.force_login(user)
    for url in _urls(voting_round, topic):
        assert client.get(url).status_code == status, url
    response = client.post(
        reverse("challenges_topics:round_action", args=[voting_round.pk]),
        {"action": "close"},
    )
    voting_round.refresh_from_db()
    assert (voting_round.status == VotingRound.Status.CLOSED) is (status == 200)
    if status == 403:
        assert response.status_code == 403


def test_manager_creates_opens_and_closes_a_round(client, challenge_manager):
    force_login_with_mfa(client, challenge_manager)
    waiting = TopicFactory(voting_round=None)
    response = client.post(
        reverse("challenges_topics:round_create"),
        {"name": "Spring 2027", "slug": "spring-2027", "description": "Have your say"},
    )
    voting_round = VotingRound.objects.get(slug="spring-2027")
    assert voting_round.status == VotingRound.Status.DRAFT
    assert response["Location"] == reverse(
        "challenges_topics:round", args=[voting_round.pk]
    )
    action = reverse("challenges_topics:round_action", args=[voting_round.pk])
    client.post(action, {"action": "open"})
    voting_round.refresh_from_db()
    waiting.refresh_from_db()
    assert voting_round.status == VotingRound.Status.OPEN
    assert waiting.voting_round == voting_round

    other = VotingRoundFactory(status=VotingRound.Status.DRAFT)
    response = client.post(
        reverse("challenges_topics:round_action", args=[other.pk]),
        {"action": "open"},
        follow=True,
    )
    assert "Another round is open" in response.content.decode()
    other.refresh_from_db()
    assert other.status == VotingRound.Status.DRAFT

    client.post(action, {"action": "close"})
    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.CLOSED
    assert client.post(action, {"action": "nonsense"}).status_code == 404


def test_round_form_errors_are_shown(client, challenge_manager, voting_round):
    force_login_with_mfa(client, challenge_manager)
    response = client.post(
        reverse("challenges_topics:round_create"),
        {"name": "", "slug": voting_round.slug},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a name for the round" in html
    assert "Another round already uses this web address" in html


def test_results_show_topics_by_support_and_boroughs_with_small_numbers_hidden(
    client, challenge_manager, voting_round, django_assert_max_num_queries
):
    force_login_with_mfa(client, challenge_manager)
    popular = TopicFactory(voting_round=voting_round, title="Popular", support_count=0)
    quiet = TopicFactory(voting_round=voting_round, title="Quiet")
    hackney = Borough.objects.get(name="Hackney")
    camden = Borough.objects.get(name="Camden")
    lewisham = Borough.objects.get(name="Lewisham")
    # Two small counts, so no larger one needs hiding to protect them.
    for i in range(14):
        borough = hackney if i < 11 else camden if i < 13 else lewisham
        Support.objects.create(topic=popular, user=UserFactory(borough=borough))
    Topic.objects.filter(pk=popular.pk).update(support_count=14)
    url = reverse("challenges_topics:round", args=[voting_round.pk])
    with django_assert_max_num_queries(40) as small:
        html = client.get(url).content.decode()
    assert html.index("Popular") < html.index("Quiet")
    assert 'role="img"' in html
    assert "Hackney: 11." in html  # the chart's text alternative
    assert "Camden: fewer than 10." in html
    assert "<td>fewer than 10</td>" in html
    assert " style=" not in html.split('role="img"')[1].split("</svg>")[0]

    for _i in range(20):
        TopicFactory(voting_round=voting_round)
        Support.objects.create(topic=quiet, user=UserFactory(borough=camden))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_manager_marks_a_topic_taken_forward_and_it_is_published(
    client, challenge_manager, topic, django_capture_on_commit_callbacks
):
    force_login_with_mfa(client, challenge_manager)
    url = reverse("challenges_topics:topic_decide", args=[topic.pk])
    response = client.post(url, {"status": "taken_forward", "explanation": ""})
    assert response.status_code == 200
    assert "Enter an explanation" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"status": "taken_forward", "explanation": "A 2027 challenge with TfL."},
        )
    assert response["Location"] == reverse(
        "challenges_topics:round", args=[topic.voting_round_id]
    )
    topic.refresh_from_db()
    assert topic.status == Topic.Status.TAKEN_FORWARD
    assert len(mail.outbox) == 1
    client.logout()
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "This topic is being taken forward" in html
    assert "A 2027 challenge with TfL." in html


def test_topic_decisions_have_readable_audit_log_labels():
    from wagtail.log_actions import registry as log_registry

    labels = {action: str(label) for action, label in log_registry.get_choices()}
    assert labels["challenges.topic.decide"] == "Future challenges: decide topic"
    assert labels["challenges.round.open"] == "Future challenges: open voting round"


def test_the_menu_item_is_only_for_managers(rf, challenge_manager, moderator):
    from challenges.wagtail_topics import register_rounds_menu_item

    item = register_rounds_menu_item()
    request = rf.get("/admin/")
    request.user = challenge_manager
    assert item.is_shown(request)
    request.user = moderator
    assert not item.is_shown(request)
