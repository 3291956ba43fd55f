"""A small cache-based rate limit for the portal's own actions (pledging,
posting, reporting, inviting, proposing).

allauth limits signing in, signing up and password resets itself
(``ACCOUNT_RATE_LIMITS``); this covers the rest. Each action ("scope") has a
limit per signed-in person and one per client IP address, counted in fixed
windows in the cache (``settings.CIVIC_RATE_LIMITS``). Over either limit the
person sees the portal's 429 page, which says when to try again, with a
``Retry-After`` header.

The limit fails open: if the cache cannot be reached, the action goes ahead
and a warning is logged. A cache outage must not stop people pledging or
posting; the database-backed limits (Talk London's posting limit) and the
services' own checks still hold.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)
_now = time.time  # the tests fix the clock through this


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str | None) -> Rate | None:
        """ "10/600" (ten every 600 seconds), "10/10m", "5/h"; None: no limit."""
        if not text:
            return None
        count, _, period = text.partition("/")
        units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
        period = period.strip() or "s"
        if period[-1] in units:
            number = period[:-1] or "1"
            seconds = int(number) * units[period[-1]]
        else:
            seconds = int(period)
        return cls(count=int(count), seconds=seconds)


@dataclass(frozen=True)
class Refusal:
    scope: str
    retry_after: int  # seconds


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies that
    each append to X-Forwarded-For, it is that many entries from the right
    (anything further left was written by the client and is not trusted).
    allauth's own limits read the same setting, so both agree."""
    count = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("x-forwarded-for", "")
    candidate = ""
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= count:
            candidate = hops[-count]
    if not candidate:
        candidate = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return "unknown"
    if address.version == 6:
        # One person usually has a whole /64; count it as one.
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def _limits(scope: str) -> dict[str, Rate]:
    config = settings.CIVIC_RATE_LIMITS.get(scope)
    if config is None:
        raise KeyError(f"no rate limit configured for {scope!r}")
    return {
        kind: rate
        for kind, rate in ((k, Rate.parse(v)) for k, v in config.items())
        if rate is not None
    }


def _identities(request: HttpRequest, kinds) -> dict[str, str]:
    found = {}
    user = getattr(request, "user", None)
    if "user" in kinds and user is not None and user.is_authenticated:
        found["user"] = str(user.pk)
    if "ip" in kinds:
        found["ip"] = client_ip(request)
    return found


def hit(request: HttpRequest, scope: str) -> Refusal | None:
    """Count one attempt at ``scope``; a Refusal if it is over a limit."""
    if not settings.CIVIC_RATE_LIMITS_ENABLED:
        return None
    limits = _limits(scope)
    now = _now()
    try:
        cache = caches[settings.CIVIC_RATE_LIMIT_CACHE]
        worst = 0
        for kind, ident in _identities(request, limits).items():
            rate = limits[kind]
            window = int(now // rate.seconds)
            key = f"ratelimit:{scope}:{kind}:{ident}:{rate.seconds}:{window}"
            # add() is a no-op when the key exists; the extra second keeps the
            # count alive until the window has certainly ended.
            cache.add(key, 0, timeout=rate.seconds + 1)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, timeout=rate.seconds + 1)
                count = 1
            if count > rate.count:
                ends = (window + 1) * rate.seconds
                worst = max(worst, max(1, math.ceil(ends - now)))
    except Exception:  # noqa: BLE001 - any cache failure: let the person through
        logger.warning(
            "Rate limit for %s not checked: the cache is unavailable",
            scope,
            exc_info=True,
        )
        return None
    if worst:
        logger.info("Rate limit reached for %s", scope)
        return Refusal(scope=scope, retry_after=worst)
    return None


def too_many_requests(request: HttpRequest, refusal: Refusal) -> HttpResponse:
    """The portal's 429 page, saying when to try again."""
    minutes = max(1, math.ceil(refusal.retry_after / 60))
    response = TemplateResponse(
        request,
        "429.html",
        {"retry_after_minutes": minutes, "retry_after_seconds": refusal.retry_after},
        status=429,
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response


def rate_limit(scope: str, *, methods: tuple[str, ...] = ("POST",)):
    """Limit a view's ``methods`` (POST only by default: reading is free).

    Put it below the sign-in and permission decorators, so only attempts that
    could succeed are counted."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                refusal = hit(request, scope)
                if refusal is not None:
                    return too_many_requests(request, refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
