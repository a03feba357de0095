"""CPU per scan without contention: N scans in one process through Django's
test client (every middleware, DRF, the service) against the benchmark
database that bench/checkin.py prepared, one PostgreSQL connection. Prints
the Django process's and the PostgreSQL backend's CPU per scan; with
--profile, the top of a cProfile (CPU time) as well.

    .venv/bin/python bench/checkin.py --only saturation   # prepares the database
    .venv/bin/python bench/checkin_profile.py --scans 1000
    .venv/bin/python bench/checkin_profile.py --scans 1000 --wsgi   # as gunicorn calls Django
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=common.DEFAULT_DATABASE_URL)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--dump", help="with --profile: also write the pstats file here")
    parser.add_argument(
        "--wsgi",
        action="store_true",
        help="call bimtek.wsgi.application as gunicorn does instead of the test client "
        "(which leaves out close_old_connections, hence the connection health check)",
    )
    args = parser.parse_args()
    os.environ.update(common.server_env(args.database_url, ALLOWED_HOSTS="testserver"))

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from bimtek.models import Session
    from checkin.models import CheckIn
    from participants.models import Registration

    event = "bench-door"
    session = Session.objects.filter(event__code=event).order_by("pk").last()
    CheckIn.objects.filter(session=session).delete()
    client = Client()
    client.force_login(User.objects.filter(email__startswith="petugas").first())
    wsgi_scan = wsgi_scanner(client) if args.wsgi else None
    tokens = list(
        Registration.objects.filter(event__code=event).values_list("token", flat=True)[
            : args.scans + 100
        ]
    )

    def scan(token: str) -> None:
        body = {"token": token, "session": session.pk, "device": "Pintu 1"}
        body["client_id"] = uuid.uuid4().hex
        if wsgi_scan is not None:
            return wsgi_scan(json.dumps(body).encode())
        response = client.post(
            "/api/v1/checkins/", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 200, response.content

    for token in tokens[:100]:  # warm up: imports, prepared statements
        scan(token)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    measured = tokens[100:]
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    pg_before, py_before = common.cpu_seconds(backend), time.process_time()
    if profiler:
        profiler.enable()
    for token in measured:
        scan(token)
    if profiler:
        profiler.disable()
    py = (time.process_time() - py_before) / len(measured) * 1000
    pg = (common.cpu_seconds(backend) - pg_before) / len(measured) * 1000
    print(f"{len(measured)} scans: Django {py:.2f} ms + PostgreSQL {pg:.2f} ms CPU per scan")
    if profiler:
        stats = pstats.Stats(profiler)
        if args.dump:
            stats.dump_stats(args.dump)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(30)


def wsgi_scanner(client):
    """A scan as gunicorn hands it to Django: the WSGI application itself,
    with the request_started/request_finished signals (close_old_connections,
    the connection health check), the signed-in client's cookies and its
    CSRF token."""
    import io

    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string

    from bimtek.wsgi import application

    csrf = _get_new_csrf_string()
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"

    def scan(body: bytes) -> None:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/v1/checkins/",
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "HTTP_COOKIE": cookie,
            "HTTP_X_CSRFTOKEN": csrf,
            "HTTP_ACCEPT": "application/json",
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        status = []
        result = application(environ, lambda line, headers, exc_info=None: status.append(line))
        content = b"".join(result)
        result.close()
        assert status[0].startswith("200"), (status, content[:300])

    return scan


if __name__ == "__main__":
    main()
