import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from civic.tests.factories import UserFactory
from talk_london.models import Agreement, Post, Thread, ThreadFollow
from talk_london.models.discussions import EDIT_WINDOW
from talk_london.services import discussions as services
from talk_london.tests.discussions_fixtures import make_member, make_trusted
from talk_london.tests.factories import PostFactory

pytestmark = pytest.mark.django_db


# --- pre-moderation -------------------------------------------------------------


def test_a_new_members_first_three_posts_wait_for_a_moderator(
    member, thread, moderator
):
    posts = [
        services.post_create(thread=thread, author=member, body=f"Reply {i}")
        for i in range(3)
    ]
    assert [p.status for p in posts] == [Post.Status.PENDING] * 3
    # Pending posts do not count as approved: the fourth still waits.
    assert (
        services.post_create(thread=thread, author=member, body="Four").status
        == Post.Status.PENDING
    )
    for p in posts:
        services.post_approve(post=p, moderator=moderator)
    later = services.post_create(thread=thread, author=member, body="Trusted now")
    assert later.status == Post.Status.PUBLISHED
    assert later.published_at is not None


def test_pending_posts_do_not_count_until_approved(member, thread, moderator):
    before = Thread.objects.get(pk=thread.pk).post_count
    pending = services.post_create(thread=thread, author=member, body="Hello")
    assert Thread.objects.get(pk=thread.pk).post_count == before
    services.post_approve(post=pending, moderator=moderator)
    assert Thread.objects.get(pk=thread.pk).post_count == before + 1


def test_approval_is_written_to_the_audit_log(member, thread, moderator):
    pending = services.post_create(thread=thread, author=member, body="Hello")
    services.post_approve(post=pending, moderator=moderator)
    entry = ModelLogEntry.objects.get(action=services.APPROVE)
    assert entry.user == moderator
    assert entry.object_id == str(pending.pk)


def test_rejecting_a_new_threads_opening_post_hides_the_thread(
    member, topic, moderator
):
    new_thread = services.thread_create(
        topic=topic, author=member, title="Mine", body="First"
    )
    assert new_thread.awaiting_moderation
    opening = new_thread.posts.get()
    services.post_reject(post=opening, moderator=moderator, reason="Off topic")
    opening.refresh_from_db()
    new_thread.refresh_from_db()
    assert opening.status == Post.Status.REJECTED
    assert new_thread.is_hidden
    assert ModelLogEntry.objects.filter(action=services.REJECT).count() == 1


def test_only_moderators_approve(member, other_member, thread):
    pending = services.post_create(thread=thread, author=member, body="Hello")
    with pytest.raises(services.DiscussionError):
        services.post_approve(post=pending, moderator=other_member)


# --- rate limit -------------------------------------------------------------------


def test_the_eleventh_post_in_an_hour_is_refused_with_the_time_to_retry(member, thread):
    make_trusted(member, thread)
    start = timezone.now() - timezone.timedelta(minutes=50)
    Post.objects.filter(author=member).update(created_at=start)  # 3 in the window
    for _ in range(7):
        services.post_create(thread=thread, author=member, body="Again")
    with pytest.raises(services.RateLimited) as refused:
        services.post_create(thread=thread, author=member, body="One too many")
    error = refused.value
    assert error.field == "body"
    assert error.message.startswith(
        "You have posted 10 times in the last hour. You can post again at "
    )
    expected = timezone.localtime(start + timezone.timedelta(hours=1))
    hour = expected.hour % 12 or 12
    suffix = "am" if expected.hour < 12 else "pm"
    assert error.message.endswith(f"{hour}:{expected.minute:02d}{suffix}.")


def test_posts_older_than_an_hour_do_not_count(member, thread):
    make_trusted(member, thread)
    old = timezone.now() - timezone.timedelta(minutes=61)
    for _ in range(10):
        PostFactory(thread=thread, author=member, created_at=old)
    assert services.post_create(thread=thread, author=member, body="Fine")


def test_starting_a_thread_counts_towards_the_limit(member, thread, topic):
    make_trusted(member, thread)
    for _ in range(7):
        services.post_create(thread=thread, author=member, body="Again")
    with pytest.raises(services.RateLimited):
        services.thread_create(topic=topic, author=member, title="New", body="Hi")


# --- who can post where ------------------------------------------------------------


def test_non_members_cannot_post(resident, thread):
    with pytest.raises(services.DiscussionError) as refused:
        services.post_create(thread=thread, author=resident, body="Hi")
    assert refused.value.code == "not_member"


def test_locked_threads_and_closed_topics_refuse_replies(
    member, thread, topic, moderator
):
    services.thread_lock(thread=thread, moderator=moderator)
    with pytest.raises(services.DiscussionError) as refused:
        services.post_create(thread=thread, author=member, body="Hi")
    assert refused.value.code == "locked"
    services.thread_lock(thread=thread, moderator=moderator, locked=False)
    services.topic_close(topic=topic, moderator=moderator)
    with pytest.raises(services.DiscussionError) as refused:
        services.post_create(thread=thread, author=member, body="Hi")
    assert refused.value.code == "topic_closed"
    with pytest.raises(services.DiscussionError):
        services.thread_create(topic=topic, author=member, title="T", body="B")


