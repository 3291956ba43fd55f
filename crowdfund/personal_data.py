"""Crowdfund London's part of "Download my data" and "Delete my account", and
the drafts it deletes on its own after a while (``CIVIC_RETENTION_DAYS``).

On deletion:
- pledges stay for the financial record (amount, status, dates, the payment
  provider's references) with the backer removed, the message of support
  cleared and the name hidden. A pledge to a campaign still taking pledges
  is withdrawn first, as the backer could have done themselves: the card is
  never charged;
- a project only the person worked on that never went live (and holds no
  pledge) is deleted with its images; any other project stays, passed to
  the longest-standing other member of its team if the person created it;
- updates they wrote stay, by "a former member"; offers of help and
  invitations to them are deleted.

Refused: someone who alone runs a campaign that is live, or funded and being
delivered, holds other people's money; they hand it over or ask the
Crowdfund London team to close it first.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.services.privacy import AccountDeletionRefused, identifying_strings, redact

DEFAULT_RETENTION_DAYS = {"crowdfund_drafts": 90}

DESCRIPTION = gettext_lazy(
    "Your pledges (kept with your name removed if you delete your account, "
    "because they are financial records), the projects you started or joined, "
    "updates you wrote, offers of help and invitations to project teams. "
    "Project drafts nobody changes, and pledges whose payment was never made, "
    "are deleted after the time our privacy notice gives."
)

# Projects that hold, or are spending, other people's money.
_MONEY_STATES = ("live", "funded", "delivering")
# Projects that never went live and can go with their only team member.
_UNPUBLISHED_STATES = ("draft", "in_review", "changes_requested", "rejected")


def _retention_days(key: str) -> int | None:
    """The period in days; None keeps everything (the rule is switched off)."""
    configured = getattr(settings, "CIVIC_RETENTION_DAYS", {}) or {}
    days = configured.get(key, DEFAULT_RETENTION_DAYS[key])
    return None if days is None else int(days)


def _user_emails(user) -> list[str]:
    from allauth.account.models import EmailAddress

    emails = {user.email.lower()}
    emails.update(
        e.lower()
        for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return sorted(emails)


def _invitations_to(user):
    from crowdfund.models import TeamInvitation

    query = Q()
    for email in _user_emails(user):
        query |= Q(email__iexact=email)
    return TeamInvitation.objects.filter(query)


# Export ----------------------------------------------------------------------


def export(user) -> dict:
    from crowdfund.models import NeedOffer, Pledge, Project, ProjectUpdate, TeamMember

    return {
        "Pledges": [
            {
                "Campaign": pledge.project.title,
                "Amount in pence": pledge.amount_pence,
                "Status": pledge.get_status_display(),
                "Name hidden on the campaign page": pledge.is_anonymous,
                "Message of support": pledge.message,
                "Made": pledge.created_at,
                "Confirmed": pledge.confirmed_at,
                "Settled": pledge.settled_at,
            }
            for pledge in Pledge.objects.filter(backer=user)
            .select_related("project")
            .order_by("created_at", "pk")
        ],
        "Project teams": [
            {
                "Project": member.project.title,
                "Role": member.get_role_display(),
                "Project status": member.project.get_status_display(),
                "Joined": member.joined_at,
            }
            for member in TeamMember.objects.filter(user=user).select_related("project")
        ],
        "Projects you started": [
            {
                "Project": project.title,
                "Summary": project.summary,
                "About the project": project.description,
                "Place": project.location,
                "Status": project.get_status_display(),
                "Started": project.created_at,
            }
            for project in Project.objects.filter(created_by=user)
        ],
        "Project updates you wrote": [
            {
                "Project": update.project.title,
                "Title": update.title,
                "Update": update.body,
                "Posted": update.created_at,
            }
            for update in ProjectUpdate.objects.filter(author=user).select_related(
                "project"
            )
        ],
        "Offers of help": [
            {
                "Project": offer.need.project.title,
                "Need": offer.need.description,
                "Your offer": offer.message,
                "Status": offer.get_status_display(),
                "Made": offer.created_at,
            }
            for offer in NeedOffer.objects.filter(user=user).select_related(
                "need__project"
            )
        ],
        "Invitations to join a project team": [
            {
                "Project": invitation.project.title,
                "Sent to": invitation.email,
                "Sent": invitation.created_at,
                "Accepted": invitation.accepted_at,
            }
            for invitation in _invitations_to(user).select_related("project")
        ],
        # Whom they invited is the other person's data: only where and when.
        "Invitations you sent": [
            {"Project": invitation.project.title, "Sent": invitation.created_at}
            for invitation in user_invitations_sent(user)
        ],
    }


def user_invitations_sent(user):
    from crowdfund.models import TeamInvitation

    return TeamInvitation.objects.filter(invited_by=user).select_related("project")


# Erasure ---------------------------------------------------------------------


def blockers(user) -> list[str]:
    from crowdfund.models import TeamMember

    reasons = []
    for member in TeamMember.objects.filter(
        user=user, project__status__in=_MONEY_STATES
    ).select_related("project"):
        project = member.project
        if project.team.exclude(user=user).exists():
            continue  # someone else in the team takes it over
        if project.status == "live":
            reason = _(
                "You run the live campaign “%(title)s” on your own, and it holds "
                "other people's pledges. Invite someone to the project team to "
                "take it over, or ask the Crowdfund London team to close the "
                "campaign, then delete your account."
            )
        else:
            reason = _(
                "You run “%(title)s” on your own, and it is being funded or "
                "delivered with other people's money. Invite someone to the "
                "project team to take it over, or wait until it is completed, "
                "then delete your account."
            )
        reasons.append(reason % {"title": project.title})
    return reasons


def _withdraw_open_pledges(user) -> None:
    """As ``pledge_cancel`` would, but inside the deletion's transaction and
    with no email: the authorisation is released once it commits."""
    from crowdfund import tasks
    from crowdfund.models import Pledge, Project
    from crowdfund.services.pledges import backers_recount

    open_pledges = Pledge.objects.filter(
        backer=user,
        status__in=[Pledge.Status.PENDING, Pledge.Status.CONFIRMED],
        project__status=Project.Status.LIVE,
    ).values_list("project_id", flat=True)
    for project_id in sorted(set(open_pledges)):
        # Project row first, then pledges: the order every pledge service uses.
        project = Project.objects.select_for_update().get(pk=project_id)
        if not project.is_open_for_pledges():
            continue  # past its deadline: the closing task settles it
        now = timezone.now()
        for pledge in Pledge.objects.select_for_update().filter(
            project=project,
            backer=user,
            status__in=[Pledge.Status.PENDING, Pledge.Status.CONFIRMED],
        ):
            counted = pledge.status == Pledge.Status.CONFIRMED
            pledge.status = Pledge.Status.CANCELLED
            pledge.settled_at = now
            pledge.save(update_fields=["status", "settled_at"])
            if counted:
                Project.objects.filter(pk=project.pk).update(
                    crowd_pence=F("crowd_pence") - pledge.amount_pence
                )
            if pledge.payment_reference:
                transaction.on_commit(
                    lambda pk=pledge.pk: tasks.pledge_release.delay(pk)
                )
        backers_recount(project.pk)


def _delete_project(project) -> None:
    files = [image.image for image in project.images.all()]
    project.delete()
    for stored in files:
        transaction.on_commit(lambda stored=stored: stored.delete(save=False))


def _leave_projects(user, strings: list[str]) -> None:
    from crowdfund.models import Project, TeamMember

    started = list(Project.objects.filter(created_by=user).values_list("pk", flat=True))
    for member in TeamMember.objects.filter(user=user).select_related("project"):
        project = Project.objects.select_for_update().get(pk=member.project_id)
        others = project.team.exclude(user=user).order_by("joined_at", "pk")
        if project.status in _MONEY_STATES and not others.exists():
            # blockers() refused this; it changed since the page was shown.
            raise AccountDeletionRefused(blockers(user))
        if (
            project.status in _UNPUBLISHED_STATES
            and not others.exists()
            and not project.pledges.exists()
            and not project.city_hall_pledges.exists()
        ):
            _delete_project(project)
            continue
        was_creator = member.role == TeamMember.Role.CREATOR
        member.delete()
        successor = others.first()
        if was_creator and successor is not None:
            successor.role = TeamMember.Role.CREATOR
            successor.save(update_fields=["role"])
            if project.created_by_id == user.pk:
                project.created_by_id = successor.user_id
                project.save(update_fields=["created_by", "updated_at"])
    # Projects they started that stay: their name and email out of the text.
    for project in Project.objects.filter(pk__in=started):
        if project.created_by_id == user.pk:
            project.created_by = None
        for name in ("summary", "description", "location"):
            setattr(project, name, redact(getattr(project, name), strings))
        project.save(update_fields=["created_by", "summary", "description", "location"])


def erase(user) -> None:
    from crowdfund.models import NeedOffer, Pledge, ProjectUpdate

    strings = identifying_strings(user)
    _withdraw_open_pledges(user)
    for pledge in Pledge.objects.filter(backer=user):
        pledge.backer = None
        pledge.message = ""
        pledge.is_anonymous = True
        pledge.save(update_fields=["backer", "message", "is_anonymous"])
    _leave_projects(user, strings)
    for update in ProjectUpdate.objects.filter(author=user):
        update.author = None
        update.title = redact(update.title, strings)
        update.body = redact(update.body, strings)
        update.save(update_fields=["author", "title", "body"])
    NeedOffer.objects.filter(user=user).delete()
    _invitations_to(user).delete()
    # Invitations they sent go with the user row (they cascade).


# Retention -------------------------------------------------------------------


def purge_drafts(now: datetime) -> int:
    """Project drafts nobody has changed for the period, and pledges whose
    payment was never made (no call to the payment provider, so no financial
    record), made before it. Returns how many went."""
    from crowdfund.models import Pledge, Project

    days = _retention_days("crowdfund_drafts")
    if days is None:
        return 0
    cutoff = now - timedelta(days=days)
    count = 0
    drafts = Project.objects.filter(
        status=Project.Status.DRAFT, updated_at__lt=cutoff
    ).filter(pledges__isnull=True, city_hall_pledges__isnull=True)
    with transaction.atomic():
        for project in drafts.distinct():
            _delete_project(project)
            count += 1
        unpaid = Pledge.objects.filter(
            status__in=[Pledge.Status.PENDING, Pledge.Status.CANCELLED],
            confirmed_at__isnull=True,
            created_at__lt=cutoff,
            transactions__isnull=True,
        ).exclude(project__status=Project.Status.LIVE)
        for pledge in unpaid.distinct():
            pledge.delete()
            count += 1
    return count


def register() -> None:
    from civic.registry import registry

    registry.register_personal_data(
        "Crowdfund London",
        export=export,
        erase=erase,
        description=DESCRIPTION,
        blockers=blockers,
    )
    registry.register_retention(
        "crowdfund_drafts",
        purge=purge_drafts,
        period_setting="crowdfund_drafts",
        description=gettext_lazy(
            "Crowdfund project drafts nobody has changed for the period, and "
            "pledges whose payment was never made."
        ),
    )
