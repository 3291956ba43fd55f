"""Demo discussions: two topics with threads and replies. Idempotent: topics
and threads are found by slug and title, and a thread's posts are only written
when the thread is first made."""

from __future__ import annotations

from django.utils import timezone

from civic.models import User
from talk_london.discussions_text import render_post
from talk_london.models import Membership, Post, Thread, Topic

TOPICS = [
    {
        "slug": "cleaner-air",
        "title": "Cleaner air for London",
        "introduction": (
            "How should London cut air pollution on our streets? Tell us what "
            "works where you live and what you would change."
        ),
        "threads": [
            (
                "School streets: have they worked near you?",
                [
                    "Our road became a school street last year. Mornings are "
                    "much calmer and more children walk.\n\nHas anyone seen the "
                    "traffic just move to the next road?",
                    "> Has anyone seen the traffic just move to the next road?\n\n"
                    "A little at first, but it settled after a few weeks.",
                    "Ideas that would help:\n- more cycle parking at the gates\n"
                    "- clearer signs for delivery drivers\n\n"
                    "See https://www.london.gov.uk/ for the data.",
                ],
            ),
            (
                "More trees on high streets",
                [
                    "Trees make high streets cooler and nicer to shop on. "
                    "Where would you plant them?",
                    "Outside the station, where people wait for buses.",
                ],
            ),
        ],
    },
    {
        "slug": "housing",
        "title": "Homes Londoners can afford",
        "introduction": (
            "Share your experience of finding and keeping a home in London, "
            "and your ideas for more affordable homes."
        ),
        "threads": [
            (
                "Renting in London: what would make the biggest difference?",
                [
                    "Longer tenancies would let families settle and children "
                    "stay at one school.",
                    "Agreed. And deposits that move with you from one home to "
                    "the next.",
                ],
            ),
        ],
    },
]

AUTHOR_EMAILS = ["resident@example.org", "startup@example.org"]


def _members() -> list[User]:
    users = list(User.objects.filter(email__in=AUTHOR_EMAILS).order_by("email"))
    if not users:
        users = list(User.objects.filter(is_staff=False).order_by("pk")[:2])
    now = timezone.now()
    for user in users:
        Membership.objects.get_or_create(user=user, defaults={"terms_accepted_at": now})
    return users


def seed_discussions(stdout=None) -> None:
    authors = _members()
    if not authors:
        if stdout:
            stdout.write("  no demo accounts: skipping discussions")
        return
    start = timezone.now() - timezone.timedelta(days=3)
    for topic_data in TOPICS:
        topic, _created = Topic.objects.get_or_create(
            slug=topic_data["slug"],
            defaults={
                "title": topic_data["title"],
                "introduction": topic_data["introduction"],
            },
        )
        for t, (title, bodies) in enumerate(topic_data["threads"]):
            if Thread.objects.filter(topic=topic, title=title).exists():
                continue
            when = start + timezone.timedelta(hours=t * 5)
            thread = Thread.objects.create(
                topic=topic,
                title=title,
                author=authors[0],
                created_at=when,
                last_post_at=when,
            )
            for i, body in enumerate(bodies):
                posted = when + timezone.timedelta(hours=i)
                Post.objects.create(
                    thread=thread,
                    author=authors[i % len(authors)],
                    body_source=body,
                    body=render_post(body),
                    created_at=posted,
                    published_at=posted,
                    status=Post.Status.PUBLISHED,
                )
                thread.last_post_at = posted
            thread.post_count = len(bodies)
            thread.save(update_fields=["post_count", "last_post_at"])
    if stdout:
        stdout.write(f"  {Topic.objects.count()} discussion topics")
