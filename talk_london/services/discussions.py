"""Writing to the discussion forums: threads, posts, agreements, moderation.

Counts on Thread and Post are kept with F-expressions inside the same
transaction as the row they count, so they stay right under concurrency.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic.models import User
from talk_london.discussions_text import render_post
from talk_london.models import (
    Agreement,
    Membership,
    Post,
    Thread,
    ThreadFollow,
    Topic,
)
from talk_london.models.discussions import POSTS_PER_HOUR, PREMODERATED_POSTS

MODERATE_PERMISSION = "civic.moderate_content"
APPROVE = "talk_london.post.approve"
REJECT = "talk_london.post.reject"
PIN = "talk_london.thread.pin"
LOCK = "talk_london.thread.lock"
CLOSE_TOPIC = "talk_london.topic.close"


class DiscussionError(Exception):
    """A post or action that is not allowed; ``field`` says where to show it."""

    def __init__(self, message: str, *, code: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class RateLimited(DiscussionError):
    def __init__(self, message: str, *, retry_at: datetime):
        super().__init__(message, code="rate_limited", field="body")
        self.retry_at = retry_at


def is_moderator(user) -> bool:
    return user.is_authenticated and user.has_perm(MODERATE_PERMISSION)


def _lock_member(author: User) -> None:
    """Serialise one person's posting (rate limit and pre-moderation count
    are read-then-write). Only Talk London members and moderators post."""
    if is_moderator(author):
        User.objects.select_for_update().filter(pk=author.pk).first()
        return
    membership = (
        Membership.objects.select_for_update().filter(user_id=author.pk).first()
    )
    if membership is None:
        raise DiscussionError(
            _("Join Talk London to take part in discussions"), code="not_member"
        )


def can_post(user) -> bool:
    """Members take part; moderators do too (official replies, staff threads)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_moderator(user) or Membership.objects.filter(user_id=user.pk).exists()


def check_rate_limit(*, author: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    since = now - timezone.timedelta(hours=1)
    recent = list(
        Post.objects.filter(author=author, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:POSTS_PER_HOUR]
    )
    if len(recent) >= POSTS_PER_HOUR:
        retry_at = recent[-1] + timezone.timedelta(hours=1)
        local = timezone.localtime(retry_at)
        # GOV.UK style: "3:42pm".
        suffix = "am" if local.hour < 12 else "pm"
        when = f"{local.hour % 12 or 12}:{local.minute:02d}{suffix}"
        raise RateLimited(
            _(
                "You have posted %(count)s times in the last hour. "
                "You can post again at %(time)s."
            )
            % {"count": POSTS_PER_HOUR, "time": when},
            retry_at=retry_at,
        )


def needs_premoderation(*, author: User) -> bool:
    """A member's first posts wait for a moderator until enough were published."""
    if is_moderator(author):
        return False
    published = Post.objects.filter(author=author, published_at__isnull=False).count()
    return published < PREMODERATED_POSTS


def _check_can_post(thread: Thread) -> None:
    if not thread.topic.is_open:
        raise DiscussionError(
            _("This topic is closed to new posts"), code="topic_closed"
        )
    if thread.is_locked:
        raise DiscussionError(
            _("This thread is locked: no new replies can be added"), code="locked"
        )
    if thread.is_hidden:
        raise DiscussionError(_("This thread is not available"), code="hidden")


def _new_post(*, thread: Thread, author: User, body: str, now: datetime) -> Post:
    pending = needs_premoderation(author=author)
    return Post.objects.create(
        thread=thread,
        author=author,
        body_source=body,
        body=render_post(body),
        created_at=now,
        status=Post.Status.PENDING if pending else Post.Status.PUBLISHED,
        published_at=None if pending else now,
    )


def _empty_body_check(body: str) -> None:
    if not render_post(body):
        raise DiscussionError(_("Enter your reply"), code="empty", field="body")


@transaction.atomic
def thread_create(*, topic: Topic, author: User, title: str, body: str) -> Thread:
    """A new thread with its opening post (which may wait for a moderator)."""
    _empty_body_check(body)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if not topic.is_open:
        raise DiscussionError(
            _("This topic is closed to new posts"), code="topic_closed"
        )
    if not topic.members_can_start_threads and not is_moderator(author):
        raise DiscussionError(
            _("Only moderators can start threads in this topic"),
            code="no_new_threads",
        )
    _lock_member(author)
    now = timezone.now()
    check_rate_limit(author=author, now=now)
    thread = Thread.objects.create(
        topic=topic,
        title=title.strip(),
        author=author,
        created_at=now,
        last_post_at=now,
    )
    post = _new_post(thread=thread, author=author, body=body, now=now)
    if post.status == Post.Status.PUBLISHED:
        Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1)
    else:
        Thread.objects.filter(pk=thread.pk).update(awaiting_moderation=True)
    ThreadFollow.objects.get_or_create(
        thread=thread, user=author, defaults={"last_notified_at": now}
    )
    thread.refresh_from_db()
    return thread


