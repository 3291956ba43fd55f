import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from wagtail.models import ModelLogEntry

from challenges.models import Support, SupporterQuota, Topic, VotingRound
from challenges.services import topics as services
from challenges.services.topics import TopicError
from challenges.tests.factories import TopicFactory, VotingRoundFactory
from civic.models import Borough
from civic.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _propose(user, **kwargs):
    fields = {
        "title": "  Safer crossings  ",
        "problem": "Crossing the high road is dangerous.",
        "who_it_affects": "Children and older people.",
        "borough": Borough.objects.get(name="Hackney"),
    }
    fields.update(kwargs)
    return services.topic_propose(user=user, **fields)


def _quota(user, voting_round) -> int:
    return SupporterQuota.objects.get(
        user=user, voting_round=voting_round
    ).active_supports


# --- proposing ---------------------------------------------------------------


def test_a_proposal_joins_the_open_round(resident):
    voting_round = VotingRoundFactory()
    topic = _propose(resident)
    assert topic.voting_round == voting_round
    assert topic.title == "Safer crossings"
    assert topic.proposed_by == resident
    assert topic.status == Topic.Status.PROPOSED


def test_a_proposal_waits_for_the_next_round_when_none_is_open(resident):
    VotingRoundFactory(status=VotingRound.Status.CLOSED)
    topic = _propose(resident, borough=None)
    assert topic.voting_round is None


def test_opening_a_round_brings_in_the_waiting_topics(resident, challenge_manager):
    waiting = _propose(resident)
    voting_round = VotingRoundFactory(status=VotingRound.Status.DRAFT, opened_at=None)
    services.round_open(voting_round=voting_round, user=challenge_manager)
    waiting.refresh_from_db()
    voting_round.refresh_from_db()
    assert waiting.voting_round == voting_round
    assert voting_round.status == VotingRound.Status.OPEN
    assert voting_round.opened_at is not None
    assert ModelLogEntry.objects.filter(action=services.ROUND_OPEN).count() == 1


def test_only_one_round_can_be_open(challenge_manager):
    VotingRoundFactory()
    second = VotingRoundFactory(status=VotingRound.Status.DRAFT)
    with pytest.raises(TopicError) as error:
        services.round_open(voting_round=second, user=challenge_manager)
    assert error.value.code == "another_open"
    second.refresh_from_db()
    assert second.status == VotingRound.Status.DRAFT


def test_the_database_refuses_two_open_rounds():
    VotingRoundFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        VotingRoundFactory()


def test_closing_a_round_and_closing_twice(challenge_manager):
    voting_round = VotingRoundFactory()
    services.round_close(voting_round=voting_round, user=challenge_manager)
    voting_round.refresh_from_db()
    assert voting_round.status == VotingRound.Status.CLOSED
    with pytest.raises(TopicError):
        services.round_close(voting_round=voting_round, user=challenge_manager)
    with pytest.raises(TopicError):
        services.round_open(voting_round=voting_round, user=challenge_manager)


# --- supporting --------------------------------------------------------------


def test_support_counts_once_and_updates_both_counters(resident):
    topic = TopicFactory()
    services.topic_support(topic=topic, user=resident)
    topic.refresh_from_db()
    assert topic.support_count == 1
    assert _quota(resident, topic.voting_round) == 1
    with pytest.raises(TopicError) as error:
        services.topic_support(topic=topic, user=resident)
    assert error.value.code == "already"
    topic.refresh_from_db()
    assert topic.support_count == 1
    assert _quota(resident, topic.voting_round) == 1
    assert Support.objects.filter(topic=topic).count() == 1


def test_a_sixth_support_in_a_round_is_refused_with_a_clear_message(resident):
    voting_round = VotingRoundFactory()
    topics = TopicFactory.create_batch(6, voting_round=voting_round)
    for topic in topics[:5]:
        services.topic_support(topic=topic, user=resident)
    with pytest.raises(TopicError) as error:
        services.topic_support(topic=topics[5], user=resident)
    assert error.value.code == "limit"
    assert error.value.message == (
        "You have already supported 5 topics in this round. Withdraw support "
        "from one to support another."
    )
    topics[5].refresh_from_db()
    assert topics[5].support_count == 0
    assert _quota(resident, voting_round) == 5
    assert Support.objects.filter(user=resident).count() == 5


def test_withdrawing_frees_a_place(resident):
    voting_round = VotingRoundFactory()
    topics = TopicFactory.create_batch(6, voting_round=voting_round)
    for topic in topics[:5]:
        services.topic_support(topic=topic, user=resident)
    services.topic_withdraw(topic=topics[0], user=resident)
    topics[0].refresh_from_db()
    assert topics[0].support_count == 0
    assert _quota(resident, voting_round) == 4
    services.topic_support(topic=topics[5], user=resident)
    assert _quota(resident, voting_round) == 5


def test_withdrawing_what_you_do_not_support_is_refused(resident):
    topic = TopicFactory()
    with pytest.raises(TopicError) as error:
        services.topic_withdraw(topic=topic, user=resident)
    assert error.value.code == "not_supported"


def test_the_limit_is_per_round(resident, challenge_manager):
    first = VotingRoundFactory()
    for topic in TopicFactory.create_batch(5, voting_round=first):
        services.topic_support(topic=topic, user=resident)
    services.round_close(voting_round=first, user=challenge_manager)
    second = VotingRoundFactory()
    services.topic_support(topic=TopicFactory(voting_round=second), user=resident)
    assert _quota(resident, second) == 1


