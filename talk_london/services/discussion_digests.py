"""The daily email to people who follow threads: new replies since the last one.

Idempotent by construction: each person's digest for a day is claimed by
inserting a ``DiscussionDigest`` row (unique per person per day) in the same
transaction that moves their follows' ``last_notified_at`` on and queues the
email (sent on commit). A second run the same day finds the row and skips.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from civic.models import User
from civic.services.email import email_send
from talk_london.models import DiscussionDigest, Post, ThreadFollow

UNSUBSCRIBE_SALT = "talk_london.discussions.unsubscribe"
# Enough to read in one email; the rest are a click away.
POSTS_PER_THREAD = 5


def unsubscribe_token(*, user_id: int, thread_id: int | None) -> str:
    """Signed, so the link works without signing in and cannot be forged.
    ``thread_id=None`` means "stop following every thread"."""
    return signing.dumps({"u": user_id, "t": thread_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> dict:
    """The token's payload; raises ``signing.BadSignature`` if tampered with."""
    return signing.loads(token, salt=UNSUBSCRIBE_SALT)


def unsubscribe(*, user_id: int, thread_id: int | None) -> int:
    follows = ThreadFollow.objects.filter(user_id=user_id)
    if thread_id is not None:
        follows = follows.filter(thread_id=thread_id)
    deleted, _counts = follows.delete()
    return deleted


def _new_posts(follows: list[ThreadFollow], user: User):
    """New, visible replies by other people in the threads ``follows`` cover."""
    posts_by_thread = defaultdict(list)
    for follow in follows:
        posts = (
            Post.objects.filter(
                thread_id=follow.thread_id,
                status=Post.Status.PUBLISHED,
                is_hidden=False,
                published_at__gt=follow.last_notified_at,
            )
            .exclude(author=user)
            .select_related("author")
            .order_by("published_at")
        )
        posts_by_thread[follow.thread_id] = list(posts[: POSTS_PER_THREAD + 1])
    return posts_by_thread


def digest_send_for_user(*, user: User, today: date) -> int:
    """Send ``user`` today's digest if there is anything new; the number of
    threads it covered (0 when nothing was sent)."""
    with transaction.atomic():
        follows = list(
            ThreadFollow.objects.select_for_update()
            .filter(user=user, thread__is_hidden=False)
            .select_related("thread", "thread__topic")
        )
        posts_by_thread = _new_posts(follows, user)
        sections = []
        for follow in follows:
            posts = posts_by_thread[follow.thread_id]
            if not posts:
                continue
            thread = follow.thread
            sections.append(
                {
                    "thread": thread,
                    "url": settings.SITE_URL + thread.get_absolute_url(),
                    "posts": posts[:POSTS_PER_THREAD],
                    "more": len(posts) > POSTS_PER_THREAD,
                    "unsubscribe_url": settings.SITE_URL
                    + reverse(
                        "talk_london:discussion_unsubscribe",
                        args=[unsubscribe_token(user_id=user.pk, thread_id=thread.pk)],
                    ),
                }
            )
        if not sections:
            return 0
        try:
            with transaction.atomic():
                DiscussionDigest.objects.create(
                    user=user,
                    sent_on=today,
                    post_count=sum(len(s["posts"]) for s in sections),
                )
        except IntegrityError:
            return 0  # already sent today
        now = timezone.now()
        ThreadFollow.objects.filter(pk__in=[f.pk for f in follows]).update(
            last_notified_at=now
        )
        unsubscribe_all_url = settings.SITE_URL + reverse(
            "talk_london:discussion_unsubscribe",
            args=[unsubscribe_token(user_id=user.pk, thread_id=None)],
        )
        email_send(
            to=user.email,
            template="talk_london/email/discussion_digest",
            context={
                "user": user,
                "sections": sections,
                "unsubscribe_all_url": unsubscribe_all_url,
            },
            # RFC 2369 + RFC 8058: mail apps show their own "Unsubscribe"
            # button, which POSTs "List-Unsubscribe=One-Click" to the link.
            headers={
                "List-Unsubscribe": f"<{unsubscribe_all_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
    return len(sections)


def digests_send(*, today: date | None = None) -> int:
    """Every follower with new replies and no digest yet today: one email each.
    Returns how many emails were queued."""
    today = today or timezone.localdate()
    new_reply = Post.objects.filter(
        thread_id=OuterRef("thread_id"),
        status=Post.Status.PUBLISHED,
        is_hidden=False,
        published_at__gt=OuterRef("last_notified_at"),
    ).exclude(author_id=OuterRef("user_id"))
    user_ids = (
        ThreadFollow.objects.filter(Exists(new_reply), user__is_active=True)
        .exclude(
            user__talk_london_digests__sent_on=today,
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user in User.objects.filter(pk__in=list(user_ids)).order_by("pk").iterator():
        if digest_send_for_user(user=user, today=today):
            sent += 1
    return sent
