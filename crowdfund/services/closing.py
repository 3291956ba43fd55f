"""Closing campaigns at their deadline, and collecting or releasing pledges.

All or nothing. A campaign is funded when, at the deadline, its confirmed
pledges plus the City Hall pledges whose conditions are met reach the target.
A City Hall pledge whose condition fails (say "25% from the crowd" and the
crowd gave 20%) is released and no longer counts; the campaign can still be
funded without it if the rest reaches the target.

Funded: status ``funded``, City Hall pledges ``paid``, each confirmed pledge is
captured by its own task (timeouts retried with backoff, at most
``MAX_COLLECTION_ATTEMPTS`` tries; a refusal marks it ``failed`` with the
reason and takes it out of ``crowd_pence``). When no pledge is left waiting
the project moves to ``delivering``. The beat task also restarts captures
still waiting an hour after closing (``collection_resume``), in case a worker
died with the task.

Unfunded: status ``unfunded``, every pledge ``released`` (and taken out of the
totals), City Hall pledges ``released`` and the round's budget freed.

Each campaign closes exactly once even with two workers: the status change
happens under the project's row lock, taken with SKIP LOCKED, and only from
``live``. Captures hold the project's lock too, so a pledge is captured once.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.services.email import email_send
from civic.tasks import enqueue
from crowdfund.models import CityHallPledge, FundingRound, Pledge, Project
from crowdfund.payments import gateway_call, get_gateway
from crowdfund.services.city_hall import city_hall_uncount, team_emails
from crowdfund.services.pledges import backers_recount

MAX_COLLECTION_ATTEMPTS = 5

FUNDED = "funded"
UNFUNDED = "unfunded"
COLLECTED = "collected"
FAILED = "failed"
RETRY = "retry"
SKIPPED = "skipped"


def campaigns_due(now=None) -> list[int]:
    now = now or timezone.now()
    return list(
        Project.objects.filter(status=Project.Status.LIVE, deadline__lte=now)
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)
    )


def campaigns_close_due(now=None) -> dict[int, str]:
    """Close every live campaign past its deadline: {project id: outcome}."""
    outcomes = {}
    for project_id in campaigns_due(now):
        outcome = campaign_close(project_id=project_id, now=now)
        if outcome:
            outcomes[project_id] = outcome
    return outcomes


def _crowd_share_met(project: Project, pledge: CityHallPledge) -> bool:
    return project.crowd_pence * 100 >= project.target_pence * pledge.min_crowd_percent


def campaign_close(*, project_id: int, now=None) -> str | None:
    """Close one campaign; None if it is not due or someone else is closing it."""
    from crowdfund import tasks

    now = now or timezone.now()
    round_id = (
        Project.objects.filter(pk=project_id)
        .values_list("funding_round_id", flat=True)
        .first()
    )
    if round_id is None:
        return None
    with transaction.atomic():
        # Round first, then project: the order city_hall_pledge_create uses.
        FundingRound.objects.select_for_update().get(pk=round_id)
        project = (
            Project.objects.select_for_update(skip_locked=True)
            .filter(pk=project_id, status=Project.Status.LIVE, deadline__lte=now)
            .first()
        )
        if project is None:
            return None
        city_hall = list(
            project.city_hall_pledges.select_for_update().filter(
                status=CityHallPledge.Status.ACTIVE
            )
        )
        counted_city_hall = project.city_hall_pence
        for pledge in city_hall:
            if not _crowd_share_met(project, pledge):
                pledge.status = CityHallPledge.Status.RELEASED
                pledge.settled_at = now
                pledge.save(update_fields=["status", "settled_at"])
                city_hall_uncount(pledge)
                counted_city_hall -= pledge.amount_pence
        funded = project.crowd_pence + counted_city_hall >= project.target_pence

        pledges = project.pledges.select_related("backer")
        # A payment not finished by the deadline: the pledge does not count,
        # and anything the card did authorise (the backer never came back to
        # us) is released.
        unfinished = pledges.filter(status=Pledge.Status.PENDING)
        for pledge_id in unfinished.exclude(payment_reference="").values_list(
            "pk", flat=True
        ):
            transaction.on_commit(
                lambda pk=pledge_id: enqueue(tasks.pledge_release, pk)
            )
        unfinished.update(
            status=Pledge.Status.CANCELLED,
            settled_at=now,
            failure_reason=_("The payment was not finished before the deadline"),
        )
        confirmed = list(pledges.filter(status=Pledge.Status.CONFIRMED))
        if funded:
            project.status = Project.Status.FUNDED
            project.closed_at = now
            project.save(update_fields=["status", "closed_at", "updated_at"])
            project.city_hall_pledges.filter(
                status=CityHallPledge.Status.ACTIVE
            ).update(status=CityHallPledge.Status.PAID, settled_at=now)
            for pledge in confirmed:
                transaction.on_commit(
                    lambda pk=pledge.pk: enqueue(tasks.pledge_collect, pk)
                )
            if not confirmed:
                _finish_collection(project)
            template = "crowdfund/email/pledge_team_funded"
        else:
            released = project.pledges.filter(status=Pledge.Status.CONFIRMED)
            totals = released.aggregate(total=Sum("amount_pence"))
            released.update(status=Pledge.Status.RELEASED, settled_at=now)
            Project.objects.filter(pk=project.pk).update(
                status=Project.Status.UNFUNDED,
                closed_at=now,
                crowd_pence=F("crowd_pence") - (totals["total"] or 0),
                updated_at=now,
            )
            backers_recount(project.pk)
            for pledge in city_hall:
                if pledge.status == CityHallPledge.Status.ACTIVE:
                    pledge.status = CityHallPledge.Status.RELEASED
                    pledge.settled_at = now
                    pledge.save(update_fields=["status", "settled_at"])
                    city_hall_uncount(pledge)
            for pledge in confirmed:
                pledge.status = Pledge.Status.RELEASED
                _email_backer(pledge, project, "crowdfund/email/pledge_released")
                transaction.on_commit(
                    lambda pk=pledge.pk: enqueue(tasks.pledge_release, pk)
                )
            template = "crowdfund/email/pledge_team_unfunded"
        project.refresh_from_db()
        _email_team(project, template)
    return FUNDED if funded else UNFUNDED


def pledge_collect(*, pledge_id: int) -> str:
    """Capture one confirmed pledge of a funded campaign (idempotent)."""
    project_id = (
        Pledge.objects.filter(pk=pledge_id).values_list("project_id", flat=True).first()
    )
    if project_id is None:
        return SKIPPED
    with transaction.atomic():
        # The project lock makes captures of one campaign take turns, so two
        # workers never capture the same pledge.
        project = Project.objects.select_for_update().get(pk=project_id)
        # Only the pledge row: its backer may be gone (an outer join, which
        # PostgreSQL will not lock).
        pledge = (
            Pledge.objects.select_for_update(of=("self",))
            .select_related("backer")
            .get(pk=pledge_id)
        )
        if (
            pledge.status != Pledge.Status.CONFIRMED
            or project.status != Project.Status.FUNDED
        ):
            return SKIPPED
        pledge.collection_attempts += 1
        result = gateway_call(get_gateway(), "capture", pledge)
        now = timezone.now()
        if result.succeeded:
            pledge.status = Pledge.Status.COLLECTED
            pledge.capture_reference = result.reference
            pledge.settled_at = now
            pledge.failure_reason = ""
            outcome = COLLECTED
            _email_backer(pledge, project, "crowdfund/email/pledge_collected")
        elif result.is_final or pledge.collection_attempts >= MAX_COLLECTION_ATTEMPTS:
            pledge.status = Pledge.Status.FAILED
            pledge.settled_at = now
            pledge.failure_reason = (result.detail or result.outcome)[:200]
            Project.objects.filter(pk=project.pk).update(
                crowd_pence=F("crowd_pence") - pledge.amount_pence
            )
            outcome = FAILED
            _email_backer(pledge, project, "crowdfund/email/pledge_failed")
        else:
            pledge.failure_reason = (result.detail or result.outcome)[:200]
            outcome = RETRY
        pledge.save(
            update_fields=[
                "status",
                "collection_attempts",
                "capture_reference",
                "settled_at",
                "failure_reason",
            ]
        )
        if outcome == FAILED:
            backers_recount(project.pk)
        if outcome != RETRY:
            _finish_collection(project)
    return outcome


# A capture's retries take 15 minutes at most; a pledge still waiting an hour
# after its campaign closed lost its task (a worker died): start it again.
STUCK_AFTER = datetime.timedelta(hours=1)


def collection_resume(now=None) -> int:
    """Enqueue captures that should have finished by now; returns how many."""
    from crowdfund import tasks

    now = now or timezone.now()
    stuck = list(
        Pledge.objects.filter(
            status=Pledge.Status.CONFIRMED,
            project__status=Project.Status.FUNDED,
            project__closed_at__lt=now - STUCK_AFTER,
        ).values_list("pk", flat=True)
    )
    for pledge_id in stuck:
        enqueue(tasks.pledge_collect, pledge_id)
    return len(stuck)


def retry_delay(attempts: int) -> int:
    """Seconds before the next capture: 1, 2, 4, 8 minutes."""
    return 60 * 2 ** max(0, attempts - 1)


def _finish_collection(project: Project) -> None:
    """Funded and nothing left to capture: the team starts delivering."""
    if project.pledges.filter(status=Pledge.Status.CONFIRMED).exists():
        return
    Project.objects.filter(pk=project.pk, status=Project.Status.FUNDED).update(
        status=Project.Status.DELIVERING, updated_at=timezone.now()
    )


def pledge_release_payment(*, pledge_id: int) -> None:
    """Cancel the card authorisation of a released or cancelled pledge."""
    pledge = Pledge.objects.filter(
        pk=pledge_id, status__in=[Pledge.Status.RELEASED, Pledge.Status.CANCELLED]
    ).first()
    if pledge is not None:
        gateway_call(get_gateway(), "release", pledge)


def _email_backer(pledge: Pledge, project: Project, template: str) -> None:
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
        },
    )


def _email_team(project: Project, template: str) -> None:
    recipients = team_emails(project)
    if recipients:
        email_send(
            to=recipients,
            template=template,
            context={
                "project": project,
                "project_url": settings.SITE_URL + project.get_absolute_url(),
            },
        )
