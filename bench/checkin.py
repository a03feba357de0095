"""Check-in at the door under gunicorn + PostgreSQL (design brief quality bars).

Two runs against one event of N approved registrations (5,000 by default):

* door-rush (open loop): R scans per second spread over C scanner clients for
  D seconds; each scan is sent at its planned time whether or not earlier
  ones have been answered, and its latency is measured from that planned
  time (what the scanner sees; no coordinated omission). Mix: mostly first
  scans, some re-scans and forged codes, as at a real door.
* saturation (closed loop): C clients scanning back to back; scans per
  second, and CPU per scan of gunicorn plus the PostgreSQL backends of the
  benchmark database (from /proc), besides the load generator's own CPU.

Each client is one signed-in door steward sending what the scanner page
sends (session cookie + CSRF header, JSON with client_id and scanned_at).

    .venv/bin/python bench/checkin.py                # both runs, defaults below
    .venv/bin/python bench/checkin.py --only saturation --duration 20

Results go to bench/out/checkin-*.json and are printed.
"""

import argparse
import asyncio
import json
import random
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench import common

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bimtek_checkin_bench"
FORGED = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def build_plan(data: dict, *, session_index: int, count: int, rng: random.Random) -> list[dict]:
    """The scans of one run: first scans of distinct tickets, with 8 % re-scans
    of tickets already scanned and 2 % forged codes mixed in."""
    session = data["sessions"][session_index]
    tokens = list(data["tokens"])
    rng.shuffle(tokens)
    fresh = iter(tokens)
    scanned: list[str] = []
    plan = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.02:
            token = FORGED
        elif roll < 0.10 and scanned:
            token = rng.choice(scanned)
        else:
            token = next(fresh, None) or rng.choice(tokens)
            scanned.append(token)
        plan.append({"token": token, "session": session})
    return plan


def make_clients(data: dict, base: str, count: int) -> list[httpx.AsyncClient]:
    clients = []
    for n in range(count):
        credentials = data["clients"][n % len(data["clients"])]
        clients.append(
            httpx.AsyncClient(
                base_url=base,
                cookies=credentials["cookies"],
                headers={
                    "X-CSRFToken": credentials["csrf"],
                    "Accept": "application/json",
                    "Content-Type": "application/json",
                },
                limits=httpx.Limits(max_connections=4, max_keepalive_connections=4),
                timeout=30,
            )
        )
    return clients


async def send(client: httpx.AsyncClient, scan: dict, device: str) -> tuple[int, str]:
    body = {
        **scan,
        "device": device,
        "client_id": uuid.uuid4().hex,
        "scanned_at": datetime.now(UTC).isoformat(),
    }
    response = await client.post("/api/v1/checkins/", content=json.dumps(body))
    if response.status_code != 200:
        return response.status_code, ""
    return 200, response.json()["result"]


async def open_loop(clients, plan, *, rate: float) -> dict:
    """Send scan k at start + k/rate, by client k mod C, without waiting."""
    latencies: list[float] = []
    results: Counter = Counter()
    start = time.perf_counter() + 0.5

    async def one(k: int, scan: dict) -> None:
        planned = start + k / rate
        delay = planned - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        client = clients[k % len(clients)]
        try:
            status, result = await send(client, scan, f"Pintu {k % len(clients)}")
        except httpx.HTTPError as exc:
            status, result = 0, type(exc).__name__
        latencies.append(time.perf_counter() - planned)
        results[result if status == 200 else f"HTTP {status} {result}".strip()] += 1

    await asyncio.gather(*(one(k, scan) for k, scan in enumerate(plan)))
    elapsed = time.perf_counter() - start
    return {
        "latency": common.latency_summary(latencies),
        "results": dict(results),
        "achieved_rate": round(len(plan) / elapsed, 1),
    }


