"""A Redis cache that keeps the site serving while Redis is down.

django-redis's ``IGNORE_EXCEPTIONS`` turns a connection error into "no value",
which is right for sessions (``cached_db`` then reads PostgreSQL) but wrong for
code that needs the cache to answer: allauth's rate limits take a lock with
``cache.add()`` and treat a refused lock as "too many attempts", so with Redis
down nobody could log in. ``ResilientRedisCache`` therefore sends the calls of
Django's cache API to a *fallback* cache while Redis is unreachable:

- ``"FALLBACK": "django.core.cache.backends.locmem.LocMemCache"`` (the
  ``default`` alias): this process's memory, exactly what a one-process
  install without Redis uses;
- ``"FALLBACK": "django.core.cache.backends.dummy.DummyCache"`` (the
  ``sessions`` alias): nothing is cached, so ``cached_db`` sessions come from
  the database and no process keeps a copy that another one cannot update.

After a failure Redis is not tried again for ``RETRY_AFTER`` seconds (5 by
default), so a Redis host that has vanished costs one connect timeout per
process every few seconds instead of one per cache call. Redis-only methods
(``lock``, ``keys``…) are not wrapped: their callers know they need Redis.
"""

import contextlib
import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("bimtek.cache")

UNAVAILABLE = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError)

# One outage state per Redis location for the whole process (Django makes one
# cache object per thread).
_retry_at: dict[str, float] = {}
_failing: set[str] = set()
_state_lock = threading.Lock()


def _fallback_api(name: str):
    def call(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    call.__name__ = name
    call.__doc__ = f"``{name}`` on Redis, or on the fallback cache while Redis is unreachable."
    return call


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS", {}))
        fallback_path = options.pop("FALLBACK", "django.core.cache.backends.dummy.DummyCache")
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        # Errors must reach _call, which decides what to do with them.
        options["IGNORE_EXCEPTIONS"] = False
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server
        fallback_params = {
            key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params
        }
        self.fallback: BaseCache = import_string(fallback_path)(
            f"bimtek-fallback-{server}", fallback_params
        )

    @property
    def redis_available(self) -> bool:
        """False while this process is waiting to retry an unreachable Redis."""
        return time.monotonic() >= _retry_at.get(self._location, 0.0)

    def _call(self, name: str, *args, **kwargs):
        if not self.redis_available:
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._mark_down(error)
            return getattr(self.fallback, name)(*args, **kwargs)
        if self._location in _failing:
            self._mark_up()
        return result

    def _mark_down(self, error: Exception) -> None:
        with _state_lock:
            _retry_at[self._location] = time.monotonic() + self.retry_after
            first = self._location not in _failing
            _failing.add(self._location)
        if first:
            logger.warning(
                "Redis cache unreachable (%s); serving from %s until it answers",
                type(error).__name__,
                type(self.fallback).__name__,
            )

    def _mark_up(self) -> None:
        with _state_lock:
            _failing.discard(self._location)
            _retry_at.pop(self._location, None)
        logger.warning("Redis cache reachable again")

    def ping(self) -> bool:
        """Ask Redis itself (for /healthz); True if it answered."""
        try:
            self.client.get_client(write=True).ping()
        except UNAVAILABLE as error:
            self._mark_down(error)
            return False
        if self._location in _failing:
            self._mark_up()
        return True

    def close(self, **kwargs) -> None:
        with contextlib.suppress(*UNAVAILABLE):
            super().close(**kwargs)

    add = _fallback_api("add")
    get = _fallback_api("get")
    set = _fallback_api("set")
    touch = _fallback_api("touch")
    delete = _fallback_api("delete")
    get_many = _fallback_api("get_many")
    set_many = _fallback_api("set_many")
    delete_many = _fallback_api("delete_many")
    has_key = _fallback_api("has_key")
    incr = _fallback_api("incr")
    decr = _fallback_api("decr")
    clear = _fallback_api("clear")
