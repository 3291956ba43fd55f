"""The people behind a project, what they post, and the help others offer.

Team: co-creators join through an emailed link; the creator stays. Updates:
posted by the team once the campaign is live. Needs: in-kind help the project
asks for; supporters offer it and the team accepts or declines.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.services.email import email_send
from crowdfund.models import (
    Need,
    NeedOffer,
    Project,
    ProjectImage,
    ProjectUpdate,
    TeamInvitation,
    TeamMember,
)
from crowdfund.services.projects import ProjectError, absolute, lock_editable

# Updates are for campaigns that have started, however they ended, until staff
# mark the project completed (issue 4: funded projects "post updates until
# staff mark them completed").
UPDATABLE = (
    Project.Status.LIVE,
    Project.Status.FUNDED,
    Project.Status.UNFUNDED,
    Project.Status.DELIVERING,
)
# Offers of help make sense while the campaign runs and the project is delivered.
OFFERS_OPEN = (Project.Status.LIVE, Project.Status.FUNDED, Project.Status.DELIVERING)


def _team_emails(project: Project) -> list[str]:
    return list(
        TeamMember.objects.filter(project=project).values_list("user__email", flat=True)
    )


# --- team ---------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, project: Project, invited_by, email: str) -> TeamInvitation:
    lock_editable(project)
    email = email.strip().lower()
    if TeamMember.objects.filter(project=project, user__email__iexact=email).exists():
        raise ProjectError(
            _("That person is already on the team"), code="member", field="email"
        )
    try:
        with transaction.atomic():
            invitation = TeamInvitation.objects.create(
                project=project, email=email, invited_by=invited_by
            )
    except IntegrityError:
        raise ProjectError(
            _("You have already invited that email address"),
            code="invited",
            field="email",
        ) from None
    email_send(
        to=email,
        template="crowdfund/email/project_invitation",
        context={
            "project": project,
            "invited_by": invited_by,
            "accept_url": absolute(
                reverse(
                    "crowdfund:invitation_accept", kwargs={"token": invitation.token}
                )
            ),
        },
    )
    return invitation


@transaction.atomic
def invitation_cancel(*, project: Project, invitation: TeamInvitation) -> None:
    lock_editable(project)
    if invitation.project_id != project.pk or invitation.accepted_at:
        raise ProjectError(_("That invitation cannot be cancelled"), code="not_open")
    invitation.delete()


@transaction.atomic
def invitation_accept(*, token: str, user) -> TeamMember:
    invitation = (
        TeamInvitation.objects.select_for_update(of=("self",))
        .select_related("project")
        .filter(token=token)
        .first()
    )
    if invitation is None or invitation.accepted_at is not None:
        raise ProjectError(
            _("This invitation has already been used or was cancelled"),
            code="used",
        )
    if invitation.is_expired:
        raise ProjectError(
            _("This invitation has expired. Ask the team to invite you again."),
            code="expired",
        )
    member, _created = TeamMember.objects.get_or_create(
        project=invitation.project,
        user=user,
        defaults={"role": TeamMember.Role.CO_CREATOR},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return member


@transaction.atomic
def team_member_remove(*, project: Project, member: TeamMember, by) -> None:
    """The creator removes co-creators; a co-creator may leave. The creator stays."""
    lock_editable(project)
    if member.project_id != project.pk:
        raise ValueError("team member of another project")
    if member.role == TeamMember.Role.CREATOR:
        raise ProjectError(
            _("The person who started the project cannot be removed"),
            code="creator",
        )
    by_creator = TeamMember.objects.filter(
        project=project, user=by, role=TeamMember.Role.CREATOR
    ).exists()
    if not by_creator and member.user_id != by.pk:
        raise ProjectError(
            _("Only the person who started the project can remove others"),
            code="not_creator",
        )
    member.delete()


# --- images -------------------------------------------------------------------


@transaction.atomic
def image_add(*, project: Project, image, alt_text: str) -> ProjectImage:
    lock_editable(project)
    last = project.images.order_by("-sort_order").first()
    return ProjectImage.objects.create(
        project=project,
        image=image,
        alt_text=alt_text.strip(),
        sort_order=(last.sort_order + 1) if last else 0,
    )


@transaction.atomic
def image_remove(*, project: Project, image: ProjectImage) -> None:
    lock_editable(project)
    if image.project_id != project.pk:
        raise ValueError("image of another project")
    stored = image.image
    image.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# --- needs --------------------------------------------------------------------


@transaction.atomic
def need_save(
    *,
    project: Project,
    kind: str,
    description: str,
    quantity: int,
    need: Need | None = None,
) -> Need:
    lock_editable(project)
    if need is None:
        last = project.needs.order_by("-sort_order").first()
        return Need.objects.create(
            project=project,
            kind=kind,
            description=description,
            quantity=quantity,
            sort_order=(last.sort_order + 1) if last else 0,
        )
    if need.project_id != project.pk:
        raise ValueError("need of another project")
    need.kind, need.description, need.quantity = kind, description, quantity
    need.save(update_fields=["kind", "description", "quantity"])
    return need


@transaction.atomic
def need_remove(*, project: Project, need: Need) -> None:
    lock_editable(project)
    if need.project_id != project.pk:
        raise ValueError("need of another project")
    need.delete()


@transaction.atomic
def need_mark_met(*, need: Need, met: bool = True) -> Need:
    Need.objects.filter(pk=need.pk).update(is_met=met)
    need.is_met = met
    return need


@transaction.atomic
def offer_create(*, need: Need, user, message: str) -> NeedOffer:
    project = Project.objects.select_for_update().get(pk=need.project_id)
    if project.status not in OFFERS_OPEN or project.is_hidden:
        raise ProjectError(
            _("This project is not taking offers of help"), code="closed"
        )
    if need.is_met:
        raise ProjectError(
            _("The project already has this help"), code="met", field="message"
        )
    if TeamMember.objects.filter(project=project, user=user).exists():
        raise ProjectError(
            _("You are on this project's team"), code="team", field="message"
        )
    try:
        with transaction.atomic():
            offer = NeedOffer.objects.create(
                need=need, user=user, message=message.strip()
            )
    except IntegrityError:
        raise ProjectError(
            _("You have already offered this help"), code="duplicate", field="message"
        ) from None
    email_send(
        to=_team_emails(project),
        template="crowdfund/email/project_offer_received",
        context={
            "project": project,
            "need": need,
            "offer": offer,
            "offers_url": absolute(
                reverse("crowdfund:project_offers", kwargs={"slug": project.slug})
            ),
        },
    )
    return offer


@transaction.atomic
def offer_decide(*, offer: NeedOffer, accept: bool, by) -> NeedOffer:
    locked = (
        NeedOffer.objects.select_for_update(of=("self",))
        .select_related("need__project", "user")
        .get(pk=offer.pk)
    )
    if locked.status != NeedOffer.Status.PENDING:
        raise ProjectError(_("You have already replied to this offer"), code="decided")
    locked.status = NeedOffer.Status.ACCEPTED if accept else NeedOffer.Status.DECLINED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    project = locked.need.project
    email_send(
        to=locked.user.email,
        template="crowdfund/email/project_offer_decided",
        context={
            "project": project,
            "need": locked.need,
            "offer": locked,
            "accepted": accept,
            "public_url": absolute(project.get_absolute_url()),
        },
    )
    return locked


# --- updates ------------------------------------------------------------------


@transaction.atomic
def update_post(*, project: Project, author, title: str, body: str) -> ProjectUpdate:
    locked = Project.objects.select_for_update().get(pk=project.pk)
    if locked.status == Project.Status.COMPLETED:
        raise ProjectError(
            _("This project is completed, so no more updates can be posted"),
            code="completed",
        )
    if locked.status not in UPDATABLE:
        raise ProjectError(
            _("You can post updates once the campaign is live"), code="not_live"
        )
    return ProjectUpdate.objects.create(
        project=locked, author=author, title=title.strip(), body=body.strip()
    )