def test_a_closed_round_refuses_supports_and_withdrawals(resident, challenge_manager):
    topic = TopicFactory()
    services.topic_support(topic=topic, user=resident)
    services.round_close(voting_round=topic.voting_round, user=challenge_manager)
    with pytest.raises(TopicError) as error:
        services.topic_support(
            topic=TopicFactory(voting_round=topic.voting_round), user=resident
        )
    assert error.value.code == "closed"
    with pytest.raises(TopicError):
        services.topic_withdraw(topic=topic, user=resident)
    topic.refresh_from_db()
    assert topic.support_count == 1


def test_a_waiting_or_hidden_topic_cannot_be_supported(resident):
    with pytest.raises(TopicError) as error:
        services.topic_support(topic=TopicFactory(voting_round=None), user=resident)
    assert error.value.code == "waiting"
    with pytest.raises(TopicError) as error:
        services.topic_support(topic=TopicFactory(is_hidden=True), user=resident)
    assert error.value.code == "hidden"


def test_the_database_refuses_a_sixth_active_support():
    quota = SupporterQuota.objects.create(
        voting_round=VotingRoundFactory(), user=UserFactory(), active_supports=5
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SupporterQuota.objects.filter(pk=quota.pk).update(active_supports=6)


# --- decisions ---------------------------------------------------------------


def test_a_decision_is_published_logged_and_emailed_after_commit(
    challenge_manager, django_capture_on_commit_callbacks
):
    topic = TopicFactory(proposed_by=UserFactory(email="proposer@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        services.topic_decide(
            topic=topic,
            user=challenge_manager,
            status=Topic.Status.TAKEN_FORWARD,
            explanation="It becomes a 2027 challenge with TfL.",
        )
    topic.refresh_from_db()
    assert topic.status == Topic.Status.TAKEN_FORWARD
    assert topic.explanation == "It becomes a 2027 challenge with TfL."
    entry = ModelLogEntry.objects.get(action=services.TOPIC_DECIDE)
    assert entry.user_id == challenge_manager.pk
    assert entry.data["reason"] == "It becomes a 2027 challenge with TfL."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["proposer@example.com"]
    assert "taken forward" in mail.outbox[0].subject
    assert "It becomes a 2027 challenge with TfL." in mail.outbox[0].body
    assert topic.get_absolute_url() in mail.outbox[0].body


def test_a_decision_needs_an_explanation_and_a_real_status(challenge_manager):
    topic = TopicFactory()
    with pytest.raises(TopicError):
        services.topic_decide(
            topic=topic, user=challenge_manager, status="taken_forward", explanation=" "
        )
    with pytest.raises(TopicError):
        services.topic_decide(
            topic=topic, user=challenge_manager, status="proposed", explanation="x"
        )


# --- results: supports by borough ---------------------------------------------


def _supporters(topic, borough_name, n):
    borough = Borough.objects.get(name=borough_name) if borough_name else None
    for _i in range(n):
        Support.objects.create(topic=topic, user=UserFactory(borough=borough))


def test_small_borough_counts_are_suppressed_and_not_known_comes_last():
    topic = TopicFactory()
    _supporters(topic, "Hackney", 12)
    _supporters(topic, "Camden", 15)
    _supporters(topic, "Lewisham", 3)
    _supporters(topic, None, 11)
    total, cells = services.supports_by_borough(topic.voting_round)
    assert total == 41
    assert [(c.label, c.display) for c in cells] == [
        # Lewisham alone would be total minus the rest: the smallest shown
        # count (Not known, 11) is hidden too.
        ("Camden", "15"),
        ("Hackney", "12"),
        ("Lewisham", "fewer than 10"),
        ("Not known", "hidden"),
    ]


def test_suppress_hides_every_small_count_and_one_more_if_alone():
    assert services.suppress([12, 3, 20]) == [True, True, False]
    assert services.suppress([3, 4, 20]) == [True, True, False]
    assert services.suppress([12, 20]) == [False, False]
    assert services.suppress([3]) == [True]


# --- concurrency (PostgreSQL) --------------------------------------------------


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
)


def _race(calls):
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except TopicError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_eight_supports_at_once_from_one_person_make_exactly_five():
    person = UserFactory()
    voting_round = VotingRoundFactory()
    topics = TopicFactory.create_batch(8, voting_round=voting_round)

    outcomes = _race(
        [
            (lambda t=topic: services.topic_support(topic=t, user=person))
            for topic in topics
        ]
    )

    assert sorted(outcomes) == ["limit"] * 3 + ["ok"] * 5
    assert Support.objects.filter(user=person).count() == 5
    assert _quota(person, voting_round) == 5
    assert sum(Topic.objects.values_list("support_count", flat=True)) == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_many_people_supporting_one_topic_at_once_are_all_counted():
    topic = TopicFactory()
    people = UserFactory.create_batch(8)

    outcomes = _race(
        [(lambda p=p: services.topic_support(topic=topic, user=p)) for p in people]
    )

    assert outcomes == ["ok"] * 8
    topic.refresh_from_db()
    assert topic.support_count == Support.objects.filter(topic=topic).count() == 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@needs_postgres
def test_the_same_support_twice_at_once_counts_once():
    person = UserFactory()
    topic = TopicFactory()

    outcomes = _race([(lambda: services.topic_support(topic=topic, user=person))] * 4)

    assert sorted(outcomes) == ["already"] * 3 + ["ok"]
    topic.refresh_from_db()
    assert topic.support_count == 1
    assert _quota(person, topic.voting_round) == 1
