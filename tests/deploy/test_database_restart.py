"""The database restarted while the doors scan (issue 8, fault a): gunicorn
with production settings against a PostgreSQL server of its own
(tests/deploy/pgcluster.py), stopped and started again between scans.

During the outage every scan answers 503 with the JSON "retry" answer the
scanner's queue relies on, never a 500 page; after it, the same scans sent
again (same client_id) are recorded exactly once. The same fault under the
load of a door rush is in `make bench` (bench/faults.py)."""

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from tests import factories
from tests.deploy.conftest import ROOT, free_port, manage, server_environment
from tests.deploy.pgcluster import ThrowawayPostgres, postgres_bin

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(postgres_bin() is None, reason="needs initdb and pg_ctl (PG_BIN)"),
]

CSRF = "k" * 32


def _test_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _request(base: str, path: str, *, body: dict | None = None, cookie: str, accept: str):
    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        method="POST" if body is not None else "GET",
        headers={
            "Cookie": f"sessionid={cookie}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Content-Type": "application/json",
            "Accept": accept,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def door(tmp_path):
    """An event with an open session, 3 approved tickets and a signed-in
    steward, copied into a throw-away PostgreSQL served by gunicorn."""
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    tickets = factories.RegistrationFactory.create_batch(3, event=event)
    steward = factories.EventStaffFactory(event=event).user
    store = SessionStore()
    store[SESSION_KEY] = str(steward.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = steward.get_session_auth_hash()
    store.create()

    with ThrowawayPostgres() as pg:
        url = pg.copy_database(_test_database_url(), "bimtek_fault")
        port = free_port()
        environment = server_environment(
            tmp_path,
            DATABASE_URL=url,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="2",
            ALLOWED_HOSTS="127.0.0.1",
            # the session made above is signed with the suite's key
            SECRET_KEY=settings.SECRET_KEY,
        )
        # A server with DEBUG off starts only once static files are collected.
        collected = manage("collectstatic", "--no-input", env=environment, timeout=300)
        assert collected.returncode == 0, collected.stderr
        log = tmp_path / "gunicorn.log"
        with log.open("w") as output:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "bimtek.wsgi"],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        pytest.fail(log.read_text())
                    time.sleep(0.3)
            yield {
                "pg": pg,
                "url": url,
                "base": base,
                "cookie": store.session_key,
                "session": session.pk,
                "tokens": [ticket.token for ticket in tickets],
                "log": log,
            }
        finally:
            server.terminate()
            server.wait(timeout=30)


def _scan(door, token: str, client_id: str):
    body = {
        "token": token,
        "session": door["session"],
        "device": "Pintu 1",
        "client_id": client_id,
        "scanned_at": datetime.now(UTC).isoformat(),
    }
    return _request(
        door["base"],
        "/api/v1/checkins/",
        body=body,
        cookie=door["cookie"],
        accept="application/json",
    )


def _count(url: str, sql: str, *params) -> int:
    with psycopg.connect(url) as db:
        return db.execute(sql, params).fetchone()[0]


def test_scans_during_a_database_restart_get_retry_answers_and_count_once(door):
    first, during, also_during = (uuid.uuid4().hex for _ in range(3))
    before = _scan(door, door["tokens"][0], first)

    door["pg"].stop("fast")
    outage = [_scan(door, door["tokens"][1], during) for _ in range(3)]
    outage.append(_scan(door, door["tokens"][2], also_during))
    page = _request(door["base"], "/door/", cookie=door["cookie"], accept="text/html")
    door["pg"].start()

    # The scanner's queue sends the same attempts again.
    retried = _scan(door, door["tokens"][1], during)
    retried_again = _scan(door, door["tokens"][1], during)
    other = _scan(door, door["tokens"][2], also_during)
    first_again = _scan(door, door["tokens"][0], first)

    assert before[0] == 200 and json.loads(before[2])["result"] == "ok"
    for status, headers, body in outage:
        assert status == 503
        assert headers["Content-Type"] == "application/json"
        assert headers["Retry-After"] == "5"
        answer = json.loads(body)
        assert answer["error"] == "unavailable"
        assert answer["retry"] is True
    assert page[0] == 503
    assert "Layanan sedang tidak tersedia" in page[2].decode()
    assert retried[0] == 200 and json.loads(retried[2])["result"] == "ok"
    assert json.loads(retried_again[2])["replayed"] is True
    assert json.loads(other[2])["result"] == "ok"
    assert json.loads(first_again[2])["replayed"] is True
    assert _count(door["url"], "SELECT count(*) FROM participants_checkin") == 3
    assert _count(door["url"], "SELECT count(*) FROM participants_scanlog") == 3
    assert "Internal Server Error" not in door["log"].read_text()