@transaction.atomic
def post_create(*, thread: Thread, author: User, body: str) -> Post:
    """A reply. Refused when the topic is closed, the thread locked, or the
    member has posted ``POSTS_PER_HOUR`` times in the last hour."""
    _empty_body_check(body)
    thread = Thread.objects.select_related("topic").get(pk=thread.pk)
    _check_can_post(thread)
    _lock_member(author)
    now = timezone.now()
    check_rate_limit(author=author, now=now)
    post = _new_post(thread=thread, author=author, body=body, now=now)
    if post.status == Post.Status.PUBLISHED:
        Thread.objects.filter(pk=thread.pk).update(
            post_count=F("post_count") + 1, last_post_at=now
        )
    return post


@transaction.atomic
def post_edit(*, post: Post, user: User, body: str) -> Post:
    _empty_body_check(body)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if not locked.is_editable_by(user):
        raise DiscussionError(
            _("You can only change your own post, within 15 minutes of posting it"),
            code="edit_window",
        )
    locked.body_source = body
    locked.body = render_post(body)
    locked.edited_at = timezone.now()
    locked.save(update_fields=["body_source", "body", "edited_at"])
    return locked


@transaction.atomic
def post_delete_by_author(*, post: Post, user: User) -> Post:
    """Soft delete: the post stays in place as "removed by its author"."""
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if not locked.is_deletable_by(user):
        raise DiscussionError(
            _("You can only remove your own posts"), code="not_author"
        )
    was_published = locked.status == Post.Status.PUBLISHED
    locked.status = Post.Status.REMOVED_BY_AUTHOR
    locked.save(update_fields=["status"])
    if was_published:
        Thread.objects.filter(pk=locked.thread_id).update(
            post_count=F("post_count") - 1,
            agree_count=F("agree_count") - locked.agree_count,
        )
    return locked


