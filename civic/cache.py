"""A Redis cache that a Redis outage cannot turn into a 500.

Everything the portal keeps in the cache (whole pages, computed charts, allauth's
rate-limit counters) can be rebuilt, so when Redis does not answer a read is a
miss and a write is dropped, with a warning in the log. After a failure the
cache is not tried again for ``RETRY_AFTER`` seconds, so that a stopped Redis
costs one failed connection every few seconds rather than one per cache call.

Rate limits fail open while Redis is down (allauth keeps its counters and its
lock here, see ``add``): sign-in still works, without the limit, until Redis is
back.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_AFTER = 5.0

# {location: monotonic time before which the cache is not tried}; shared by the
# per-thread cache objects of one process.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class TolerantRedisCache(RedisCache):
    def _is_down(self) -> bool:
        return _down_until.get(self._location_key, 0.0) > time.monotonic()

    @property
    def _location_key(self) -> str:
        return ",".join(self._servers)

    def _failed(self, operation: str, error: Exception) -> None:
        with _lock:
            already_down = self._is_down()
            _down_until[self._location_key] = time.monotonic() + RETRY_AFTER
        if not already_down:
            logger.warning(
                "Cache unavailable (%s: %s); carrying on without it for %ss",
                operation,
                error,
                RETRY_AFTER,
            )

    def _call(self, operation: str, fallback, function, *args, **kwargs):
        if self._is_down():
            return fallback
        try:
            return function(*args, **kwargs)
        except Exception as error:  # any Redis or socket error: degrade, never fail
            self._failed(operation, error)
            return fallback

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # True ("it was not there, now it is yours") when Redis is down: allauth
        # takes its rate-limit lock with add() and answers 429 to everyone if it
        # never gets it. Nothing in the portal relies on add() to protect data;
        # the database's constraints and row locks do that.
        return self._call("add", True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        # Callers of incr already handle ValueError ("no such key") by setting
        # the key afresh, which is the right thing to do here too.
        if self._is_down():
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        try:
            return super().incr(key, delta, version)
        except ValueError:
            raise
        except Exception as error:
            self._failed("incr", error)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from error

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's contract: the keys that could not be stored.
        return self._call(
            "set_many", list(data), super().set_many, data, timeout, version
        )

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, super().delete_many, keys, version)

    def clear(self):
        return self._call("clear", False, super().clear)
