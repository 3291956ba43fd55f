"""The offline gateway: outcomes by test card, the record of every call, and
its "Enter card details" page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crowdfund.models import GatewayTransaction, Pledge
from crowdfund.payments import IN_PROGRESS, Outcome, get_gateway
from crowdfund.payments.forms import CardDetailsForm, luhn_valid
from crowdfund.payments.offline import (
    AUTH_TIMEOUT_CARD,
    CAPTURE_DECLINED_CARD,
    CAPTURE_TIMEOUT_ONCE_CARD,
    DECLINED_CARD,
    GOOD_CARD,
    OfflineGateway,
)
from crowdfund.services.pledges import pledge_create, pledge_payment_start
from crowdfund.tests.factories import pledge_paid

pytestmark = pytest.mark.django_db

Kind = GatewayTransaction.Kind


@pytest.fixture
def pending(live_project, backer):
    import uuid

    pledge = pledge_create(
        project=live_project,
        backer=backer,
        amount_pence=5_000,
        is_anonymous=False,
        message="",
        idempotency_key=uuid.uuid4(),
    ).pledge
    next_url = pledge_payment_start(pledge=pledge, return_url="http://testserver/b/")
    pledge.refresh_from_db()
    pledge.next_url = next_url
    return pledge


def test_the_setting_chooses_the_offline_gateway_by_default():
    assert isinstance(get_gateway(), OfflineGateway)


def test_every_test_card_is_a_valid_card_number():
    for card in (
        GOOD_CARD,
        DECLINED_CARD,
        AUTH_TIMEOUT_CARD,
        CAPTURE_DECLINED_CARD,
        CAPTURE_TIMEOUT_ONCE_CARD,
    ):
        assert luhn_valid(card), card
    assert not luhn_valid("4000000000000001")


def test_start_gives_our_own_payment_page_and_a_fresh_reference(pending):
    assert pending.payment_reference.startswith("offline-")
    assert pending.next_url.startswith(
        reverse("crowdfund:payments_offline", args=[pending.payment_reference])
    )
    assert OfflineGateway().authorisation_result(pending).outcome == IN_PROGRESS


@pytest.mark.parametrize(
    ("card", "outcome"),
    [
        (GOOD_CARD, Outcome.SUCCEEDED),
        ("4242424242424242", Outcome.SUCCEEDED),
        (DECLINED_CARD, Outcome.DECLINED),
        (AUTH_TIMEOUT_CARD, Outcome.TIMED_OUT),
        (CAPTURE_DECLINED_CARD, Outcome.SUCCEEDED),
    ],
)
def test_authorisation_outcome_depends_on_the_card(pending, card, outcome):
    gateway = OfflineGateway()
    gateway.submit_card(pending, card)

    assert gateway.authorisation_result(pending).outcome == outcome
    row = GatewayTransaction.objects.get(pledge=pending)
    assert (row.kind, row.outcome, row.amount_pence, row.gateway) == (
        Kind.AUTHORISE,
        outcome,
        5_000,
        "offline",
    )
    assert row.detail.startswith(f"Card ending {card[-4:]}")


def test_a_card_is_authorised_once_per_payment(pending):
    gateway = OfflineGateway()
    gateway.submit_card(pending, GOOD_CARD)
    gateway.submit_card(pending, DECLINED_CARD)

    assert gateway.authorisation_result(pending).outcome == Outcome.SUCCEEDED
    assert GatewayTransaction.objects.filter(pledge=pending).count() == 1


def test_capture_succeeds_once_and_a_second_capture_is_the_same(live_project, backer):
    pledge = pledge_paid(project=live_project, backer=backer)
    gateway = OfflineGateway()

    assert gateway.capture(pledge).succeeded
    assert gateway.capture(pledge).succeeded
    assert (
        GatewayTransaction.objects.filter(pledge=pledge, kind=Kind.CAPTURE).count() == 1
    )


def test_capture_declined_card(live_project, backer):
    pledge = pledge_paid(
        project=live_project, backer=backer, card=CAPTURE_DECLINED_CARD
    )
    result = OfflineGateway().capture(pledge)
    assert result.outcome == Outcome.DECLINED
    assert result.is_final


def test_capture_times_out_once_then_succeeds(live_project, backer):
    pledge = pledge_paid(
        project=live_project, backer=backer, card=CAPTURE_TIMEOUT_ONCE_CARD
    )
    gateway = OfflineGateway()
    first = gateway.capture(pledge)
    assert first.outcome == Outcome.TIMED_OUT
    assert not first.is_final
    assert gateway.capture(pledge).succeeded


def test_capture_without_an_authorisation_is_an_error(pending):
    assert OfflineGateway().capture(pending).outcome == Outcome.ERROR


def test_release_is_recorded_once_and_nothing_to_release_is_not(
    live_project, backer, pending
):
    gateway = OfflineGateway()
    assert gateway.release(pending).succeeded  # nothing authorised
    assert not GatewayTransaction.objects.filter(pledge=pending).exists()

    pledge = pledge_paid(project=live_project, backer=backer)
    gateway.release(pledge)
    gateway.release(pledge)
    assert (
        GatewayTransaction.objects.filter(pledge=pledge, kind=Kind.RELEASE).count() == 1
    )


# --- The card form -------------------------------------------------------------


def _card(**overrides):
    year = timezone.localdate().year + 2
    data = {
        "card_number": "4444 3333 2222 1111",
        "expiry_month": "10",
        "expiry_year": str(year),
        "cardholder_name": "Ben Backer",
        "security_code": "123",
    }
    data.update(overrides)
    return data


def test_card_form_accepts_spaces_and_two_digit_years():
    form = CardDetailsForm(_card(expiry_year="99"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["card_number"] == GOOD_CARD


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("card_number", "", "Enter a card number"),
        ("card_number", "4444 3333 2222 1112", "Enter a valid card number"),
        ("card_number", "abcd", "Enter a valid card number"),
        ("expiry_month", "13", "Enter a valid expiry date"),
        ("expiry_month", "", "Enter the expiry date"),
        ("expiry_year", "123", "Enter a valid expiry date"),
        ("cardholder_name", "", "Enter the name as it appears on the card"),
        ("security_code", "12", "Enter a valid card security code"),
        ("security_code", "", "Enter a card security code"),
    ],
)
def test_card_form_errors(field, value, message):
    form = CardDetailsForm(_card(**{field: value}))
    assert not form.is_valid()
    assert message in form.errors[field]


def test_card_form_refuses_an_expired_card():
    last_year = timezone.localdate() - datetime.timedelta(days=366)
    form = CardDetailsForm(
        _card(expiry_month=str(last_year.month), expiry_year=str(last_year.year))
    )
    assert not form.is_valid()
    assert form.errors["expiry_month"] == ["The card has expired"]


# --- The payment page ----------------------------------------------------------


def test_payment_page_shows_errors_and_then_sends_the_backer_back(
    client, backer, pending
):
    client.force_login(backer)
    url = pending.next_url
    response = client.get(url)
    assert response.status_code == 200
    assert "Enter card details" in response.content.decode()

    response = client.post(url, _card(card_number="1234"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid card number" in html
    assert 'href="#id_card_number"' in html
    assert "<title>Error:" in html

    response = client.post(url, _card())
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/b/"


def test_payment_page_lists_the_test_cards(client, backer, pending):
    client.force_login(backer)
    html = client.get(pending.next_url).content.decode()
    assert "from the documentation" not in html
    for number in ["4444 3333 2222 1111", "4000 0000 0000 0002"]:
        assert number in html


@pytest.mark.parametrize(
    "persona", ["anonymous", "other_resident", "team_member", "crowdfund_officer"]
)
def test_only_the_backer_can_reach_their_payment_page(
    client, request, pending, persona
):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = client.get(pending.next_url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404


def test_an_old_payment_reference_is_not_found(client, backer, pending):
    old_url = pending.next_url
    pledge_payment_start(pledge=pending, return_url="http://testserver/b/")
    client.force_login(backer)
    assert client.get(old_url).status_code == 404


def test_payment_page_is_gone_when_another_gateway_is_configured(
    client, backer, pending, settings
):
    settings.CROWDFUND_PAYMENT_GATEWAY = "crowdfund.tests.test_payments_offline.Other"
    client.force_login(backer)
    assert client.get(pending.next_url).status_code == 404


def test_a_paid_pledge_has_no_payment_page(client, live_project, backer):
    pledge = pledge_paid(project=live_project, backer=backer)
    assert pledge.status == Pledge.Status.CONFIRMED
    client.force_login(backer)
    url = reverse("crowdfund:payments_offline", args=[pledge.payment_reference])
    assert client.get(url).status_code == 404


class Other(OfflineGateway.__mro__[1]):  # a PaymentGateway that is not offline
    name = "other"

    def start_authorisation(self, pledge, return_url):
        return return_url

    def authorisation_result(self, pledge):
        raise NotImplementedError

    def capture(self, pledge):
        raise NotImplementedError

    def release(self, pledge):
        raise NotImplementedError
