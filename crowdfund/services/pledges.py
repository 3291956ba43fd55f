"""Pledges from the crowd: create, confirm after payment, cancel.

Totals: ``Project.crowd_pence`` is the sum of the project's confirmed and
collected pledges (an F-expression) and ``backer_count`` the number of
distinct people behind them (someone who pledges twice is one backer),
recounted by :func:`backers_recount` with the project row locked. Both change
only here and in ``crowdfund.services.closing``, in the transaction that
changes the pledge.

Locks are always taken in the same order, project row first and then pledge
row, so that two of these services never wait for each other in a circle.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.services.email import email_send
from crowdfund.models import Pledge, Project
from crowdfund.models.pledges import MAX_PLEDGE_PENCE, MIN_PLEDGE_PENCE
from crowdfund.payments import (
    IN_PROGRESS,
    GatewayResult,
    Outcome,
    gateway_call,
    get_gateway,
    logger,
)


class PledgeError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PledgeCreated:
    pledge: Pledge
    created: bool


def _closed_error() -> PledgeError:
    return PledgeError(
        "closed", _("This campaign is not taking pledges. Its deadline has passed.")
    )


def _lock_project(project_id: int) -> Project:
    return Project.objects.select_for_update().get(pk=project_id)


def pledge_create(
    *,
    project: Project,
    backer,
    amount_pence: int,
    is_anonymous: bool,
    message: str,
    idempotency_key: uuid.UUID,
) -> PledgeCreated:
    """A pending pledge, or the one this form already made.

    The key is made when the form is shown; the same (backer, key) always
    finds the same pledge, so a double click, a resubmitted form or a retried
    request makes exactly one. The same key with different details is refused.
    """
    if not MIN_PLEDGE_PENCE <= amount_pence <= MAX_PLEDGE_PENCE:
        raise PledgeError(
            "amount", _("Enter an amount between £2 and £5,000")
        )  # the form says it first
    details = {
        "project_id": project.pk,
        "amount_pence": amount_pence,
        "is_anonymous": is_anonymous,
        "message": message,
    }
    with transaction.atomic():
        # The project lock serialises pledges to one campaign, so the look-up
        # below sees a pledge another request just made with this key.
        locked = _lock_project(project.pk)
        existing = Pledge.objects.filter(
            backer=backer, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return PledgeCreated(_same_or_refuse(existing, details), created=False)
        if not locked.is_open_for_pledges():
            raise _closed_error()
        try:
            with transaction.atomic():
                pledge = Pledge.objects.create(
                    backer=backer, idempotency_key=idempotency_key, **details
                )
        except IntegrityError:
            # The same key used at the same moment for another campaign.
            existing = Pledge.objects.get(
                backer=backer, idempotency_key=idempotency_key
            )
            return PledgeCreated(_same_or_refuse(existing, details), created=False)
    return PledgeCreated(pledge, created=True)


def _same_or_refuse(existing: Pledge, details: dict) -> Pledge:
    if any(getattr(existing, name) != value for name, value in details.items()):
        raise PledgeError(
            "key_reused",
            _(
                "This form was already used for a different pledge. "
                "Start again to make a new pledge."
            ),
        )
    return existing


def pledge_payment_start(*, pledge: Pledge, return_url: str) -> str:
    """Send the backer to the payment page; a retry gets a new payment."""
    if pledge.status != Pledge.Status.PENDING:
        raise PledgeError("not_pending", _("This pledge has already been paid."))
    if not pledge.project.is_open_for_pledges():
        raise _closed_error()
    try:
        next_url = get_gateway().start_authorisation(pledge, return_url)
    except Exception as error:
        logger.exception("Could not start a payment for pledge %s", pledge.pk)
        raise PledgeError(
            "gateway",
            _("The payment service is not working at the moment. Try again later."),
        ) from error
    Pledge.objects.filter(pk=pledge.pk, status=Pledge.Status.PENDING).update(
        payment_reference=pledge.payment_reference, failure_reason=""
    )
    return next_url


def backers_recount(project_id: int) -> None:
    """Set the project's ``backer_count`` to the number of distinct people with
    a counted pledge. Call with the project row locked (every service here
    locks it first), so the count sees every committed change before it."""
    counted = Pledge.objects.filter(project_id=project_id, status__in=Pledge.COUNTED)
    # A pledge whose backer deleted their account still had a backer: each
    # counts as one, as nobody can now tell whose they were.
    backers = (
        counted.exclude(backer_id=None).values("backer_id").distinct().count()
        + counted.filter(backer_id=None).count()
    )
    Project.objects.filter(pk=project_id).update(backer_count=backers)


def pledge_confirm(*, pledge: Pledge) -> GatewayResult:
    """After the payment page: ask the gateway, and on success count the pledge.

    Safe to call any number of times (the return page may be reloaded): only
    the first call that finds the pledge pending changes anything.
    """
    gateway = get_gateway()
    result = gateway_call(gateway, "authorisation_result", pledge)
    if not result.succeeded:
        if result.outcome != IN_PROGRESS:
            Pledge.objects.filter(pk=pledge.pk, status=Pledge.Status.PENDING).update(
                failure_reason=_outcome_reason(result)
            )
        return result
    release = False
    with transaction.atomic():
        project = _lock_project(pledge.project_id)
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if (
            locked.status != Pledge.Status.PENDING
            or locked.payment_reference != pledge.payment_reference
        ):
            return result
        if project.is_open_for_pledges():
            locked.status = Pledge.Status.CONFIRMED
            locked.confirmed_at = timezone.now()
            locked.failure_reason = ""
            locked.save(update_fields=["status", "confirmed_at", "failure_reason"])
            Project.objects.filter(pk=project.pk).update(
                crowd_pence=F("crowd_pence") + locked.amount_pence
            )
            backers_recount(project.pk)
            _email_backer(locked, project, "crowdfund/email/pledge_confirmed")
        else:
            # The deadline passed while they were on the payment page.
            locked.status = Pledge.Status.RELEASED
            locked.failure_reason = _("The campaign closed before the payment finished")
            locked.settled_at = timezone.now()
            locked.save(update_fields=["status", "failure_reason", "settled_at"])
            release = True
    pledge.refresh_from_db()
    if release:
        gateway_call(gateway, "release", pledge)
        return GatewayResult(Outcome.DECLINED, detail=pledge.failure_reason)
    return result


# A backer who paid but closed the window before coming back: the beat task
# asks the provider about payments started between a day and 10 minutes ago.
RECONCILE_AFTER = datetime.timedelta(minutes=10)
RECONCILE_WITHIN = datetime.timedelta(days=1)


def pledges_reconcile(now=None) -> int:
    """Confirm pending pledges whose payment went through without the backer
    coming back to us; returns how many were confirmed."""
    now = now or timezone.now()
    waiting = Pledge.objects.filter(
        status=Pledge.Status.PENDING,
        project__status=Project.Status.LIVE,
        created_at__lt=now - RECONCILE_AFTER,
        created_at__gt=now - RECONCILE_WITHIN,
    ).exclude(payment_reference="")
    confirmed = 0
    for pledge in waiting:
        if pledge_confirm(pledge=pledge).succeeded:
            confirmed += 1
    return confirmed


def _outcome_reason(result: GatewayResult) -> str:
    if result.outcome == Outcome.DECLINED:
        return _("Your card was declined")
    return _("We could not confirm your payment")


def pledge_cancel(*, pledge: Pledge, backer) -> Pledge:
    """The backer withdraws before the deadline: the card is never charged."""
    with transaction.atomic():
        project = _lock_project(pledge.project_id)
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if locked.backer_id != backer.pk:
            raise PledgeError("not_yours", _("This is not your pledge."))
        if locked.status not in (Pledge.Status.PENDING, Pledge.Status.CONFIRMED):
            raise PledgeError("settled", _("This pledge can no longer be cancelled."))
        if not project.is_open_for_pledges():
            raise PledgeError(
                "closed",
                _("The campaign has closed, so pledges can no longer be cancelled."),
            )
        counted = locked.status == Pledge.Status.CONFIRMED
        locked.status = Pledge.Status.CANCELLED
        locked.settled_at = timezone.now()
        locked.save(update_fields=["status", "settled_at"])
        if counted:
            Project.objects.filter(pk=project.pk).update(
                crowd_pence=F("crowd_pence") - locked.amount_pence
            )
            backers_recount(project.pk)
        _email_backer(locked, project, "crowdfund/email/pledge_cancelled")
    # After the commit: the pledge no longer counts whatever the provider says,
    # and an authorisation that is not released lapses on its own.
    gateway_call(get_gateway(), "release", locked)
    return locked


def _email_backer(pledge: Pledge, project: Project, template: str, **extra) -> None:
    from django.conf import settings

    if pledge.backer_id is None:
        return  # the backer deleted their account
    email_send(
        to=pledge.backer.email,
        template=template,
        context={
            "pledge": pledge,
            "project": project,
            "pledge_url": settings.SITE_URL
            + reverse("crowdfund:pledge_detail", args=[pledge.public_id]),
            "project_url": settings.SITE_URL + project.get_absolute_url(),
            **extra,
        },
    )