def test_members_cannot_start_threads_where_the_topic_does_not_allow_it(member, topic):
    topic.members_can_start_threads = False
    topic.save()
    with pytest.raises(services.DiscussionError) as refused:
        services.thread_create(topic=topic, author=member, title="T", body="B")
    assert refused.value.code == "no_new_threads"


def test_an_empty_reply_is_refused(member, thread):
    with pytest.raises(services.DiscussionError) as refused:
        services.post_create(thread=thread, author=member, body="  \n ")
    assert refused.value.field == "body"


def test_moderators_post_straight_away_and_start_threads_anywhere(
    moderator, topic, thread
):
    topic.members_can_start_threads = False
    topic.save()
    staff_thread = services.thread_create(
        topic=topic, author=moderator, title="From City Hall", body="Welcome"
    )
    assert not staff_thread.awaiting_moderation
    reply = services.post_create(thread=thread, author=moderator, body="Thanks")
    assert reply.status == Post.Status.PUBLISHED


def test_pin_lock_and_close_need_a_moderator(member, thread, topic):
    for action in (
        lambda: services.thread_pin(thread=thread, moderator=member),
        lambda: services.thread_lock(thread=thread, moderator=member),
        lambda: services.topic_close(topic=topic, moderator=member),
    ):
        with pytest.raises(services.DiscussionError):
            action()


def test_starting_a_thread_follows_it(member, thread, topic):
    make_trusted(member, thread)
    new = services.thread_create(topic=topic, author=member, title="T", body="B")
    assert ThreadFollow.objects.filter(thread=new, user=member).exists()
    assert new.post_count == 1
    assert not new.awaiting_moderation


# --- editing and removing ----------------------------------------------------------


def test_the_author_can_edit_within_fifteen_minutes(member, thread):
    mine = services.post_create(thread=thread, author=member, body="Frist")
    edited = services.post_edit(post=mine, user=member, body="First")
    assert edited.body == "<p>First</p>"
    assert edited.edited_at is not None


def test_editing_after_fifteen_minutes_is_refused(member, thread):
    mine = services.post_create(thread=thread, author=member, body="Frist")
    Post.objects.filter(pk=mine.pk).update(
        created_at=timezone.now() - EDIT_WINDOW - timezone.timedelta(seconds=1)
    )
    with pytest.raises(services.DiscussionError) as refused:
        services.post_edit(post=mine, user=member, body="First")
    assert refused.value.code == "edit_window"


def test_nobody_else_can_edit_a_post(member, other_member, thread, moderator):
    mine = services.post_create(thread=thread, author=member, body="Mine")
    for user in (other_member, moderator):
        with pytest.raises(services.DiscussionError):
            services.post_edit(post=mine, user=user, body="Theirs")


def test_removing_your_post_is_a_soft_delete_that_fixes_the_counts(
    member, other_member, thread
):
    make_trusted(member, thread)
    Thread.objects.filter(pk=thread.pk).update(post_count=4)
    mine = services.post_create(thread=thread, author=member, body="Mine")
    services.post_agree(post=mine, user=other_member)
    services.post_delete_by_author(post=mine, user=member)
    mine.refresh_from_db()
    thread.refresh_from_db()
    assert mine.status == Post.Status.REMOVED_BY_AUTHOR
    assert Post.objects.filter(pk=mine.pk).exists()
    assert thread.post_count == 4
    assert thread.agree_count == 0


def test_only_the_author_can_remove_a_post(member, other_member, thread):
    mine = services.post_create(thread=thread, author=member, body="Mine")
    with pytest.raises(services.DiscussionError):
        services.post_delete_by_author(post=mine, user=other_member)


# --- agreeing ----------------------------------------------------------------------


def test_a_member_agrees_with_a_post_once(member, post):
    assert services.post_agree(post=post, user=member) is True
    assert services.post_agree(post=post, user=member) is False
    post.refresh_from_db()
    assert post.agree_count == 1
    assert Thread.objects.get(pk=post.thread_id).agree_count == 1
    assert services.post_unagree(post=post, user=member) is True
    assert services.post_unagree(post=post, user=member) is False
    post.refresh_from_db()
    assert post.agree_count == 0
    assert Thread.objects.get(pk=post.thread_id).agree_count == 0


def test_nobody_agrees_with_their_own_post(other_member, post):
    with pytest.raises(services.DiscussionError) as refused:
        services.post_agree(post=post, user=other_member)
    assert refused.value.code == "own_post"


def test_the_database_refuses_a_second_agreement(member, post):
    Agreement.objects.create(post=post, user=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Agreement.objects.create(post=post, user=member)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot be tested",
)
def test_two_agrees_at_the_same_time_make_one_agreement():
    agreer = make_member(UserFactory())
    author = UserFactory()
    target = PostFactory(author=author)
    barrier = threading.Barrier(2)
    outcomes = []

    def agree():
        try:
            barrier.wait()
            outcomes.append(
                services.post_agree(post=Post.objects.get(pk=target.pk), user=agreer)
            )
        finally:
            connection.close()

    workers = [threading.Thread(target=agree) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sorted(outcomes) == [False, True]
    assert Agreement.objects.filter(post=target).count() == 1
    target.refresh_from_db()
    assert target.agree_count == 1
    assert Thread.objects.get(pk=target.thread_id).agree_count == 1
