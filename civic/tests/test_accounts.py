"""Sign-up, sign-in, email confirmation, password reset, email change and
two-factor authentication through allauth, rendered in the portal's design."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from civic.models import User
from civic.tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.fixtures import force_login_with_mfa, totp_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-long-passphrase"


def _link_in(message) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return match.group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _sign_in(client, email, password=DEFAULT_PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _assert_portal_page(response):
    """Rendered in base.html, with one h1 and nothing the CSP would block."""
    html = response.content.decode()
    assert 'class="govuk-template"' in html
    assert html.count("<h1") == 1, html
    # Inline scripts would break under the CSP; JSON data blocks (the Wagtail
    # user bar's) are not run, so they are fine.
    assert not re.search(
        r"<script(?![^>]*\b(src=|type=\"application/json))[^>]*>", html
    )
    assert 'style="' not in html
    return html


# --- Sign up and confirming the email address ------------------------------------


def test_sign_up_creates_user_with_display_name_and_sends_one_confirmation_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "New.Person@Example.com",
                "display_name": "Nia New",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert user.display_name == "Nia New"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.person@example.com"]
    assert "Confirm your email address" in message.subject
    assert "/accounts/confirm-email/" in message.body


def test_confirmation_link_verifies_the_email_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "nia@example.com",
                "display_name": "Nia",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    link = _path(_link_in(mailoutbox[0]))
    client.logout()

    page = client.get(link)
    assert page.status_code == 200
    html = _assert_portal_page(page)
    assert "Confirm your email address" in html
    assert "nia@example.com" in html

    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nia@example.com").verified


def test_an_unknown_confirmation_link_says_it_has_expired(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    assert response.status_code == 200
    assert "This link has expired" in _assert_portal_page(response)


def test_sign_up_with_missing_answers_shows_errors_in_gov_uk_style(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "display_name": "", "password1": "", "password2": ""},
    )

    assert response.status_code == 200
    html = _assert_portal_page(response)
    assert "<title>Error: Create an account" in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_display_name"' in html
    assert "Enter a display name" in html
    assert "Enter an email address in the correct format, like name@example.com" in html
    assert "Enter a password" in html
    assert 'class="govuk-error-message"' in html
    assert not User.objects.filter(email="not-an-email").exists()


def test_sign_up_form_fields_have_labels_and_autocomplete(client):
    html = _assert_portal_page(client.get(reverse("account_signup")))
    assert '<label class="govuk-label" for="id_email">' in html
    assert 'autocomplete="email"' in html
    assert html.count('autocomplete="new-password"') == 2
    assert "placeholder=" not in html


def test_sign_up_with_an_existing_email_looks_like_any_sign_up(client, resident):
    # Verification is mandatory, so allauth hides that the address is taken:
    # "check your email", and the owner is emailed (tests/test_enumeration.py).
    response = client.post(
        reverse("account_signup"),
        {
            "email": resident.email,
            "display_name": "Someone",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email=resident.email).count() == 1


# --- Signing in and out ------------------------------------------------------------


def test_sign_in_takes_you_to_your_account(client, resident):
    response = _sign_in(client, resident.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("civic:account")


def test_sign_in_with_wrong_password_shows_error_summary(client, resident):
    response = _sign_in(client, resident.email, "not-the-password")

    assert response.status_code == 200
    html = _assert_portal_page(response)
    assert "<title>Error: Sign in" in html
    assert 'class="govuk-error-summary"' in html
    assert "Enter a correct email address and password" in html
    assert "_auth_user_id" not in client.session


def test_sign_in_page_has_labelled_fields_with_autocomplete(client):
    html = _assert_portal_page(client.get(reverse("account_login")))
    assert '<label class="govuk-label" for="id_login">Email address</label>' in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert reverse("account_reset_password") in html


def test_repeated_failed_sign_ins_are_eventually_refused(client, resident):
    # allauth's default login_failed limit: 5 failures per 5 minutes per account.
    for _attempt in range(5):
        _sign_in(client, resident.email, "wrong-password")

    response = _sign_in(client, resident.email)

    assert response.status_code == 200
    assert "You have tried to sign in too many times" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_suspended_person_cannot_sign_in_and_is_told_why(client, resident):
    resident.suspended_at = timezone.now()
    resident.suspension_reason = "Repeated abusive posts."
    resident.save()

    response = _sign_in(client, resident.email)

    assert response.status_code == 403
    html = _assert_portal_page(response)
    assert "Your account has been suspended" in html
    assert "Repeated abusive posts." in html
    assert "_auth_user_id" not in client.session


def test_sign_out_asks_first_then_signs_out(client, resident):
    client.force_login(resident)
    page = client.get(reverse("account_logout"))
    assert page.status_code == 200
    assert "Do you want to sign out?" in _assert_portal_page(page)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


# --- Passwords ---------------------------------------------------------------------


def test_password_reset_emails_a_link_that_sets_a_new_password(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": resident.email}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mailoutbox) == 1
    assert "Reset your password" in mailoutbox[0].subject

    link = _path(_link_in(mailoutbox[0]))
    form_page = client.get(link, follow=True)
    assert "Create a new password" in _assert_portal_page(form_page)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert "Your password has been reset" in _assert_portal_page(response)
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_email_looks_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": "nobody@example.com"}
        )
    assert response["Location"] == reverse("account_reset_password_done")
    assert "We could not find an account" in mailoutbox[0].subject


def test_an_invalid_password_reset_link_says_it_has_expired(client, resident):
    response = client.get(
        reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}
        )
    )
    assert "This link has expired" in _assert_portal_page(response)


def test_change_password(client, resident):
    client.force_login(resident)
    assert "Change your password" in _assert_portal_page(
        client.get(reverse("account_change_password"))
    )

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.check_password(NEW_PASSWORD)


def test_change_password_with_wrong_current_password_shows_error(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    html = _assert_portal_page(response)
    assert 'href="#id_oldpassword"' in html
    assert "Enter your current password" in html


# --- Changing email address --------------------------------------------------------


def test_change_email_sends_a_link_to_the_new_address_and_confirming_switches(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    page = client.get(reverse("account_email"))
    assert "Change your email address" in _assert_portal_page(page)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"),
            {"action_add": "1", "email": "Rita.New@example.com"},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["rita.new@example.com"]
    resident.refresh_from_db()
    assert resident.email == "resident@example.com"  # unchanged until confirmed

    pending = client.get(reverse("account_email")).content.decode()
    assert "rita.new@example.com" in pending
    assert "Not confirmed" in pending

    client.post(_path(_link_in(mailoutbox[0])))

    resident.refresh_from_db()
    assert resident.email == "rita.new@example.com"
    assert (
        EmailAddress.objects.get(user=resident, primary=True).email
        == "rita.new@example.com"
    )


def test_change_email_with_an_invalid_address_shows_the_error(client, resident):
    client.force_login(resident)
    response = client.post(
        reverse("account_email"), {"action_add": "1", "email": "nope"}
    )
    html = _assert_portal_page(response)
    assert "<title>Error: Change your email address" in html
    assert 'href="#id_email"' in html


# --- Two-factor authentication ----------------------------------------------------


def _reauthenticate(client, password=DEFAULT_PASSWORD):
    """allauth asks for the password again before security changes, even just
    after signing in (MFA_REAUTHENTICATION_REQUIRED)."""
    return client.post(reverse("account_reauthenticate"), {"password": password})


def _activate_totp(client):
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    return page, response


def test_totp_activation_shows_qr_code_and_secret_and_accepts_a_real_code(
    client, resident
):
    client.force_login(resident)
    _reauthenticate(client)

    page, response = _activate_totp(client)

    html = _assert_portal_page(page)
    secret = page.context["form"].secret
    assert 'src="data:image/svg+xml;base64,' in html
    assert secret in html
    assert 'autocomplete="one-time-code"' in html
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(
        user=resident, type=Authenticator.Type.TOTP
    ).exists()
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert "Your recovery codes" in _assert_portal_page(codes)


def test_totp_activation_with_a_wrong_code_shows_error(client, resident):
    client.force_login(resident)
    _reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))

    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})

    html = _assert_portal_page(response)
    assert "<title>Error: Set up an authenticator app" in html
    assert 'href="#id_code"' in html
    assert not Authenticator.objects.filter(user=resident).exists()


def test_totp_activation_asks_for_the_password_again_first(client, resident):
    client.force_login(resident)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert "Confirm it is you" in _assert_portal_page(client.get(response["Location"]))


# allauth records the new authenticator after the transaction commits, so this
# journey needs real commits.
@pytest.mark.django_db(transaction=True)
def test_staff_without_mfa_are_sent_to_set_it_up_and_then_reach_the_admin(
    client, staff_without_mfa
):
    _sign_in(client, staff_without_mfa.email)

    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    reauth = client.get(reverse("mfa_activate_totp"))
    assert reauth["Location"].startswith(reverse("account_reauthenticate"))
    resumed = client.post(reauth["Location"], {"password": DEFAULT_PASSWORD})
    assert resumed["Location"] == reverse("mfa_activate_totp")

    page, activated = _activate_totp(client)
    assert "Staff accounts need an authenticator app" in page.content.decode()
    assert activated.status_code == 302
    codes = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Continue to the admin" in codes

    assert client.get("/admin/").status_code == 200


def test_sign_in_with_totp_asks_for_a_code(client, moderator):
    response = _sign_in(client, moderator.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    page = client.get(reverse("mfa_authenticate"))
    html = _assert_portal_page(page)
    assert "Enter your security code" in html
    assert 'autocomplete="one-time-code"' in html

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert 'class="govuk-error-summary"' in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert right.status_code == 302
    assert client.session["_auth_user_id"] == str(moderator.pk)


def test_two_factor_page_shows_status(client, resident, moderator):
    client.force_login(resident)
    html = _assert_portal_page(client.get(reverse("mfa_index")))
    assert "Two-factor authentication" in html
    assert reverse("mfa_activate_totp") in html

    force_login_with_mfa(client, moderator)
    html = _assert_portal_page(client.get(reverse("mfa_index")))
    assert reverse("mfa_deactivate_totp") in html


# --- Every allauth page is a portal page -------------------------------------------

ANONYMOUS_PAGES = [
    ("account_login", "Sign in"),
    ("account_signup", "Create an account"),
    ("account_reset_password", "Reset your password"),
    ("account_reset_password_done", "Check your email"),
    ("account_reset_password_from_key_done", "Your password has been reset"),
    ("account_email_verification_sent", "Check your email"),
    ("account_inactive", "This account has been closed"),
]
SIGNED_IN_PAGES = [
    ("account_logout", "Sign out"),
    ("account_email", "Change your email address"),
    ("account_change_password", "Change your password"),
    ("account_reauthenticate", "Confirm it is you"),
    ("mfa_index", "Two-factor authentication"),
]


@pytest.mark.parametrize(("url_name", "title"), ANONYMOUS_PAGES)
def test_allauth_pages_use_the_portal_design(client, url_name, title):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = _assert_portal_page(response)
    assert f"<title>{title} – " in html


@pytest.mark.parametrize(("url_name", "title"), SIGNED_IN_PAGES)
def test_signed_in_allauth_pages_use_the_portal_design(
    client, resident, url_name, title
):
    client.force_login(resident)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = _assert_portal_page(response)
    assert f"<title>{title} – " in html
    assert 'class="govuk-back-link"' in html or url_name == "account_reauthenticate"


def test_pages_with_totp_use_the_portal_design(client, moderator):
    force_login_with_mfa(client, moderator)
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    for name, title in [
        # Staff may not turn it off: the page says so straight away.
        ("mfa_deactivate_totp", "Error: Turn off two-factor authentication"),
        ("mfa_generate_recovery_codes", "Make new recovery codes"),
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert f"<title>{title} – " in _assert_portal_page(response)
    html = client.get(reverse("mfa_deactivate_totp")).content.decode()
    assert "You cannot turn off two-factor authentication" in html


def test_mfa_reauthentication_page_uses_the_portal_design(client, moderator):
    force_login_with_mfa(client, moderator)
    response = client.get(reverse("mfa_reauthenticate"))
    assert response.status_code == 200
    assert "Confirm it is you" in _assert_portal_page(response)


def test_factory_users_can_sign_in(client):
    user = UserFactory()
    assert _sign_in(client, user.email).status_code == 302


def test_allauth_pages_without_an_override_render_through_gov_uk_elements(rf, resident):
    """The element templates (templates/allauth/elements/) turn any allauth page
    we have not rewritten into GOV.UK markup: here allauth's own list of email
    addresses, used if changing email is switched off."""
    from django.template.loader import render_to_string

    from civic.forms.auth import AddEmailForm

    request = rf.get("/")
    request.user = resident
    form = AddEmailForm(user=resident, data={"email": "bad"})
    form.is_valid()
    address = EmailAddress.objects.get(user=resident)

    html = render_to_string(
        "account/email.html",
        {
            "form": form,
            "user": resident,
            "emailaddresses": [address],
            "emailaddress_radios": [
                {"id": "r1", "checked": True, "emailaddress": address}
            ],
            "can_add_email": True,
        },
        request=request,
    )

    assert "<title>Error: Email Addresses – " in html
    assert 'class="govuk-back-link"' in html
    assert '<h1 class="govuk-heading-l">' in html
    assert 'class="govuk-error-summary"' in html
    assert 'href="#id_email"' in html
    assert 'class="govuk-radios__input"' in html
    assert "govuk-tag govuk-tag--green" in html
    assert "govuk-button govuk-button--warning" in html
    assert 'class="govuk-error-message"' in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


def test_a_simple_allauth_page_renders_through_elements(client, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = render_to_string("account/signup_closed.html", {}, request=request)
    assert '<h1 class="govuk-heading-l">' in html
    assert '<p class="govuk-body">' in html


def test_allauth_rate_limits_answer_with_a_portal_page(client, resident):
    # allauth's default manage_email limit is 10 changes a minute per person.
    client.force_login(resident)
    for _attempt in range(10):
        client.post(
            reverse("account_email"), {"action_add": "1", "email": "x@example.com"}
        )

    response = client.post(
        reverse("account_email"), {"action_add": "1", "email": "y@example.com"}
    )

    assert response.status_code == 429
    assert "You have tried too many times" in _assert_portal_page(response)
