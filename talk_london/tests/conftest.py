# Discussions: member, other_member, topic, thread, post.
from talk_london.tests.discussions_fixtures import (  # noqa: F401
    member,
    other_member,
    post,
    thread,
    topic,
)
