"""Closing campaigns at the deadline: funded campaigns collect, unfunded ones
release; City Hall conditions; retries and failures; the beat task."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from civic.celery import app as celery_app
from crowdfund import tasks
from crowdfund.models import CityHallPledge, GatewayTransaction, Pledge, Project
from crowdfund.payments.offline import (
    CAPTURE_DECLINED_CARD,
    CAPTURE_TIMEOUT_ONCE_CARD,
)
from crowdfund.services.city_hall import city_hall_pledge_create
from crowdfund.services.closing import (
    COLLECTED,
    FUNDED,
    MAX_COLLECTION_ATTEMPTS,
    RETRY,
    SKIPPED,
    UNFUNDED,
    campaign_close,
    campaigns_close_due,
    pledge_collect,
    retry_delay,
)
from crowdfund.services.pledges import pledge_create
from crowdfund.tests.factories import pledge_paid

pytestmark = pytest.mark.django_db


def _past_deadline(project):
    Project.objects.filter(pk=project.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )


def _captures(project):
    return GatewayTransaction.objects.filter(
        pledge__project=project, kind="capture", outcome="succeeded"
    ).count()


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the tasks and emails that closing enqueues after its commit."""

    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)

    return run


def test_a_funded_campaign_collects_every_pledge_and_starts_delivering(
    live_project, backer, other_resident, crowdfund_officer, run_on_commit
):
    pledge_paid(project=live_project, backer=backer, amount_pence=300_000)
    pledge_paid(project=live_project, backer=other_resident, amount_pence=200_000)
    city_hall_pledge_create(
        project=live_project,
        amount_pence=500_000,
        condition="",
        min_crowd_percent=25,
        officer=crowdfund_officer,
    )
    _past_deadline(live_project)
    mail.outbox.clear()

    assert run_on_commit(campaigns_close_due) == {live_project.pk: FUNDED}
    live_project.refresh_from_db()
    assert live_project.status == Project.Status.DELIVERING
    assert live_project.closed_at is not None
    assert (
        list(live_project.pledges.values_list("status", flat=True))
        == [Pledge.Status.COLLECTED] * 2
    )
    assert live_project.crowd_pence == 500_000
    assert live_project.city_hall_pledges.get().status == CityHallPledge.Status.PAID
    assert live_project.city_hall_pence == 500_000
    assert _captures(live_project) == 2
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count(f"{live_project.title} is funded") == 1
    assert sum("your pledge has been collected" in subject for subject in subjects) == 2


def test_an_unfunded_campaign_releases_everything(
    live_project, backer, crowdfund_officer, run_on_commit
):
    pledge = pledge_paid(project=live_project, backer=backer, amount_pence=100_000)
    city_hall_pledge_create(
        project=live_project,
        amount_pence=200_000,
        condition="",
        min_crowd_percent=0,
        officer=crowdfund_officer,
    )
    _past_deadline(live_project)
    mail.outbox.clear()

    assert run_on_commit(campaign_close, project_id=live_project.pk) == UNFUNDED
    live_project.refresh_from_db()
    live_project.funding_round.refresh_from_db()
    pledge.refresh_from_db()
    assert live_project.status == Project.Status.UNFUNDED
    assert pledge.status == Pledge.Status.RELEASED
    assert (live_project.crowd_pence, live_project.backer_count) == (0, 0)
    assert live_project.city_hall_pence == 0
    assert live_project.funding_round.committed_pence == 0
    assert live_project.city_hall_pledges.get().status == "released"
    assert GatewayTransaction.objects.filter(pledge=pledge, kind="release").count() == 1
    assert _captures(live_project) == 0
    subjects = [m.subject for m in mail.outbox]
    assert f"{live_project.title} did not reach its target" in subjects
    assert any("you will not be charged" in s for s in subjects)


def test_a_city_hall_condition_not_met_is_released_and_does_not_count(
    live_project, backer, crowdfund_officer, run_on_commit
):
    # Crowd gives 30% of the target; City Hall wanted 40% from the crowd.
    pledge_paid(project=live_project, backer=backer, amount_pence=300_000)
    city_hall_pledge_create(
        project=live_project,
        amount_pence=700_000,
        condition="Once 40% is raised from the crowd",
        min_crowd_percent=40,
        officer=crowdfund_officer,
    )
    _past_deadline(live_project)

    assert run_on_commit(campaign_close, project_id=live_project.pk) == UNFUNDED
    live_project.refresh_from_db()
    assert live_project.city_hall_pledges.get().status == "released"
    assert live_project.funding_round.__class__.objects.get().committed_pence == 0


