"""A hall checking itself in: 150 participants open the projector's code on
their phones within 60 seconds (open loop: each leaves at its planned time
whether or not the others were answered), against the app under gunicorn
(production settings, PostgreSQL). Each phone does what a real one does: the
code's URL (checked in, sent on) and the answer page. Reports p50/p95/p99 of
the check-in and of the pair, the errors, and the server's CPU (gunicorn +
PostgreSQL) per self check-in.

    .venv/bin/python bench/selfcheckin_load.py --people 150 --seconds 60
"""

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, load

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bimtek_selfcheckin_load_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--people", type=int, default=150)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args()
    # Production's limits: 150 phones behind one address stay under 600 a minute.
    env = common.server_env(args.database_url)
    common.prepare_database(env)
    os.environ.update({**env, "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"})

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from bench.selfcheckin import seed
    from checkin.models import CheckIn
    from checkin.selfcodes import projector_code

    (_door, session), _steward, users, _tokens = seed(args.people)
    cookies = []
    for user in users:
        signing_in = Client()
        signing_in.force_login(user)
        cookies.append(signing_in.cookies["sessionid"].value)
    connection.close()

    with common.gunicorn(env, workers=args.workers, threads=args.threads) as (base, process):
        recorder = load.Recorder()
        clients = [load.client(base, cookies={"sessionid": value}) for value in cookies]

        def answered(response):
            ok = 'data-result="ok"' in response.text
            return ("answer ok" if ok else "answer not ok"), ok

        async def phone(k: int, client, planned: float) -> None:
            path = projector_code(session_id=session.pk, rotation_seconds=10).path
            response = await recorder.timed("check-in", client.get(path), expect=(302,))
            if response is None:
                return
            await recorder.timed(
                "answer page",
                client.get(response.headers["location"]),
                classify=answered,
            )
            # What the participant waits, from the moment they scanned.
            recorder.latencies["check-in and answer"].append(time.perf_counter() - planned)

        async def run() -> float:
            try:
                return await load.open_loop(clients, phone, rate=args.people / args.seconds)
            finally:
                await asyncio.gather(*(client.aclose() for client in clients))

        with common.ServerMonitor(process.pid, args.database_url) as monitor:
            elapsed = asyncio.run(run())
        result = recorder.summary(elapsed)
        cpu = common.cpu_per_request(monitor.result, args.people)
    admitted = CheckIn.objects.filter(session=session, method="self").count()
    connection.close()
    print(
        json.dumps(
            {
                "people": args.people,
                "seconds": args.seconds,
                "gunicorn": f"{args.workers}x{args.threads}",
                "checked_in": admitted,
                "errors": result["errors"],
                "error_samples": result["error_samples"],
                "latency_by_step": result["latency_by_step"],
                "server_cpu_per_self_checkin_ms": cpu,
            },
            indent=2,
        )
    )
    common.drop_database(args.database_url)


if __name__ == "__main__":
    main()
