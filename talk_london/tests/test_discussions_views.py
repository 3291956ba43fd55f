import pytest
from django.urls import reverse
from django.utils import timezone

from talk_london.models import Agreement, Post, Thread, ThreadFollow
from talk_london.services import discussions as services
from talk_london.tests.discussions_fixtures import make_trusted
from talk_london.tests.factories import PostFactory, ThreadFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def _persona(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


def _login(client, user):
    if user is not None:
        client.force_login(user)


# --- reading is public ---------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["anonymous", "resident", "member", "other_member", "moderator"]
)
def test_everyone_can_read_topics_and_threads(request, client, persona, thread):
    _login(client, _persona(request, persona))
    for url in (
        reverse("talk_london:topic_list"),
        reverse("talk_london:topic_detail", args=[thread.topic.slug]),
        thread.get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    ("persona", "sees_form"),
    [
        ("anonymous", False),
        ("resident", False),  # signed in but not a Talk London member
        ("member", True),
        ("moderator", True),
    ],
)
def test_only_members_and_moderators_see_the_reply_form(
    request, client, persona, sees_form, thread
):
    _login(client, _persona(request, persona))
    html = client.get(thread.get_absolute_url()).content.decode()
    assert ('name="body"' in html) is sees_form
    if persona == "anonymous":
        assert "Sign in</a> to reply" in html
    if persona == "resident":
        assert "Join Talk London</a> to reply" in html


# --- replying ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 302),  # to sign in
        ("unverified_resident", 302),  # to "confirm your email"
        ("resident", 403),  # not a member
        ("member", 302),  # posted, back to the thread
    ],
)
def test_who_can_reply(request, client, persona, status, thread):
    user = _persona(request, persona)
    _login(client, user)
    response = client.post(
        reverse("talk_london:thread_reply", args=[thread.topic.slug, thread.pk]),
        {"body": "Hello"},
    )
    assert response.status_code == status
    assert Post.objects.filter(body_source="Hello").exists() is (persona == "member")


