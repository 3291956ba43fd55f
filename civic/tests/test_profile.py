"""'Your account', the profile form and the confirm-your-email page."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from civic.models import Borough
from civic.tests.factories import MembershipFactory, OrganisationFactory, borough

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = [
    "civic:account",
    "civic:profile_edit",
    "civic:activity",
    "civic:verify_email_needed",
    "civic:organisation_list",
    "civic:organisation_create",
    "account_email",
    "account_change_password",
    "mfa_index",
    "mfa_activate_totp",
]


@pytest.mark.parametrize("url_name", ACCOUNT_PAGES)
def test_account_pages_send_anonymous_visitors_to_sign_in(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


# --- Your account -------------------------------------------------------------------


def test_account_page_summarises_profile_security_and_organisations(
    client, org_member, organisation
):
    org_member.borough = borough("Hackney")
    org_member.save()
    client.force_login(org_member)

    response = client.get(reverse("civic:account"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Your account – " in html
    assert "Mo Member" in html
    assert "Hackney" in html
    assert "member@example.com" in html
    assert "Confirmed" in html
    assert organisation.name in html
    assert reverse("civic:profile_edit") in html
    assert reverse("account_email") in html
    assert reverse("mfa_index") in html
    assert reverse("civic:activity") in html


def test_account_page_asks_unverified_people_to_confirm_their_email(
    client, unverified_resident
):
    client.force_login(unverified_resident)
    html = client.get(reverse("civic:account")).content.decode()
    assert "Not confirmed" in html
    assert reverse("civic:verify_email_needed") in html


def test_account_page_query_count_does_not_grow_with_organisations(
    client, resident, django_assert_max_num_queries
):
    client.force_login(resident)
    for _ in range(3):
        MembershipFactory(user=resident)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("civic:account"))
    for _ in range(30):
        MembershipFactory(user=resident)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("civic:account"))


# --- Profile ------------------------------------------------------------------------


def test_profile_form_shows_current_answers_and_33_boroughs(client, resident):
    resident.borough = borough("Lewisham")
    resident.email_news = True
    resident.save()
    client.force_login(resident)

    response = client.get(reverse("civic:profile_edit"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Your profile – " in html
    assert 'value="Rita Resident"' in html
    assert "Select your borough" in html
    assert html.count("<option") == Borough.objects.count() + 1 == 34
    assert "selected>Lewisham</option>" in html
    assert 'autocomplete="postal-code"' in html
    assert reverse("account_email") in html


def test_profile_saves_and_normalises_the_postcode(client, resident):
    client.force_login(resident)
    hackney = borough("Hackney")

    response = client.post(
        reverse("civic:profile_edit"),
        {
            "display_name": "Rita R",
            "borough": hackney.pk,
            "postcode": "  e8 1dy ",
            "email_preferences": ["news"],
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("civic:account")
    assert "Your profile has been updated" in response.content.decode()
    resident.refresh_from_db()
    assert resident.display_name == "Rita R"
    assert resident.borough == hackney
    assert resident.postcode == "E8 1DY"
    assert resident.email_updates is False
    assert resident.email_news is True


def test_profile_postcode_is_optional_and_borough_can_be_cleared(client, resident):
    resident.postcode = "SE1 2AA"
    resident.borough = borough("Southwark")
    resident.save()
    client.force_login(resident)

    client.post(
        reverse("civic:profile_edit"),
        {
            "display_name": "Rita",
            "borough": "",
            "postcode": "",
            "email_preferences": [],
        },
    )

    resident.refresh_from_db()
    assert resident.postcode == ""
    assert resident.borough is None
    assert resident.email_updates is False


def test_profile_with_a_bad_postcode_shows_the_error(client, resident):
    client.force_login(resident)

    response = client.post(
        reverse("civic:profile_edit"),
        {"display_name": "Rita", "borough": "", "postcode": "NOT A POSTCODE"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Your profile – " in html
    assert '<a href="#id_postcode">Enter a real postcode, like SW1A 1AA</a>' in html
    assert 'class="govuk-error-message"' in html
    assert 'value="NOT A POSTCODE"' in html
    resident.refresh_from_db()
    assert resident.postcode == ""


def test_profile_without_a_display_name_shows_the_error(client, resident):
    client.force_login(resident)
    response = client.post(reverse("civic:profile_edit"), {"display_name": "  "})
    html = response.content.decode()
    assert '<a href="#id_display_name">Enter a display name</a>' in html
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"


def test_profile_with_an_unknown_borough_shows_the_error(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("civic:profile_edit"), {"display_name": "Rita", "borough": "999999"}
    )
    assert "Select a borough from the list" in response.content.decode()


# --- Confirm your email -------------------------------------------------------------


def test_unverified_people_are_sent_to_confirm_their_email_before_acting(
    client, unverified_resident
):
    client.force_login(unverified_resident)
    response = client.get(reverse("civic:organisation_create"))
    assert response["Location"] == reverse("civic:verify_email_needed")


def test_confirm_your_email_page_explains_and_offers_a_new_link(
    client, unverified_resident
):
    client.force_login(unverified_resident)
    response = client.get(reverse("civic:verify_email_needed"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Confirm your email address – " in html
    assert "before you can post, back a project or apply" in html
    assert "unverified@example.com" in html
    assert 'method="post"' in html


def test_new_confirmation_link_is_sent_once_then_rate_limited(
    client, unverified_resident, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(unverified_resident)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("civic:verify_email_needed"), follow=True)
        second = client.post(reverse("civic:verify_email_needed"), follow=True)

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["unverified@example.com"]
    assert "We have sent a link to unverified@example.com" in first.content.decode()
    assert "We sent you a link a few minutes ago" in second.content.decode()


def test_confirm_your_email_page_for_someone_already_confirmed(
    client, resident, mailoutbox
):
    client.force_login(resident)
    response = client.get(reverse("civic:verify_email_needed"))
    assert "Your email address is confirmed" in response.content.decode()
    response = client.post(reverse("civic:verify_email_needed"))
    assert response["Location"] == reverse("civic:account")
    assert mailoutbox == []


def test_confirmed_email_lets_people_act(client, unverified_resident):
    EmailAddress.objects.filter(user=unverified_resident).update(verified=True)
    client.force_login(unverified_resident)
    assert client.get(reverse("civic:organisation_create")).status_code == 200


def test_organisation_membership_appears_on_the_account_page(client, resident):
    organisation = OrganisationFactory(name="Tooting Tech Hub")
    MembershipFactory(organisation=organisation, user=resident, role="owner")
    client.force_login(resident)
    html = client.get(reverse("civic:account")).content.decode()
    assert "Tooting Tech Hub" in html
    assert "Owner" in html
