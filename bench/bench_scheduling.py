"""Scheduling pages under load of data: does the organiser's event list, the
public event page and the .ics cost the same whatever the number of events
and sessions? Prints medians (ms) and query counts; no assertion.

    .venv/bin/python bench/bench_scheduling.py            # SQLite (a throw-away test DB)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_bench \
        .venv/bin/python bench/bench_scheduling.py
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek.settings_test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)

ROUNDS = 30


def measure(client: Client, url: str) -> tuple[float, int]:
    for _ in range(5):  # warm up (template and URL caches, connection)
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    query_count = len(queries)  # now: the next request empties the log
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), query_count


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from tests.factories import WIB, EventFactory, SessionFactory, organiser_user

        organiser = organiser_user()
        client = Client()
        client.force_login(organiser)

        def add_events(count: int) -> None:
            for _ in range(count):
                event = EventFactory()
                for hour in (8, 10):
                    SessionFactory(
                        event=event,
                        starts_at=dt.datetime.combine(event.start_date, dt.time(hour), tzinfo=WIB),
                        ends_at=dt.datetime.combine(
                            event.start_date, dt.time(hour, 45), tzinfo=WIB
                        ),
                    )

        print(f"database: {connection.vendor}; median of {ROUNDS} requests")
        print("organiser event list (first page of 25)")
        add_events(25)
        small = measure(client, "/organiser/")
        print(f"  25 events:    {small[0]:6.1f} ms, {small[1]} queries")
        add_events(975)
        large = measure(client, "/organiser/")
        ratio = large[0] / small[0]
        print(f"  1000 events:  {large[0]:6.1f} ms, {large[1]} queries  (ratio {ratio:.2f})")

        print("public event page and .ics")
        event = EventFactory()
        day = event.start_date

        def add_sessions(count: int, offset: int) -> None:
            for index in range(offset, offset + count):
                start = dt.datetime.combine(day, dt.time(7), tzinfo=WIB) + dt.timedelta(
                    minutes=20 * index
                )
                SessionFactory(
                    event=event, starts_at=start, ends_at=start + dt.timedelta(minutes=20)
                )

        add_sessions(8, 0)
        page8 = measure(client, event.get_absolute_url())
        ics8 = measure(client, f"/events/{event.code}/agenda.ics")
        add_sessions(32, 8)
        page40 = measure(client, event.get_absolute_url())
        ics40 = measure(client, f"/events/{event.code}/agenda.ics")
        print(f"  page,  8 sessions: {page8[0]:6.1f} ms, {page8[1]} queries")
        print(f"  page, 40 sessions: {page40[0]:6.1f} ms, {page40[1]} queries")
        print(f"  .ics,  8 sessions: {ics8[0]:6.1f} ms, {ics8[1]} queries")
        print(f"  .ics, 40 sessions: {ics40[0]:6.1f} ms, {ics40[1]} queries")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
