import pytest

from crowdfund.tests.factories import (
    FundingRoundFactory,
    LiveProjectFactory,
    ProjectFactory,
    TeamMemberFactory,
)


@pytest.fixture
def funding_round(db):
    return FundingRoundFactory()


@pytest.fixture
def draft_project(resident, funding_round, organisation):
    """A complete draft by ``resident`` (the creator)."""
    return ProjectFactory(
        created_by=resident, funding_round=funding_round, organisation=organisation
    )


@pytest.fixture
def live_project(resident, funding_round, organisation):
    """A live £10,000 campaign created by ``resident``."""
    return LiveProjectFactory(
        created_by=resident, funding_round=funding_round, organisation=organisation
    )


@pytest.fixture
def team_member(live_project):
    """A co-creator on ``live_project``."""
    from civic.tests.factories import UserFactory

    user = UserFactory(email="cocreator@example.com", display_name="Cora Co-creator")
    TeamMemberFactory(project=live_project, user=user)
    return user


@pytest.fixture
def backer(db):
    from civic.tests.factories import UserFactory

    return UserFactory(email="backer@example.com", display_name="Ben Backer")
