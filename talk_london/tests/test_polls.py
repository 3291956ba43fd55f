"""Shareable polls: one vote per person or per browser session, results at
once, Open Graph tags, and the Wagtail admin."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from civic.tests.factories import UserFactory
from talk_london.models import Poll, PollOption, PollVote
from talk_london.services.polls import (
    PollError,
    poll_results,
    poll_vote,
    session_hash,
)

pytestmark = pytest.mark.django_db


def make_poll(slug="bus-or-bike", options=("Bus", "Bike", "Walk"), **kwargs):
    poll = Poll.objects.create(question="Bus or bike?", slug=slug, **kwargs)
    for order, text in enumerate(options):
        PollOption.objects.create(poll=poll, text=text, sort_order=order)
    return poll


@pytest.fixture
def poll():
    return make_poll(description="Tell us how you travel.")


def _option(poll, text):
    return poll.options.get(text=text)


# --- Services -----------------------------------------------------------------------


def test_a_person_votes_once_per_poll(poll, resident):
    poll_vote(poll=poll, option=_option(poll, "Bus"), user=resident)
    with pytest.raises(PollError) as error:
        poll_vote(poll=poll, option=_option(poll, "Bike"), user=resident)
    assert error.value.code == "already_voted"
    assert PollVote.objects.filter(poll=poll).count() == 1


def test_a_browser_session_votes_once_per_poll(poll):
    poll_vote(poll=poll, option=_option(poll, "Bus"), session_key="abc")
    with pytest.raises(PollError):
        poll_vote(poll=poll, option=_option(poll, "Walk"), session_key="abc")
    poll_vote(poll=poll, option=_option(poll, "Walk"), session_key="another")
    assert PollVote.objects.filter(poll=poll).count() == 2


def test_the_session_key_itself_is_not_stored(poll):
    vote = poll_vote(poll=poll, option=_option(poll, "Bus"), session_key="secret-key")
    assert "secret-key" not in vote.session_hash
    assert vote.session_hash == session_hash("secret-key")


def test_a_closed_poll_takes_no_votes(resident):
    closed = make_poll(slug="closed", status=Poll.Status.CLOSED)
    with pytest.raises(PollError) as error:
        poll_vote(poll=closed, option=closed.options.first(), user=resident)
    assert error.value.code == "closed"


def test_an_answer_from_another_poll_is_refused(poll, resident):
    other = make_poll(slug="other")
    with pytest.raises(PollError) as error:
        poll_vote(poll=poll, option=other.options.first(), user=resident)
    assert error.value.code == "wrong_option"


def test_the_database_refuses_a_second_vote_by_the_same_person(poll, resident):
    PollVote.objects.create(poll=poll, option=_option(poll, "Bus"), user=resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVote.objects.create(poll=poll, option=_option(poll, "Bike"), user=resident)


def test_the_database_refuses_a_vote_with_no_voter(poll):
    with pytest.raises(IntegrityError), transaction.atomic():
        PollVote.objects.create(poll=poll, option=_option(poll, "Bus"))


def test_results_are_counted_in_one_query(poll, django_assert_num_queries):
    for n in range(3):
        poll_vote(poll=poll, option=_option(poll, "Bus"), session_key=f"s{n}")
    poll_vote(poll=poll, option=_option(poll, "Walk"), session_key="w")
    with django_assert_num_queries(1):
        results, total = poll_results(poll=poll)
    assert total == 4
    assert [(r["option"].text, r["votes"], r["percent"]) for r in results] == [
        ("Bus", 3, 75.0),
        ("Bike", 0, 0.0),
        ("Walk", 1, 25.0),
    ]
    assert results[0]["width_class"] == "tl-bar--75"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
)
@pytest.mark.parametrize("voter", ["person", "session"])
def test_two_votes_at_the_same_time_count_once(voter):
    poll = make_poll(slug=f"race-{voter}")
    user = UserFactory() if voter == "person" else None
    barrier = threading.Barrier(4)
    outcomes = []

    def vote(option_text):
        try:
            barrier.wait()
            poll_vote(
                poll=Poll.objects.get(pk=poll.pk),
                option=PollOption.objects.get(poll=poll, text=option_text),
                user=user,
                session_key="" if user else "the-same-session",
            )
            outcomes.append("voted")
        except PollError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=vote, args=(text,))
        for text in ["Bus", "Bike", "Walk", "Bus"]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already_voted"] * 3 + ["voted"]
    assert PollVote.objects.filter(poll=poll).count() == 1


# --- The poll page ----------------------------------------------------------------


PERSONAS = ["anonymous", "resident", "member", "moderator"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_can_see_and_vote_in_an_open_poll(client, request, poll, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url = poll.get_absolute_url()
    html = client.get(url).content.decode()
    assert 'type="radio"' in html
    assert "Results" not in html  # results come after voting

    response = client.post(url, {"option": _option(poll, "Bike").pk})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "1 vote so far" in html
    assert 'type="radio"' not in html
    # The chart's ids carry the poll's slug, so a page embedding two polls
    # still has unique ids.
    chart = f"poll-results-{poll.slug}"
    assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert "Bike: 100.0% (1)." in html  # the SVG chart states its figures
    assert PollVote.objects.filter(poll=poll).count() == 1


def test_voting_twice_in_the_same_session_counts_once(client, poll):
    url = poll.get_absolute_url()
    client.post(url, {"option": _option(poll, "Bike").pk})
    response = client.post(url, {"option": _option(poll, "Bus").pk})
    assert response.status_code == 302
    assert PollVote.objects.filter(poll=poll).count() == 1
    assert poll.pk in client.session["talk_london_polls_voted"]


def test_another_browser_gets_its_own_vote(client, poll):
    url = poll.get_absolute_url()
    client.post(url, {"option": _option(poll, "Bike").pk})
    Client().post(url, {"option": _option(poll, "Bus").pk})
    assert PollVote.objects.filter(poll=poll).count() == 2


def test_voting_without_choosing_shows_an_error(client, poll):
    response = client.post(poll.get_absolute_url(), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select an answer" in html
    assert 'href="#id_option"' in html
    assert not PollVote.objects.exists()


def test_a_closed_poll_shows_results_and_no_form(client):
    closed = make_poll(slug="closed", status=Poll.Status.CLOSED)
    html = client.get(closed.get_absolute_url()).content.decode()
    assert "closed" in html
    assert 'type="radio"' not in html
    response = client.post(closed.get_absolute_url(), {"option": 1})
    assert response.status_code == 302
    assert not PollVote.objects.exists()


def test_an_unknown_poll_is_not_found(client):
    assert (
        client.get(reverse("talk_london:poll_detail", args=["nope"])).status_code == 404
    )


def test_poll_page_has_share_tags_and_a_share_link(client, poll):
    html = client.get(poll.get_absolute_url()).content.decode()
    absolute = "http://testserver/talk-london/polls/bus-or-bike/"
    assert '<meta property="og:title" content="Bus or bike?">' in html
    assert f'<meta property="og:url" content="{absolute}">' in html
    assert '<meta property="og:description" content="Tell us how you travel.">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert f'value="{absolute}"' in html
    assert "style=" not in html


def test_poll_page_queries_do_not_grow_with_votes(
    client, poll, django_assert_max_num_queries
):
    url = poll.get_absolute_url()
    client.post(url, {"option": _option(poll, "Bike").pk})
    with django_assert_max_num_queries(8):
        client.get(url)
    for n in range(30):
        poll_vote(poll=poll, option=_option(poll, "Bus"), session_key=f"k{n}")
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert "31 votes so far" in response.content.decode()


# --- Wagtail admin ----------------------------------------------------------------


def test_polls_are_managed_in_a_talk_london_menu_group(client, superuser):
    from tests.fixtures import force_login_with_mfa

    make_poll()
    force_login_with_mfa(client, superuser)
    response = client.get(reverse("wagtailsnippets_talk_london_poll:list"))
    assert response.status_code == 200
    assert "Bus or bike?" in response.content.decode()
    response = client.get(reverse("wagtailsnippets_talk_london_poll:add"))
    assert response.status_code == 200


def test_programme_managers_may_manage_polls(programme_manager):
    assert programme_manager.has_perm("talk_london.add_poll")
    assert programme_manager.has_perm("talk_london.change_poll")
    assert programme_manager.has_perm("talk_london.view_representativeness")


def _admin_form(texts):
    data = {
        "question": "Which park?",
        "slug": "which-park",
        "description": "",
        "status": "open",
        "options-TOTAL_FORMS": str(len(texts)),
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "2",
        "options-MAX_NUM_FORMS": "8",
    }
    for i, text in enumerate(texts):
        data[f"options-{i}-text"] = text
        data[f"options-{i}-id"] = ""
        data[f"options-{i}-ORDER"] = str(i + 1)
        data[f"options-{i}-DELETE"] = ""
    return data


@pytest.mark.parametrize(
    ("count", "saved"), [(1, False), (2, True), (8, True), (9, False)]
)
def test_a_poll_has_between_2_and_8_answers(client, superuser, count, saved):
    from tests.fixtures import force_login_with_mfa

    force_login_with_mfa(client, superuser)
    client.post(
        reverse("wagtailsnippets_talk_london_poll:add"),
        _admin_form([f"Park {n}" for n in range(count)]),
    )
    assert Poll.objects.filter(slug="which-park").exists() == saved
    if saved:
        assert PollOption.objects.filter(poll__slug="which-park").count() == count
