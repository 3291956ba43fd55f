from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from wagtail.models import Page

from civic import groups
from civic.management.commands.seed_demo import ACCOUNTS, DEMO_PASSWORD
from civic.models import Organisation, OrganisationMembership, User
from civic.registry import registry

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "group memberships": User.groups.through.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": OrganisationMembership.objects.count(),
        "pages": Page.objects.count(),
    }


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed()

    assert User.objects.count() == 0


def test_seed_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    seed(force=True)

    assert User.objects.filter(email="resident@example.org").exists()


def test_seed_demo_twice_leaves_the_same_rows(debug_on):
    seed()
    first = row_counts()
    seed()

    assert row_counts() == first
    # Feature apps' seeders add people of their own (e.g. Talk London members).
    demo_accounts = User.objects.filter(email__in=[a.email for a in ACCOUNTS])
    assert demo_accounts.count() == len(ACCOUNTS)
    assert (
        Organisation.objects.filter(
            slug__in=[
                "bow-civic-tech",
                "deptford-community-larder",
                "london-borough-of-camden",
            ]
        ).count()
        == 3
    )


def test_seed_demo_creates_every_role_with_a_verified_email(debug_on):
    seed()

    for account in ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert EmailAddress.objects.filter(
            user=user, email=account.email, verified=True, primary=True
        ).exists()
        assert user.check_password(DEMO_PASSWORD)
        if account.group:
            assert list(user.groups.values_list("name", flat=True)) == [account.group]
    assert User.objects.get(email="admin@example.org").is_superuser
    assert not User.objects.get(email="resident@example.org").is_staff
    assert set(groups.STAFF_GROUPS) <= {a.group for a in ACCOUNTS}


def test_seed_demo_makes_the_startup_member_part_of_a_startup(debug_on):
    seed()

    # Feature apps' demo seeders add organisations of their own (startups,
    # companies): check civic's, by slug.
    startup = Organisation.objects.get(slug="bow-civic-tech")
    assert startup.type == Organisation.Type.STARTUP
    assert startup.memberships.filter(user__email="startup@example.org").exists()
    assert set(Organisation.objects.values_list("type", flat=True)) >= {
        Organisation.Type.STARTUP,
        Organisation.Type.CHARITY,
        Organisation.Type.PUBLIC_BODY,
    }


def test_seed_demo_creates_the_core_cms_pages(debug_on):
    seed()

    slugs = set(Page.objects.values_list("slug", flat=True))
    assert {"accessibility", "privacy", "cookies", "contact"} <= slugs


def test_seed_demo_prints_every_login_and_the_mfa_note(debug_on):
    output = seed()

    for account in ACCOUNTS:
        assert account.email in output
    assert DEMO_PASSWORD in output
    assert "local demo only" in output
    assert "authenticator app" in output


def test_seed_demo_puts_a_changed_password_back(debug_on):
    seed()
    resident = User.objects.get(email="resident@example.org")
    resident.set_password("something-else-entirely")
    resident.save()

    seed()

    resident.refresh_from_db()
    assert resident.check_password(DEMO_PASSWORD)


def test_the_demo_resident_can_sign_in(debug_on, client):
    seed()

    response = client.post(
        "/accounts/login/", {"login": "resident@example.org", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(
        User.objects.get(email="resident@example.org").pk
    )


def test_seed_demo_runs_every_registered_app_seeder(debug_on):
    calls = []
    registry.register_demo_seeder("test-seeder", lambda stdout: calls.append(stdout))
    try:
        output = seed()
    finally:
        del registry.demo_seeders["test-seeder"]

    assert len(calls) == 1
    assert "Seeding test-seeder" in output
