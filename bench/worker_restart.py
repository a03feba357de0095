"""What a gunicorn worker restart costs, and whether a worker's memory grows
without restarts — the two sides of gunicorn.conf.py's `max_requests`.

1. The CPU of starting a worker: gunicorn (gunicorn.conf.py, one worker) is
   started --starts times; after each start the worker's CPU time once it has
   loaded Django and every view (post_worker_init), then after its first
   pages (templates compiled, catalogues read).
2. Growth: one worker with restarts off (--max-requests 0) serves
   --requests participant pages (My tickets, the ticket page, the PDF ticket,
   an event's public page, cycling through seeded people); its resident
   memory (RSS and PSS) is printed every --every requests.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_bench_x \\
        .venv/bin/python bench/worker_restart.py --requests 12000

The database must exist and be migrated (any `make bench` run leaves it so).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common


def worker_pid(process) -> int:
    pids = common.children(process.pid)
    if len(pids) != 1:
        raise SystemExit(f"expected one worker, found {pids}")
    return pids[0]


def first_pages(client, base: str, person: dict) -> None:
    for path in ("/tickets/", f"/tickets/{person['ticket']}/"):
        response = client.get(base + path, cookies=person["cookies"])
        assert response.status_code == 200, (path, response.status_code)


def start_costs(env: dict, person: dict, starts: int) -> tuple[list[float], list[float]]:
    import httpx

    booted, served = [], []
    for _ in range(starts):
        with common.gunicorn(env, workers=1, threads=4, log="gunicorn-restart.log") as (
            base,
            process,
        ):
            pid = worker_pid(process)
            booted.append(common.cpu_seconds(pid))
            with httpx.Client() as client:
                first_pages(client, base, person)
            served.append(common.cpu_seconds(pid))
    return booted, served


def growth(env: dict, people: list[dict], requests: int, every: int) -> list[tuple]:
    import httpx

    env = {**env, "GUNICORN_CMD_ARGS": "--max-requests 0"}
    rows = []
    with common.gunicorn(env, workers=1, threads=4, log="gunicorn-growth.log") as (
        base,
        process,
    ):
        pid = worker_pid(process)
        with httpx.Client(timeout=30) as client:
            done = 0
            while done < requests:
                person = people[done // 4 % len(people)]
                for path in (
                    "/tickets/",
                    f"/tickets/{person['ticket']}/",
                    f"/tickets/{person['ticket']}/ticket.pdf",
                    "/",
                ):
                    response = client.get(base + path, cookies=person["cookies"])
                    assert response.status_code == 200, (path, response.status_code)
                    done += 1
                    if done % every == 0:
                        rss, pss = common.memory_kib(pid)
                        rows.append((done, rss / 1024, pss / 1024, common.cpu_seconds(pid)))
        if common.children(process.pid) != [pid]:
            raise SystemExit("the worker was restarted during the growth run")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", common.DEFAULT_DATABASE_URL),
    )
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--requests", type=int, default=12000)
    parser.add_argument("--every", type=int, default=1000)
    parser.add_argument("--people", type=int, default=50)
    args = parser.parse_args()
    env = common.server_env(args.database_url)
    common.manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    portal = common.seed(
        env, "portal", "--users", str(args.people), "--code", f"rs{int(time.time())}"
    )
    people = portal["clients"]

    booted, served = start_costs(env, people[0], args.starts)
    rounds = ", ".join(f"{b:.2f}" for b in booted)
    print(
        f"worker start, {args.starts} starts: CPU after loading every view "
        f"median {statistics.median(booted):.2f} s (rounds {rounds}); "
        f"after its first two pages median {statistics.median(served):.2f} s"
    )
    rows = growth(env, people, args.requests, args.every)
    print("one worker without restarts: requests, RSS MiB, PSS MiB, CPU s")
    for done, rss, pss, cpu in rows:
        print(f"  {done:6d}  {rss:7.1f}  {pss:7.1f}  {cpu:7.1f}")


if __name__ == "__main__":
    main()
