"""gunicorn settings for Bimtek: `gunicorn -c gunicorn.conf.py bimtek.wsgi`.

Every value can be changed without editing this file: the environment
variables below, or any gunicorn flag in GUNICORN_CMD_ARGS
(e.g. GUNICORN_CMD_ARGS="--max-requests 5000").
See docs/deploy.md.
"""

import os

from gunicorn import glogging
from pythonjsonlogger.json import JsonFormatter


def _cores() -> int:
    # The cores this process may run on (a container's or a systemd slice's
    # CPU set), not every core of the host.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "bimtek.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threaded workers, one per core, four threads each: the GIL makes a core's
# worth of Python per process, and threads keep HTTP connections alive, which
# the door scanners and the reverse proxy reuse — a check-in then costs about a
# third less CPU than with sync workers (docs/benchmarks.md, docs/checkin.md).
# Each thread may hold a PostgreSQL connection (CONN_MAX_AGE): app servers x
# workers x threads must stay below PostgreSQL's max_connections.
# WEB_CONCURRENCY and GUNICORN_THREADS override.
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, _cores()))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# A request that runs longer than this is killed with its worker: long work
# (bulk certificates, big imports and exports) belongs to the task workers.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On restart or deploy, requests in flight get this long to finish.
graceful_timeout = 30
keepalive = 5
# Restart each worker after this many requests (with jitter, so they do not
# all restart together) to bound slow memory growth.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The runtime control socket defaults to one path per user: several gunicorn
# instances on one machine (staging beside production) would fight over it.
control_socket_disable = True

# Requests are logged by the application as JSON lines, with the user id and
# the request id (bimtek.logs.RequestLogMiddleware). gunicorn's own access
# log is off unless GUNICORN_ACCESS_LOG names a file ("-" for stdout); its
# lines then carry the same request id and the time in microseconds.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus request_id=%({x-request-id}o)s "%(a)s"'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def post_worker_init(worker):
    """Load the URL configuration (and with it every view) now, then move all
    the objects the worker has so far out of the garbage collector's way
    (gc.freeze): a full collection then walks only what requests create.
    Measured on the check-in path: the two full collections per 2,000 scans
    took ~75–90 ms each, a pause every thread of the worker waits out; after
    freezing, ~8 ms in all (docs/benchmarks.md). GUNICORN_GC_FREEZE=0 turns
    it off."""
    if os.environ.get("GUNICORN_GC_FREEZE", "1") == "0":
        return
    import gc

    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every app's views)
    gc.collect()
    gc.freeze()


class JsonLogger(glogging.Logger):
    """gunicorn's own lines (start, stop, worker timeouts, the access log when
    on) as JSON objects, like the application's."""

    def setup(self, cfg):
        super().setup(cfg)
        formatter = JsonFormatter(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)


logger_class = JsonLogger

# X-Forwarded-Proto is trusted from these addresses (the load balancer or
# reverse proxy); gunicorn reads FORWARDED_ALLOW_IPS itself, the default is
# 127.0.0.1 (a proxy on the same machine).
