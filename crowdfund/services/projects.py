"""A project's life from draft to completion: the plan the team writes, the
officer's decision, and the campaign's fixed target and deadline.

Every change of status locks the project's row first and checks the status it
finds there, so a double click, a stale admin form or two officers deciding at
once change a project at most once. Emails go out after the transaction
commits (``civic.services.email``), so a rolled-back decision emails nobody.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from civic.services.email import email_send
from crowdfund.models import CostLine, FundingRound, Project, TeamMember
from crowdfund.models.projects import MAX_CAMPAIGN_DAYS

REVIEW_PERMISSION = "crowdfund.review_project"
SUBMIT = "crowdfund.project.submit"
APPROVE = "crowdfund.project.approve"
REQUEST_CHANGES = "crowdfund.project.request_changes"
REJECT = "crowdfund.project.reject"
COMPLETE = "crowdfund.project.complete"

# Sections of the task list, in order. Images and other help are optional:
# they never block submission.
DESCRIBE = "describe"
IMAGES = "images"
BUDGET = "budget"
TEAM = "team"
PERMISSIONS = "permissions"
NEEDS = "needs"
REQUIRED_SECTIONS = (DESCRIBE, BUDGET, TEAM, PERMISSIONS)
SECTION_NAMES = {
    DESCRIBE: gettext_lazy("Describe your project"),
    IMAGES: gettext_lazy("Images"),
    BUDGET: gettext_lazy("Budget"),
    TEAM: gettext_lazy("Team"),
    PERMISSIONS: gettext_lazy("Permissions and insurance"),
    NEEDS: gettext_lazy("Other help you need"),
}


class ProjectError(Exception):
    """A change the rules do not allow, with a message to show the person."""

    def __init__(self, message: str, *, code: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


# --- reading the plan -----------------------------------------------------------


def fee_for(*, funding_round: FundingRound, costs_pence: int) -> int:
    """The round's platform fee on ``costs_pence``, rounded to the nearest penny
    (half a penny rounds up)."""
    percent = Decimal(funding_round.platform_fee_percent or 0)
    fee = Decimal(costs_pence) * percent / 100
    return int(fee.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def costs_total(project: Project) -> int:
    return project.cost_lines.aggregate(total=Sum("amount_pence"))["total"] or 0


def budget_for(project: Project, costs_pence: int | None = None) -> dict[str, int]:
    """``{"costs": …, "fee": …, "target": …}`` in pence: target = costs + fee."""
    costs = costs_total(project) if costs_pence is None else costs_pence
    fee = fee_for(funding_round=project.funding_round, costs_pence=costs)
    return {"costs": costs, "fee": fee, "target": costs + fee}


def section_statuses(project: Project, *, cost_count: int | None = None) -> dict:
    """Each section's status: "completed", "incomplete" or "optional"."""
    if cost_count is None:
        cost_count = project.cost_lines.count()
    describe_done = all(
        [
            project.title,
            project.summary,
            project.description,
            project.borough_id,
            project.location,
            project.theme_id,
        ]
    )
    permissions_done = (
        project.needs_permission is not None
        and project.has_insurance is not None
        and (not project.needs_permission or bool(project.permission_details.strip()))
        and (not project.has_insurance or bool(project.insurance_details.strip()))
    )
    return {
        DESCRIBE: "completed" if describe_done else "incomplete",
        BUDGET: "completed" if cost_count else "incomplete",
        TEAM: "completed" if project.organisation_id else "incomplete",
        PERMISSIONS: "completed" if permissions_done else "incomplete",
    }


def incomplete_sections(project: Project) -> list[str]:
    statuses = section_statuses(project)
    return [
        str(SECTION_NAMES[name])
        for name in REQUIRED_SECTIONS
        if statuses[name] != "completed"
    ]


