"""A winner's pilot: the award paid by milestones, reports, mentoring, outcome."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic import groups
from civic.templatetags.govuk import pence

from ..models import (
    Application,
    MentoringSession,
    Milestone,
    Pilot,
    ProgressReport,
)
from .assessment import _member_emails, absolute_url

START = "challenges.start_pilot"
APPROVE_MILESTONE = "challenges.approve_milestone"
COMPLETE = "challenges.complete_pilot"


class PilotError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MilestoneInput:
    title: str
    due_on: datetime.date
    payment_pence: int


def _manager_emails() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=groups.CHALLENGE_MANAGERS, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )


def _pilot_url(pilot: Pilot) -> str:
    return absolute_url(
        reverse("challenges:pilot_detail", kwargs={"public_id": pilot.public_id})
    )


def _lock(pilot: Pilot) -> Pilot:
    locked = (
        Pilot.objects.select_for_update(of=("self",))
        .select_related("application__challenge")
        .get(pk=pilot.pk)
    )
    return locked


def _require_active(pilot: Pilot) -> None:
    if pilot.status != Pilot.Status.ACTIVE:
        raise PilotError(_("This pilot is complete."))


def milestones_check(
    *, award_pence: int, fund_pence: int, milestones: list[MilestoneInput]
) -> None:
    """The award is at most the programme's fund and the milestones' payments
    add up to exactly the award."""
    if award_pence <= 0:
        raise PilotError(_("Enter an award of more than £0."))
    if award_pence > fund_pence:
        raise PilotError(
            _("The award must be %(fund)s or less, the programme's testing fund.")
            % {"fund": pence(fund_pence)}
        )
    if not milestones:
        raise PilotError(_("Add at least one milestone."))
    if any(m.payment_pence <= 0 for m in milestones):
        raise PilotError(_("Every milestone's payment must be more than £0."))
    total = sum(m.payment_pence for m in milestones)
    if total != award_pence:
        raise PilotError(
            _(
                "The milestones' payments add up to %(total)s but the award is "
                "%(award)s. They must be the same."
            )
            % {"total": pence(total), "award": pence(award_pence)}
        )


@transaction.atomic
def pilot_start(
    *,
    application: Application,
    started_by,
    award_pence: int,
    started_on: datetime.date,
    milestones: list[MilestoneInput],
) -> Pilot:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("challenge__programme")
        .get(pk=application.pk)
    )
    if locked.status != Application.Status.WINNER:
        raise PilotError(_("Only a winner can start a pilot."))
    if Pilot.objects.filter(application=locked).exists():
        raise PilotError(_("This winner's pilot has already started."))
    milestones_check(
        award_pence=award_pence,
        fund_pence=locked.challenge.programme.testing_fund_pence,
        milestones=milestones,
    )
    pilot = Pilot.objects.create(
        application=locked, award_pence=award_pence, started_on=started_on
    )
    Milestone.objects.bulk_create(
        Milestone(
            pilot=pilot,
            title=m.title,
            due_on=m.due_on,
            payment_pence=m.payment_pence,
            sort_order=i,
        )
        for i, m in enumerate(milestones)
    )
    log(
        instance=pilot,
        action=START,
        user=started_by,
        title=str(pilot),
        data={"note": pence(award_pence)},
    )
    email_to_startup(
        pilot,
        "challenges/email/pilot_started",
        {"milestones": list(pilot.milestones.all())},
    )
    return pilot


def email_to_startup(pilot: Pilot, template: str, context: dict) -> None:
    from civic.services.email import email_send

    recipients = _member_emails(pilot.application.organisation_id)
    if recipients:
        email_send(
            to=recipients,
            template=template,
            context={"pilot": pilot, "url": _pilot_url(pilot), **context},
        )


def email_to_managers(pilot: Pilot, template: str, context: dict) -> None:
    from civic.services.email import email_send

    recipients = _manager_emails()
    if recipients:
        email_send(
            to=recipients,
            template=template,
            context={"pilot": pilot, "url": _pilot_url(pilot), **context},
        )


@transaction.atomic
def progress_report_post(
    *, pilot: Pilot, author, body: str, milestone: Milestone | None = None
) -> ProgressReport:
    locked = _lock(pilot)
    _require_active(locked)
    if milestone is not None and milestone.pilot_id != locked.pk:
        raise PilotError(_("Choose a milestone of this pilot."))
    return ProgressReport.objects.create(
        pilot=locked, milestone=milestone, author=author, body=body.strip()
    )


@transaction.atomic
def milestone_mark_ready(*, milestone: Milestone, by) -> Milestone:
    locked = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("pilot__application")
        .get(pk=milestone.pk)
    )
    _require_active(locked.pilot)
    if locked.status != Milestone.Status.PENDING:
        raise PilotError(_("This milestone is already ready for approval."))
    locked.status = Milestone.Status.SUBMITTED
    locked.save(update_fields=["status"])
    email_to_managers(
        locked.pilot, "challenges/email/pilot_milestone_ready", {"milestone": locked}
    )
    return locked


@transaction.atomic
def milestone_approve(*, milestone: Milestone, approved_by) -> Milestone:
    locked = (
        Milestone.objects.select_for_update(of=("self",))
        .select_related("pilot__application")
        .get(pk=milestone.pk)
    )
    _require_active(locked.pilot)
    if locked.status != Milestone.Status.SUBMITTED:
        raise PilotError(
            _("Only a milestone the startup says is ready can be approved.")
        )
    locked.status = Milestone.Status.APPROVED
    locked.approved_by = approved_by
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    log(
        instance=locked.pilot,
        action=APPROVE_MILESTONE,
        user=approved_by,
        title=str(locked.pilot),
        data={"note": f"{locked.title} ({pence(locked.payment_pence)})"},
    )
    email_to_startup(
        locked.pilot,
        "challenges/email/pilot_milestone_approved",
        {"milestone": locked},
    )
    return locked


@transaction.atomic
def mentoring_session_log(
    *,
    pilot: Pilot,
    logged_by,
    held_on: datetime.date,
    mentor_name: str,
    topics: str,
) -> MentoringSession:
    locked = _lock(pilot)
    _require_active(locked)
    return MentoringSession.objects.create(
        pilot=locked,
        logged_by=logged_by,
        held_on=held_on,
        mentor_name=mentor_name.strip(),
        topics=topics.strip(),
    )


@transaction.atomic
def final_report_submit(*, pilot: Pilot, author, body: str) -> Pilot:
    locked = _lock(pilot)
    _require_active(locked)
    locked.final_report = body.strip()
    locked.save(update_fields=["final_report"])
    email_to_managers(locked, "challenges/email/pilot_final_report", {})
    return locked


@transaction.atomic
def pilot_complete(*, pilot: Pilot, completed_by, outcome_summary: str) -> Pilot:
    locked = _lock(pilot)
    _require_active(locked)
    if not locked.final_report:
        raise PilotError(_("The startup has not sent its final outcome report yet."))
    if locked.milestones.exclude(status=Milestone.Status.APPROVED).exists():
        raise PilotError(_("Approve every milestone before you complete the pilot."))
    outcome_summary = outcome_summary.strip()
    if not outcome_summary:
        raise PilotError(_("Enter a public summary of the outcome."))
    locked.outcome_summary = outcome_summary
    locked.status = Pilot.Status.COMPLETED
    locked.completed_at = timezone.now()
    locked.save(update_fields=["outcome_summary", "status", "completed_at"])
    log(
        instance=locked,
        action=COMPLETE,
        user=completed_by,
        title=str(locked),
        data={"note": outcome_summary},
    )
    email_to_startup(locked, "challenges/email/pilot_completed", {})
    return locked


def overdue_milestones(*, today: datetime.date):
    return Milestone.objects.filter(
        pilot__status=Pilot.Status.ACTIVE, due_on__lt=today
    ).exclude(status=Milestone.Status.APPROVED)


def overdue_reminders_send(*, today: datetime.date | None = None) -> int:
    """Email the startup and the managers about each overdue milestone, at
    most once a day per milestone.

    A conditional UPDATE claims each milestone for today before its email is
    queued, so two workers running this at once send one email, not two.
    """
    today = today or timezone.localdate()
    sent = 0
    candidates = overdue_milestones(today=today).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    )
    for milestone_id in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = (
                Milestone.objects.filter(pk=milestone_id)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                .update(reminded_on=today)
            )
            if not claimed:
                continue
            milestone = Milestone.objects.select_related(
                "pilot__application__challenge", "pilot__application__organisation"
            ).get(pk=milestone_id)
            context = {
                "milestone": milestone,
                "days_late": (today - milestone.due_on).days,
            }
            email_to_startup(milestone.pilot, "challenges/email/pilot_overdue", context)
            email_to_managers(
                milestone.pilot, "challenges/email/pilot_overdue_manager", context
            )
            sent += 1
    return sent