def test_without_its_city_hall_pledge_a_campaign_can_still_be_funded(
    live_project, backer, crowdfund_officer, run_on_commit
):
    # The crowd alone reaches the target; City Hall's condition (100% from the
    # crowd) is met too, so it pays.  With 99% it would be released.
    pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    city_hall_pledge_create(
        project=live_project,
        amount_pence=100_000,
        condition="",
        min_crowd_percent=100,
        officer=crowdfund_officer,
    )
    _past_deadline(live_project)
    assert run_on_commit(campaign_close, project_id=live_project.pk) == FUNDED
    assert live_project.city_hall_pledges.get().status == "paid"


def test_a_capture_that_is_declined_marks_the_pledge_failed(
    live_project, backer, other_resident, run_on_commit
):
    good = pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    bad = pledge_paid(
        project=live_project,
        backer=other_resident,
        amount_pence=500_000,
        card=CAPTURE_DECLINED_CARD,
    )
    _past_deadline(live_project)
    mail.outbox.clear()

    assert run_on_commit(campaign_close, project_id=live_project.pk) == FUNDED
    good.refresh_from_db()
    bad.refresh_from_db()
    live_project.refresh_from_db()
    assert good.status == Pledge.Status.COLLECTED
    assert bad.status == Pledge.Status.FAILED
    assert bad.failure_reason == "The card issuer refused the payment"
    assert (live_project.crowd_pence, live_project.backer_count) == (500_000, 1)
    assert live_project.status == Project.Status.DELIVERING
    assert any("We could not collect" in m.subject for m in mail.outbox)


def test_a_capture_that_times_out_is_retried(live_project, backer, run_on_commit):
    pledge = pledge_paid(
        project=live_project,
        backer=backer,
        amount_pence=500_000,
        card=CAPTURE_TIMEOUT_ONCE_CARD,
    )
    pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    _past_deadline(live_project)

    # The task retries itself (eagerly in tests; with a countdown in production).
    run_on_commit(campaign_close, project_id=live_project.pk)
    pledge.refresh_from_db()
    live_project.refresh_from_db()
    assert pledge.status == Pledge.Status.COLLECTED
    assert pledge.collection_attempts == 2
    assert live_project.status == Project.Status.DELIVERING
    assert GatewayTransaction.objects.filter(pledge=pledge, kind="capture").count() == 2


def test_collecting_step_by_step(live_project, backer):
    pledge = pledge_paid(
        project=live_project,
        backer=backer,
        amount_pence=500_000,
        card=CAPTURE_TIMEOUT_ONCE_CARD,
    )
    pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    _past_deadline(live_project)
    campaign_close(project_id=live_project.pk)  # tasks not run: no on-commit here

    assert pledge_collect(pledge_id=pledge.pk) == RETRY
    assert pledge_collect(pledge_id=pledge.pk) == COLLECTED
    assert pledge_collect(pledge_id=pledge.pk) == SKIPPED
    live_project.refresh_from_db()
    assert live_project.status == Project.Status.FUNDED  # one pledge still to collect


def test_a_provider_that_never_answers_fails_after_the_last_attempt(
    live_project, backer, monkeypatch
):
    from crowdfund.payments import GatewayResult, Outcome
    from crowdfund.payments.offline import OfflineGateway

    pledge = pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    other = pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    _past_deadline(live_project)
    campaign_close(project_id=live_project.pk)
    assert pledge_collect(pledge_id=other.pk) == COLLECTED
    monkeypatch.setattr(
        OfflineGateway,
        "capture",
        lambda self, pledge: GatewayResult(Outcome.TIMED_OUT, detail="No answer"),
    )
    outcomes = [pledge_collect(pledge_id=pledge.pk) for _ in range(6)]
    assert outcomes == [RETRY] * (MAX_COLLECTION_ATTEMPTS - 1) + ["failed", SKIPPED]
    pledge.refresh_from_db()
    live_project.refresh_from_db()
    assert pledge.failure_reason == "No answer"
    assert (live_project.crowd_pence, live_project.backer_count) == (500_000, 1)
    assert live_project.status == Project.Status.DELIVERING


