"""Starting, filling in, submitting and withdrawing startups' applications.

Rules a real service keeps, whatever the page in front of the startup:
- any member of the startup may change any section until the challenge's
  deadline; after it nothing can be saved, submitted or uploaded;
- a submitted application can still be changed until the deadline (the
  assessors only start after it), so a startup can fix a mistake without
  withdrawing; every save still checks its section in full;
- the reference (CIC-<year>-<NNNN>) is given once, on first submission,
  from a per-year counter taken under a row lock;
- withdrawing a draft deletes it (it has no reference and nobody else has
  seen it); withdrawing a submitted application keeps it, marked withdrawn,
  and is final.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from challenges.models import Application, BudgetLine, Challenge, ReferenceCounter
from civic.models import Organisation, OrganisationMembership
from civic.services.email import email_send


class ApplicationError(Exception):
    """A rule of the service refused the change; the message is for people."""


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # lazily translated
    fields: tuple[str, ...]


# Task-list order. "Check and submit" is not a section: it is the last task.
SECTIONS: tuple[Section, ...] = (
    Section(
        "organisation",
        gettext_lazy("About your organisation"),
        ("organisation_summary",),
    ),
    Section(
        "solution",
        gettext_lazy("Your solution"),
        ("solution_summary", "solution_description"),
    ),
    Section("evidence", gettext_lazy("Evidence it works"), ("evidence",)),
    Section(
        "testing",
        gettext_lazy("How you would test it with the owner"),
        ("testing_plan",),
    ),
    Section("team", gettext_lazy("Team"), ("team_description",)),
    Section("budget", gettext_lazy("Budget for testing"), ()),
    Section(
        "declarations",
        gettext_lazy("Declarations"),
        ("declaration_accurate", "declaration_eligible", "declaration_data"),
    ),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}

EDITABLE_STATUSES = (Application.Status.DRAFT, Application.Status.SUBMITTED)
WITHDRAWABLE_STATUSES = EDITABLE_STATUSES


def is_editable(application: Application, *, now=None) -> bool:
    now = now or timezone.now()
    return (
        application.status in EDITABLE_STATUSES
        and application.challenge.is_open_for_applications(now)
    )


def missing_sections(application: Application) -> list[str]:
    done = set(application.completed_sections or [])
    return [key for key in SECTION_KEYS if key not in done]


def _check_editable(application: Application) -> None:
    if application.status not in EDITABLE_STATUSES:
        raise ApplicationError(_("This application can no longer be changed"))
    if not application.challenge.is_open_for_applications():
        raise ApplicationError(
            _("The deadline for this challenge has passed. You cannot make changes")
        )


def _lock(application: Application) -> Application:
    """The application re-read under a row lock, with its challenge."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("challenge__programme")
        .get(pk=application.pk)
    )


def _check_member(user, organisation_id: int) -> None:
    if not OrganisationMembership.objects.filter(
        organisation_id=organisation_id, user=user
    ).exists():
        raise ApplicationError(_("Only members of the startup can do this"))


def startups_of(user) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            type=Organisation.Type.STARTUP, memberships__user=user, is_hidden=False
        ).order_by("name")
    )


def application_start(
    *, challenge: Challenge, organisation: Organisation, user
) -> tuple[Application, bool]:
    """The startup's application to the challenge, made if it has none yet.
    Starting twice (or two members at once) gives the same application."""
    if organisation.type != Organisation.Type.STARTUP:
        raise ApplicationError(_("Only startups can apply to a challenge"))
    _check_member(user, organisation.pk)
    existing = Application.objects.filter(
        challenge=challenge, organisation=organisation
    ).first()
    if existing is not None:
        return existing, False
    if not challenge.is_open_for_applications():
        raise ApplicationError(_("This challenge is closed for applications"))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                challenge=challenge, organisation=organisation, created_by=user
            )
    except IntegrityError:
        # Another member started it a moment ago.
        return (
            Application.objects.get(challenge=challenge, organisation=organisation),
            False,
        )
    return application, True


def _mark_complete(application: Application, key: str) -> None:
    done = [k for k in application.completed_sections or [] if k in SECTION_KEYS]
    if key not in done:
        done.append(key)
    application.completed_sections = [k for k in SECTION_KEYS if k in done]


