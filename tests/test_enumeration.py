"""Nobody can find out whether an email address has an account by signing up
with it, asking for a password reset, or signing in.

Each pair of requests (an address with an account, one without) must get the
same status, the same redirect and the same page text; what differs goes only
to the address's inbox, which only its owner reads.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from civic.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-for-london"  # noqa: S105


def page_text(response) -> str:
    """What a person sees: the main content's text, without the tokens and
    ids that change on every request anyway."""
    html = response.content.decode()
    main = re.search(r"<main\b.*?</main>", html, re.S)
    text = main.group(0) if main else html
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())


def outcome(client: Client, url: str, data: dict):
    """Status, redirect, and the page the person lands on, with the address
    they typed (which pages rightly repeat back) written as ADDRESS."""
    response = client.post(url, data)
    location = response.get("Location", "")
    followed = client.get(location) if location else response
    typed = data.get("email") or data.get("login") or ""
    text = re.sub(re.escape(typed), "ADDRESS", page_text(followed), flags=re.I)
    return response.status_code, location, followed.status_code, text


def sign_up(email: str) -> dict:
    return {
        "email": email,
        "display_name": "Someone",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }


def test_signing_up_with_a_registered_address_looks_like_signing_up_with_a_new_one(
    resident, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("account_signup")
    with django_capture_on_commit_callbacks(execute=True):
        new = outcome(Client(), url, sign_up("brand-new@example.com"))
        taken = outcome(Client(), url, sign_up(resident.email))

    assert new == taken
    status, location, _, text = new
    assert status == 302
    assert location == reverse("account_email_verification_sent")
    assert "Check your email" in text
    # No second account, and the owner hears about it by email.
    assert User.objects.filter(email=resident.email).count() == 1
    to_owner = [m for m in mailoutbox if m.to == [resident.email]]
    assert len(to_owner) == 1
    assert "already have an account" in to_owner[0].body
    # The new address gets its confirmation link.
    to_new = [m for m in mailoutbox if m.to == ["brand-new@example.com"]]
    assert len(to_new) == 1
    assert "/accounts/confirm-email/" in to_new[0].body


def test_a_registered_address_in_another_case_looks_the_same_too(resident):
    url = reverse("account_signup")
    new = outcome(Client(), url, sign_up("Another.New@Example.com"))
    taken = outcome(Client(), url, sign_up(resident.email.upper()))
    assert new == taken


def test_no_one_is_signed_in_by_signing_up_with_someone_elses_address(resident):
    client = Client()
    client.post(reverse("account_signup"), sign_up(resident.email))
    assert "_auth_user_id" not in client.session
    response = client.get(reverse("civic:account"))
    assert response.status_code == 302


def test_a_new_account_must_confirm_its_address_before_signing_in(
    mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), sign_up("fresh@example.com"))
    assert "_auth_user_id" not in client.session
    response = Client().post(
        reverse("account_login"), {"login": "fresh@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_password_reset_for_an_unknown_address_looks_like_a_known_one(
    resident, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks(execute=True):
        known = outcome(Client(), url, {"email": resident.email})
        unknown = outcome(Client(), url, {"email": "nobody-here@example.com"})

    assert known == unknown
    status, location, _, text = known
    assert status == 302
    assert location == reverse("account_reset_password_done")
    assert "Check your email" in text or "email" in text.lower()
    # Only the inboxes differ: a link for the owner, a note for the stranger.
    by_address = {m.to[0]: m for m in mailoutbox}
    assert "/accounts/password/reset/key/" in by_address[resident.email].body
    assert "/accounts/password/reset/key/" not in (
        by_address["nobody-here@example.com"].body
    )


def test_signing_in_says_the_same_for_an_unknown_address_and_a_wrong_password(
    resident,
):
    url = reverse("account_login")
    wrong_password = outcome(
        Client(), url, {"login": resident.email, "password": "not-the-password"}
    )
    no_account = outcome(
        Client(), url, {"login": "nobody-here@example.com", "password": "whatever"}
    )
    assert wrong_password == no_account
    assert wrong_password[:3] == (200, "", 200)
    assert "Enter a correct email address and password" in wrong_password[3]
