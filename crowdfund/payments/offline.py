"""A payment gateway that runs here, with no network and no real money.

It behaves like a hosted payment page with delayed capture: ``start_
authorisation`` sends the backer to our own "Enter card details" page
(``crowdfund:payments_offline``), which authorises the card by its number and
sends them back. Test cards (any future expiry date, any 3-digit code):

==================== =========================================================
4000 0000 0000 0002  declined
4000 0000 0000 0119  authorisation times out ("we could not confirm")
4000 0000 0000 0341  authorised, but the capture is declined (always)
4000 0000 0000 0259  authorised; the first capture times out, the next succeeds
any other valid card succeeds (e.g. 4444 3333 2222 1111)
==================== =========================================================
"""

from __future__ import annotations

import re
import uuid

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crowdfund.models import GatewayTransaction, Pledge

from . import IN_PROGRESS, GatewayResult, Outcome, PaymentGateway

Kind = GatewayTransaction.Kind

DECLINED_CARD = "4000000000000002"
AUTH_TIMEOUT_CARD = "4000000000000119"
CAPTURE_DECLINED_CARD = "4000000000000341"
CAPTURE_TIMEOUT_ONCE_CARD = "4000000000000259"
GOOD_CARD = "4444333322221111"

# What a card does, stored with its authorisation so that a capture days later
# (on another worker) behaves as the card said.
BEHAVIOURS = {
    DECLINED_CARD: "declined",
    AUTH_TIMEOUT_CARD: "auth_timeout",
    CAPTURE_DECLINED_CARD: "capture_declined",
    CAPTURE_TIMEOUT_ONCE_CARD: "capture_timeout_once",
}
# Shown on the test payment page, so that someone trying the demo can reach
# every outcome without reading docs/crowdfund-payments.md.
TEST_CARDS = [
    (GOOD_CARD, _("Authorised; collected if the campaign reaches its target")),
    (DECLINED_CARD, _("Declined: you can try another card")),
    (AUTH_TIMEOUT_CARD, _("The payment times out: safe to try again")),
    (CAPTURE_DECLINED_CARD, _("Authorised, but it cannot be collected later")),
    (CAPTURE_TIMEOUT_ONCE_CARD, _("Authorised; collected on the second attempt")),
]
_BEHAVIOUR_IN_DETAIL = re.compile(r"\[(\w+)\]")
_RETURN_SALT = "crowdfund.payments.offline.return"


def _behaviour(transaction: GatewayTransaction | None) -> str:
    if transaction is None:
        return ""
    match = _BEHAVIOUR_IN_DETAIL.search(transaction.detail)
    return match.group(1) if match else ""


def return_url_for(token: str) -> str | None:
    """The address the payment page sends the backer back to (signed, so the
    page cannot be made to redirect anywhere else)."""
    try:
        return signing.loads(token, salt=_RETURN_SALT)
    except signing.BadSignature:
        return None


class OfflineGateway(PaymentGateway):
    name = "offline"

    def start_authorisation(self, pledge: Pledge, return_url: str) -> str:
        pledge.payment_reference = f"offline-{uuid.uuid4().hex}"
        token = signing.dumps(return_url, salt=_RETURN_SALT)
        page = reverse("crowdfund:payments_offline", args=[pledge.payment_reference])
        return f"{page}?r={token}"

    def _authorisation(self, pledge: Pledge) -> GatewayTransaction | None:
        return (
            GatewayTransaction.objects.filter(
                pledge=pledge,
                kind=Kind.AUTHORISE,
                reference=pledge.payment_reference,
            )
            .order_by("-created_at", "-pk")
            .first()
        )

    def submit_card(self, pledge: Pledge, card_number: str) -> GatewayResult:
        """The payment page's "Continue": authorise the card, once per payment."""
        existing = self._authorisation(pledge)
        if existing is not None:
            return GatewayResult(existing.outcome, existing.reference, existing.detail)
        behaviour = BEHAVIOURS.get(card_number, "")
        outcome = {
            "declined": Outcome.DECLINED,
            "auth_timeout": Outcome.TIMED_OUT,
        }.get(behaviour, Outcome.SUCCEEDED)
        detail = f"Card ending {card_number[-4:]}"
        if behaviour:
            detail += f" [{behaviour}]"
        result = GatewayResult(outcome, pledge.payment_reference, detail)
        self.record(pledge, Kind.AUTHORISE, result)
        return result

    def authorisation_result(self, pledge: Pledge) -> GatewayResult:
        if not pledge.payment_reference:
            return GatewayResult(IN_PROGRESS)
        transaction = self._authorisation(pledge)
        if transaction is None:
            return GatewayResult(IN_PROGRESS, pledge.payment_reference)
        return GatewayResult(
            transaction.outcome, transaction.reference, transaction.detail
        )

    def capture(self, pledge: Pledge) -> GatewayResult:
        authorisation = self._authorisation(pledge)
        if authorisation is None or authorisation.outcome != Outcome.SUCCEEDED:
            result = GatewayResult(Outcome.ERROR, detail="No authorised payment")
            self.record(pledge, Kind.CAPTURE, result)
            return result
        captures = GatewayTransaction.objects.filter(
            pledge=pledge, kind=Kind.CAPTURE, reference=pledge.payment_reference
        )
        done = captures.filter(outcome=Outcome.SUCCEEDED).first()
        if done is not None:
            # Captured already (say, a retry after a timeout that did go
            # through): the provider answers with the same capture.
            return GatewayResult(Outcome.SUCCEEDED, done.reference, done.detail)
        behaviour = _behaviour(authorisation)
        if behaviour == "capture_declined":
            result = GatewayResult(
                Outcome.DECLINED,
                pledge.payment_reference,
                "The card issuer refused the payment",
            )
        elif behaviour == "capture_timeout_once" and not captures.exists():
            result = GatewayResult(
                Outcome.TIMED_OUT,
                pledge.payment_reference,
                "The payment provider did not answer in time",
            )
        else:
            result = GatewayResult(
                Outcome.SUCCEEDED, pledge.payment_reference, "Captured"
            )
        self.record(pledge, Kind.CAPTURE, result)
        return result

    def release(self, pledge: Pledge) -> GatewayResult:
        authorisation = self._authorisation(pledge)
        if authorisation is None or authorisation.outcome != Outcome.SUCCEEDED:
            # Nothing was authorised, so nothing is held on the card.
            return GatewayResult(Outcome.SUCCEEDED, detail="Nothing to release")
        if GatewayTransaction.objects.filter(
            pledge=pledge,
            kind__in=[Kind.CAPTURE, Kind.RELEASE],
            reference=pledge.payment_reference,
            outcome=Outcome.SUCCEEDED,
        ).exists():
            return GatewayResult(
                Outcome.SUCCEEDED, pledge.payment_reference, "Already settled"
            )
        result = GatewayResult(
            Outcome.SUCCEEDED, pledge.payment_reference, "Authorisation released"
        )
        self.record(pledge, Kind.RELEASE, result)
        return result
