"""What /healthz reports: the database, the task queue and, when configured,
Redis (docs/deploy.md).

- ``ok``: everything answered.
- ``degraded`` (HTTP 200): the site serves pages, but Redis or the queue is
  unreachable, or queued tasks have waited longer than
  ``HEALTH_QUEUE_MAX_AGE`` seconds (no worker is running, or too few).
  A load balancer keeps the server; monitoring should alert.
- ``unavailable`` (HTTP 503): the database does not answer, so this server
  cannot serve; a load balancer takes it out of rotation.

Every check is one cheap round trip. The report holds states, counts and
timings only: no host names, no error texts, no personal data (errors are
logged instead).
"""

import datetime
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from bimtek.cache import ResilientRedisCache

logger = logging.getLogger("bimtek.health")

OK = "ok"
DEGRADED = "degraded"
UNAVAILABLE = "unavailable"


@dataclass
class Check:
    status: str
    duration_ms: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "duration_ms": self.duration_ms, **self.details}


@dataclass
class HealthReport:
    checks: dict[str, Check]

    @property
    def status(self) -> str:
        if self.checks["database"].status != OK:
            return UNAVAILABLE
        if any(check.status != OK for check in self.checks.values()):
            return DEGRADED
        return OK

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "checks": {name: check.as_dict() for name, check in self.checks.items()},
        }


def _timed(function) -> Check:
    started = time.perf_counter()
    try:
        check = function()
    except Exception as error:
        logger.warning("health check %s failed: %r", function.__name__, error)
        check = Check(UNAVAILABLE, details={"error": type(error).__name__})
    check.duration_ms = round((time.perf_counter() - started) * 1000, 1)
    return check


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check(OK, details={"vendor": connection.vendor})


def _queue_age_status(oldest_seconds: float | None) -> str:
    if oldest_seconds is not None and oldest_seconds > settings.HEALTH_QUEUE_MAX_AGE:
        return DEGRADED
    return OK


def check_queue() -> Check:
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    backend_path = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if backend_path.startswith("django_tasks_db."):
        return _check_database_queue()
    if any(kind.__module__.startswith("django_tasks_rq.") for kind in type(backend).__mro__):
        return _check_rq_queue(backend)
    # The immediate and dummy backends (tests, development) have no queue.
    return Check(OK, details={"backend": type(backend).__name__})


def _check_database_queue(*, backend_name: str | None = None) -> Check:
    from django.db.models import Count, Min
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.ready()
    if backend_name:
        tasks = tasks.filter(backend_name=backend_name)
    figures = tasks.aggregate(ready=Count("id"), oldest=Min("enqueued_at"))
    oldest = figures["oldest"]
    oldest_seconds = round((timezone.now() - oldest).total_seconds()) if oldest else None
    return Check(
        _queue_age_status(oldest_seconds),
        details={
            "backend": "database",
            "ready": figures["ready"],
            "oldest_ready_s": oldest_seconds,
        },
    )


def _check_rq_queue(backend) -> Check:
    import django_rq
    from rq import Worker

    ready = 0
    oldest_seconds: float | None = None
    workers = 0
    connection_ = django_rq.get_connection()
    connection_.ping()
    for queue_name in sorted(backend.queues):
        queue = django_rq.get_queue(queue_name)
        ready += queue.count
        workers = max(workers, Worker.count(queue=queue))
        first = queue.get_job_ids(0, 1)
        if first:
            job = queue.fetch_job(first[0])
            if job is not None and job.enqueued_at is not None:
                enqueued = job.enqueued_at
                if timezone.is_naive(enqueued):
                    enqueued = enqueued.replace(tzinfo=datetime.UTC)
                age = round((timezone.now() - enqueued).total_seconds())
                oldest_seconds = max(oldest_seconds or 0, age)
    status = _queue_age_status(oldest_seconds)
    if workers == 0:
        status = DEGRADED
    details = {
        "backend": "rq",
        "ready": ready,
        "oldest_ready_s": oldest_seconds,
        "workers": workers,
    }
    if "fallback" in settings.TASKS:
        # Tasks that went to the database while Redis was down (bimtek/tasks_backends.py).
        fallback = _check_database_queue(backend_name="fallback")
        details["fallback_ready"] = fallback.details["ready"]
        details["fallback_oldest_ready_s"] = fallback.details["oldest_ready_s"]
        if fallback.status != OK:
            status = DEGRADED
    return Check(status, details=details)


def check_redis_cache() -> Check:
    cache = caches["default"]
    if cache.ping():
        return Check(OK, details={"backend": "redis"})
    return Check(DEGRADED, details={"backend": "redis", "fallback": type(cache.fallback).__name__})


def health_report() -> HealthReport:
    checks = {"database": _timed(check_database), "queue": _timed(check_queue)}
    if isinstance(caches["default"], ResilientRedisCache):
        checks["cache"] = _timed(check_redis_cache)
    if checks["queue"].status == UNAVAILABLE:
        # The site still serves pages; only background work waits.
        checks["queue"].status = DEGRADED
    report = HealthReport(checks)
    if report.status != OK:
        logger.warning("health %s: %s", report.status, report.as_dict()["checks"])
    return report
