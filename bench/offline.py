"""Offline scanning: the roster download for a 5,000-person event (size and
time, whole and incremental) and the sync of 1,000 queued scans (time and
queries per scan), through Django's test client in one process — every
middleware, DRF, the selectors and services — against PostgreSQL with the
production settings. Prints the figures; see docs/benchmarks.md.

    .venv/bin/python bench/offline.py
    .venv/bin/python bench/offline.py --registrations 5000 --scans 1000 --repeat 15

Creates (drops first) the database of --database-url, whose name must
contain "bench".
"""

import argparse
import datetime as dt
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bimtek_offline_bench"
# Transaction control is not a query (as in the tests and docs/checkin.md).
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class QueryCounter:
    """Counts the SQL statements sent, transaction control left out (no
    query log: it stops at 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(TRANSACTION_CONTROL):
            self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


BATCH = 50  # what the scanner sends per request (static/js/scanner/door.js)


def prepare(args) -> dict:
    env = common.server_env(args.database_url)
    common.recreate_database(args.database_url)
    common.manage(env, "migrate", "--no-input", "-v", "0")
    seeded = subprocess.run(
        [common.PYTHON, "bench/seed_checkin.py", str(args.registrations), "3", "4"],
        cwd=common.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(seeded.stdout)


def measure(label: str, repeat: int, call, *, backend: int):
    """Median wall time and CPU (Django process, PostgreSQL backend) of ``call``."""
    walls, pys = [], []
    result = None
    pg0 = common.cpu_seconds(backend)
    for _ in range(repeat):
        py0, wall0 = time.process_time(), time.perf_counter()
        result = call()
        walls.append(time.perf_counter() - wall0)
        pys.append(time.process_time() - py0)
    # /proc counts in 10 ms ticks: the backend's CPU is the mean over the runs.
    pg = (common.cpu_seconds(backend) - pg0) / repeat
    with QueryCounter() as queries:
        call()
    print(
        f"  {label}: median {statistics.median(walls) * 1000:.1f} ms wall, "
        f"Django {statistics.median(pys) * 1000:.1f} ms + PostgreSQL "
        f"{pg * 1000:.1f} ms (mean) CPU, {queries.count} queries "
        f"(runs: {', '.join(f'{w * 1000:.0f}' for w in walls)} ms)"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if args.scans * 2 > args.registrations:
        raise SystemExit("--scans may be at most half of --registrations")
    load = os.getloadavg()[0]
    data = prepare(args)
    os.environ.update(common.server_env(args.database_url, ALLOWED_HOSTS="testserver"))

    # No collected static files here: whitenoise's warning says nothing about this.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from bimtek.models import Event
    from checkin.models import CheckIn
    from participants.models import Participant, Registration, RevokedToken
    from participants.services.registrations import (
        registration_cancel,
        registration_reissue_ticket,
    )

    event = Event.objects.get(code=data["event"])
    sessions = data["sessions"]
    tokens = data["tokens"]
    stewards = list(User.objects.filter(email__startswith="petugas").order_by("pk"))
    client = Client()
    client.force_login(stewards[0])
    url = f"/api/v1/events/{event.code}/roster/"

    # Registrations are made days before the door opens: their change stamps
    # are old (otherwise every roster would repeat them as recent changes).
    past = timezone.now() - dt.timedelta(days=2)
    Registration.objects.update(created_at=past, status_changed_at=past)
    Participant.objects.update(updated_at=past)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def roster(**params):
        response = client.get(url, {"device_id": "bench-1", **params}, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, response.content
        return response

    print(f"offline scanning, {len(tokens)} registrations, PostgreSQL, load average {load:.1f}")
    print("roster download (GET /api/v1/events/<code>/roster/, the whole list)")
    roster()  # warm up
    for checked_in in (0, len(tokens) // 2):
        if checked_in:
            CheckIn.objects.bulk_create(
                CheckIn(
                    registration_id=pk,
                    session_id=sessions[0],
                    checked_in_at=past + dt.timedelta(days=2, minutes=-30),
                    checked_in_by=stewards[1],
                    device="Pintu 2",
                )
                for pk in Registration.objects.order_by("pk").values_list("pk", flat=True)[
                    :checked_in
                ]
            )
            CheckIn.objects.update(recorded_at=past)
        response = measure(f"{checked_in} check-ins known", args.repeat, roster, backend=backend)
        body = gzip.decompress(response.content)
        parsed = json.loads(body)
        print(
            f"    size: {len(body) / 1024:.0f} KiB JSON, {len(response.content) / 1024:.0f} KiB "
            f"gzip; {len(parsed['registrations'])} people, {len(parsed['checkins'])} check-ins, "
            f"{len(parsed['institutions'])} institutions"
        )

    print("incremental refresh (?since=<version>)")
    version = json.loads(gzip.decompress(roster().content))["version"]
    response = measure(
        "nothing changed", args.repeat, lambda: roster(since=version), backend=backend
    )
    print(
        f"    size: {len(gzip.decompress(response.content)) / 1024:.1f} KiB JSON, "
        f"{len(response.content) / 1024:.1f} KiB gzip"
    )
    organiser = User.objects.create_user("panitia@bench.example.org", None)
    changed = list(Registration.objects.order_by("-pk")[:30])
    for registration in changed[:20]:
        registration_cancel(registration=registration, actor=organiser)
    for registration in changed[20:]:
        registration_reissue_ticket(registration=registration, actor=organiser)
    fresh = Registration.objects.order_by("pk").values_list("pk", flat=True)[
        len(tokens) // 2 : len(tokens) // 2 + 50
    ]
    CheckIn.objects.bulk_create(
        CheckIn(
            registration_id=pk,
            session_id=sessions[0],
            checked_in_at=timezone.now(),
            checked_in_by=stewards[2],
            device="Pintu 3",
        )
        for pk in fresh
    )
    response = measure(
        "20 cancelled, 10 reissued, 50 new check-ins at other doors",
        args.repeat,
        lambda: roster(since=version),
        backend=backend,
    )
    parsed = json.loads(gzip.decompress(response.content))
    print(
        f"    size: {len(gzip.decompress(response.content)) / 1024:.1f} KiB JSON, "
        f"{len(response.content) / 1024:.1f} KiB gzip; {len(parsed['registrations'])} people, "
        f"{len(parsed['revoked'])} revoked, {len(parsed['checkins'])} check-ins"
    )
    assert RevokedToken.objects.count() == 10

    # --- sync of queued scans ---------------------------------------------------
    print(f"sync of {args.scans} queued offline scans")
    start = len(tokens) // 2 + 100
    queue_tokens = list(
        Registration.objects.filter(status="approved")
        .order_by("pk")
        .values_list("token", flat=True)[start : start + args.scans]
    )
    scanned = timezone.now() - dt.timedelta(minutes=40)

    def queue(session: int) -> list[dict]:
        return [
            {
                "token": token,
                "session": session,
                "device": "Pintu 1",
                "client_id": uuid.uuid4().hex,
                "scanned_at": (scanned + dt.timedelta(seconds=2 * n)).isoformat(),
                "offline_result": "ok",
            }
            for n, token in enumerate(queue_tokens)
        ]

    def send_batches(items) -> tuple[float, float, float, int]:
        pg0, py0, wall0 = common.cpu_seconds(backend), time.process_time(), time.perf_counter()
        with QueryCounter() as queries:
            for at in range(0, len(items), BATCH):
                response = client.post(
                    "/api/v1/checkins/batch/",
                    json.dumps({"attempts": items[at : at + BATCH]}),
                    content_type="application/json",
                )
                assert response.status_code == 200, response.content
                statuses = {r["status"] for r in response.json()["results"]}
                assert statuses == {200}, statuses
        return (
            time.perf_counter() - wall0,
            time.process_time() - py0,
            common.cpu_seconds(backend) - pg0,
            queries.count,
        )

    def report(label, figures, n):
        wall, py, pg, queries = figures
        print(
            f"  {label}: {wall:.2f} s wall ({wall / n * 1000:.2f} ms per scan), "
            f"Django {py / n * 1000:.2f} + PostgreSQL {pg / n * 1000:.2f} ms CPU per scan, "
            f"{queries / n:.2f} queries per scan"
        )

    # Warm up the paths (imports, prepared statements) on another session.
    send_batches(queue(sessions[3])[:100])
    CheckIn.objects.filter(session_id=sessions[3]).delete()

    items = queue(sessions[1])
    report(f"batches of {BATCH}, first time", send_batches(items), len(items))
    report("the same queue sent again (answers replayed)", send_batches(items), len(items))
    assert CheckIn.objects.filter(session_id=sessions[1]).count() == len(items)

    # Another door admitted the same people online before the queue arrived,
    # later than the offline scans: every queued scan is a recorded clash that
    # moves the check-in back to its time.
    other = Client()
    other.force_login(stewards[1])
    for token in queue_tokens:
        other.post(
            "/api/v1/checkins/",
            json.dumps({"token": token, "session": sessions[2], "client_id": uuid.uuid4().hex}),
            content_type="application/json",
        )
    report(
        "every scan clashing with another door (earlier: replaces the time)",
        send_batches(queue(sessions[2])),
        len(items),
    )

    # One request per queued scan, through the single-scan endpoint.
    single = queue(sessions[3])
    pg0, py0, wall0 = common.cpu_seconds(backend), time.process_time(), time.perf_counter()
    with QueryCounter() as queries:
        for item in single:
            response = client.post(
                "/api/v1/checkins/", json.dumps(item), content_type="application/json"
            )
            assert response.status_code == 200
    report(
        "one request per scan (POST /api/v1/checkins/)",
        (
            time.perf_counter() - wall0,
            time.process_time() - py0,
            common.cpu_seconds(backend) - pg0,
            queries.count,
        ),
        len(single),
    )
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