def test_retry_delays_back_off():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_pending_pledges_are_cancelled_at_the_deadline(live_project, backer):
    import uuid

    pending = pledge_create(
        project=live_project,
        backer=backer,
        amount_pence=1_000,
        is_anonymous=False,
        message="",
        idempotency_key=uuid.uuid4(),
    ).pledge
    _past_deadline(live_project)
    campaign_close(project_id=live_project.pk)
    pending.refresh_from_db()
    assert pending.status == Pledge.Status.CANCELLED


def test_a_campaign_is_closed_only_once(live_project, backer, run_on_commit):
    pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    _past_deadline(live_project)
    assert run_on_commit(campaign_close, project_id=live_project.pk) == FUNDED
    assert run_on_commit(campaign_close, project_id=live_project.pk) is None
    assert run_on_commit(campaigns_close_due) == {}
    assert _captures(live_project) == 2


def test_campaigns_before_their_deadline_stay_live(live_project, run_on_commit):
    assert run_on_commit(campaigns_close_due) == {}
    live_project.refresh_from_db()
    assert live_project.status == Project.Status.LIVE


def test_the_beat_task_is_scheduled_and_closes_campaigns(
    live_project, backer, run_on_commit
):
    entry = celery_app.conf.beat_schedule["crowdfund-close-due-campaigns"]
    assert entry["task"] == tasks.CLOSE_TASK
    pledge_paid(project=live_project, backer=backer, amount_pence=1_000)
    _past_deadline(live_project)
    run_on_commit(tasks.close_due_campaigns.delay)
    live_project.refresh_from_db()
    assert live_project.status == Project.Status.UNFUNDED


def test_the_activity_page_lists_pledges(live_project, backer):
    from civic.registry import registry

    pledge_paid(project=live_project, backer=backer, amount_pence=1_000)
    provider = registry.activity_providers["Crowdfund London pledges"]
    [item] = provider(backer, 10)
    assert item.title == f"Pledged £10 to “{live_project.title}”"
    assert item.status == "Confirmed"
    assert provider(backer, 0) == []


def test_a_capture_whose_task_was_lost_is_started_again(live_project, backer):
    from crowdfund.services.closing import collection_resume

    pledge = pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    _past_deadline(live_project)
    campaign_close(project_id=live_project.pk)  # its tasks never ran
    assert collection_resume() == 0  # too soon: the retries may still be going

    Project.objects.filter(pk=live_project.pk).update(
        closed_at=timezone.now() - datetime.timedelta(hours=2)
    )
    tasks.close_due_campaigns.delay()
    pledge.refresh_from_db()
    live_project.refresh_from_db()
    assert pledge.status == Pledge.Status.COLLECTED
    assert live_project.status == Project.Status.DELIVERING
    assert _captures(live_project) == 2


def _paid_but_never_came_back(project, backer, amount=1_000):
    import uuid

    from crowdfund.payments.offline import GOOD_CARD, OfflineGateway
    from crowdfund.services.pledges import pledge_payment_start

    pledge = pledge_create(
        project=project,
        backer=backer,
        amount_pence=amount,
        is_anonymous=False,
        message="",
        idempotency_key=uuid.uuid4(),
    ).pledge
    pledge_payment_start(pledge=pledge, return_url="http://testserver/b/")
    pledge.refresh_from_db()
    OfflineGateway().submit_card(pledge, GOOD_CARD)
    return pledge


def test_a_payment_whose_backer_never_came_back_is_confirmed_by_the_beat_task(
    live_project, backer
):
    from crowdfund.services.pledges import pledges_reconcile

    pledge = _paid_but_never_came_back(live_project, backer)
    assert pledges_reconcile() == 0  # they may still be on their way back
    Pledge.objects.filter(pk=pledge.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    tasks.close_due_campaigns.delay()
    pledge.refresh_from_db()
    live_project.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED
    assert live_project.crowd_pence == 1_000


def test_an_authorised_but_unfinished_pledge_is_released_at_the_deadline(
    live_project, backer, run_on_commit
):
    pledge = _paid_but_never_came_back(live_project, backer)
    _past_deadline(live_project)
    run_on_commit(campaign_close, project_id=live_project.pk)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED
    assert GatewayTransaction.objects.filter(pledge=pledge, kind="release").exists()
