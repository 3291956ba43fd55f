"""Whole-page caching for anonymous visitors, with invalidation by content area.

A public page that is the same for every anonymous visitor (a campaign, the
browse page, a discussion thread) is rendered once and kept in the shared
cache (Redis in production) under a key made of its *area's version* and the
full path. When anything in the area changes, the area's version is bumped
(``bump``, called from ``post_save``/``post_delete`` receivers that each app
connects with ``invalidate_on``), so the next request renders afresh; old
entries simply expire. A short timeout is the safety net for what changes
with the clock alone ("3 days left").

Not cached: anyone with a session (signed in, or an anonymous session that
holds answers or votes) or a message waiting, anything but GET/HEAD,
responses that are not 200, pages that use a CSRF token (a form), responses
that set a cookie, and streaming responses. Django's own cache middleware cannot be used for this:
it keys on the ``Cookie`` header (``Vary: Cookie``), so it either caches per
visitor or, worse, refuses whenever a cookie is set.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120
# Wagtail pages: stale whenever any page is published or unpublished.
CMS_AREA = "cms"
HIT_HEADER = "X-Civic-Cache"


def _version_key(area: str) -> str:
    return f"page-area-version:{area}"


def area_versions(areas: tuple[str, ...]) -> tuple[int, ...] | None:
    """The current version of each area (one round trip), or None when the
    cache cannot be reached (the page is then rendered and not cached)."""
    keys = [_version_key(area) for area in areas]
    try:
        found = cache.get_many(keys)
        for key in keys:
            if key not in found:
                cache.add(key, 1, timeout=None)
        if len(found) < len(keys):
            found = cache.get_many(keys)
        return tuple(int(found.get(key, 1)) for key in keys)
    except Exception:  # the cache is down: render, do not fail
        logger.warning("page cache unavailable reading %s", areas, exc_info=True)
        return None


def bump(area: str) -> None:
    """Everything cached for ``area`` is stale from now on."""
    try:
        try:
            cache.incr(_version_key(area))
        except ValueError:  # not set yet
            cache.add(_version_key(area), 2, timeout=None)
    except Exception:
        logger.warning("page cache unavailable bumping area %s", area, exc_info=True)


def invalidate_on(models: Iterable, areas: str | Callable[..., Iterable[str]]) -> None:
    """Bump areas whenever a row of any of ``models`` is saved or deleted.

    ``areas`` is one area's name, or ``areas(instance)`` returning the names
    (a campaign's own page and the browse page, say), so that a pledge on one
    campaign does not empty the cache of every other.
    """

    def receiver(sender, instance, **kwargs):
        for area in [areas] if isinstance(areas, str) else areas(instance):
            bump(area)

    for model in models:
        post_save.connect(receiver, sender=model, weak=False)
        post_delete.connect(receiver, sender=model, weak=False)


def _page_key(areas: tuple[str, ...], versions: tuple[int, ...], request) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    stamp = ",".join(f"{a}={v}" for a, v in zip(areas, versions, strict=True))
    return f"page:{stamp}:{digest}"


def _is_cacheable_visitor(request) -> bool:
    """Someone with no per-visitor state: no session (signed in, or an
    anonymous session holding answers or votes) and no message waiting."""
    from django.conf import settings

    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in request.COOKIES:
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def cache_for_anonymous(*areas: str | Callable[..., str], timeout=DEFAULT_TIMEOUT):
    """Cache a view's page for anonymous visitors (see the module docstring).

    The page is stale when any of its ``areas`` is bumped. Each is a name
    ("crowdfund") or ``area(**view_kwargs)`` giving one per object
    ("crowdfund:project:tottenham-benches").
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not _is_cacheable_visitor(
                request
            ):
                return view(request, *args, **kwargs)
            names = tuple(a if isinstance(a, str) else a(**kwargs) for a in areas)
            versions = area_versions(names)
            key = _page_key(names, versions, request) if versions else None
            if key:
                try:
                    cached = cache.get(key)
                except Exception:
                    logger.warning("page cache unavailable", exc_info=True)
                    cached = None
                if cached is not None:
                    cached[HIT_HEADER] = "hit"
                    return cached
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            patch_vary_headers(response, ("Cookie",))
            if (
                key
                and response.status_code == 200
                and not response.cookies
                # A form's CSRF token: the middleware sets its cookie later,
                # and the page holds this visitor's token.
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
                and not getattr(response, "streaming", False)
            ):
                response[HIT_HEADER] = "miss"
                try:
                    cache.set(key, response, timeout)
                except Exception:
                    logger.warning("page cache unavailable", exc_info=True)
            return response

        return wrapper

    return decorator


def connect_cms() -> None:
    from wagtail.signals import page_published, page_unpublished

    def receiver(sender, **kwargs):
        bump(CMS_AREA)

    page_published.connect(receiver, weak=False, dispatch_uid="civic-cache-cms-pub")
    page_unpublished.connect(receiver, weak=False, dispatch_uid="civic-cache-cms-unpub")
