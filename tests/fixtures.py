"""Personas shared by every app's tests, so permission tests read like a table.

resident, other_resident: signed-up Londoners with verified email.
unverified_resident: signed up, email not confirmed yet.
org_owner, org_member: owner and member of ``organisation``.
moderator, content_editor, ...: members of each staff group, with an
authenticator app (TOTP) set up, as staff must have.
"""

import pytest

from civic import groups
from civic.models import OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105 - test-only base32 secret


def add_totp(user, secret: str = TOTP_SECRET):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt

    Authenticator.objects.update_or_create(
        user=user,
        type=Authenticator.Type.TOTP,
        defaults={"data": {"secret": encrypt(secret)}},
    )
    return user


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The code an authenticator app would show now.

    If the code is about to change (under 3 seconds of its 30 left), wait for
    the next one, so that a code typed into a browser test is still the
    current one when the server checks it.
    """
    import time

    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


@pytest.fixture
def resident(db):
    return UserFactory(email="resident@example.com", display_name="Rita Resident")


@pytest.fixture
def other_resident(db):
    return UserFactory(email="other@example.com", display_name="Omar Other")


@pytest.fixture
def unverified_resident(db):
    return UserFactory(email="unverified@example.com", verified=False)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(
        name="Peckham Community Garden", slug="peckham-community-garden"
    )


@pytest.fixture
def org_owner(organisation):
    user = UserFactory(email="owner@example.com", display_name="Olive Owner")
    MembershipFactory(
        organisation=organisation, user=user, role=OrganisationMembership.Role.OWNER
    )
    return user


@pytest.fixture
def org_member(organisation):
    user = UserFactory(email="member@example.com", display_name="Mo Member")
    MembershipFactory(organisation=organisation, user=user)
    return user


def _staff(group_name: str, email: str):
    return add_totp(UserFactory(email=email, groups=[group_name]))


@pytest.fixture
def moderator(db):
    return _staff(groups.MODERATORS, "moderator@example.com")


@pytest.fixture
def content_editor(db):
    return _staff(groups.CONTENT_EDITORS, "editor@example.com")


@pytest.fixture
def crowdfund_officer(db):
    return _staff(groups.CROWDFUND_OFFICERS, "crowdfund@example.com")


@pytest.fixture
def challenge_manager(db):
    return _staff(groups.CHALLENGE_MANAGERS, "challenges@example.com")


@pytest.fixture
def assessor(db):
    return _staff(groups.ASSESSORS, "assessor@example.com")


@pytest.fixture
def inclusion_officer(db):
    return _staff(groups.INCLUSION_OFFICERS, "inclusion@example.com")


@pytest.fixture
def programme_manager(db):
    return _staff(groups.PROGRAMME_MANAGERS, "programmes@example.com")


@pytest.fixture
def superuser(db):
    return add_totp(
        UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    )


@pytest.fixture
def staff_without_mfa(db):
    return UserFactory(email="newstaff@example.com", groups=[groups.MODERATORS])


@pytest.fixture(autouse=True)
def _fresh_cache_and_eager_celery(settings):
    """Rate limits and caches never leak between tests; tasks run in-process."""
    from django.core.cache import cache

    from civic.celery import app

    cache.clear()
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    cache.clear()


def force_login_with_mfa(client, user) -> None:
    """Sign ``user`` in as if they had entered a password and an authenticator
    code, which is what staff need before the admin lets them in."""
    import time

    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
