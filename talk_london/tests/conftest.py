import pytest

from talk_london.tests.factories import TalkLondonMembershipFactory


@pytest.fixture
def member(db):
    """A resident who has joined Talk London."""
    from civic.tests.factories import UserFactory

    user = UserFactory(email="member@talk.example.com", display_name="Tam Member")
    TalkLondonMembershipFactory(user=user)
    return user
