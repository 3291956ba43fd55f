"""Staff need an authenticator app (TOTP) before they reach the admin, and
allauth asks for its code at every sign-in."""

import pytest
from django.urls import reverse

from civic.tests.factories import DEFAULT_PASSWORD
from tests.fixtures import force_login_with_mfa, totp_code

pytestmark = pytest.mark.django_db


def sign_in_with_password(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )


def test_staff_without_an_authenticator_are_sent_to_set_one_up(
    client, staff_without_mfa
):
    client.force_login(staff_without_mfa)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_without_an_authenticator_cannot_reach_moderation_either(
    client, staff_without_mfa
):
    client.force_login(staff_without_mfa)

    response = client.get("/admin/moderation/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_staff_with_an_authenticator_reach_the_admin(client, moderator):
    force_login_with_mfa(client, moderator)

    assert client.get("/admin/").status_code == 200


def test_staff_session_without_a_code_is_asked_for_one(client, moderator):
    client.force_login(moderator)  # e.g. signed in by an email link, no code

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response.url == reverse("mfa_reauthenticate") + "?next=%2Fadmin%2Fpages%2F"


def test_entering_the_code_lets_that_session_into_the_admin(client, moderator):
    client.force_login(moderator)

    response = client.post(
        reverse("mfa_reauthenticate") + "?next=/admin/", {"code": totp_code()}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_resident_is_refused_the_admin_not_sent_to_the_mfa_page(client, resident):
    client.force_login(resident)

    response = client.get("/admin/")

    assert response.status_code == 403


def test_staff_sign_in_asks_for_the_authenticator_code(client, moderator):
    response = sign_in_with_password(client, moderator)

    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in yet
    assert client.get("/admin/").status_code == 302


def test_staff_sign_in_with_the_code_reaches_the_admin(client, moderator):
    sign_in_with_password(client, moderator)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(moderator.pk)
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not_sign_staff_in(client, moderator):
    sign_in_with_password(client, moderator)
    wrong = "000000" if totp_code() != "000000" else "111111"

    response = client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "govuk-error-summary" in response.content.decode()


def test_password_alone_through_wagtails_login_does_not_reach_the_admin(
    client, moderator
):
    client.post(
        "/admin/login/", {"username": moderator.email, "password": DEFAULT_PASSWORD}
    )

    assert client.get("/admin/").status_code != 200


def test_password_alone_through_django_admin_login_does_not_reach_it(client, superuser):
    client.post(
        "/django-admin/login/",
        {"username": superuser.email, "password": DEFAULT_PASSWORD},
    )

    assert client.get("/django-admin/").status_code != 200
