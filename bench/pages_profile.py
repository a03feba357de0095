"""CPU per page of the sign-up and the participant portal without
contention: in one process through Django's test client (every middleware,
production settings with DEBUG=0, PostgreSQL with one connection) against
the benchmark database, freshly seeded people (bench/seed.py).

Steps: the three sign-up pages (1 form, 2 submit, 3 ticket), then the
portal's "My tickets", ticket page and PDF ticket, and the certificate of a
finished event (issued on the first download, then read). Prints, per step, the
median CPU of the Django process and the PostgreSQL backend's CPU per
request; with --profile STEP, the top of a cProfile (CPU time) of that step.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_bench_x \\
        .venv/bin/python bench/pages_profile.py --people 200 [--profile "2 submit"]

The database must exist and be migrated (any `make bench` run leaves it so).
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

STEPS = (
    "1 form",
    "2 submit",
    "3 ticket",
    "tickets",
    "ticket page",
    "ticket pdf",
    "certificate (issue)",
    "certificate",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", common.DEFAULT_DATABASE_URL),
    )
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--warm", type=int, default=20, help="people before measuring")
    parser.add_argument("--profile", choices=STEPS)
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--dump", help="with --profile: also write the pstats to this file")
    parser.add_argument(
        "--queries",
        action="store_true",
        help="print the SQL of the first measured request per step",
    )
    args = parser.parse_args()
    env = common.server_env(args.database_url, ALLOWED_HOSTS="testserver", LOG_LEVEL="WARNING")
    code = f"bench-prof-{int(time.time())}"
    total = args.people + args.warm
    signups = common.seed(
        env, "registration", "--users", str(total), "--capacity", str(total // 2), "--code", code
    )
    portal = common.seed(env, "portal", "--users", str(total), "--code", f"{code}-p")
    os.environ.update(env)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    django_ms: dict[str, list[float]] = defaultdict(list)
    postgres_ms: dict[str, list[float]] = defaultdict(list)
    profiler = cProfile.Profile(time.process_time) if args.profile else None

    shown: set[str] = set()

    def timed(step: str, measure: bool, call):
        if args.queries and measure and step not in shown:
            shown.add(step)
            with CaptureQueriesContext(connection) as captured:
                response = call()
            print(f"--- {step}: {len(captured.captured_queries)} queries")
            for query in captured.captured_queries:
                print("   ", query["sql"][:300])
            return response
        pg, py = common.cpu_seconds(backend), time.process_time()
        if profiler and measure and step == args.profile:
            profiler.enable()
            response = call()
            profiler.disable()
        else:
            response = call()
        if measure:
            django_ms[step].append((time.process_time() - py) * 1000)
            postgres_ms[step].append((common.cpu_seconds(backend) - pg) * 1000)
        return response

    # One client (one handler: its middleware are loaded once, as in a
    # worker), carrying each person's cookies in turn.
    shared = Client()

    def signed_in(person: dict) -> Client:
        shared.cookies = SimpleCookie(person["cookies"])
        return shared

    url = f"/events/{signups['event']}/register/"
    for n, person in enumerate(signups["clients"]):
        measure = n >= args.warm
        client = signed_in(person)
        page = timed("1 form", measure, lambda c=client: c.get(url))
        assert page.status_code == 200, page.status_code
        answer = timed(
            "2 submit",
            measure,
            lambda c=client, p=person: c.post(
                url, {**p["form"], "csrfmiddlewaretoken": p["csrf"]}, HTTP_REFERER=url
            ),
        )
        assert answer.status_code == 302, answer.content[:2000]
        ticket = timed("3 ticket", measure, lambda c=client, a=answer: c.get(a["Location"]))
        assert ticket.status_code == 200
    for n, person in enumerate(portal["clients"]):
        measure = n >= args.warm
        client = signed_in(person)
        for step, path in (
            ("tickets", "/tickets/"),
            ("ticket page", f"/tickets/{person['ticket']}/"),
            ("ticket pdf", f"/tickets/{person['ticket']}/ticket.pdf"),
        ):
            response = timed(step, measure, lambda c=client, p=path: c.get(p))
            assert response.status_code == 200, (step, response.status_code)
        # The finished event's certificate (bench/portal.py): the first
        # download issues it (the ticket's button, POST), later ones read it.
        url = f"/tickets/{person['certificate_ticket']}/certificate/"
        for step, call in (
            (
                "certificate (issue)",
                lambda c=client, p=person, u=url: c.post(
                    u, {"csrfmiddlewaretoken": p["csrf"]}, HTTP_REFERER="/tickets/"
                ),
            ),
            ("certificate", lambda c=client, u=url: c.get(u)),
        ):
            response = timed(step, measure, call)
            assert response.status_code == 200, (step, response.status_code)
            assert response.content.startswith(b"%PDF"), step

    print(f"{args.people} people, CPU per request (median Django + mean PostgreSQL), DEBUG=0:")
    for step in STEPS:
        py = statistics.median(django_ms[step])
        pg = statistics.fmean(postgres_ms[step])
        print(f"  {step:19} {py + pg:6.2f} ms  (Django {py:.2f} + PostgreSQL {pg:.2f})")
    if profiler:
        stats = pstats.Stats(profiler)
        if args.dump:
            stats.dump_stats(args.dump)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
