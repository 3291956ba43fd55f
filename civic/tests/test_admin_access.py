"""Who reaches the Wagtail admin (/admin/) and Django's admin (/django-admin/)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

DJANGO_ADMIN = "/" + settings.CIVIC_ADMIN_PATH
STAFF = [
    "moderator",
    "content_editor",
    "crowdfund_officer",
    "challenge_manager",
    "assessor",
    "inclusion_officer",
    "programme_manager",
    "superuser",
]


def test_django_admin_is_not_at_the_default_path(client, superuser):
    force_login_with_mfa(client, superuser)

    assert DJANGO_ADMIN != "/admin/"
    assert client.get(DJANGO_ADMIN).status_code == 200


def test_anonymous_visitor_is_sent_to_sign_in_for_django_admin(client):
    response = client.get(DJANGO_ADMIN)

    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.parametrize("persona", ["resident", "moderator", "content_editor"])
def test_django_admin_refuses_everyone_but_superusers(client, request, persona):
    force_login_with_mfa(client, request.getfixturevalue(persona))

    response = client.get(DJANGO_ADMIN)

    # A plain refusal: a sign-in page would send a signed-in person back here.
    assert response.status_code == 403


def test_django_admin_refuses_a_staff_flagged_non_superuser(client, moderator):
    moderator.is_staff = True
    moderator.save()
    force_login_with_mfa(client, moderator)

    assert client.get(DJANGO_ADMIN + "civic/user/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in_for_wagtail_admin(client):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.parametrize("persona", ["resident", "unverified_resident", "org_owner"])
def test_wagtail_admin_refuses_people_who_are_not_staff(client, request, persona):
    force_login_with_mfa(client, request.getfixturevalue(persona))

    response = client.get("/admin/")

    assert response.status_code == 403


@pytest.mark.parametrize("persona", STAFF)
def test_every_staff_group_reaches_the_wagtail_admin(client, request, persona):
    force_login_with_mfa(client, request.getfixturevalue(persona))

    assert client.get("/admin/").status_code == 200


def test_content_editor_sees_pages_but_not_moderation(client, content_editor):
    from civic.services.site import ensure_core_pages, ensure_editor_permissions

    ensure_core_pages()
    ensure_editor_permissions()
    force_login_with_mfa(client, content_editor)

    html = client.get("/admin/").content.decode()

    assert reverse("wagtailadmin_explore_root") in html or "/admin/pages/" in html
    assert "/admin/moderation/" not in html


@pytest.mark.parametrize("ordering", ["", "?ordering=name"])
def test_superuser_lists_users(client, superuser, resident, other_resident, ordering):
    """Wagtail sorted users by last name, which the portal's users do not have."""
    force_login_with_mfa(client, superuser)

    response = client.get("/admin/users/" + ordering)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Omar Other") < html.index("Rita Resident")


def test_wagtails_account_page_leaves_email_and_password_to_allauth(client, moderator):
    force_login_with_mfa(client, moderator)

    html = client.get("/admin/account/").content.decode()

    assert 'name="name_email-email"' not in html
    assert 'name="password-old_password"' not in html
    assert client.get("/admin/password_reset/").status_code == 404
