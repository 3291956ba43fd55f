"""Rendered posts come from the cache, and never show one person's view to another."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from civic.tests.factories import UserFactory
from talk_london.caching import _csrf_placeholder
from talk_london.models import Agreement, Post
from talk_london.tests.discussions_fixtures import make_member
from talk_london.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(thread, other_member):
    return [
        PostFactory(thread=thread, author=other_member, body=f"<p>Post number {i}</p>")
        for i in range(3)
    ]


@pytest.fixture
def third_member(db):
    return make_member(UserFactory(email="third@example.com"))


POST_TEMPLATE = "talk_london/discussions/_post.html"


def _rendered_posts(response) -> int:
    """How many posts the request rendered (rather than took from the cache)."""
    return [t.name for t in response.templates].count(POST_TEMPLATE)


def test_posts_are_rendered_once_and_then_come_from_the_cache(
    client, member, thread, posts
):
    client.force_login(member)
    first = client.get(thread.get_absolute_url())
    assert _rendered_posts(first) == len(posts) + 1  # the opening post too
    second = client.get(thread.get_absolute_url())
    assert _rendered_posts(second) == 0
    assert "Post number 2" in first.content.decode()
    assert "Post number 2" in second.content.decode()


def test_the_agree_form_carries_the_viewers_own_working_csrf_token(
    member, thread, posts
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert _csrf_placeholder() not in html
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))
    assert tokens and "" not in tokens
    post = posts[0]
    token = re.search(
        rf'action="/talk-london/[^"]*posts/{post.pk}/agree/"[^>]*>\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"',
        html,
    )
    assert token, "no agree form for the post"
    response = client.post(
        f"/talk-london/discussions/posts/{post.pk}/agree/",
        {"action": "agree", "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302
    assert Agreement.objects.filter(post=post, user=member).exists()


def test_one_members_agreement_is_not_shown_to_another(
    client, member, third_member, thread, posts
):
    Agreement.objects.create(post=posts[0], user=member)
    Post.objects.filter(pk=posts[0].pk).update(agree_count=1)
    client.force_login(member)
    assert "Undo agree" in client.get(thread.get_absolute_url()).content.decode()
    other = Client()
    other.force_login(third_member)
    assert "Undo agree" not in other.get(thread.get_absolute_url()).content.decode()


def test_an_edited_post_shows_its_new_text_at_once(client, member, thread, posts):
    client.force_login(member)
    client.get(thread.get_absolute_url())
    Post.objects.filter(pk=posts[1].pk).update(
        body="<p>Changed my mind</p>", edited_at=timezone.now()
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Changed my mind" in html and "Post number 1" not in html


def test_a_post_hidden_by_a_moderator_is_hidden_at_once(client, member, thread, posts):
    client.force_login(member)
    client.get(thread.get_absolute_url())
    Post.objects.filter(pk=posts[2].pk).update(is_hidden=True)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Post number 2" not in html
    assert "This post was hidden by a moderator" in html


def test_the_authors_own_posts_are_never_cached(client, other_member, thread, posts):
    client.force_login(other_member)
    first = client.get(thread.get_absolute_url())
    assert "Edit" in first.content.decode()
    # other_member wrote the thread and every post: all rendered every time.
    second = client.get(thread.get_absolute_url())
    assert _rendered_posts(second) == len(posts) + 1


def test_a_cache_outage_only_costs_the_rendering(
    client, member, thread, posts, settings
):
    working = settings.CACHES
    client.force_login(member)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    try:
        response = client.get(thread.get_absolute_url())
    finally:
        settings.CACHES = working
    assert response.status_code == 200
    assert "Post number 0" in response.content.decode()