def test_an_empty_reply_shows_an_error_next_to_the_field(client, member, thread):
    client.force_login(member)
    response = client.post(
        reverse("talk_london:thread_reply", args=[thread.topic.slug, thread.pk]),
        {"body": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert 'href="#id_body"' in html
    assert "Enter your reply" in html
    assert "<title>Error: " in html


def test_the_rate_limit_message_shows_next_to_the_field(client, member, thread):
    make_trusted(member, thread)
    for _ in range(7):
        services.post_create(thread=thread, author=member, body="Again")
    client.force_login(member)
    response = client.post(
        reverse("talk_london:thread_reply", args=[thread.topic.slug, thread.pk]),
        {"body": "Once more"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "You have posted 10 times in the last hour" in html
    assert 'id="id_body-error"' in html or "govuk-error-message" in html


def test_a_new_members_reply_is_visible_only_to_them_and_moderators(
    client, member, other_member, moderator, thread
):
    client.force_login(member)
    client.post(
        reverse("talk_london:thread_reply", args=[thread.topic.slug, thread.pk]),
        {"body": "My first words"},
    )
    response = client.get(thread.get_absolute_url())
    assert "Your post is waiting for a moderator" in response.content.decode()
    client.force_login(other_member)
    assert (
        "My first words" not in client.get(thread.get_absolute_url()).content.decode()
    )
    client.force_login(moderator)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "My first words" in html
    assert "This post is waiting for a moderator" in html


def test_a_hidden_post_shows_a_placeholder_except_to_moderators(
    client, member, moderator, thread
):
    secret = PostFactory(thread=thread, author=member, body_source="Rude words")
    secret.is_hidden = True
    secret.save()
    client.force_login(member)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "This post was hidden by a moderator" in html
    assert "Rude words" not in html
    client.force_login(moderator)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Rude words" in html


def test_a_removed_post_says_so(client, member, thread):
    gone = PostFactory(thread=thread, author=member, body_source="Regret")
    services.post_delete_by_author(post=gone, user=member)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "This post was removed by its author" in html
    assert "Regret" not in html


def test_post_html_is_the_sanitised_version(client, member, thread):
    make_trusted(member, thread)
    client.force_login(member)
    client.post(
        reverse("talk_london:thread_reply", args=[thread.topic.slug, thread.pk]),
        {"body": "<script>alert(1)</script> https://example.com"},
    )
    html = client.get(thread.get_absolute_url() + "?page=1").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'rel="nofollow ugc"' in html


# --- starting threads ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("resident", 403), ("member", 200), ("moderator", 200)],
)
def test_who_can_open_the_new_thread_form(request, client, persona, status, topic):
    _login(client, _persona(request, persona))
    response = client.get(reverse("talk_london:thread_create", args=[topic.slug]))
    assert response.status_code == status


def test_a_member_starts_a_thread(client, member, topic):
    client.force_login(member)
    response = client.post(
        reverse("talk_london:thread_create", args=[topic.slug]),
        {"title": "Bus lanes", "body": "More please"},
    )
    thread = Thread.objects.get(title="Bus lanes")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    assert thread.awaiting_moderation  # a new member's first post


def test_starting_a_thread_with_no_title_shows_errors(client, member, topic):
    client.force_login(member)
    response = client.post(
        reverse("talk_london:thread_create", args=[topic.slug]),
        {"title": "", "body": ""},
    )
    html = response.content.decode()
    assert "Enter a title for your thread" in html
    assert "Enter your first post" in html


def test_a_thread_awaiting_moderation_is_hidden_from_others(
    client, member, other_member, topic
):
    new = services.thread_create(topic=topic, author=member, title="Mine", body="B")
    client.force_login(other_member)
    assert client.get(new.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(new.get_absolute_url()).status_code == 200


# --- agreeing, editing, removing ------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "agrees"),
    [("anonymous", False), ("resident", False), ("member", True)],
)
def test_who_can_agree(request, client, persona, agrees, post):
    _login(client, _persona(request, persona))
    client.post(reverse("talk_london:post_agree", args=[post.pk]))
    assert Agreement.objects.filter(post=post).exists() is agrees


def test_agreeing_twice_counts_once_and_undo_works(client, member, post):
    client.force_login(member)
    url = reverse("talk_london:post_agree", args=[post.pk])
    client.post(url, {"action": "agree"})
    client.post(url, {"action": "agree"})
    post.refresh_from_db()
    assert post.agree_count == 1
    client.post(url, {"action": "unagree"})
    post.refresh_from_db()
    assert post.agree_count == 0


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("other_member", 403), ("moderator", 403), ("member", 200)],
)
def test_only_the_author_can_edit_and_remove(
    request, client, persona, status, member, thread
):
    mine = services.post_create(thread=thread, author=member, body="Mine")
    _login(client, _persona(request, persona))
    for name in ("post_edit", "post_delete"):
        response = client.get(reverse(f"talk_london:{name}", args=[mine.pk]))
        # Pending posts are invisible to other members: 404 rather than 403.
        expected = 404 if persona == "other_member" else status
        assert response.status_code == expected, name


def test_the_edit_link_goes_after_fifteen_minutes(client, member, thread):
    make_trusted(member, thread)
    mine = services.post_create(thread=thread, author=member, body="Mine")
    client.force_login(member)
    edit_url = reverse("talk_london:post_edit", args=[mine.pk])
    assert edit_url in client.get(mine.get_absolute_url(), follow=True).content.decode()
    Post.objects.filter(pk=mine.pk).update(
        created_at=timezone.now() - timezone.timedelta(minutes=16)
    )
    assert edit_url not in client.get(thread.get_absolute_url()).content.decode()
    assert client.post(edit_url, {"body": "Late"}).status_code == 403


def test_editing_saves_and_returns_to_the_post(client, member, thread):
    mine = services.post_create(thread=thread, author=member, body="Frist")
    client.force_login(member)
    response = client.post(
        reverse("talk_london:post_edit", args=[mine.pk]), {"body": "First"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.body_source == "First"


def test_removing_asks_first_then_soft_deletes(client, member, thread):
    mine = services.post_create(thread=thread, author=member, body="Mine")
    client.force_login(member)
    url = reverse("talk_london:post_delete", args=[mine.pk])
    assert "Are you sure" in client.get(url).content.decode()
    client.post(url)
    mine.refresh_from_db()
    assert mine.status == Post.Status.REMOVED_BY_AUTHOR


# --- moderators' tools on the site -----------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("resident", False), ("member", False), ("moderator", True)],
)
def test_only_moderators_pin_lock_and_close(request, client, persona, allowed, thread):
    _login(client, _persona(request, persona))
    url = reverse("talk_london:thread_moderate", args=[thread.topic.slug, thread.pk])
    response = client.post(url, {"action": "pin"})
    assert response.status_code == (302 if allowed else 403)
    client.post(url, {"action": "lock"})
    close = reverse("talk_london:topic_moderate", args=[thread.topic.slug])
    client.post(close, {"action": "close"})
    thread.refresh_from_db()
    thread.topic.refresh_from_db()
    assert thread.is_pinned is allowed
    assert thread.is_locked is allowed
    assert thread.topic.is_open is not allowed


def test_pinned_and_locked_threads_are_labelled(client, moderator, thread):
    services.thread_pin(thread=thread, moderator=moderator)
    services.thread_lock(thread=thread, moderator=moderator)
    topic_html = client.get(thread.topic.get_absolute_url()).content.decode()
    assert "Pinned" in topic_html and "Locked" in topic_html
    assert (
        "This thread is locked"
        in client.get(thread.get_absolute_url()).content.decode()
    )


# --- following ---------------------------------------------------------------------------


def test_follow_and_unfollow(client, member, thread):
    client.force_login(member)
    url = reverse("talk_london:thread_follow", args=[thread.topic.slug, thread.pk])
    client.post(url, {"action": "follow"})
    assert ThreadFollow.objects.filter(thread=thread, user=member).exists()
    assert (
        "Stop following this thread"
        in client.get(thread.get_absolute_url()).content.decode()
    )
    client.post(url, {"action": "unfollow"})
    assert not ThreadFollow.objects.filter(thread=thread, user=member).exists()


def test_following_needs_sign_in(client, thread):
    url = reverse("talk_london:thread_follow", args=[thread.topic.slug, thread.pk])
    assert client.post(url).status_code == 302
    assert not ThreadFollow.objects.exists()


def test_following_needs_a_confirmed_email(client, unverified_resident, thread):
    """Following sends daily emails: never to an address nobody has confirmed."""
    client.force_login(unverified_resident)
    url = reverse("talk_london:thread_follow", args=[thread.topic.slug, thread.pk])
    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302
    assert response["Location"] == reverse("civic:verify_email_needed")
    assert not ThreadFollow.objects.exists()


# --- sorting -------------------------------------------------------------------------------


def test_threads_sort_by_newest_most_active_and_most_agreed(client, topic, member):
    old_busy = ThreadFactory(
        topic=topic,
        title="Old busy",
        created_at=timezone.now() - timezone.timedelta(days=3),
        last_post_at=timezone.now(),
        agree_count=1,
    )
    new_quiet = ThreadFactory(
        topic=topic,
        title="New quiet",
        last_post_at=timezone.now() - timezone.timedelta(days=1),
    )
    agreed = ThreadFactory(
        topic=topic,
        title="Agreed",
        created_at=timezone.now() - timezone.timedelta(days=2),
        last_post_at=timezone.now() - timezone.timedelta(days=2),
        agree_count=9,
    )
    url = reverse("talk_london:topic_detail", args=[topic.slug])

    def order(sort):
        html = client.get(url, {"sort": sort}).content.decode()
        titles = [t.title for t in (old_busy, new_quiet, agreed)]
        return sorted(titles, key=html.index)

    assert order("newest") == ["New quiet", "Agreed", "Old busy"]
    assert order("active") == ["Old busy", "New quiet", "Agreed"]
    assert order("agreed") == ["Agreed", "Old busy", "New quiet"]
    assert client.get(url, {"sort": "nonsense"}).status_code == 200


# --- query counts do not grow with data -------------------------------------------------------


def _bulk_posts(thread, authors, count):
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[i % len(authors)],
            body_source=f"Reply {i}",
            body=f"<p>Reply {i}</p>",
            created_at=now + timezone.timedelta(seconds=i),
            published_at=now,
            status=Post.Status.PUBLISHED,
        )
        for i in range(count)
    )
    Thread.objects.filter(pk=thread.pk).update(post_count=count)