@transaction.atomic
def application_save_section(
    *, application: Application, user, section: str, data: dict
) -> Application:
    """Save one task-list section's answers (already validated by its form)
    and mark it complete."""
    if section not in SECTIONS_BY_KEY or section == "budget":
        raise ValueError(f"Not a text section: {section}")
    locked = _lock(application)
    _check_member(user, locked.organisation_id)
    _check_editable(locked)
    for field in SECTIONS_BY_KEY[section].fields:
        setattr(locked, field, data[field])
    if section == "declarations" and not all(
        data[field] for field in SECTIONS_BY_KEY[section].fields
    ):
        raise ApplicationError(_("Confirm all three declarations"))
    _mark_complete(locked, section)
    locked.save()
    return locked


@transaction.atomic
def application_save_budget(
    *, application: Application, user, lines: Iterable[tuple[str, int]]
) -> Application:
    """Replace the testing budget with ``lines`` of (what it is for, pence).
    The total may not exceed the programme's testing fund."""
    locked = _lock(application)
    _check_member(user, locked.organisation_id)
    _check_editable(locked)
    lines = [(item.strip(), int(pence)) for item, pence in lines]
    if not lines:
        raise ApplicationError(_("Enter at least one cost"))
    if any(pence <= 0 for _item, pence in lines):
        raise ApplicationError(_("Each cost must be more than £0"))
    fund = locked.challenge.programme.testing_fund_pence
    if sum(pence for _item, pence in lines) > fund:
        raise ApplicationError(_("Your budget is more than the testing fund"))
    locked.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=locked, item=item, amount_pence=pence, sort_order=i)
        for i, (item, pence) in enumerate(lines)
    )
    _mark_complete(locked, "budget")
    locked.save()
    return locked


def reference_next(*, year: int) -> str:
    """The next CIC-<year>-<NNNN>; must run inside the caller's transaction
    so the counter's row lock lasts until the reference is saved."""
    ReferenceCounter.objects.get_or_create(year=year)
    counter = ReferenceCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"CIC-{year}-{counter.last_number:04d}"


def application_submit(*, application: Application, user) -> Application:
    with transaction.atomic():
        locked = _lock(application)
        _check_member(user, locked.organisation_id)
        if locked.status != Application.Status.DRAFT:
            raise ApplicationError(_("This application has already been submitted"))
        _check_editable(locked)
        if missing_sections(locked):
            raise ApplicationError(
                _("Complete every section before you submit your application")
            )
        total = sum(line.amount_pence for line in locked.budget_lines.all())
        if total > locked.challenge.programme.testing_fund_pence:
            raise ApplicationError(_("Your budget is more than the testing fund"))
        now = timezone.now()
        locked.reference = reference_next(year=timezone.localdate(now).year)
        locked.status = Application.Status.SUBMITTED
        locked.submitted_at = now
        locked.save()
        _email_members(locked)
    return locked


def _email_members(application: Application) -> None:
    emails = list(
        OrganisationMembership.objects.filter(
            organisation_id=application.organisation_id
        ).values_list("user__email", flat=True)
    )
    for email in emails:
        email_send(
            to=email,
            template="challenges/email/application_submitted",
            context={
                "application": application,
                "challenge": application.challenge,
                "organisation": application.organisation,
                "application_url": settings.SITE_URL
                + reverse("challenges:application", args=[application.public_id]),
            },
        )


def application_withdraw(*, application: Application, user) -> Application | None:
    """Withdraw: a draft is deleted (returns None); a submitted application
    is kept, marked withdrawn."""
    from challenges.services.attachments import delete_stored_files

    with transaction.atomic():
        locked = _lock(application)
        _check_member(user, locked.organisation_id)
        if locked.status not in WITHDRAWABLE_STATUSES:
            raise ApplicationError(_("This application can no longer be withdrawn"))
        if locked.status == Application.Status.DRAFT:
            names = list(locked.attachments.values_list("file", flat=True))
            locked.delete()
            transaction.on_commit(lambda: delete_stored_files(names))
            return None
        locked.status = Application.Status.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.save()
        return locked
