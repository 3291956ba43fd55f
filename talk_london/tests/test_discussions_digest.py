import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from civic.celery import app as celery_app
from talk_london.models import DiscussionDigest, Post, ThreadFollow
from talk_london.services import discussion_digests as digests
from talk_london.services import discussions as services
from talk_london.tasks_discussions import DIGEST_TASK, send_discussion_digests
from talk_london.tests.factories import PostFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def follower(member, thread):
    ThreadFollow.objects.create(
        thread=thread,
        user=member,
        last_notified_at=timezone.now() - timezone.timedelta(days=1),
    )
    return member


def test_the_digest_task_is_on_the_beat_schedule():
    entry = celery_app.conf.beat_schedule["talk-london-discussion-digest"]
    assert entry["task"] == DIGEST_TASK


def test_a_follower_gets_one_digest_of_new_replies(
    follower, other_member, thread, mailoutbox, django_capture_on_commit_callbacks
):
    PostFactory(thread=thread, author=other_member, body_source="New idea one")
    PostFactory(thread=thread, author=other_member, body_source="New idea two")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_discussion_digests() == 1
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [follower.email]
    assert "New replies in a Talk London thread you follow" in message.subject
    assert "New idea one" in message.body and "New idea two" in message.body
    assert "/talk-london/discussions/unsubscribe/" in message.body