def post_agree(*, post: Post, user: User) -> bool:
    """``user`` agrees with ``post`` ("+1"). True if this made a new agreement;
    False if they already agreed (the unique constraint decides, so two
    requests at once still make one)."""
    if post.author_id == user.pk:
        raise DiscussionError(_("You cannot agree with your own post"), code="own_post")
    if post.status != Post.Status.PUBLISHED or post.is_hidden:
        raise DiscussionError(_("You cannot agree with this post"), code="not_visible")
    try:
        with transaction.atomic():
            Agreement.objects.create(post=post, user=user)
            Post.objects.filter(pk=post.pk).update(agree_count=F("agree_count") + 1)
            Thread.objects.filter(pk=post.thread_id).update(
                agree_count=F("agree_count") + 1
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def post_unagree(*, post: Post, user: User) -> bool:
    deleted, _counts = Agreement.objects.filter(post=post, user=user).delete()
    if not deleted:
        return False
    Post.objects.filter(pk=post.pk).update(agree_count=F("agree_count") - 1)
    if post.status == Post.Status.PUBLISHED:
        Thread.objects.filter(pk=post.thread_id).update(
            agree_count=F("agree_count") - 1
        )
    return True


def _require_moderator(user: User) -> None:
    if not is_moderator(user):
        raise DiscussionError(_("Only moderators can do that"), code="not_moderator")


@transaction.atomic
def post_approve(*, post: Post, moderator: User) -> Post:
    """Publish a pending post (pre-moderation)."""
    _require_moderator(moderator)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.status != Post.Status.PENDING:
        raise DiscussionError(
            _("This post is no longer waiting for a moderator"), code="not_pending"
        )
    now = timezone.now()
    locked.status = Post.Status.PUBLISHED
    locked.published_at = now
    locked.save(update_fields=["status", "published_at"])
    Thread.objects.filter(pk=locked.thread_id).update(
        post_count=F("post_count") + 1,
        last_post_at=now,
        awaiting_moderation=False,
    )
    log(
        instance=locked,
        action=APPROVE,
        user=moderator,
        title=_post_title(locked),
        data={},
    )
    return locked


@transaction.atomic
def post_reject(*, post: Post, moderator: User, reason: str = "") -> Post:
    """Refuse a pending post: it is never shown. Rejecting a thread's opening
    post hides the thread."""
    _require_moderator(moderator)
    locked = (
        Post.objects.select_for_update(of=("self",))
        .select_related("thread")
        .get(pk=post.pk)
    )
    if locked.status != Post.Status.PENDING:
        raise DiscussionError(
            _("This post is no longer waiting for a moderator"), code="not_pending"
        )
    locked.status = Post.Status.REJECTED
    locked.save(update_fields=["status"])
    thread = locked.thread
    if thread.awaiting_moderation and thread.author_id == locked.author_id:
        first = thread.posts.order_by("created_at", "pk").first()
        if first and first.pk == locked.pk:
            Thread.objects.filter(pk=thread.pk).update(
                is_hidden=True, hidden_at=timezone.now(), hidden_reason=reason
            )
    log(
        instance=locked,
        action=REJECT,
        user=moderator,
        title=_post_title(locked),
        data={"reason": reason},
    )
    return locked


def _post_title(post: Post) -> str:
    return _("Post in “%(thread)s”") % {"thread": post.thread.title}


def _toggle_thread(thread: Thread, moderator: User, field: str, value: bool, action):
    _require_moderator(moderator)
    Thread.objects.filter(pk=thread.pk).update(**{field: value})
    setattr(thread, field, value)
    log(
        instance=thread,
        action=action,
        user=moderator,
        title=thread.title,
        data={field: value},
    )
    return thread


@transaction.atomic
def thread_pin(*, thread: Thread, moderator: User, pinned: bool = True) -> Thread:
    return _toggle_thread(thread, moderator, "is_pinned", pinned, PIN)


@transaction.atomic
def thread_lock(*, thread: Thread, moderator: User, locked: bool = True) -> Thread:
    return _toggle_thread(thread, moderator, "is_locked", locked, LOCK)


@transaction.atomic
def topic_close(*, topic: Topic, moderator: User, closed: bool = True) -> Topic:
    _require_moderator(moderator)
    Topic.objects.filter(pk=topic.pk).update(is_open=not closed)
    topic.is_open = not closed
    log(
        instance=topic,
        action=CLOSE_TOPIC,
        user=moderator,
        title=topic.title,
        data={"closed": closed},
    )
    return topic


def thread_follow(*, thread: Thread, user: User) -> ThreadFollow:
    follow, _created = ThreadFollow.objects.get_or_create(thread=thread, user=user)
    return follow


def thread_unfollow(*, thread: Thread, user: User) -> bool:
    deleted, _counts = ThreadFollow.objects.filter(thread=thread, user=user).delete()
    return bool(deleted)
