"""pledge_create / pledge_confirm / pledge_cancel: limits, deadlines,
idempotency, totals and the transitions between states."""

import datetime
import uuid

import pytest
from django.core import mail
from django.db import IntegrityError
from django.utils import timezone

from crowdfund.models import GatewayTransaction, Pledge, Project
from crowdfund.payments import IN_PROGRESS, Outcome
from crowdfund.payments.offline import (
    AUTH_TIMEOUT_CARD,
    DECLINED_CARD,
    GOOD_CARD,
    OfflineGateway,
)
from crowdfund.services.pledges import (
    PledgeError,
    pledge_cancel,
    pledge_confirm,
    pledge_create,
    pledge_payment_start,
)
from crowdfund.tests.factories import PledgeFactory, pledge_paid

pytestmark = pytest.mark.django_db(transaction=False)


def _create(project, backer, amount=2_500, key=None, **kwargs):
    return pledge_create(
        project=project,
        backer=backer,
        amount_pence=amount,
        is_anonymous=kwargs.get("is_anonymous", False),
        message=kwargs.get("message", ""),
        idempotency_key=key or uuid.uuid4(),
    )


def test_a_new_pledge_is_pending_and_does_not_count_yet(live_project, backer):
    made = _create(live_project, backer, 1_000, message="Good luck!")
    live_project.refresh_from_db()

    assert made.created
    assert made.pledge.status == Pledge.Status.PENDING
    assert made.pledge.message == "Good luck!"
    assert (live_project.crowd_pence, live_project.backer_count) == (0, 0)


def test_same_key_twice_makes_one_pledge(live_project, backer):
    key = uuid.uuid4()
    first = _create(live_project, backer, 1_000, key=key)
    second = _create(live_project, backer, 1_000, key=key)

    assert first.created and not second.created
    assert first.pledge.pk == second.pledge.pk
    assert Pledge.objects.count() == 1


def test_a_key_reused_with_another_amount_is_refused(live_project, backer):
    key = uuid.uuid4()
    _create(live_project, backer, 1_000, key=key)
    with pytest.raises(PledgeError) as error:
        _create(live_project, backer, 2_000, key=key)
    assert error.value.code == "key_reused"
    assert Pledge.objects.count() == 1


def test_a_key_reused_for_another_campaign_is_refused(live_project, backer):
    from crowdfund.tests.factories import LiveProjectFactory

    key = uuid.uuid4()
    _create(live_project, backer, 1_000, key=key)
    with pytest.raises(PledgeError) as error:
        _create(LiveProjectFactory(), backer, 1_000, key=key)
    assert error.value.code == "key_reused"


def test_the_same_key_from_two_people_makes_two_pledges(
    live_project, backer, other_resident
):
    key = uuid.uuid4()
    _create(live_project, backer, key=key)
    _create(live_project, other_resident, key=key)
    assert Pledge.objects.count() == 2


@pytest.mark.parametrize("amount", [199, 500_001])
def test_amounts_outside_2_to_5000_pounds_are_refused(live_project, backer, amount):
    with pytest.raises(PledgeError):
        _create(live_project, backer, amount)


@pytest.mark.parametrize("amount", [200, 500_000])
def test_the_limits_themselves_are_allowed(live_project, backer, amount):
    assert _create(live_project, backer, amount).created


def test_the_database_refuses_an_amount_outside_the_limits(live_project, backer):
    with pytest.raises(IntegrityError):
        PledgeFactory(project=live_project, backer=backer, amount_pence=100)