def test_rerunning_the_same_day_sends_nothing_new(
    follower, other_member, thread, mailoutbox, django_capture_on_commit_callbacks
):
    PostFactory(thread=thread, author=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        send_discussion_digests()
    PostFactory(thread=thread, author=other_member, body_source="Later today")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_discussion_digests() == 0
        assert send_discussion_digests() == 0
    assert len(mailoutbox) == 1
    assert DiscussionDigest.objects.filter(user=follower).count() == 1


def test_the_next_day_sends_only_what_is_new(
    follower, other_member, thread, mailoutbox, django_capture_on_commit_callbacks
):
    PostFactory(thread=thread, author=other_member, body_source="Day one reply")
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        digests.digests_send(today=today)
    PostFactory(thread=thread, author=other_member, body_source="Day two reply")
    with django_capture_on_commit_callbacks(execute=True):
        assert digests.digests_send(today=today + datetime.timedelta(days=1)) == 1
    assert len(mailoutbox) == 2
    assert "Day two reply" in mailoutbox[1].body
    assert "Day one reply" not in mailoutbox[1].body


def test_no_email_when_nothing_new_or_only_your_own_or_hidden_or_pending(
    follower, other_member, thread, mailoutbox, django_capture_on_commit_callbacks
):
    ThreadFollow.objects.filter(user=follower).update(last_notified_at=timezone.now())
    PostFactory(thread=thread, author=follower)  # their own
    PostFactory(thread=thread, author=other_member, is_hidden=True)
    PostFactory(
        thread=thread,
        author=other_member,
        status=Post.Status.PENDING,
        published_at=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_discussion_digests() == 0
    assert mailoutbox == []


def test_the_unsubscribe_link_works_without_signing_in(client, follower, thread):
    token = digests.unsubscribe_token(user_id=follower.pk, thread_id=thread.pk)
    url = reverse("talk_london:discussion_unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200
    assert "Unsubscribe" in page.content.decode()
    assert ThreadFollow.objects.filter(user=follower).exists()  # GET changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert "You have unsubscribed" in done.content.decode()
    assert not ThreadFollow.objects.filter(user=follower).exists()


def test_unsubscribe_from_everything(client, follower, thread, topic):
    from talk_london.tests.factories import ThreadFactory

    ThreadFollow.objects.create(thread=ThreadFactory(topic=topic), user=follower)
    token = digests.unsubscribe_token(user_id=follower.pk, thread_id=None)
    client.post(reverse("talk_london:discussion_unsubscribe", args=[token]))
    assert not ThreadFollow.objects.filter(user=follower).exists()


def test_a_tampered_unsubscribe_token_is_refused(client, follower, thread):
    forged = signing.dumps({"u": follower.pk, "t": thread.pk}, salt="wrong")
    url = reverse("talk_london:discussion_unsubscribe", args=[forged])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ThreadFollow.objects.filter(user=follower).exists()


# --- the pending posts screen in the Wagtail admin ----------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("content_editor", 403), ("moderator", 200)],
)
def test_only_moderators_see_pending_posts(request, client, persona, status):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    response = client.get(reverse("talk_london_discussions:pending_posts"))
    assert response.status_code == status


def test_moderator_approves_and_rejects_pending_posts(
    client, moderator, member, thread, django_assert_max_num_queries
):
    first = services.post_create(thread=thread, author=member, body="Approve me")
    second = services.post_create(thread=thread, author=member, body="Reject me")
    force_login_with_mfa(client, moderator)
    url = reverse("talk_london_discussions:pending_posts")
    with django_assert_max_num_queries(20):
        html = client.get(url).content.decode()
    assert "Approve me" in html and "Reject me" in html
    client.post(url, {"post": first.pk, "action": "approve"})
    client.post(url, {"post": second.pk, "action": "reject", "reason": "Spam"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Post.Status.PUBLISHED
    assert second.status == Post.Status.REJECTED
    assert ModelLogEntry.objects.filter(action=services.APPROVE).count() == 1
    assert ModelLogEntry.objects.get(action=services.REJECT).data["reason"] == "Spam"
    assert "No posts are waiting" in client.get(url).content.decode()


def test_pending_posts_query_count_does_not_grow(
    client, moderator, member, other_member, thread
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    force_login_with_mfa(client, moderator)
    url = reverse("talk_london_discussions:pending_posts")
    services.post_create(thread=thread, author=member, body="One")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured.captured_queries)

    few = count()
    for i in range(20):
        PostFactory(
            thread=thread,
            author=other_member,
            status=Post.Status.PENDING,
            published_at=None,
            body_source=f"p{i}",
        )
    assert count() == few


def test_posts_and_threads_are_reportable(client, other_resident, post):
    client.force_login(other_resident)
    url = reverse("civic:report", args=["talk_london.post", post.pk])
    assert client.get(url).status_code == 200
    url = reverse("civic:report", args=["talk_london.thread", post.thread_id])
    assert client.get(url).status_code == 200


def test_activity_lists_a_members_posts(client, member, thread):
    services.post_create(thread=thread, author=member, body="Hello")
    client.force_login(member)
    html = client.get(reverse("civic:activity")).content.decode()
    assert "Posted in “School streets”" in html


def test_demo_seeder_is_idempotent():
    from civic.tests.factories import UserFactory
    from talk_london.demo_discussions import seed_discussions
    from talk_london.models import Thread, Topic

    UserFactory(email="resident@example.org")
    UserFactory(email="startup@example.org")
    seed_discussions()
    counts = (Topic.objects.count(), Thread.objects.count(), Post.objects.count())
    seed_discussions()
    assert counts == (
        Topic.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
    )
    assert counts[0] == 2 and counts[1] >= 3


# --- topics are snippets in the "Talk London" admin menu group ------------------------


def test_staff_create_topics_in_the_wagtail_admin(client, superuser):
    from talk_london.models import Topic

    force_login_with_mfa(client, superuser)
    listing = client.get(reverse("wagtailsnippets_talk_london_topic:list"))
    assert listing.status_code == 200
    response = client.post(
        reverse("wagtailsnippets_talk_london_topic:add"),
        {
            "title": "Night-time economy",
            "slug": "night-time",
            "introduction": "Pubs, clubs and late buses.",
            "is_open": "on",
            "members_can_start_threads": "on",
        },
    )
    assert response.status_code == 302
    assert Topic.objects.get(slug="night-time").is_open


def test_moderators_cannot_create_topics(client, moderator):
    force_login_with_mfa(client, moderator)
    response = client.get(reverse("wagtailsnippets_talk_london_topic:add"))
    assert response.status_code in (302, 403)


def test_a_topic_cannot_take_a_slug_the_site_uses():
    from django.core.exceptions import ValidationError

    from talk_london.models import Topic

    with pytest.raises(ValidationError):
        Topic(title="Posts", slug="posts").full_clean()


def test_the_digest_carries_a_one_click_unsubscribe_header(
    follower,
    other_member,
    thread,
    topic,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """Mail apps show their own Unsubscribe button from these headers
    (RFC 2369, RFC 8058), and POST to the link without our CSRF token."""
    from django.test import Client

    from talk_london.tests.factories import ThreadFactory

    ThreadFollow.objects.create(thread=ThreadFactory(topic=topic), user=follower)
    PostFactory(thread=thread, author=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        send_discussion_digests()
    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http") and link.endswith(">")
    sent = message.message()  # the MIME message as it goes out
    assert "".join(sent["List-Unsubscribe"].split()) == link

    path = "/" + link[1:-1].split("/", 3)[3]
    mail_app = Client(enforce_csrf_checks=True)
    response = mail_app.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    # The header's link is "stop them all", not just one thread.
    assert not ThreadFollow.objects.filter(user=follower).exists()
