"""The public topic pages: who may read, propose, support and withdraw."""

import pytest
from django.urls import reverse

from challenges.models import Support, SupporterQuota, Topic, VotingRound
from challenges.services import topics as services
from challenges.tests.factories import TopicFactory, VotingRoundFactory
from civic.models import Borough

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "unverified_resident",
    "resident",
    "other_resident",
    "moderator",
    "challenge_manager",
]
SIGNED_IN_VERIFIED = {"resident", "other_resident", "moderator", "challenge_manager"}


def _login(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


@pytest.fixture
def voting_round(db):
    return VotingRoundFactory(name="Future challenges 2026")


@pytest.fixture
def topic(voting_round, other_resident):
    return TopicFactory(
        voting_round=voting_round,
        title="Cleaner air near schools",
        proposed_by=other_resident,
    )


# --- reading -----------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_reads_the_list_and_a_topic(client, request, persona, topic):
    _login(client, request, persona)
    listing = client.get(reverse("challenges:topics"))
    assert listing.status_code == 200
    assert "Cleaner air near schools" in listing.content.decode()
    assert client.get(topic.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_hidden_topic_is_gone_for_all_but_moderators(client, request, persona, topic):
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    _login(client, request, persona)
    response = client.get(topic.get_absolute_url())
    assert response.status_code == (200 if persona == "moderator" else 404)
    listing = client.get(reverse("challenges:topics")).content.decode()
    assert "Cleaner air near schools" not in listing


def test_the_report_link_goes_to_civic_moderation(client, resident, topic):
    client.force_login(resident)
    html = client.get(topic.get_absolute_url()).content.decode()
    report_url = reverse("civic:report", args=["challenges.topic", topic.pk])
    assert report_url in html
    assert client.get(report_url).status_code == 200


def test_the_proposer_is_not_offered_a_report_link(client, other_resident, topic):
    client.force_login(other_resident)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Report this topic" not in html


def test_list_sorts_and_filters_by_borough(client, voting_round):
    hackney = Borough.objects.get(name="Hackney")
    TopicFactory(voting_round=voting_round, title="Popular", support_count=9)
    TopicFactory(voting_round=voting_round, title="Newer", borough=hackney)
    url = reverse("challenges:topics")
    html = client.get(url).content.decode()
    assert html.index("Popular") < html.index("Newer")
    html = client.get(url, {"sort": "newest"}).content.decode()
    assert html.index("Newer") < html.index("Popular")
    html = client.get(url, {"borough": hackney.slug}).content.decode()
    assert "Newer" in html and "Popular" not in html
    # Nonsense filters are ignored, never a 500.
    assert client.get(url, {"sort": "x", "borough": "nowhere"}).status_code == 200


def test_list_shows_waiting_topics_when_no_round_is_open(client):
    TopicFactory(voting_round=None, title="Waiting one")
    html = client.get(reverse("challenges:topics")).content.decode()
    assert "No voting round is open" in html
    assert "Waiting one" in html


def test_past_rounds_show_their_published_decisions(client):
    closed = VotingRoundFactory(status=VotingRound.Status.CLOSED, name="Round 2025")
    TopicFactory(
        voting_round=closed,
        title="Taken one",
        status=Topic.Status.TAKEN_FORWARD,
        explanation="Becomes a 2027 challenge.",
    )
    TopicFactory(voting_round=closed, title="Undecided one")
    html = client.get(reverse("challenges:topics")).content.decode()
    assert "Round 2025" in html
    assert "Becomes a 2027 challenge." in html
    assert "Undecided one" not in html


def test_a_decided_topic_shows_its_explanation(client):
    topic = TopicFactory(
        status=Topic.Status.NOT_TAKEN_FORWARD, explanation="Already covered by TfL."
    )
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Not taken forward" in html
    assert "Already covered by TfL." in html


@pytest.mark.parametrize("persona", ["anonymous", "resident"])
def test_list_query_count_does_not_grow_with_topics(
    client, request, persona, voting_round, django_assert_max_num_queries
):
    user = _login(client, request, persona)
    url = reverse("challenges:topics")

    def load(n):
        for topic in TopicFactory.create_batch(n, voting_round=voting_round):
            if user:
                Support.objects.get_or_create(topic=topic, user=user)
        closed = VotingRoundFactory(status=VotingRound.Status.CLOSED)
        TopicFactory.create_batch(
            n, voting_round=closed, status=Topic.Status.TAKEN_FORWARD
        )

    load(2)
    with django_assert_max_num_queries(14) as small:
        assert client.get(url).status_code == 200
    load(25)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_detail_query_count_is_small(
    client, resident, topic, django_assert_max_num_queries
):
    client.force_login(resident)
    with django_assert_max_num_queries(8):
        assert client.get(topic.get_absolute_url()).status_code == 200


# --- proposing -----------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_propose(client, request, persona, voting_round):
    _login(client, request, persona)
    url = reverse("challenges:topic_propose")
    response = client.get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    elif persona == "unverified_resident":
        assert response.status_code == 302
        assert response["Location"] == reverse("civic:verify_email_needed")
    else:
        assert response.status_code == 200
    response = client.post(
        url,
        {
            "title": "Quieter streets",
            "problem": "Too much noise at night.",
            "who_it_affects": "Shift workers.",
            "borough": "",
        },
    )
    created = Topic.objects.filter(title="Quieter streets").first()
    if persona in SIGNED_IN_VERIFIED:
        assert created is not None
        assert created.voting_round == voting_round
        assert response["Location"] == created.get_absolute_url()
    else:
        assert created is None


def test_proposing_with_errors_shows_gov_uk_errors(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("challenges:topic_propose"),
        {"title": "", "problem": "x", "who_it_affects": "", "borough": "999999"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert 'href="#id_title"' in html and "Enter your topic" in html
    assert "Enter who the problem affects" in html
    assert "Select a borough from the list" in html
    assert not Topic.objects.exists()


def test_proposing_with_no_open_round_says_it_waits(client, resident):
    client.force_login(resident)
    url = reverse("challenges:topic_propose")
    assert "will wait and join the next round" in client.get(url).content.decode()
    response = client.post(
        url,
        {"title": "Later", "problem": "p", "who_it_affects": "w", "borough": ""},
        follow=True,
    )
    assert "will join the next round when it opens" in response.content.decode()
    assert Topic.objects.get(title="Later").voting_round is None


# --- supporting ------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_support_and_withdraw(client, request, persona, topic):
    user = _login(client, request, persona)
    support_url = reverse("challenges:topic_support", args=[topic.pk])
    withdraw_url = reverse("challenges:topic_withdraw", args=[topic.pk])
    assert client.get(support_url).status_code == 405

    response = client.post(support_url)
    assert response.status_code == 302
    if persona in SIGNED_IN_VERIFIED:
        assert response["Location"] == topic.get_absolute_url()
        assert Support.objects.filter(topic=topic, user=user).exists()
        client.post(withdraw_url)
        assert not Support.objects.filter(topic=topic, user=user).exists()
        topic.refresh_from_db()
        assert topic.support_count == 0
    else:
        assert not Support.objects.exists()


def test_supporting_goes_back_to_a_safe_next_page_only(client, resident, topic):
    client.force_login(resident)
    url = reverse("challenges:topic_support", args=[topic.pk])
    listing = reverse("challenges:topics") + "?sort=newest"
    assert client.post(url, {"next": listing})["Location"] == listing
    withdraw = reverse("challenges:topic_withdraw", args=[topic.pk])
    response = client.post(withdraw, {"next": "https://evil.example.com/"})
    assert response["Location"] == topic.get_absolute_url()


def test_a_sixth_support_shows_the_limit_message(client, resident, voting_round):
    client.force_login(resident)
    topics = TopicFactory.create_batch(6, voting_round=voting_round)
    for topic in topics[:5]:
        client.post(reverse("challenges:topic_support", args=[topic.pk]))
    response = client.post(
        reverse("challenges:topic_support", args=[topics[5].pk]), follow=True
    )
    html = response.content.decode()
    assert (
        "You have already supported 5 topics in this round. Withdraw support "
        "from one to support another." in html
    )
    assert SupporterQuota.objects.get(user=resident).active_supports == 5
    assert "You support 5 of the 5 topics" in html


def test_a_hidden_topic_cannot_be_supported(client, resident, topic):
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    client.force_login(resident)
    response = client.post(reverse("challenges:topic_support", args=[topic.pk]))
    assert response.status_code == 404


def test_a_closed_round_offers_no_support_button(
    client, resident, topic, challenge_manager
):
    services.round_close(voting_round=topic.voting_round, user=challenge_manager)
    client.force_login(resident)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "Voting in this round has closed." in html
    assert reverse("challenges:topic_support", args=[topic.pk]) not in html
    response = client.post(
        reverse("challenges:topic_support", args=[topic.pk]), follow=True
    )
    assert "Voting in this round has closed." in response.content.decode()
    assert not Support.objects.exists()


def test_topics_are_registered_for_moderation():
    from civic.registry import registry

    moderated = registry.moderated_type_for(Topic)
    assert moderated is not None
    assert str(moderated.label) == "Future challenge topic"


def test_support_buttons_carry_a_csrf_token(resident, topic):
    """The support forms work with real CSRF checks (the test client skips them)."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    def token_in_form(url, action):
        html = client.get(url).content.decode()
        form = html.split(f'action="{action}"')[1].split("</form>")[0]
        return form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]

    support = reverse("challenges:topic_support", args=[topic.pk])
    withdraw = reverse("challenges:topic_withdraw", args=[topic.pk])
    token = token_in_form(reverse("challenges:topics"), support)
    assert client.post(support, {"csrfmiddlewaretoken": token}).status_code == 302
    assert Support.objects.filter(topic=topic, user=resident).exists()
    token = token_in_form(topic.get_absolute_url(), withdraw)
    assert client.post(withdraw, {"csrfmiddlewaretoken": token}).status_code == 302
    assert not Support.objects.filter(topic=topic, user=resident).exists()


def test_a_supporter_can_withdraw_from_a_topic_hidden_later(
    client, resident, other_resident, topic
):
    services.topic_support(topic=topic, user=resident)
    Topic.objects.filter(pk=topic.pk).update(is_hidden=True)
    client.force_login(resident)
    html = client.get(reverse("challenges:topics")).content.decode()
    assert "A moderator has hidden a topic you support" in html
    assert reverse("challenges:topic_withdraw", args=[topic.pk]) in html
    client.post(reverse("challenges:topic_withdraw", args=[topic.pk]))
    assert SupporterQuota.objects.get(user=resident).active_supports == 0
    # Someone who never supported it still gets a 404.
    client.force_login(other_resident)
    url = reverse("challenges:topic_withdraw", args=[topic.pk])
    assert client.post(url).status_code == 404


def test_your_activity_lists_topics_proposed_and_supported(client, resident, topic):
    mine = TopicFactory(
        voting_round=topic.voting_round, proposed_by=resident, title="My idea"
    )
    services.topic_support(topic=topic, user=resident)
    client.force_login(resident)
    html = client.get(reverse("civic:activity")).content.decode()
    assert "Proposed “My idea”" in html
    assert mine.get_absolute_url() in html
    assert "Supported “Cleaner air near schools”" in html


def test_a_moderator_hides_a_topic_through_civic_moderation(client, moderator, topic):
    from civic.services.moderation import content_hide, report_create

    report_create(reporter=moderator, content_object=topic, reason="spam")
    content_hide(obj=topic, moderator=moderator, reason="Advertising")
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert (
        "Cleaner air near schools"
        not in client.get(reverse("challenges:topics")).content.decode()
    )