def test_a_pledge_after_the_deadline_is_refused(live_project, backer):
    Project.objects.filter(pk=live_project.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(PledgeError) as error:
        _create(live_project, backer)
    assert error.value.code == "closed"


@pytest.mark.parametrize("status", ["draft", "in_review", "funded", "unfunded"])
def test_a_pledge_to_a_campaign_that_is_not_live_is_refused(
    draft_project, live_project, backer, status
):
    project = draft_project if status in ("draft", "in_review") else live_project
    Project.objects.filter(pk=project.pk).update(status=status)
    with pytest.raises(PledgeError) as error:
        _create(project, backer)
    assert error.value.code == "closed"


def test_a_successful_payment_confirms_and_counts_the_pledge(live_project, backer):
    pledge = pledge_paid(project=live_project, backer=backer, amount_pence=4_000)
    live_project.refresh_from_db()

    assert pledge.status == Pledge.Status.CONFIRMED
    assert pledge.confirmed_at is not None
    assert (live_project.crowd_pence, live_project.backer_count) == (4_000, 1)


def test_confirming_twice_counts_once(
    live_project, backer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pledge = pledge_paid(project=live_project, backer=backer)
        pledge_confirm(pledge=pledge)
    live_project.refresh_from_db()
    assert (live_project.crowd_pence, live_project.backer_count) == (2_500, 1)
    assert len(mail.outbox) == 1
    assert "is confirmed" in mail.outbox[0].subject


def test_a_declined_card_leaves_the_pledge_pending_and_another_card_works(
    live_project, backer
):
    pledge = pledge_paid(project=live_project, backer=backer, card=DECLINED_CARD)
    assert pledge.status == Pledge.Status.PENDING
    assert pledge.failure_reason == "Your card was declined"
    live_project.refresh_from_db()
    assert live_project.crowd_pence == 0

    pledge_payment_start(pledge=pledge, return_url="http://testserver/b/")
    pledge.refresh_from_db()
    OfflineGateway().submit_card(pledge, GOOD_CARD)
    assert pledge_confirm(pledge=pledge).succeeded
    pledge.refresh_from_db()
    live_project.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED
    assert live_project.crowd_pence == 2_500


def test_a_timeout_is_not_a_pledge_and_can_be_retried(live_project, backer):
    pledge = pledge_paid(project=live_project, backer=backer, card=AUTH_TIMEOUT_CARD)
    assert pledge.status == Pledge.Status.PENDING
    assert pledge.failure_reason == "We could not confirm your payment"
    assert pledge_confirm(pledge=pledge).outcome == Outcome.TIMED_OUT


def test_returning_before_paying_changes_nothing(live_project, backer):
    pledge = _create(live_project, backer).pledge
    pledge_payment_start(pledge=pledge, return_url="http://testserver/b/")
    pledge.refresh_from_db()
    assert pledge_confirm(pledge=pledge).outcome == IN_PROGRESS
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PENDING


def test_paying_after_the_deadline_releases_the_authorisation(live_project, backer):
    pledge = _create(live_project, backer).pledge
    pledge_payment_start(pledge=pledge, return_url="http://testserver/b/")
    pledge.refresh_from_db()
    OfflineGateway().submit_card(pledge, GOOD_CARD)
    Project.objects.filter(pk=live_project.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert not pledge_confirm(pledge=pledge).succeeded
    pledge.refresh_from_db()
    live_project.refresh_from_db()
    assert pledge.status == Pledge.Status.RELEASED
    assert live_project.crowd_pence == 0
    assert GatewayTransaction.objects.filter(
        pledge=pledge, kind="release", outcome="succeeded"
    ).exists()


def test_payment_cannot_start_for_a_confirmed_pledge(live_project, backer):
    pledge = pledge_paid(project=live_project, backer=backer)
    with pytest.raises(PledgeError):
        pledge_payment_start(pledge=pledge, return_url="http://testserver/b/")


def test_cancel_before_the_deadline_takes_the_pledge_out_of_the_totals(
    live_project, backer, django_capture_on_commit_callbacks
):
    keep = pledge_paid(project=live_project, backer=backer, amount_pence=1_000)
    pledge = pledge_paid(project=live_project, backer=backer, amount_pence=3_000)
    with django_capture_on_commit_callbacks(execute=True):
        pledge_cancel(pledge=pledge, backer=backer)
    pledge.refresh_from_db()
    live_project.refresh_from_db()

    assert pledge.status == Pledge.Status.CANCELLED
    assert keep.status == Pledge.Status.CONFIRMED
    assert (live_project.crowd_pence, live_project.backer_count) == (1_000, 1)
    assert GatewayTransaction.objects.filter(pledge=pledge, kind="release").count() == 1
    assert "You cancelled your pledge" in mail.outbox[-1].subject


def test_a_pending_pledge_can_be_cancelled_without_touching_totals(
    live_project, backer
):
    pledge = _create(live_project, backer).pledge
    pledge_cancel(pledge=pledge, backer=backer)
    live_project.refresh_from_db()
    assert (live_project.crowd_pence, live_project.backer_count) == (0, 0)


def test_cancel_after_the_deadline_is_refused(live_project, backer):
    pledge = pledge_paid(project=live_project, backer=backer)
    Project.objects.filter(pk=live_project.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(PledgeError) as error:
        pledge_cancel(pledge=pledge, backer=backer)
    assert error.value.code == "closed"


def test_cancel_twice_or_by_someone_else_is_refused(
    live_project, backer, other_resident
):
    pledge = pledge_paid(project=live_project, backer=backer)
    with pytest.raises(PledgeError) as error:
        pledge_cancel(pledge=pledge, backer=other_resident)
    assert error.value.code == "not_yours"
    pledge_cancel(pledge=pledge, backer=backer)
    with pytest.raises(PledgeError) as error:
        pledge_cancel(pledge=pledge, backer=backer)
    assert error.value.code == "settled"
    live_project.refresh_from_db()
    assert live_project.crowd_pence == 0


def test_someone_who_pledges_twice_is_one_backer(live_project, backer):
    from crowdfund.services.pledges import pledge_cancel

    first = pledge_paid(project=live_project, backer=backer, amount_pence=1_000)
    second = pledge_paid(project=live_project, backer=backer, amount_pence=500)
    live_project.refresh_from_db()
    assert (live_project.crowd_pence, live_project.backer_count) == (1_500, 1)

    pledge_cancel(pledge=first, backer=backer)
    live_project.refresh_from_db()
    assert (live_project.crowd_pence, live_project.backer_count) == (500, 1)

    pledge_cancel(pledge=second, backer=backer)
    live_project.refresh_from_db()
    assert (live_project.crowd_pence, live_project.backer_count) == (0, 0)
