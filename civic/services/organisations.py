"""Organisations, their members and email invitations.

Every write that depends on who is already a member (accepting an invitation,
removing someone, leaving) locks the rows it reads, so that two requests at
once cannot create two memberships or remove the last two owners together.
Database constraints back the same rules.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from civic.models import (
    Borough,
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    User,
)
from civic.services.email import email_send
from civic.validators import normalise_charity_number, normalise_company_number

Role = OrganisationMembership.Role

_SLUG_MAX = 200  # leaves room in the 220-character column for "-<n>"


class OrganisationError(Exception):
    """A rule the person can do something about; the message is shown to them.

    ``field`` names the form field the message belongs to, if any.
    """

    def __init__(
        self, message: str, *, field: str | None = None, code: str = ""
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


def _unique_slug(name: str) -> str:
    base = slugify(name)[:_SLUG_MAX].strip("-") or "organisation"
    taken = set(
        Organisation.objects.filter(slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def organisation_create(
    *,
    created_by: User,
    name: str,
    type: str,
    description: str = "",
    website: str = "",
    company_number: str = "",
    charity_number: str = "",
    borough: Borough | None = None,
) -> Organisation:
    """Create an organisation with ``created_by`` as its first owner."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                organisation = Organisation(
                    name=name,
                    slug=_unique_slug(name),
                    type=type,
                    description=description,
                    website=website,
                    company_number=normalise_company_number(company_number),
                    charity_number=normalise_charity_number(charity_number),
                    borough=borough,
                )
                organisation.full_clean()
                organisation.save()
                OrganisationMembership.objects.create(
                    organisation=organisation, user=created_by, role=Role.OWNER
                )
                return organisation
        except IntegrityError:
            # Someone took the same slug between our check and our insert.
            continue
    raise OrganisationError(_("Try again: we could not save the organisation"))


_EDITABLE_FIELDS = (
    "name",
    "type",
    "description",
    "website",
    "company_number",
    "charity_number",
    "borough",
)


def organisation_update(
    *, organisation: Organisation, updated_by: User, **fields
) -> Organisation:
    """Change the public profile. The slug stays, so links keep working."""
    if membership_role(organisation=organisation, user=updated_by) != Role.OWNER:
        raise OrganisationError(_("Only owners can change the organisation's profile"))
    unknown = set(fields) - set(_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_update() cannot change {sorted(unknown)}")
    if "company_number" in fields:
        fields["company_number"] = normalise_company_number(fields["company_number"])
    if "charity_number" in fields:
        fields["charity_number"] = normalise_charity_number(fields["charity_number"])
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save(update_fields=[*fields.keys()])
    return organisation


def membership_role(*, organisation: Organisation, user) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        OrganisationMembership.objects.filter(organisation=organisation, user=user)
        .values_list("role", flat=True)
        .first()
    )


def _is_member_by_email(organisation: Organisation, email: str) -> bool:
    """Whether someone with this email address (any of theirs) is a member."""
    user_ids = EmailAddress.objects.filter(email__iexact=email).values("user_id")
    return (
        OrganisationMembership.objects.filter(
            organisation=organisation, user_id__in=user_ids
        ).exists()
        or OrganisationMembership.objects.filter(
            organisation=organisation, user__email__iexact=email
        ).exists()
    )


def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    invited_by: User,
) -> OrganisationInvitation:
    """Invite someone by email and send them the link.

    Refused when they are already a member or already have an open invitation.
    An expired invitation to the same address is replaced.
    """
    email = email.strip().lower()
    if role not in Role.values:
        raise OrganisationError(_("Select what they can do"), field="role")
    if membership_role(organisation=organisation, user=invited_by) != Role.OWNER:
        raise OrganisationError(_("Only owners can invite people"))
    if _is_member_by_email(organisation, email):
        raise OrganisationError(
            _("%(email)s is already a member of %(organisation)s")
            % {"email": email, "organisation": organisation.name},
            field="email",
        )
    now = timezone.now()
    with transaction.atomic():
        unanswered = OrganisationInvitation.objects.select_for_update().filter(
            organisation=organisation, email__iexact=email, accepted_at__isnull=True
        )
        for invitation in unanswered:
            if invitation.expires_at > now:
                raise OrganisationError(
                    _(
                        "You have already invited %(email)s. The invitation is open "
                        "until %(date)s"
                    )
                    % {
                        "email": email,
                        "date": date_format(
                            timezone.localtime(invitation.expires_at), "j F Y"
                        ),
                    },
                    field="email",
                )
            invitation.delete()
        try:
            with transaction.atomic():
                invitation = OrganisationInvitation.objects.create(
                    organisation=organisation,
                    email=email,
                    role=role,
                    invited_by=invited_by,
                )
        except IntegrityError:
            raise OrganisationError(
                _("You have already invited %(email)s") % {"email": email},
                field="email",
            ) from None
        email_send(
            to=email,
            template="civic/email/organisation_invitation",
            context={
                "organisation": organisation,
                "inviter_name": invited_by.public_name,
                "role": invitation.get_role_display(),
                "accept_url": settings.SITE_URL + invitation.get_absolute_url(),
                "expires_at": invitation.expires_at,
            },
        )
    return invitation


