"""Which changes make the discussion pages anonymous visitors get from the
cache stale (``civic.caching``): a post, an agreement or the thread itself
changes that thread's pages; a topic or a thread changes the lists."""

import hashlib
import logging

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from civic.caching import invalidate_on

logger = logging.getLogger(__name__)

DISCUSSIONS = "talk_london:discussions"


def thread_area(topic_slug: str = "", thread_id: int = 0) -> str:
    return f"talk_london:thread:{thread_id}"


def _post_areas(post):
    return [thread_area(thread_id=post.thread_id)]


def _agreement_areas(agreement):
    from .models import Post

    thread_id = (
        Post.objects.filter(pk=agreement.post_id)
        .values_list("thread_id", flat=True)
        .first()
    )
    return [thread_area(thread_id=thread_id)] if thread_id else []


def _thread_areas(thread):
    return [DISCUSSIONS, thread_area(thread_id=thread.pk)]


def _response_areas(response):
    return [f"talk_london:survey:{response.survey_id}"]


def connect() -> None:
    from .models import Agreement, Post, Thread, Topic
    from .models.surveys import Response

    # The staff results screen's figures (admin_surveys.cached_results).
    invalidate_on([Response], _response_areas)

    invalidate_on([Topic], DISCUSSIONS)
    invalidate_on([Thread], _thread_areas)
    invalidate_on([Post], _post_areas)
    invalidate_on([Agreement], _agreement_areas)


# Rendered posts ------------------------------------------------------------
# A thread page spends most of its time rendering its 20 posts. Each post's
# HTML depends only on the post's own state and on what kind of viewer is
# looking (signed in, member, moderator, agreed or not), so it is kept in the
# cache under a key made of exactly those, and a changed post simply gets a
# new key. The one per-person secret in it, the CSRF token of the "Agree"
# form, is rendered as a placeholder and put back for each request. A
# person's own posts are always rendered fresh (their edit link expires).

POST_HTML_TIMEOUT = 60 * 60
POST_HTML_VERSION = 1


def _csrf_placeholder() -> str:
    """Derived from the secret key, so no post can contain it on purpose."""
    from django.conf import settings

    secret = hashlib.blake2b(
        b"talk_london.post-html.csrf", key=settings.SECRET_KEY.encode()[:64]
    )
    return f"csrf-{secret.hexdigest()[:32]}"


def post_html_key(post, viewer: dict) -> str:
    author = getattr(post.author, "public_name", "") if post.author_id else ""
    parts = (
        POST_HTML_VERSION,
        translation.get_language(),
        post.pk,
        post.status,
        post.is_hidden,
        post.edited_at.timestamp() if post.edited_at else 0,
        post.agree_count,
        post.author_id,
        str(author),
        viewer["thread_author_id"],
        viewer["moderator"],
        viewer["authenticated"],
        post.viewer_can_agree,
        post.viewer_agreed,
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"talk_london:post-html:{digest}"


def render_posts(request, posts: list, context: dict) -> None:
    """Set ``post.html`` on each post: from the cache where it can be."""
    user = request.user
    viewer = {
        "thread_author_id": context["thread"].author_id,
        "moderator": context["is_moderator"],
        "authenticated": user.is_authenticated,
    }
    keys = {
        post.pk: post_html_key(post, viewer)
        for post in posts
        if not (user.is_authenticated and post.author_id == user.pk)
    }
    try:
        cached = cache.get_many(list(keys.values()))
    except Exception:  # a cache outage only costs the rendering
        logger.warning("Post cache unavailable", exc_info=True)
        cached = {}
    token = get_token(request) if user.is_authenticated else ""
    placeholder = _csrf_placeholder()
    fresh = {}
    for post in posts:
        key = keys.get(post.pk)
        html = cached.get(key) if key else None
        if html is None:
            html = render_to_string(
                "talk_london/discussions/_post.html",
                {**context, "post": post, "csrf_token": placeholder},
                request=None,
            )
            if key:
                fresh[key] = html
        post.html = mark_safe(html.replace(placeholder, token))  # noqa: S308
    if fresh:
        try:
            cache.set_many(fresh, POST_HTML_TIMEOUT)
        except Exception:
            logger.warning("Post cache unavailable", exc_info=True)
