"""Organisations: who may see and manage them, invitations and the owner rules."""

import re
import threading
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from civic.models import Organisation, OrganisationInvitation, OrganisationMembership
from civic.services.organisations import (
    OrganisationError,
    invitation_accept,
    invitation_create,
    membership_leave,
    membership_remove,
    organisation_create,
    organisation_update,
)
from civic.tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    borough,
)

pytestmark = pytest.mark.django_db

Role = OrganisationMembership.Role
PERSONAS = [
    "anonymous",
    "resident",
    "other_resident",
    "org_member",
    "org_owner",
    "moderator",
]


def _as(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


@pytest.fixture
def everyone(organisation, org_owner, org_member):
    """Make sure the organisation has its owner and member, whoever is viewing."""
    return organisation


# --- Who can see and do what ----------------------------------------------------------

DETAIL = {
    "anonymous": 200,
    "resident": 200,
    "other_resident": 200,
    "org_member": 200,
    "org_owner": 200,
    "moderator": 200,
}
HIDDEN_DETAIL = {
    "anonymous": 404,
    "resident": 404,
    "other_resident": 404,
    "org_member": 200,
    "org_owner": 200,
    "moderator": 200,
}
# Management pages: 404 for non-members (they learn nothing), 403 for members
# who are not owners.
MANAGE = {
    "anonymous": 302,
    "resident": 404,
    "other_resident": 404,
    "org_member": 403,
    "org_owner": 200,
    "moderator": 404,
}
REMOVE_SOMEONE_ELSE = {
    "anonymous": 302,
    "resident": 404,
    "other_resident": 404,
    "org_member": 403,
    "org_owner": 302,
    "moderator": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_organisation_page_is_public(client, request, everyone, persona):
    _as(client, request, persona)
    response = client.get(everyone.get_absolute_url())
    assert response.status_code == DETAIL[persona]
    html = response.content.decode()
    assert everyone.name in html
    members_visible = "Mo Member" in html
    assert members_visible == (persona in {"org_member", "org_owner"})


@pytest.mark.parametrize("persona", PERSONAS)
def test_hidden_organisation_is_only_for_members_and_moderators(
    client, request, everyone, persona
):
    Organisation.objects.filter(pk=everyone.pk).update(is_hidden=True)
    _as(client, request, persona)
    response = client.get(everyone.get_absolute_url())
    assert response.status_code == HIDDEN_DETAIL[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url_name", ["civic:organisation_edit", "civic:organisation_invite"]
)
def test_only_owners_can_manage_an_organisation(
    client, request, everyone, persona, url_name
):
    _as(client, request, persona)
    response = client.get(reverse(url_name, args=[everyone.slug]))
    assert response.status_code == MANAGE[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_owners_can_remove_someone_else(client, request, everyone, persona):
    other = MembershipFactory(
        organisation=everyone, user=UserFactory(display_name="Third")
    )
    _as(client, request, persona)

    response = client.post(
        reverse("civic:membership_remove", args=[everyone.slug, other.pk])
    )

    assert response.status_code == REMOVE_SOMEONE_ELSE[persona]
    removed = not OrganisationMembership.objects.filter(pk=other.pk).exists()
    assert removed == (persona == "org_owner")


def test_removing_needs_a_post(client, org_owner, org_member, organisation):
    client.force_login(org_owner)
    membership = OrganisationMembership.objects.get(user=org_member)
    response = client.get(
        reverse("civic:membership_remove", args=[organisation.slug, membership.pk])
    )
    assert response.status_code == 405


def test_owner_sees_invite_and_remove_but_member_does_not(
    client, org_owner, org_member, organisation
):
    client.force_login(org_owner)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert reverse("civic:organisation_invite", args=[organisation.slug]) in html
    assert reverse("civic:organisation_edit", args=[organisation.slug]) in html
    assert "Remove" in html

    client.force_login(org_member)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert reverse("civic:organisation_invite", args=[organisation.slug]) not in html
    assert "Remove<span" not in html
    assert "Leave" in html


def test_non_members_see_a_report_link(client, resident, organisation):
    client.force_login(resident)
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert reverse("civic:report", args=["civic.organisation", organisation.pk]) in html


def test_members_see_pending_invitations_but_others_do_not(
    client, resident, org_member, organisation
):
    InvitationFactory(organisation=organisation, email="pending@example.com")
    client.force_login(org_member)
    assert (
        "pending@example.com"
        in client.get(organisation.get_absolute_url()).content.decode()
    )
    client.force_login(resident)
    assert (
        "pending@example.com"
        not in client.get(organisation.get_absolute_url()).content.decode()
    )


# --- Creating and editing -----------------------------------------------------------


def test_verified_person_creates_an_organisation_and_becomes_its_owner(
    client, resident
):
    client.force_login(resident)
    assert client.get(reverse("civic:organisation_create")).status_code == 200

    response = client.post(
        reverse("civic:organisation_create"),
        {
            "name": "Brixton Repair Café",
            "type": Organisation.Type.CHARITY,
            "description": "We fix things.",
            "website": "brixtonrepair.example.org",
            "company_number": "",
            "charity_number": "1234567",
            "borough": borough("Lambeth").pk,
        },
    )

    organisation = Organisation.objects.get(name="Brixton Repair Café")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.slug == "brixton-repair-cafe"
    assert organisation.website == "https://brixtonrepair.example.org"
    assert organisation.borough.name == "Lambeth"
    assert (
        OrganisationMembership.objects.get(organisation=organisation).user == resident
    )
    assert (
        OrganisationMembership.objects.get(organisation=organisation).role == Role.OWNER
    )


def test_organisation_form_errors_are_shown_in_gov_uk_style(client, resident):
    client.force_login(resident)
    # (Migrations seed some organisations, e.g. the GLA Group charter signatories.)
    before = Organisation.objects.count()
    response = client.post(
        reverse("civic:organisation_create"),
        {"name": "", "type": "", "website": "not a website", "company_number": "123"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Add an organisation – " in html
    assert '<a href="#id_name">Enter the organisation&#x27;s name</a>' in html
    assert 'href="#id_type"' in html
    assert "Select the type of organisation" in html
    assert "Enter a website address in the correct format" in html
    assert "Enter a Companies House number in the correct format" in html
    assert Organisation.objects.count() == before


def test_organisation_numbers_are_normalised(resident):
    organisation = organisation_create(
        created_by=resident,
        name="Startup Ltd",
        type=Organisation.Type.STARTUP,
        company_number="sc 123456",
    )
    assert organisation.company_number == "SC123456"


def test_slugs_are_unique(resident, other_resident):
    first = organisation_create(created_by=resident, name="Garden Club", type="charity")
    second = organisation_create(
        created_by=other_resident, name="Garden Club", type="charity"
    )
    third = organisation_create(
        created_by=other_resident, name="Garden Club", type="charity"
    )
    assert [first.slug, second.slug, third.slug] == [
        "garden-club",
        "garden-club-2",
        "garden-club-3",
    ]


def test_owner_edits_the_profile_and_the_address_stays(client, org_owner, organisation):
    client.force_login(org_owner)
    old_url = organisation.get_absolute_url()
    response = client.post(
        reverse("civic:organisation_edit", args=[organisation.slug]),
        {"name": "Peckham Garden Collective", "type": Organisation.Type.CHARITY},
    )
    assert response["Location"] == old_url
    organisation.refresh_from_db()
    assert organisation.name == "Peckham Garden Collective"


def test_edit_form_errors_keep_the_old_name_in_the_heading(
    client, org_owner, organisation
):
    client.force_login(org_owner)
    response = client.post(
        reverse("civic:organisation_edit", args=[organisation.slug]),
        {"name": "", "type": Organisation.Type.CHARITY},
    )
    html = response.content.decode()
    assert "<title>Error: Edit Peckham Community Garden – " in html
    organisation.refresh_from_db()
    assert organisation.name == "Peckham Community Garden"


def test_only_owners_can_update_through_the_service(org_member, organisation):
    with pytest.raises(OrganisationError):
        organisation_update(
            organisation=organisation, updated_by=org_member, name="Mine now"
        )


def test_your_organisations_lists_memberships_and_invitations(
    client, org_member, organisation
):
    other = OrganisationFactory(name="Deptford Digital")
    InvitationFactory(organisation=other, email="MEMBER@example.com")
    client.force_login(org_member)
    html = client.get(reverse("civic:organisation_list")).content.decode()
    assert organisation.name in html
    assert "Join Deptford Digital" in html


# --- Invitations ------------------------------------------------------------------


def test_owner_invites_someone_by_email(
    client, org_owner, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(org_owner)
    assert (
        client.get(
            reverse("civic:organisation_invite", args=[organisation.slug])
        ).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("civic:organisation_invite", args=[organisation.slug]),
            {"email": "New.Person@Example.com", "role": Role.MEMBER},
        )

    assert response["Location"] == organisation.get_absolute_url()
    invitation = OrganisationInvitation.objects.get(organisation=organisation)
    assert invitation.email == "new.person@example.com"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.com"]
    assert organisation.name in mailoutbox[0].subject
    assert invitation.get_absolute_url() in mailoutbox[0].body


def test_inviting_an_existing_member_is_refused_with_a_form_error(
    client, org_owner, organisation, org_member
):
    client.force_login(org_owner)
    response = client.post(
        reverse("civic:organisation_invite", args=[organisation.slug]),
        {"email": "Member@Example.com", "role": Role.MEMBER},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_email">member@example.com is already a member' in html
    assert not OrganisationInvitation.objects.exists()


def test_inviting_someone_twice_is_refused_but_an_expired_invitation_is_replaced(
    org_owner, organisation
):
    first = invitation_create(
        organisation=organisation,
        email="twice@example.com",
        role=Role.MEMBER,
        invited_by=org_owner,
    )
    with pytest.raises(OrganisationError, match="already invited"):
        invitation_create(
            organisation=organisation,
            email="TWICE@example.com",
            role=Role.MEMBER,
            invited_by=org_owner,
        )

    OrganisationInvitation.objects.filter(pk=first.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    again = invitation_create(
        organisation=organisation,
        email="twice@example.com",
        role=Role.OWNER,
        invited_by=org_owner,
    )
    assert list(OrganisationInvitation.objects.all()) == [again]


def test_invite_form_errors(client, org_owner, organisation):
    client.force_login(org_owner)
    response = client.post(
        reverse("civic:organisation_invite", args=[organisation.slug]),
        {"email": "nope"},
    )
    html = response.content.decode()
    assert "Enter an email address in the correct format" in html
    assert "Select what they can do" in html


@pytest.fixture
def invitee(db):
    return UserFactory(email="invitee@example.com", display_name="Ivy Invitee")


@pytest.fixture
def invitation(organisation, org_owner):
    return InvitationFactory(
        organisation=organisation,
        email="Invitee@Example.com",
        role=Role.MEMBER,
        invited_by=org_owner,
    )


def test_invitation_link_sends_anonymous_visitors_to_sign_in_and_back(
    client, invitation
):
    url = invitation.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_invitee_accepts_the_invitation(client, invitee, invitation, organisation):
    client.force_login(invitee)

    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 200
    assert "Join Peckham Community Garden" in page.content.decode()
    assert "Olive Owner has invited you" in page.content.decode()

    response = client.post(invitation.get_absolute_url())

    assert response["Location"] == organisation.get_absolute_url()
    membership = OrganisationMembership.objects.get(
        organisation=organisation, user=invitee
    )
    assert membership.role == Role.MEMBER
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee
    assert invitation.accepted_at is not None


def test_invitation_as_owner_gives_the_owner_role(invitee, organisation, org_owner):
    invitation = InvitationFactory(
        organisation=organisation, email=invitee.email, role=Role.OWNER
    )
    membership = invitation_accept(invitation=invitation, user=invitee)
    assert membership.role == Role.OWNER


def test_someone_with_a_different_email_cannot_accept(client, resident, invitation):
    client.force_login(resident)
    for response in (
        client.get(invitation.get_absolute_url()),
        client.post(invitation.get_absolute_url()),
    ):
        assert response.status_code == 403
        assert (
            "This invitation is for a different email address"
            in response.content.decode()
        )
    assert not OrganisationMembership.objects.filter(user=resident).exists()


def test_an_unconfirmed_email_cannot_accept(client, invitation):
    person = UserFactory(email="invitee@example.com", verified=False)
    client.force_login(person)
    response = client.post(invitation.get_absolute_url())
    assert response.status_code == 403
    assert "Confirm your email address first" in response.content.decode()
    assert not OrganisationMembership.objects.filter(user=person).exists()


def test_a_confirmed_second_address_can_accept(client, resident, invitation):
    EmailAddress.objects.create(
        user=resident, email="invitee@example.com", verified=True
    )
    client.force_login(resident)
    client.post(invitation.get_absolute_url())
    assert OrganisationMembership.objects.filter(user=resident).exists()


def test_an_expired_invitation_gives_a_clear_page(client, invitee, invitation):
    OrganisationInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(invitee)
    for response in (
        client.get(invitation.get_absolute_url()),
        client.post(invitation.get_absolute_url()),
    ):
        assert response.status_code == 410
        assert "This invitation has expired" in response.content.decode()
    assert not OrganisationMembership.objects.filter(user=invitee).exists()


def test_accepting_twice_makes_one_membership(client, invitee, invitation):
    client.force_login(invitee)
    client.post(invitation.get_absolute_url())

    again = client.post(invitation.get_absolute_url())

    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert OrganisationMembership.objects.filter(user=invitee).count() == 1
    with pytest.raises(OrganisationError) as refused:
        invitation_accept(invitation=invitation, user=invitee)
    assert refused.value.code == "used"


def test_an_unknown_invitation_is_not_found(client, invitee):
    client.force_login(invitee)
    assert (
        client.get(reverse("civic:invitation_accept", args=["nope"])).status_code == 404
    )


def test_a_member_opening_an_invitation_is_sent_to_the_organisation(
    client, org_member, organisation
):
    invitation = InvitationFactory(organisation=organisation, email=org_member.email)
    client.force_login(org_member)
    response = client.get(invitation.get_absolute_url())
    assert response["Location"] == organisation.get_absolute_url()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite has no row locks, so the race cannot be tested",
)
def test_two_accepts_at_the_same_time_make_one_membership():
    organisation = OrganisationFactory()
    owner = UserFactory()
    MembershipFactory(organisation=organisation, user=owner, role=Role.OWNER)
    invitee = UserFactory(email="racer@example.com")
    invitation = InvitationFactory(organisation=organisation, email=invitee.email)
    barrier = threading.Barrier(2)
    outcomes = []

    def accept():
        try:
            barrier.wait()
            invitation_accept(
                invitation=OrganisationInvitation.objects.get(pk=invitation.pk),
                user=invitee,
            )
            outcomes.append("joined")
        except OrganisationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["joined", "used"]
    assert OrganisationMembership.objects.filter(user=invitee).count() == 1


# --- Removing members and leaving ------------------------------------------------


def test_owner_removes_a_member(client, org_owner, org_member, organisation):
    client.force_login(org_owner)
    membership = OrganisationMembership.objects.get(user=org_member)
    response = client.post(
        reverse("civic:membership_remove", args=[organisation.slug, membership.pk]),
        follow=True,
    )
    assert "Mo Member has been removed" in response.content.decode()
    assert not OrganisationMembership.objects.filter(user=org_member).exists()


def test_a_member_can_leave(client, org_member, organisation):
    client.force_login(org_member)
    membership = OrganisationMembership.objects.get(user=org_member)
    response = client.post(
        reverse("civic:membership_remove", args=[organisation.slug, membership.pk])
    )
    assert response["Location"] == reverse("civic:organisation_list")
    assert not OrganisationMembership.objects.filter(user=org_member).exists()


def test_the_last_owner_cannot_leave(client, org_owner, organisation):
    client.force_login(org_owner)
    membership = OrganisationMembership.objects.get(user=org_owner)

    response = client.post(
        reverse("civic:membership_remove", args=[organisation.slug, membership.pk]),
        follow=True,
    )

    assert "You are the only owner" in response.content.decode()
    assert OrganisationMembership.objects.filter(pk=membership.pk).exists()
    with pytest.raises(OrganisationError):
        membership_leave(membership=membership)


def test_an_owner_can_leave_when_there_is_another_owner(org_owner, organisation):
    second = MembershipFactory(organisation=organisation, role=Role.OWNER)
    first = OrganisationMembership.objects.get(user=org_owner)

    membership_leave(membership=first)

    assert list(OrganisationMembership.objects.filter(role=Role.OWNER)) == [second]
    with pytest.raises(OrganisationError, match="only owner"):
        membership_leave(membership=second)


def test_owners_can_remove_another_owner_but_not_the_last(org_owner, organisation):
    second = MembershipFactory(organisation=organisation, role=Role.OWNER)
    membership_remove(membership=second, removed_by=org_owner)
    assert not OrganisationMembership.objects.filter(pk=second.pk).exists()


def test_members_cannot_remove_others_through_the_service(
    org_member, org_owner, organisation
):
    owner_membership = OrganisationMembership.objects.get(user=org_owner)
    with pytest.raises(OrganisationError):
        membership_remove(membership=owner_membership, removed_by=org_member)


# --- Query counts ---------------------------------------------------------------


def _grow(organisation, n):
    for _ in range(n):
        MembershipFactory(organisation=organisation)
        InvitationFactory(organisation=organisation)


def test_organisation_page_queries_do_not_grow_with_members(
    client, org_owner, organisation, django_assert_max_num_queries
):
    client.force_login(org_owner)
    _grow(organisation, 3)
    with django_assert_max_num_queries(20) as small:
        response = client.get(organisation.get_absolute_url())
    assert len(re.findall(r"Person \d+", response.content.decode())) >= 3

    _grow(organisation, 27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(organisation.get_absolute_url())
    assert len(re.findall(r"Person \d+", response.content.decode())) >= 30