def is_team_member(project: Project, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return TeamMember.objects.filter(project=project, user=user).exists()


# --- emails -------------------------------------------------------------------


def absolute(url: str) -> str:
    return settings.SITE_URL + url


def _email_team(project: Project, template: str, **context) -> None:
    emails = list(
        TeamMember.objects.filter(project=project).values_list("user__email", flat=True)
    )
    if not emails:
        return
    email_send(
        to=emails,
        template=f"crowdfund/email/{template}",
        context={
            "project": project,
            "tasks_url": absolute(
                reverse("crowdfund:project_tasks", kwargs={"slug": project.slug})
            ),
            "public_url": absolute(project.get_absolute_url()),
            **context,
        },
    )


# --- drafts -------------------------------------------------------------------


def _unique_slug(title: str) -> str:
    base = slugify(title)[:120] or "project"
    slug = base
    n = 2
    while Project.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def open_round(now: datetime | None = None) -> FundingRound | None:
    """The round taking ideas now (the one that closes soonest, if several)."""
    now = now or timezone.now()
    return (
        FundingRound.objects.filter(ideas_open_at__lte=now, ideas_close_at__gt=now)
        .order_by("ideas_close_at", "pk")
        .first()
    )


@transaction.atomic
def project_create(*, funding_round: FundingRound, creator, title: str) -> Project:
    if not funding_round.accepts_ideas():
        raise ProjectError(
            _("This funding round is not taking new ideas"), code="round_closed"
        )
    slug = _unique_slug(title)
    try:
        with transaction.atomic():
            project = Project.objects.create(
                funding_round=funding_round,
                title=title,
                slug=slug,
                created_by=creator,
            )
    except IntegrityError:
        # Someone took the same name a moment ago: a random suffix cannot clash.
        project = Project.objects.create(
            funding_round=funding_round,
            title=title,
            slug=f"{slug[:120]}-{secrets.token_hex(3)}",
            created_by=creator,
        )
    TeamMember.objects.create(
        project=project, user=creator, role=TeamMember.Role.CREATOR
    )
    return project


def lock_editable(project: Project) -> Project:
    """The project's row, locked; refused unless the team may edit the plan.

    Reads the status from the database, not from ``project``, so a page that
    was opened before the project went live cannot change it afterwards.
    """
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not locked.is_editable:
        raise ProjectError(
            _("You cannot change this project now: it is %(status)s")
            % {"status": locked.get_status_display().lower()},
            code="not_editable",
        )
    return locked


@transaction.atomic
def project_update(*, project: Project, fields: dict) -> Project:
    """Save answers from one page of the task list."""
    allowed = {
        "title",
        "summary",
        "description",
        "borough",
        "location",
        "theme",
        "organisation",
        "needs_permission",
        "permission_details",
        "has_insurance",
        "insurance_details",
        "campaign_days",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    locked = lock_editable(project)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    for name, value in fields.items():
        setattr(project, name, value)
    return locked


@transaction.atomic
def cost_line_save(
    *, project: Project, item: str, amount_pence: int, line: CostLine | None = None
) -> CostLine:
    """Add a cost line, or change ``line``. Refused once the plan is submitted:
    a live campaign's target never changes."""
    lock_editable(project)
    if amount_pence <= 0:
        raise ProjectError(
            _("Enter a cost of more than £0"), code="not_positive", field="amount"
        )
    if line is None:
        last = project.cost_lines.order_by("-sort_order").first()
        return CostLine.objects.create(
            project=project,
            item=item,
            amount_pence=amount_pence,
            sort_order=(last.sort_order + 1) if last else 0,
        )
    if line.project_id != project.pk:
        raise ValueError("cost line belongs to another project")
    line.item = item
    line.amount_pence = amount_pence
    line.save(update_fields=["item", "amount_pence"])
    return line


@transaction.atomic
def cost_line_remove(*, project: Project, line: CostLine) -> None:
    lock_editable(project)
    if line.project_id != project.pk:
        raise ValueError("cost line belongs to another project")
    line.delete()


@transaction.atomic
def project_submit(*, project: Project, user) -> Project:
    """Send the plan to the Crowdfund officers. Fixes the fee and target."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if not locked.is_editable:
        raise ProjectError(
            _("This project has already been sent for review"), code="not_editable"
        )
    missing = incomplete_sections(locked)
    if missing:
        raise ProjectError(
            _("Complete these sections before you submit: %(sections)s")
            % {"sections": ", ".join(missing)},
            code="incomplete",
        )
    budget = budget_for(locked)
    locked.fee_pence = budget["fee"]
    locked.target_pence = budget["target"]
    locked.status = Project.Status.IN_REVIEW
    locked.submitted_at = timezone.now()
    locked.save(
        update_fields=[
            "fee_pence",
            "target_pence",
            "status",
            "submitted_at",
            "updated_at",
        ]
    )
    log(instance=locked, action=SUBMIT, user=user, title=locked.title, data={})
    _email_team(locked, "project_submitted")
    return locked


# --- decisions by Crowdfund officers ------------------------------------------


def _lock_in_review(project: Project) -> Project:
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("funding_round")
        .get(pk=project.pk)
    )
    if locked.status != Project.Status.IN_REVIEW:
        raise ProjectError(
            _("This project is no longer waiting for a decision: it is %(status)s")
            % {"status": locked.get_status_display().lower()},
            code="not_in_review",
        )
    return locked


def campaign_deadline(*, project: Project, live_at: datetime) -> datetime:
    """``campaign_days`` from going live (never more than 60), and never after
    the round's last campaign day."""
    days = min(project.campaign_days, MAX_CAMPAIGN_DAYS)
    return min(live_at + timedelta(days=days), project.funding_round.campaigns_close_at)


@transaction.atomic
def project_approve(*, project: Project, officer) -> Project:
    """Verified: the campaign goes live now with a fixed target and deadline."""
    locked = _lock_in_review(project)
    now = timezone.now()
    round_ = locked.funding_round
    if now < round_.campaigns_open_at:
        raise ProjectError(
            _("Campaigns in this round cannot start until %(date)s")
            % {
                "date": timezone.localtime(round_.campaigns_open_at).strftime(
                    "%-d %B %Y"
                )
            },
            code="round_not_open",
        )
    deadline = campaign_deadline(project=locked, live_at=now)
    if deadline <= now + timedelta(days=1):
        raise ProjectError(
            _("The round's campaigns close too soon for this project to go live"),
            code="round_closing",
        )
    # The target fixed on submission stands (the plan cannot change in review,
    # and a change to the round's fee since then does not move it).
    if locked.target_pence <= 0:
        raise ProjectError(_("The project has no costs"), code="no_target")
    locked.status = Project.Status.LIVE
    locked.live_at = now
    locked.deadline = deadline
    locked.review_message = ""
    locked.save(
        update_fields=[
            "status",
            "live_at",
            "deadline",
            "review_message",
            "updated_at",
        ]
    )
    log(
        instance=locked,
        action=APPROVE,
        user=officer,
        title=locked.title,
        data={"target_pence": locked.target_pence},
    )
    _email_team(locked, "project_approved")
    return locked


@transaction.atomic
def project_request_changes(*, project: Project, officer, message: str) -> Project:
    message = (message or "").strip()
    if not message:
        raise ProjectError(
            _("Enter what the team needs to change"), code="required", field="message"
        )
    locked = _lock_in_review(project)
    locked.status = Project.Status.CHANGES_REQUESTED
    locked.review_message = message
    locked.save(update_fields=["status", "review_message", "updated_at"])
    log(
        instance=locked,
        action=REQUEST_CHANGES,
        user=officer,
        title=locked.title,
        data={"reason": message},
    )
    _email_team(locked, "project_changes_requested", message=message)
    return locked


@transaction.atomic
def project_reject(*, project: Project, officer, reason: str) -> Project:
    reason = (reason or "").strip()
    if not reason:
        raise ProjectError(
            _("Enter the reason the project is not approved"),
            code="required",
            field="reason",
        )
    locked = _lock_in_review(project)
    locked.status = Project.Status.REJECTED
    locked.review_message = reason
    locked.save(update_fields=["status", "review_message", "updated_at"])
    log(
        instance=locked,
        action=REJECT,
        user=officer,
        title=locked.title,
        data={"reason": reason},
    )
    _email_team(locked, "project_rejected", reason=reason)
    return locked


@transaction.atomic
def project_complete(*, project: Project, officer, note: str = "") -> Project:
    """A delivering project has done what it said it would."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status != Project.Status.DELIVERING:
        raise ProjectError(
            _("Only a project that is delivering can be marked completed"),
            code="not_delivering",
        )
    locked.status = Project.Status.COMPLETED
    locked.completed_at = timezone.now()
    locked.save(update_fields=["status", "completed_at", "updated_at"])
    log(
        instance=locked,
        action=COMPLETE,
        user=officer,
        title=locked.title,
        data={"note": note.strip()},
    )
    _email_team(locked, "project_completed")
    return locked


LOG_ACTIONS = {
    SUBMIT: (
        gettext_lazy("Crowdfund: submit project"),
        gettext_lazy("Project sent for review"),
    ),
    APPROVE: (
        gettext_lazy("Crowdfund: approve project"),
        gettext_lazy("Project approved and live"),
    ),
    REQUEST_CHANGES: (
        gettext_lazy("Crowdfund: ask for changes"),
        gettext_lazy("Project sent back to the team for changes"),
    ),
    REJECT: (
        gettext_lazy("Crowdfund: reject project"),
        gettext_lazy("Project not approved"),
    ),
    COMPLETE: (
        gettext_lazy("Crowdfund: complete project"),
        gettext_lazy("Project marked completed"),
    ),
}
