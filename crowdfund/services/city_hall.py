"""City Hall pledges: officers pledge a round's budget to live campaigns.

Locks are taken round row first, then project row (the closing service does
the same), so two officers pledging at once queue rather than deadlock; the
round's CHECK constraint (committed <= budget) is the last line of defence.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic.services.email import email_send
from civic.templatetags.govuk import pence
from crowdfund.models import CityHallPledge, FundingRound, Project

PLEDGE = "crowdfund.city_hall_pledge"
WITHDRAW = "crowdfund.city_hall_withdraw"
PERMISSION = "crowdfund.pledge_city_hall"


class CityHallError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def city_hall_limit_pence(*, funding_round: FundingRound, project: Project) -> int:
    """The most City Hall could pledge to ``project`` now."""
    by_share = project.target_pence * funding_round.max_share_percent // 100
    return max(
        0,
        min(
            funding_round.remaining_pence,
            funding_round.max_pledge_per_project_pence - project.city_hall_pence,
            by_share - project.city_hall_pence,
        ),
    )


def _lock(project_id: int, round_id: int) -> tuple[FundingRound, Project]:
    funding_round = FundingRound.objects.select_for_update().get(pk=round_id)
    project = Project.objects.select_for_update().get(pk=project_id)
    return funding_round, project


def city_hall_pledge_create(
    *,
    project: Project,
    amount_pence: int,
    condition: str,
    min_crowd_percent: int,
    officer,
) -> CityHallPledge:
    if amount_pence <= 0:
        raise CityHallError("amount", _("Enter an amount of at least £1"))
    with transaction.atomic():
        funding_round, locked = _lock(project.pk, project.funding_round_id)
        if not locked.is_open_for_pledges():
            raise CityHallError("closed", _("This campaign is not live."))
        if locked.city_hall_pledges.filter(
            status=CityHallPledge.Status.ACTIVE
        ).exists():
            raise CityHallError(
                "exists",
                _(
                    "City Hall has already pledged to this campaign. Withdraw "
                    "that pledge first to pledge a different amount."
                ),
            )
        if amount_pence > funding_round.remaining_pence:
            raise CityHallError(
                "budget",
                _("The round has only %(left)s left to pledge")
                % {"left": pence(funding_round.remaining_pence)},
            )
        per_project = (
            funding_round.max_pledge_per_project_pence - locked.city_hall_pence
        )
        if amount_pence > per_project:
            raise CityHallError(
                "per_project",
                _("City Hall can pledge at most %(max)s to one project")
                % {"max": pence(funding_round.max_pledge_per_project_pence)},
            )
        by_share = locked.target_pence * funding_round.max_share_percent // 100
        if locked.city_hall_pence + amount_pence > by_share:
            raise CityHallError(
                "share",
                _(
                    "City Hall can pledge at most %(percent)s%% of the target "
                    "(%(max)s) to this project"
                )
                % {
                    "percent": funding_round.max_share_percent,
                    "max": pence(by_share),
                },
            )
        pledge = CityHallPledge.objects.create(
            project=locked,
            funding_round=funding_round,
            amount_pence=amount_pence,
            condition=condition,
            min_crowd_percent=min_crowd_percent,
            pledged_by=officer,
        )
        FundingRound.objects.filter(pk=funding_round.pk).update(
            committed_pence=F("committed_pence") + amount_pence
        )
        Project.objects.filter(pk=locked.pk).update(
            city_hall_pence=F("city_hall_pence") + amount_pence
        )
        log(
            instance=locked,
            action=PLEDGE,
            user=officer,
            title=locked.title,
            data={
                "amount_pence": amount_pence,
                "note": _("%(amount)s pledged. %(condition)s")
                % {"amount": pence(amount_pence), "condition": condition},
            },
        )
        _email_team(locked, pledge, "crowdfund/email/pledge_city_hall_made")
    return pledge


def city_hall_pledge_withdraw(
    *, pledge: CityHallPledge, officer, reason: str
) -> CityHallPledge:
    """Take a pledge back while the campaign is live; the budget is freed."""
    if not reason.strip():
        raise CityHallError("reason", _("Enter a reason for withdrawing the pledge"))
    with transaction.atomic():
        funding_round, project = _lock(pledge.project_id, pledge.funding_round_id)
        locked = CityHallPledge.objects.select_for_update().get(pk=pledge.pk)
        if locked.status != CityHallPledge.Status.ACTIVE:
            raise CityHallError("settled", _("This pledge has already been settled."))
        if project.status != Project.Status.LIVE:
            raise CityHallError(
                "closed", _("The campaign has closed; the pledge can no longer change.")
            )
        locked.status = CityHallPledge.Status.WITHDRAWN
        locked.settled_at = timezone.now()
        locked.save(update_fields=["status", "settled_at"])
        city_hall_uncount(locked)
        log(
            instance=project,
            action=WITHDRAW,
            user=officer,
            title=project.title,
            data={"amount_pence": locked.amount_pence, "reason": reason},
        )
        _email_team(
            project, locked, "crowdfund/email/pledge_city_hall_withdrawn", reason=reason
        )
    return locked


def city_hall_uncount(pledge: CityHallPledge) -> None:
    """Take a no-longer-counted pledge out of the round's and project's totals
    (the caller holds the round and project locks)."""
    FundingRound.objects.filter(pk=pledge.funding_round_id).update(
        committed_pence=F("committed_pence") - pledge.amount_pence
    )
    Project.objects.filter(pk=pledge.project_id).update(
        city_hall_pence=F("city_hall_pence") - pledge.amount_pence
    )


def team_emails(project: Project) -> list[str]:
    return list(project.team.values_list("user__email", flat=True))


def _email_team(project: Project, pledge: CityHallPledge, template: str, **extra):
    recipients = team_emails(project)
    if recipients:
        email_send(
            to=recipients,
            template=template,
            context={
                "project": project,
                "pledge": pledge,
                "project_url": settings.SITE_URL + project.get_absolute_url(),
                **extra,
            },
        )
