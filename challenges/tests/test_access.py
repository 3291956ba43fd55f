"""challenges/access.py for every role."""

import pytest

from challenges import access
from challenges.models import Application
from challenges.tests.factories import AssignmentFactory, PilotFactory
from civic.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_the_startups_members_see_their_application(
    submitted_application, startup_member
):
    assert access.can_view_application(startup_member, submitted_application)


def test_another_startup_does_not(submitted_application, other_startup_member):
    assert not access.can_view_application(other_startup_member, submitted_application)


def test_anonymous_and_residents_do_not(submitted_application, anonymous, resident):
    assert not access.can_view_application(anonymous, submitted_application)
    assert not access.can_view_application(resident, submitted_application)


def test_managers_see_every_application(submitted_application, challenge_manager):
    assert access.is_challenge_manager(challenge_manager)
    assert access.can_view_application(challenge_manager, submitted_application)


def test_other_staff_do_not(submitted_application, moderator, assessor):
    assert not access.can_view_application(moderator, submitted_application)
    assert not access.can_view_application(assessor, submitted_application)


def test_an_assigned_assessor_sees_it_only_after_declaring_no_conflict(
    submitted_application, assigned_assessor
):
    assert not access.can_view_application(assigned_assessor, submitted_application)
    assignment = access.assignment_for(assigned_assessor, submitted_application)
    assignment.has_conflict = False
    assignment.save()
    assert access.can_view_application(assigned_assessor, submitted_application)


def test_a_conflicted_assessor_never_sees_it(
    submitted_application, conflicted_assessor
):
    assert not access.can_view_application(conflicted_assessor, submitted_application)


def test_a_conflict_outranks_being_a_manager(submitted_application, challenge_manager):
    AssignmentFactory(
        application=submitted_application,
        assessor=challenge_manager,
        assigned_by=challenge_manager,
        has_conflict=True,
    )
    assert not access.can_view_application(challenge_manager, submitted_application)


@pytest.mark.parametrize(
    ("status", "visible"),
    [
        (Application.Status.SUBMITTED, False),
        (Application.Status.NOT_SHORTLISTED, False),
        (Application.Status.WITHDRAWN, False),
        (Application.Status.SHORTLISTED, True),
        (Application.Status.WINNER, True),
        (Application.Status.NOT_SELECTED, True),
    ],
)
def test_owner_members_see_it_once_shortlisted(
    submitted_application, owner_member, status, visible
):
    submitted_application.status = status
    submitted_application.save()
    assert access.can_view_application(owner_member, submitted_application) is visible


def test_a_conflicted_owner_member_does_not_see_it_even_when_shortlisted(
    submitted_application, owner_member, challenge_manager
):
    submitted_application.status = Application.Status.SHORTLISTED
    submitted_application.save()
    AssignmentFactory(
        application=submitted_application,
        assessor=owner_member,
        assigned_by=challenge_manager,
        has_conflict=True,
    )
    assert not access.can_view_application(owner_member, submitted_application)


# --- Pilots ---------------------------------------------------------------------


@pytest.fixture
def pilot(submitted_application):
    submitted_application.status = Application.Status.WINNER
    submitted_application.save()
    return PilotFactory(application=submitted_application)


@pytest.fixture
def partner_member(pilot):
    user = UserFactory(email="mentor@partner.example.com")
    MembershipFactory(
        organisation=pilot.application.challenge.programme.delivery_partner, user=user
    )
    return user


def test_who_sees_a_pilot(
    pilot,
    anonymous,
    resident,
    startup_member,
    other_startup_member,
    owner_member,
    challenge_manager,
    partner_member,
    assigned_assessor,
    moderator,
):
    assert access.can_view_pilot(startup_member, pilot)
    assert access.can_view_pilot(owner_member, pilot)
    assert access.can_view_pilot(challenge_manager, pilot)
    assert access.can_view_pilot(partner_member, pilot)
    assert access.is_delivery_partner_member(partner_member, pilot)
    for outsider in (
        anonymous,
        resident,
        other_startup_member,
        assigned_assessor,
        moderator,
    ):
        assert not access.can_view_pilot(outsider, pilot)


def test_a_programme_without_a_delivery_partner_has_no_partner_members(pilot, resident):
    programme = pilot.application.challenge.programme
    programme.delivery_partner = None
    programme.save()
    pilot.refresh_from_db()
    assert not access.is_delivery_partner_member(resident, pilot)


def test_an_assessor_no_longer_sees_an_application_the_startup_withdrew(
    submitted_application, declared_assessor
):
    assert access.can_view_application(declared_assessor, submitted_application)
    submitted_application.status = Application.Status.WITHDRAWN
    submitted_application.save()
    assert not access.can_view_application(declared_assessor, submitted_application)
