"""Provider personas: a member of a training provider, and of another one."""

import pytest

from civic.models import OrganisationMembership
from civic.tests.factories import MembershipFactory, UserFactory
from diversity.tests.factories import ProviderFactory


@pytest.fixture
def provider(db):
    return ProviderFactory(name="Code Your Future London", slug="code-your-future")


@pytest.fixture
def provider_member(provider):
    user = UserFactory(email="teacher@example.com", display_name="Tia Teacher")
    MembershipFactory(
        organisation=provider, user=user, role=OrganisationMembership.Role.OWNER
    )
    return user


@pytest.fixture
def other_provider_member(db):
    user = UserFactory(email="rival@example.com")
    MembershipFactory(organisation=ProviderFactory(), user=user)
    return user