async def closed_loop(clients, plan, *, duration: float) -> dict:
    """Each client scans back to back until the time is up."""
    latencies: list[float] = []
    results: Counter = Counter()
    queue = iter(plan)
    deadline = time.perf_counter() + duration

    async def scanner(index: int) -> None:
        client = clients[index]
        while time.perf_counter() < deadline:
            scan = next(queue, None)
            if scan is None:
                return
            sent = time.perf_counter()
            try:
                status, result = await send(client, scan, f"Pintu {index}")
            except httpx.HTTPError as exc:
                status, result = 0, type(exc).__name__
            latencies.append(time.perf_counter() - sent)
            results[result if status == 200 else f"HTTP {status} {result}".strip()] += 1

    start = time.perf_counter()
    await asyncio.gather(*(scanner(n) for n in range(len(clients))))
    elapsed = time.perf_counter() - start
    return {
        "scans": len(latencies),
        "seconds": round(elapsed, 2),
        "scans_per_s": round(len(latencies) / elapsed, 1),
        "latency": common.latency_summary(latencies),
        "results": dict(results),
    }


async def warm_up(clients, data) -> None:
    """Every worker opens its database connection before anything is measured."""
    warm = [{"token": FORGED, "session": data["sessions"][-1]}] * (len(clients) * 4)
    await closed_loop(clients, warm, duration=3)


def per_scan(cpu: dict, scans: int) -> dict:
    server = cpu["gunicorn_cpu_s"] + cpu["postgres_cpu_s"]
    return {
        **{k: round(v, 2) for k, v in cpu.items()},
        "server_cpu_ms_per_scan": round(1000 * server / scans, 2) if scans else None,
        "gunicorn_cpu_ms_per_scan": round(1000 * cpu["gunicorn_cpu_s"] / scans, 2),
        "postgres_cpu_ms_per_scan": round(1000 * cpu["postgres_cpu_s"] / scans, 2),
        "load_generator_cpu_ms_per_scan": round(1000 * cpu["load_generator_cpu_s"] / scans, 2),
    }


async def run(args, data, base, gunicorn_pid) -> dict:
    rng = random.Random(20190708)
    clients = make_clients(data, base, args.clients)
    report = {}
    try:
        await warm_up(clients, data)
        if args.only in (None, "door-rush"):
            plan = build_plan(data, session_index=0, count=int(args.rate * args.duration), rng=rng)
            meter = common.CpuMeter(gunicorn_pid, args.database_url)
            meter.start()
            result = await open_loop(clients, plan, rate=args.rate)
            result["cpu"] = per_scan(meter.stop(), len(plan))
            report["door_rush"] = result
        if args.only in (None, "saturation"):
            # Enough first scans for several hundred per second: sessions 2, 3….
            plan = []
            for index in range(1, len(data["sessions"])):
                plan += build_plan(data, session_index=index, count=len(data["tokens"]), rng=rng)
            meter = common.CpuMeter(gunicorn_pid, args.database_url)
            meter.start()
            result = await closed_loop(clients, plan, duration=args.saturation_duration)
            result["cpu"] = per_scan(meter.stop(), result["scans"])
            report["saturation"] = result
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rate", type=float, default=50, help="door rush: scans per second")
    parser.add_argument("--duration", type=float, default=60, help="door rush: seconds")
    parser.add_argument("--saturation-duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per worker (>1: gthread, keep-alive)"
    )
    parser.add_argument("--only", choices=["door-rush", "saturation"])
    args = parser.parse_args()

    env = common.server_env(args.database_url)
    machine_at_start = common.machine()
    print(f"preparing {args.database_url} with {args.registrations} registrations…", flush=True)
    common.recreate_database(args.database_url)
    common.manage(env, "migrate", "--no-input", "-v", "0")
    seeded = subprocess.run(
        [common.PYTHON, "bench/seed_checkin.py", str(args.registrations), str(args.clients), "4"],
        cwd=common.ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(seeded.stdout)

    with common.gunicorn(env, workers=args.workers, threads=args.threads) as (base, process):
        print(f"gunicorn ({args.workers}×{args.threads}) at {base}; measuring…", flush=True)
        report = asyncio.run(run(args, data, base, process.pid))

    summary = {
        "benchmark": "checkin",
        "command": " ".join(sys.argv),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_at_start,
        "load_average_1m_at_end": common.machine()["load_average_1m"],
        "settings": {
            "registrations": args.registrations,
            "clients": args.clients,
            "rate": args.rate,
            "duration_s": args.duration,
            "saturation_duration_s": args.saturation_duration,
            "gunicorn_workers": args.workers,
            "gunicorn_threads": args.threads,
        },
        **report,
    }
    path = common.save("checkin", summary)
    print(json.dumps(summary, indent=2))
    print(f"saved {path.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
