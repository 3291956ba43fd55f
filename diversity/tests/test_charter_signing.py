"""Signing the charter: who may sign, one question per page, check your
answers, the exact wordings stored, and signing twice refused."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from civic.models import Organisation, OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from diversity.models import PledgeAcceptance, PledgeVersion, Signatory
from diversity.services.charter import (
    SIGN,
    CharterError,
    SignatoryDetails,
    charter_sign,
    current_pledge_versions,
    organisations_that_can_sign,
    pledge_version_add,
)
from diversity.tests.factories import SignatoryFactory

pytestmark = pytest.mark.django_db

DETAILS = SignatoryDetails(
    sector="tech",
    size_band="50-249",
    sponsor_name="Ada Sponsor",
    sponsor_job_title="Chief Technology Officer",
    sponsor_email="ada@example.com",
    contact_name="Charlie Contact",
    contact_email="charter@example.com",
)


def _current_ids():
    return [v.pk for v in current_pledge_versions()]


# --- Versioned pledges ------------------------------------------------------------


def test_seeded_pledges_are_current_version_one():
    versions = current_pledge_versions()
    assert [v.pledge.code for v in versions] == [
        "senior-sponsor",
        "inclusive-recruitment",
        "retention-progression",
        "share-data",
        "share-practice",
    ]
    assert {v.version for v in versions} == {1}


def test_a_new_wording_is_the_next_version_and_current_once_in_force(superuser):
    version_1 = PledgeVersion.objects.get(pledge__code="senior-sponsor")
    today = timezone.localdate()
    later = pledge_version_add(
        pledge=version_1.pledge,
        title="A named senior sponsor",
        text="New words.",
        effective_from=today + datetime.timedelta(days=10),
        user=superuser,
    )
    assert later.version == 2
    assert version_1 in current_pledge_versions()
    assert later in current_pledge_versions(on=today + datetime.timedelta(days=10))


def test_a_later_wording_never_changes_what_was_signed(org_owner, organisation):
    signatory = charter_sign(
        organisation=organisation,
        user=org_owner,
        details=DETAILS,
        accepted_version_ids=_current_ids(),
    )
    signed = PledgeVersion.objects.get(pledge__code="share-data", version=1)
    original_text = signed.text
    new = pledge_version_add(
        pledge=signed.pledge,
        title="Share figures twice a year",
        text="Changed wording.",
        effective_from=timezone.localdate(),
        user=org_owner,
    )
    assert new.version == 2
    assert new in current_pledge_versions()
    accepted = signatory.acceptances.get(pledge_version__pledge=signed.pledge)
    assert accepted.pledge_version_id == signed.pk
    accepted.pledge_version.refresh_from_db()
    assert accepted.pledge_version.text == original_text


# --- The service's rules ----------------------------------------------------------


def test_sign_creates_the_signatory_and_one_acceptance_per_current_wording(
    org_owner, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signatory = charter_sign(
            organisation=organisation,
            user=org_owner,
            details=DETAILS,
            accepted_version_ids=_current_ids(),
        )
    assert signatory.signed_by == org_owner
    assert signatory.sponsor_name == "Ada Sponsor"
    assert not signatory.is_gla_group
    assert sorted(
        signatory.acceptances.values_list("pledge_version_id", flat=True)
    ) == sorted(_current_ids())
    assert ModelLogEntry.objects.filter(
        action=SIGN, object_id=str(signatory.pk)
    ).exists()
    (message,) = mail.outbox
    assert set(message.to) == {"owner@example.com", "charter@example.com"}
    assert "has signed the Tech Talent Charter" in message.subject
    assert "/tech-talent/charter/organisations/" in message.body


def test_only_an_owner_can_sign(org_member, organisation):
    with pytest.raises(CharterError) as error:
        charter_sign(
            organisation=organisation,
            user=org_member,
            details=DETAILS,
            accepted_version_ids=_current_ids(),
        )
    assert error.value.code == "not_owner"


def test_every_current_pledge_must_be_accepted(org_owner, organisation):
    with pytest.raises(CharterError) as error:
        charter_sign(
            organisation=organisation,
            user=org_owner,
            details=DETAILS,
            accepted_version_ids=_current_ids()[1:],
        )
    assert error.value.code == "wording_changed"
    assert not Signatory.objects.filter(organisation=organisation).exists()


def test_signing_twice_is_refused(org_owner, organisation):
    charter_sign(
        organisation=organisation,
        user=org_owner,
        details=DETAILS,
        accepted_version_ids=_current_ids(),
    )
    with pytest.raises(CharterError) as error:
        charter_sign(
            organisation=organisation,
            user=org_owner,
            details=DETAILS,
            accepted_version_ids=_current_ids(),
        )
    assert error.value.code == "already_signed"
    assert Signatory.objects.filter(organisation=organisation).count() == 1
    assert (
        PledgeAcceptance.objects.filter(signatory__organisation=organisation).count()
        == 5
    )


def test_organisations_that_can_sign_are_owned_and_unsigned(org_owner, organisation):
    signed = OrganisationFactory(name="Already Signed")
    MembershipFactory(
        organisation=signed, user=org_owner, role=OrganisationMembership.Role.OWNER
    )
    SignatoryFactory(organisation=signed)
    member_only = OrganisationFactory(name="Member Only")
    MembershipFactory(organisation=member_only, user=org_owner)
    assert organisations_that_can_sign(org_owner) == [organisation]


# --- The pages --------------------------------------------------------------------


def _url(organisation, step):
    if step == "check":
        return reverse("diversity:charter_sign_check", args=[organisation.slug])
    return reverse("diversity:charter_sign_step", args=[organisation.slug, step])


def _pledge_data():
    return {f"pledge_{pk}": "on" for pk in _current_ids()}


def _fill_in(client, organisation):
    client.post(
        _url(organisation, "organisation"), {"sector": "tech", "size_band": "50-249"}
    )
    client.post(
        _url(organisation, "sponsor"),
        {
            "sponsor_name": "Ada Sponsor",
            "sponsor_job_title": "CTO",
            "sponsor_email": "ada@example.com",
        },
    )
    client.post(
        _url(organisation, "contact"),
        {"contact_name": "Charlie", "contact_email": "charter@example.com"},
    )
    return client.post(_url(organisation, "pledges"), _pledge_data())


def test_an_owner_signs_page_by_page(
    client, org_owner, organisation, django_assert_max_num_queries
):
    client.force_login(org_owner)
    response = client.get(reverse("diversity:charter_sign"))
    assert response.status_code == 200
    assert "Sign the Tech Talent Charter" in response.content.decode()
    response = client.post(reverse("diversity:charter_sign"))
    assert response["Location"] == _url(organisation, "organisation")
    response = _fill_in(client, organisation)
    assert response["Location"] == _url(organisation, "check")
    with django_assert_max_num_queries(12):
        response = client.get(_url(organisation, "check"))
    html = response.content.decode()
    assert "Check your answers before signing" in html
    assert "Ada Sponsor" in html and "Technology" in html
    assert "A named senior sponsor" in html
    response = client.post(_url(organisation, "check"))
    assert response["Location"] == reverse(
        "diversity:charter_sign_done", args=[organisation.slug]
    )
    signatory = Signatory.objects.get(organisation=organisation)
    assert signatory.size_band == "50-249"
    assert signatory.acceptances.count() == 5
    html = client.get(response["Location"]).content.decode()
    assert "Charter signed" in html


def test_each_pledge_unticked_has_its_own_error(client, org_owner, organisation):
    client.force_login(org_owner)
    _fill_in(client, organisation)
    data = _pledge_data()
    first = _current_ids()[0]
    del data[f"pledge_{first}"]
    response = client.post(_url(organisation, "pledges"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert "Accept the pledge ‘A named senior sponsor’" in html
    assert f'href="#id_pledge_{first}"' in html
    response = client.post(_url(organisation, "pledges"), {})
    assert (
        response.content.decode().count("Accept the pledge ‘") == 10
    )  # summary + field


@pytest.mark.parametrize(
    ("step", "data", "message"),
    [
        ("organisation", {}, "Select your organisation&#x27;s sector"),
        (
            "organisation",
            {"sector": "tech"},
            "Select how many people your organisation employs",
        ),
        ("sponsor", {}, "Enter the senior sponsor&#x27;s full name"),
        (
            "sponsor",
            {"sponsor_name": "A", "sponsor_job_title": "B", "sponsor_email": "nope"},
            "Enter an email address in the correct format, like name@example.com",
        ),
        ("contact", {"contact_name": "C"}, "Enter the contact&#x27;s email address"),
    ],
)
def test_step_errors(client, org_owner, organisation, step, data, message):
    client.force_login(org_owner)
    _fill_in(client, organisation)
    response = client.post(_url(organisation, step), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "<title>Error:" in html


def test_skipping_ahead_goes_back_to_the_first_unanswered_step(
    client, org_owner, organisation
):
    client.force_login(org_owner)
    response = client.get(_url(organisation, "pledges"))
    assert response["Location"] == _url(organisation, "organisation")
    response = client.get(_url(organisation, "check"))
    assert response["Location"] == _url(organisation, "organisation")


def test_change_from_check_your_answers_returns_there(client, org_owner, organisation):
    client.force_login(org_owner)
    _fill_in(client, organisation)
    response = client.post(
        _url(organisation, "sponsor") + "?change=1",
        {
            "sponsor_name": "Bea",
            "sponsor_job_title": "CIO",
            "sponsor_email": "b@example.com",
        },
    )
    assert response["Location"] == _url(organisation, "check")
    assert "Bea" in client.get(_url(organisation, "check")).content.decode()


def test_a_wording_changed_mid_way_sends_the_signer_back_to_the_pledges(
    client, org_owner, organisation, superuser
):
    client.force_login(org_owner)
    _fill_in(client, organisation)
    pledge_version_add(
        pledge=PledgeVersion.objects.get(pledge__code="share-data").pledge,
        title="Share data",
        text="New text",
        effective_from=timezone.localdate(),
        user=superuser,
    )
    response = client.get(_url(organisation, "check"))
    assert response["Location"] == _url(organisation, "pledges")
    assert not Signatory.objects.filter(organisation=organisation).exists()


def test_signing_twice_from_the_pages_shows_a_friendly_page(
    client, org_owner, organisation
):
    client.force_login(org_owner)
    _fill_in(client, organisation)
    charter_sign(
        organisation=organisation,
        user=org_owner,
        details=DETAILS,
        accepted_version_ids=_current_ids(),
    )
    response = client.post(_url(organisation, "check"))
    assert response.status_code == 200
    assert "already signed" in response.content.decode()


@pytest.mark.parametrize("persona", ["resident", "org_member", "programme_manager"])
def test_people_who_own_no_unsigned_organisation_are_told_why(client, request, persona):
    from tests.fixtures import force_login_with_mfa

    force_login_with_mfa(client, request.getfixturevalue(persona))
    response = client.get(reverse("diversity:charter_sign"))
    assert response.status_code == 200
    assert "You cannot sign the charter yet" in response.content.decode()


@pytest.mark.parametrize("persona", ["resident", "org_member"])
def test_steps_of_an_organisation_you_do_not_own_are_not_found(
    client, request, organisation, persona
):
    client.force_login(request.getfixturevalue(persona))
    for step in ("organisation", "pledges", "check"):
        assert client.get(_url(organisation, step)).status_code == 404
    assert client.get(_url(organisation, "nonsense")).status_code == 404


def test_unverified_owner_is_asked_to_verify(client, organisation):
    user = UserFactory(verified=False)
    MembershipFactory(
        organisation=organisation, user=user, role=OrganisationMembership.Role.OWNER
    )
    client.force_login(user)
    response = client.get(reverse("diversity:charter_sign"))
    assert response.status_code == 302
    assert response["Location"] == reverse("civic:verify_email_needed")


def test_an_owner_of_several_chooses_which_signs(client, org_owner, organisation):
    second = OrganisationFactory(name="Second Org", slug="second-org")
    MembershipFactory(
        organisation=second, user=org_owner, role=OrganisationMembership.Role.OWNER
    )
    client.force_login(org_owner)
    response = client.get(reverse("diversity:charter_sign"))
    assert "Which organisation is signing the charter?" in response.content.decode()
    response = client.post(reverse("diversity:charter_sign"), {})
    assert "Select the organisation that is signing" in response.content.decode()
    response = client.post(
        reverse("diversity:charter_sign"), {"organisation": "second-org"}
    )
    assert response["Location"] == _url(second, "organisation")


def test_already_signed_owner_step_shows_friendly_page(client, org_owner, organisation):
    SignatoryFactory(organisation=organisation)
    client.force_login(org_owner)
    response = client.get(_url(organisation, "sponsor"))
    assert response.status_code == 200
    assert "already signed" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
