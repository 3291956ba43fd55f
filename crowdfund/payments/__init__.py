"""The payment gateway interface Crowdfund London's pledges go through.

Modelled on a hosted payment page with *delayed capture* (GOV.UK Pay's
``delayed_capture``, Stripe's ``capture_method=manual``): the backer enters
card details on the provider's page, the card is authorised there, and the
money is captured later, only if the campaign reaches its target, or the
authorisation is released. The portal never sees a card number.

docs/crowdfund-payments.md says how to plug in a real provider.
"""

from __future__ import annotations

import abc
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.utils.module_loading import import_string

from crowdfund.models import GatewayTransaction, Pledge

logger = logging.getLogger(__name__)

Outcome = GatewayTransaction.Outcome
# Not a recorded outcome: the backer has not finished on the payment page.
IN_PROGRESS = "in_progress"


@dataclass(frozen=True)
class GatewayResult:
    outcome: str  # a GatewayTransaction.Outcome value, or IN_PROGRESS
    reference: str = ""
    detail: str = ""

    @property
    def succeeded(self) -> bool:
        return self.outcome == Outcome.SUCCEEDED

    @property
    def is_final(self) -> bool:
        """Declined or succeeded: asking again gives the same answer. A timeout
        or an error may go either way, so the caller may safely ask again."""
        return self.outcome in (Outcome.SUCCEEDED, Outcome.DECLINED)


class PaymentGateway(abc.ABC):
    """What the pledge services need from a payment provider.

    Implementations record every authorisation, capture and release in
    ``GatewayTransaction`` (``record`` below), so staff can reconcile any
    pledge's money with the provider's own records.
    """

    name: str = ""

    @abc.abstractmethod
    def start_authorisation(self, pledge: Pledge, return_url: str) -> str:
        """Create a payment for ``pledge.amount_pence`` at the provider, set
        ``pledge.payment_reference`` (saved by the caller), and return the URL
        of the provider's page, which sends the backer to ``return_url``."""

    @abc.abstractmethod
    def authorisation_result(self, pledge: Pledge) -> GatewayResult:
        """Ask the provider what happened to the payment behind
        ``pledge.payment_reference``: succeeded (authorised, not captured),
        declined, timed out/error, or IN_PROGRESS."""

    @abc.abstractmethod
    def capture(self, pledge: Pledge) -> GatewayResult:
        """Take the authorised money. Must be safe to call again after a
        timeout: the provider captures a payment at most once."""

    @abc.abstractmethod
    def release(self, pledge: Pledge) -> GatewayResult:
        """Cancel the authorisation: the backer is never charged."""

    def record(
        self, pledge: Pledge, kind: str, result: GatewayResult
    ) -> GatewayTransaction:
        return GatewayTransaction.objects.create(
            pledge=pledge,
            gateway=self.name,
            kind=kind,
            outcome=result.outcome,
            amount_pence=pledge.amount_pence,
            reference=result.reference or pledge.payment_reference,
            detail=result.detail[:300],
        )


def get_gateway() -> PaymentGateway:
    """The gateway named by the ``CROWDFUND_PAYMENT_GATEWAY`` setting."""
    return import_string(settings.CROWDFUND_PAYMENT_GATEWAY)()


def gateway_call(gateway: PaymentGateway, method: str, pledge: Pledge) -> GatewayResult:
    """``gateway.<method>(pledge)``, with a provider that fails (an exception:
    network down, a bug in the client) answering ERROR like a timeout, so the
    caller retries or tells the backer instead of failing half-way."""
    try:
        return getattr(gateway, method)(pledge)
    except DatabaseError:
        # Our own database failed, not the provider: the caller's transaction
        # is broken and nothing more can be recorded in it. Let it fail whole
        # (a 503 for a backer, a retry for a task) rather than record an error
        # the provider never gave and then fail on the broken transaction.
        raise
    except Exception as error:
        logger.exception("Payment gateway %s.%s failed", gateway.name, method)
        result = GatewayResult(
            Outcome.ERROR, detail=f"{type(error).__name__}: {error}"[:200]
        )
        kind = {
            "capture": GatewayTransaction.Kind.CAPTURE,
            "release": GatewayTransaction.Kind.RELEASE,
        }.get(method)
        if kind:  # the provider never answered, so it recorded nothing
            gateway.record(pledge, kind, result)
        return result
