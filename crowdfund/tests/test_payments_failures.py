"""A provider that raises (network down, a bug in its client) never leaves a
pledge half-changed or shows a backer a server error."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from crowdfund.models import GatewayTransaction, Pledge, Project
from crowdfund.payments.offline import OfflineGateway
from crowdfund.services.closing import RETRY, campaign_close, pledge_collect
from crowdfund.services.pledges import (
    PledgeError,
    pledge_cancel,
    pledge_confirm,
    pledge_create,
    pledge_payment_start,
)
from crowdfund.tests.factories import pledge_paid

pytestmark = pytest.mark.django_db


def _boom(*args, **kwargs):
    raise ConnectionError("provider unreachable")


def test_starting_a_payment_when_the_provider_is_down(
    client, backer, live_project, monkeypatch
):
    monkeypatch.setattr(OfflineGateway, "start_authorisation", _boom)
    pledge = pledge_create(
        project=live_project,
        backer=backer,
        amount_pence=1_000,
        is_anonymous=False,
        message="",
        idempotency_key=uuid.uuid4(),
    ).pledge
    with pytest.raises(PledgeError) as error:
        pledge_payment_start(pledge=pledge, return_url="http://testserver/b/")
    assert error.value.code == "gateway"

    client.force_login(backer)
    response = client.post(
        reverse("crowdfund:pledge_pay", args=[pledge.public_id]), follow=True
    )
    assert response.status_code == 200
    assert "The payment service is not working" in response.content.decode()


def test_checking_a_payment_when_the_provider_is_down(
    client, backer, live_project, monkeypatch
):
    pledge = pledge_paid(project=live_project, backer=backer, card="4000000000000119")
    monkeypatch.setattr(OfflineGateway, "authorisation_result", _boom)
    assert pledge_confirm(pledge=pledge).outcome == "error"
    client.force_login(backer)
    response = client.get(reverse("crowdfund:pledge_return", args=[pledge.public_id]))
    assert "We could not confirm your payment" in response.content.decode()
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.PENDING


def test_a_failed_release_still_cancels(live_project, backer, monkeypatch):
    pledge = pledge_paid(project=live_project, backer=backer)
    monkeypatch.setattr(OfflineGateway, "release", _boom)
    pledge_cancel(pledge=pledge, backer=backer)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED
    row = GatewayTransaction.objects.get(pledge=pledge, kind="release")
    assert (row.outcome, row.detail) == (
        "error",
        "ConnectionError: provider unreachable",
    )


def test_a_capture_that_raises_is_recorded_and_retried(
    live_project, backer, monkeypatch
):
    pledge = pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    Project.objects.filter(pk=live_project.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    campaign_close(project_id=live_project.pk)
    monkeypatch.setattr(OfflineGateway, "capture", _boom)

    assert pledge_collect(pledge_id=pledge.pk) == RETRY
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CONFIRMED
    assert pledge.collection_attempts == 1
    assert GatewayTransaction.objects.get(pledge=pledge, kind="capture").outcome == (
        "error"
    )