def invitations_open_for_user(user: User) -> list[OrganisationInvitation]:
    """Open invitations sent to any of the person's confirmed email addresses,
    to organisations they are not in yet."""
    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )
    if not emails:
        return []
    match = Q()
    for email in emails:
        match |= Q(email__iexact=email)
    return list(
        OrganisationInvitation.objects.filter(
            match, accepted_at__isnull=True, expires_at__gt=timezone.now()
        )
        .exclude(organisation__memberships__user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def invitation_problem(*, invitation: OrganisationInvitation, user) -> str | None:
    """Why ``user`` cannot accept this invitation, or None if they can."""
    if invitation.accepted_at is not None:
        return "used"
    if invitation.expires_at <= timezone.now():
        return "expired"
    addresses = EmailAddress.objects.filter(user=user, email__iexact=invitation.email)
    if not addresses.exists() and user.email.lower() != invitation.email.lower():
        return "wrong_email"
    if not addresses.filter(verified=True).exists():
        return "unverified"
    return None


_PROBLEM_MESSAGES = {
    "used": lambda: _("This invitation has already been used"),
    "expired": lambda: _(
        "This invitation has expired. Ask the organisation for a new one"
    ),
    "wrong_email": lambda: _(
        "This invitation was sent to a different email address. Sign in with that "
        "address to accept it"
    ),
    "unverified": lambda: _(
        "Confirm your email address before you accept the invitation"
    ),
    "member": lambda: _("You are already a member of this organisation"),
}


def invitation_accept(
    *, invitation: OrganisationInvitation, user: User
) -> OrganisationMembership:
    """Join the organisation with the invited role; the invitation is then used up.

    Only someone with a confirmed email address matching the invitation may
    accept. The invitation row is locked, so accepting twice at once gives one
    membership and one refusal.
    """
    with transaction.atomic():
        locked = OrganisationInvitation.objects.select_for_update().get(
            pk=invitation.pk
        )
        problem = invitation_problem(invitation=locked, user=user)
        if (
            problem is None
            and OrganisationMembership.objects.filter(
                organisation_id=locked.organisation_id, user=user
            ).exists()
        ):
            problem = "member"
        if problem:
            raise OrganisationError(_PROBLEM_MESSAGES[problem](), code=problem)
        membership = OrganisationMembership.objects.create(
            organisation_id=locked.organisation_id, user=user, role=locked.role
        )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    invitation.accepted_at = locked.accepted_at
    invitation.accepted_by = user
    return membership


def invitation_cancel(
    *, invitation: OrganisationInvitation, cancelled_by: User
) -> None:
    if (
        membership_role(organisation=invitation.organisation, user=cancelled_by)
        != Role.OWNER
    ):
        raise OrganisationError(_("Only owners can cancel invitations"))
    invitation.delete()


def membership_remove(*, membership: OrganisationMembership, removed_by: User) -> None:
    """Remove someone from an organisation, or leave it (``removed_by`` is them).

    Owners may remove anyone; members may only remove themselves. An
    organisation always keeps at least one owner.
    """
    with transaction.atomic():
        # Lock every membership of the organisation: the last-owner check must
        # see the same rows that the delete changes.
        memberships = list(
            OrganisationMembership.objects.select_for_update()
            .filter(organisation_id=membership.organisation_id)
            .order_by("pk")
        )
        by_user = {m.user_id: m for m in memberships}
        target = next((m for m in memberships if m.pk == membership.pk), None)
        if target is None:
            return  # already gone: removing twice is not an error
        remover = by_user.get(removed_by.pk)
        leaving = target.user_id == removed_by.pk
        if not leaving and (remover is None or remover.role != Role.OWNER):
            raise OrganisationError(_("Only owners can remove members"))
        owners = [m for m in memberships if m.role == Role.OWNER]
        if target.role == Role.OWNER and len(owners) == 1:
            if leaving:
                raise OrganisationError(
                    _("You are the only owner, so you cannot leave the organisation")
                )
            raise OrganisationError(_("An organisation must have at least one owner"))
        target.delete()


def membership_leave(*, membership: OrganisationMembership) -> None:
    """Leave an organisation (the last owner cannot)."""
    membership_remove(membership=membership, removed_by=membership.user)
