"""Who may see an application: the one place every view asks.

- the startup's members, always;
- an assessor assigned to it who has declared no conflict of interest,
  until the startup withdraws it;
- the challenge owner's members, once it is shortlisted (or decided after);
- challenge managers (``challenges.manage_applications``);
but never an assessor who declared a conflict of interest on it, whatever
else they are.
Everyone else gets a 404 from the views, as if it did not exist.
"""

from __future__ import annotations

from civic.models import OrganisationMembership

from .models import Application, Assignment, Pilot

# Statuses in which the challenge owner may see an application.
VISIBLE_TO_OWNER = (
    Application.Status.SHORTLISTED,
    Application.Status.WINNER,
    Application.Status.NOT_SELECTED,
)

# A withdrawn application leaves the panel: its assessors no longer see it.
HIDDEN_FROM_ASSESSORS = (Application.Status.DRAFT, Application.Status.WITHDRAWN)


def is_challenge_manager(user) -> bool:
    return user.is_authenticated and user.has_perm("challenges.manage_applications")


def is_startup_member(user, application: Application) -> bool:
    return (
        user.is_authenticated
        and OrganisationMembership.objects.filter(
            organisation_id=application.organisation_id, user=user
        ).exists()
    )


def assignment_for(user, application: Application) -> Assignment | None:
    if not user.is_authenticated:
        return None
    return Assignment.objects.filter(application=application, assessor=user).first()


def is_owner_member(user, application: Application) -> bool:
    return (
        user.is_authenticated
        and OrganisationMembership.objects.filter(
            organisation_id=application.challenge.owner_id, user=user
        ).exists()
    )


def can_view_application(user, application: Application) -> bool:
    if not user.is_authenticated:
        return False
    assignment = assignment_for(user, application)
    # A conflict of interest outranks every other role (a manager or an owner
    # member who is conflicted must not see it either).
    if assignment is not None and assignment.has_conflict is True:
        return False
    if is_challenge_manager(user) or is_startup_member(user, application):
        return True
    if (
        assignment is not None
        and assignment.has_conflict is False
        and application.status not in HIDDEN_FROM_ASSESSORS
    ):
        return True
    return application.status in VISIBLE_TO_OWNER and is_owner_member(user, application)


def is_delivery_partner_member(user, pilot: Pilot) -> bool:
    partner_id = pilot.application.challenge.programme.delivery_partner_id
    return (
        user.is_authenticated
        and partner_id is not None
        and OrganisationMembership.objects.filter(
            organisation_id=partner_id, user=user
        ).exists()
    )


def can_view_pilot(user, pilot: Pilot) -> bool:
    """The startup, the challenge owner, the delivery partner and managers."""
    if not user.is_authenticated:
        return False
    application = pilot.application
    return (
        is_challenge_manager(user)
        or is_startup_member(user, application)
        or is_owner_member(user, application)
        or is_delivery_partner_member(user, pilot)
    )
