import pytest

# Discussions: other_member, topic, thread, post.
from talk_london.tests.discussions_fixtures import (  # noqa: F401
    other_member,
    post,
    thread,
    topic,
)
from talk_london.tests.factories import TalkLondonMembershipFactory


@pytest.fixture
def member(db):
    """A resident who has joined Talk London (not the ``resident`` persona, who
    stays a non-member so permission tables can tell them apart)."""
    from civic.tests.factories import UserFactory

    user = UserFactory(email="member@talk.example.com", display_name="Tam Member")
    TalkLondonMembershipFactory(user=user)
    return user
