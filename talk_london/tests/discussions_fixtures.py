"""Fixtures for the discussion tests (import them into a test module)."""

import pytest
from django.utils import timezone

from talk_london.models import Membership, Post
from talk_london.tests.factories import PostFactory, ThreadFactory, TopicFactory


def make_member(user):
    Membership.objects.get_or_create(
        user=user, defaults={"terms_accepted_at": timezone.now()}
    )
    return user


def make_trusted(user, thread):
    """Give ``user`` enough published posts to skip pre-moderation."""
    for _ in range(3):
        PostFactory(thread=thread, author=user)
    return user


@pytest.fixture
def member(resident):
    return make_member(resident)


@pytest.fixture
def other_member(other_resident):
    return make_member(other_resident)


@pytest.fixture
def topic(db):
    return TopicFactory(title="Cleaner air", slug="cleaner-air")


@pytest.fixture
def thread(topic, other_member):
    thread = ThreadFactory(topic=topic, author=other_member, title="School streets")
    PostFactory(thread=thread, author=other_member, body_source="Opening post")
    thread.post_count = 1
    thread.save()
    return thread


@pytest.fixture
def post(thread):
    return Post.objects.filter(thread=thread).first()