def _thread_queries(client, django_assert_num_queries, thread, page):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The rendering's cost, not the page cache's (anonymous pages are cached).
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(thread.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("persona", ["anonymous", "member", "moderator"])
def test_a_thread_of_5000_posts_costs_the_same_queries_as_one_of_5(
    request,
    client,
    persona,
    topic,
    member,
    other_member,
    moderator,
    django_assert_max_num_queries,
):
    user = _persona(request, persona)
    if persona == "moderator":
        force_login_with_mfa(client, user)
    else:
        _login(client, user)
    small = ThreadFactory(topic=topic, author=other_member)
    big = ThreadFactory(topic=topic, author=other_member)
    _bulk_posts(small, [member, other_member], 5)
    _bulk_posts(big, [member, other_member], 5000)
    Agreement.objects.create(post=big.posts.last(), user=moderator)

    # One request first: the session and content-type caches warm up once.
    _thread_queries(client, None, small, 1)
    small_count = _thread_queries(client, None, small, 1)
    big_first = _thread_queries(client, None, big, 1)
    big_last = _thread_queries(client, None, big, 250)
    assert small_count == big_first == big_last
    with django_assert_max_num_queries(12):
        client.get(big.get_absolute_url(), {"page": 100})


def test_topic_and_topic_list_queries_do_not_grow(
    client, topic, other_member, django_assert_max_num_queries
):
    for _ in range(3):
        ThreadFactory(topic=topic, author=other_member)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    topic_url = reverse("talk_london:topic_detail", args=[topic.slug])
    list_url = reverse("talk_london:topic_list")
    few = (count(topic_url), count(list_url))
    ThreadFactory.create_batch(60, topic=topic, author=other_member)
    assert (count(topic_url), count(list_url)) == few
    with django_assert_max_num_queries(8):
        client.get(topic_url)


def test_the_post_link_goes_to_the_right_page(client, thread, member, other_member):
    _bulk_posts(thread, [member, other_member], 45)
    target = thread.posts.order_by("created_at", "pk")[44]
    response = client.get(reverse("talk_london:post_link", args=[target.pk]))
    assert response["Location"].endswith(f"?page=3#post-{target.pk}")


@pytest.mark.parametrize(
    ("persona", "sees_link"),
    [("anonymous", False), ("member", True), ("other_member", False)],
)
def test_report_links_for_signed_in_people_who_did_not_write_it(
    request, client, persona, sees_link, thread, post
):
    _login(client, _persona(request, persona))
    html = client.get(thread.get_absolute_url()).content.decode()
    post_report = reverse("civic:report", args=["talk_london.post", post.pk])
    thread_report = reverse("civic:report", args=["talk_london.thread", thread.pk])
    assert (post_report in html) is sees_link
    assert (thread_report in html) is sees_link


def test_anonymous_thread_pages_come_from_the_cache_until_someone_posts(
    client, topic, member, other_member, django_assert_num_queries
):
    thread = ThreadFactory(topic=topic, author=other_member)
    _bulk_posts(thread, [member, other_member], 3)
    first = client.get(thread.get_absolute_url())
    assert first["X-Civic-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get(thread.get_absolute_url())
    assert again["X-Civic-Cache"] == "hit"
    PostFactory(thread=thread, author=member, body_source="A brand new reply")
    fresh = client.get(thread.get_absolute_url())
    assert fresh["X-Civic-Cache"] == "miss"
    assert "A brand new reply" in fresh.content.decode()
