"""The Redis task queue with the database queue as its fallback
(``TASKS_BACKEND=rq``; docs/deploy.md, docs/faults.md).

django-tasks-rq raises as soon as Redis does not answer, and services
enqueue their e-mails and bulk runs when their transaction commits: with
Redis down, a registration would be saved and the person shown an error
page. ``ResilientRQBackend`` instead puts the task in the database queue
(the ``fallback`` backend, django-tasks-db) while Redis is unreachable;
``manage.py run_worker`` runs a database worker for that queue beside the
RQ worker, so the e-mail still goes out. After a failure Redis is not tried
again for ``RETRY_AFTER`` seconds (one connect timeout per process, not one
per task); the outage is logged once and again when Redis answers.
"""

import logging
import threading
import time

from django_tasks import task_backends
from django_tasks_rq.backend import RQBackend
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("bimtek.tasks")

FALLBACK_ALIAS = "fallback"
RETRY_AFTER = 5.0
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)

_state = threading.Lock()
_retry_at = 0.0
_failing = False


def _mark_down(error: Exception) -> None:
    global _retry_at, _failing
    with _state:
        _retry_at = time.monotonic() + RETRY_AFTER
        first, _failing = not _failing, True
    if first:
        logger.warning(
            "Redis task queue unreachable (%s); tasks wait in the database queue meanwhile",
            type(error).__name__,
        )


def _mark_up() -> None:
    global _failing
    with _state:
        was, _failing = _failing, False
    if was:
        logger.warning("Redis task queue reachable again")


def reset() -> None:
    """Forget an outage (tests)."""
    global _retry_at, _failing
    with _state:
        _retry_at, _failing = 0.0, False


class ResilientRQBackend(RQBackend):
    """django-tasks-rq, or the database queue while Redis is unreachable."""

    def enqueue(self, task, args, kwargs):
        if time.monotonic() >= _retry_at:
            try:
                result = super().enqueue(task, args, kwargs)
            except UNAVAILABLE as error:
                _mark_down(error)
            else:
                if _failing:
                    _mark_up()
                return result
        return task_backends[FALLBACK_ALIAS].enqueue(task, args, kwargs)
