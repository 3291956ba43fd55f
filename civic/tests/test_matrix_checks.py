"""What the permission matrix (civic/tests/permission_matrix.py) cannot show
by a status code alone: nobody is sent round in circles, GET never signs
anyone out, and the password-only doors stay shut."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from civic.tests.factories import DEFAULT_PASSWORD
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def _follow(client, url: str, limit: int = 10) -> tuple[int, list[str]]:
    """Follow redirects by hand; the final status and every URL visited."""
    seen = [url]
    response = client.get(url)
    while response.status_code in (301, 302, 303) and len(seen) < limit:
        url = response["Location"]
        seen.append(url)
        response = client.get(url)
    return response.status_code, seen


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/pages/", "/" + settings.CIVIC_ADMIN_PATH]
)
def test_a_signed_in_resident_is_refused_the_admins_without_a_redirect_loop(
    client, resident, url
):
    client.force_login(resident)

    status, seen = _follow(client, url)

    assert (status, seen) == (403, [url])


def test_staff_are_refused_djangos_admin_without_a_redirect_loop(client, moderator):
    force_login_with_mfa(client, moderator)

    status, seen = _follow(client, "/" + settings.CIVIC_ADMIN_PATH)

    assert status == 403
    assert len(seen) == 1


def test_anonymous_visitors_still_reach_the_sign_in_page(client):
    status, seen = _follow(client, "/admin/")

    assert status == 200
    assert seen[-1].startswith(reverse("account_login"))


def test_signing_out_by_get_only_asks(client, resident):
    client.force_login(resident)

    assert client.get(reverse("account_logout")).status_code == 200
    assert client.session.get("_auth_user_id") == str(resident.pk)
    assert client.get(reverse("civic:account")).status_code == 200


@pytest.mark.parametrize("suspended", [False, True])
def test_wagtails_password_only_login_does_not_sign_anyone_in(
    client, resident, suspended
):
    if suspended:
        resident.suspended_at = timezone.now()
        resident.save()

    response = client.post(
        "/_util/login/", {"username": resident.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_wagtails_deliberate_server_error_is_not_offered(client, superuser):
    force_login_with_mfa(client, superuser)

    assert client.get("/admin/failwhale/").status_code == 404


def test_staff_cannot_turn_off_their_authenticator(client, moderator):
    force_login_with_mfa(client, moderator)
    # allauth wants a fresh password check before this page.
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})

    client.post(reverse("mfa_deactivate_totp"))

    assert Authenticator.objects.filter(
        user=moderator, type=Authenticator.Type.TOTP
    ).exists()


def test_a_resident_may_turn_off_their_authenticator(client, resident):
    from tests.fixtures import add_totp

    add_totp(resident)
    force_login_with_mfa(client, resident)
    client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=resident).exists()


def test_media_has_no_route_outside_local_development(client):
    """Uploaded files are not served by the app in production (only with DEBUG),
    so no path under /media/ reaches a file, whoever asks."""
    assert client.get("/media/original_images/anything.jpg").status_code == 404
