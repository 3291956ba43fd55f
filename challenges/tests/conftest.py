import pytest

from challenges.tests.factories import (
    AssignmentFactory,
    ChallengeFactory,
    SubmittedApplicationFactory,
)
from civic.models import Organisation, OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def challenge_owner_org(db):
    return OrganisationFactory(
        name="Transport for London", slug="tfl", type=Organisation.Type.PUBLIC_BODY
    )


@pytest.fixture
def owner_member(challenge_owner_org):
    """Someone at the challenge owner (not staff)."""
    user = UserFactory(email="owner-staff@tfl.example.com", display_name="Tara TfL")
    MembershipFactory(organisation=challenge_owner_org, user=user)
    return user


@pytest.fixture
def challenge(challenge_owner_org):
    return ChallengeFactory(owner=challenge_owner_org)


@pytest.fixture
def startup(db):
    return OrganisationFactory(
        name="Neighbourly Ltd", slug="neighbourly", type=Organisation.Type.STARTUP
    )


@pytest.fixture
def startup_member(startup):
    user = UserFactory(
        email="founder@neighbourly.example.com", display_name="Fay Founder"
    )
    MembershipFactory(
        organisation=startup, user=user, role=OrganisationMembership.Role.OWNER
    )
    return user


@pytest.fixture
def other_startup_member(db):
    other = OrganisationFactory(
        name="Rival Ltd", slug="rival", type=Organisation.Type.STARTUP
    )
    user = UserFactory(email="founder@rival.example.com", display_name="Rex Rival")
    MembershipFactory(organisation=other, user=user)
    return user


@pytest.fixture
def submitted_application(challenge, startup, startup_member):
    return SubmittedApplicationFactory(
        challenge=challenge, organisation=startup, created_by=startup_member
    )


@pytest.fixture
def assigned_assessor(submitted_application, assessor, challenge_manager):
    """The ``assessor`` persona, assigned, with no conflict declared yet."""
    AssignmentFactory(
        application=submitted_application,
        assessor=assessor,
        assigned_by=challenge_manager,
    )
    return assessor


@pytest.fixture
def conflicted_assessor(submitted_application, challenge_manager):
    from tests.fixtures import add_totp

    user = add_totp(UserFactory(email="conflicted@example.com", groups=["Assessors"]))
    AssignmentFactory(
        application=submitted_application,
        assessor=user,
        assigned_by=challenge_manager,
        has_conflict=True,
        conflict_details="I advise the startup.",
    )
    return user


# --- Applications and attachments (helper D) ------------------------------------


@pytest.fixture
def private_media(settings, tmp_path):
    """Attachments go to a temporary private folder for the test."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture
def draft_application(challenge, startup, startup_member):
    """A draft with nothing filled in yet."""
    from challenges.models import Application

    return Application.objects.create(
        challenge=challenge, organisation=startup, created_by=startup_member
    )


# --- Assessment and pilots (helper E) -------------------------------------------


@pytest.fixture
def unassigned_assessor(db):
    """In the Assessors group but not assigned to ``submitted_application``."""
    from tests.fixtures import add_totp

    return add_totp(UserFactory(email="unassigned@example.com", groups=["Assessors"]))


@pytest.fixture
def declared_assessor(assigned_assessor, submitted_application):
    """The ``assessor`` persona, assigned, having declared no conflict."""
    from django.utils import timezone

    from challenges.models import Assignment

    Assignment.objects.filter(
        application=submitted_application, assessor=assigned_assessor
    ).update(has_conflict=False, declared_at=timezone.now())
    return assigned_assessor
