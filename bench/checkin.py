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
    .venv/bin/python bench/checkin.py --only saturation --saturation-duration 20

Results go to bench/out/checkin-*.json and are printed. `make bench`
(bench/run_all.py) runs the same scenario beside the others.
"""

import argparse
import asyncio
import json
import random
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench import common, load

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
            load.client(
                base,
                cookies=credentials["cookies"],
                headers={
                    "X-CSRFToken": credentials["csrf"],
                    "Accept": "application/json",
                    "Content-Type": "application/json",
                },
                connections=4,
                timeout=30,
            )
        )
    return clients


def scan_body(scan: dict, device: str, client_id: str | None = None) -> dict:
    return {
        **scan,
        "device": device,
        "client_id": client_id or uuid.uuid4().hex,
        "scanned_at": datetime.now(UTC).isoformat(),
    }


RETRIES = 2  # as the scanner page (static/js/scanner/api.js): a lost connection is retried


async def send(
    recorder: load.Recorder,
    client: httpx.AsyncClient,
    body: dict,
    *,
    since: float | None = None,
) -> httpx.Response | None:
    """One scan, sent as the scanner page sends it: a connection that drops
    (a gunicorn worker restarting after its ~2,000 requests closes its idle
    keep-alive connections) is retried with the same client_id, up to twice
    — the API answers a retry once. Only a scan that never got an answer is
    an error; the retries are counted apart. The outcome is the answer's
    ``result`` (ok, already_checked_in…)."""
    started = since if since is not None else time.perf_counter()
    for attempt in range(RETRIES + 1):
        try:
            response = await client.post("/api/v1/checkins/", content=json.dumps(body))
        except httpx.TransportError as exc:
            if attempt == RETRIES:
                recorder.error("scan", type(exc).__name__, time.perf_counter() - started)
                return None
            recorder.outcomes[f"retried after {type(exc).__name__}"] += 1
            await asyncio.sleep(0.3 * (attempt + 1))
            continue
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            recorder.error("scan", f"HTTP {response.status_code}", elapsed)
            return None
        recorder.record("scan", elapsed, response.json()["result"])
        return response
    return None


async def door_rush(clients, plan, *, rate: float) -> dict:
    recorder = load.Recorder()

    async def one(k: int, scan: dict, planned: float) -> None:
        body = scan_body(scan, f"Pintu {k % len(clients)}")
        await send(recorder, clients[k % len(clients)], body, since=planned)

    elapsed = await load.open_loop(plan, one, rate=rate)
    result = recorder.summary(elapsed)
    result["achieved_rate"] = round(len(plan) / elapsed, 1)
    return result


async def saturation(clients, plan, *, duration: float) -> dict:
    recorder = load.Recorder()

    async def one(index: int, scan: dict) -> None:
        await send(recorder, clients[index], scan_body(scan, f"Pintu {index}"))

    elapsed = await load.closed_loop(plan, one, workers=len(clients), duration=duration)
    result = recorder.summary(elapsed)
    result["scans_per_s"] = result["requests_per_s"]
    return result


async def warm_up(clients, data) -> None:
    """Every worker opens its database connection before anything is measured."""
    warm = [{"token": FORGED, "session": data["sessions"][-1]}] * (len(clients) * 4)
    await saturation(clients, warm, duration=3)


def summarise(name: str, result: dict) -> str:
    latency = result["latency"]
    cpu = result.get("cpu", {})
    return (
        f"{name}: {result['requests']} scans, p50/p95/p99 {latency['p50_ms']}/"
        f"{latency['p95_ms']}/{latency['p99_ms']} ms, {result['requests_per_s']}/s, "
        f"errors {result['errors']}, server CPU {cpu.get('server_cpu_ms')} ms/scan, "
        f"peak server RSS {common.peak_server_rss(result)} MiB"
    )


async def run_scenario(
    *,
    base: str,
    data: dict,
    database_url: str,
    gunicorn_pid: int,
    clients: int = 16,
    rate: float = 50,
    duration: float = 60,
    saturation_duration: float = 30,
    only: str | None = None,
) -> dict:
    rng = random.Random(20190708)
    scanners = make_clients(data, base, clients)
    report = {}
    try:
        await warm_up(scanners, data)
        if only in (None, "door-rush"):
            plan = build_plan(data, session_index=0, count=int(rate * duration), rng=rng)
            with common.ServerMonitor(gunicorn_pid, database_url) as monitor:
                result = await door_rush(scanners, plan, rate=rate)
            result["server"] = monitor.result
            result["cpu"] = common.cpu_per_request(monitor.result, result["requests"])
            report["door_rush"] = result
            print(summarise("door rush", result), flush=True)
        if only in (None, "saturation"):
            # Enough first scans for several hundred per second: sessions 2, 3….
            plan = []
            for index in range(1, len(data["sessions"])):
                plan += build_plan(data, session_index=index, count=len(data["tokens"]), rng=rng)
            with common.ServerMonitor(gunicorn_pid, database_url) as monitor:
                result = await saturation(scanners, plan, duration=saturation_duration)
            result["server"] = monitor.result
            result["cpu"] = common.cpu_per_request(monitor.result, result["requests"])
            report["saturation"] = result
            print(summarise("saturation", result), flush=True)
    finally:
        await asyncio.gather(*(client.aclose() for client in scanners))
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=common.DEFAULT_DATABASE_URL)
    parser.add_argument("--registrations", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rate", type=float, default=50, help="door rush: scans per second")
    parser.add_argument("--duration", type=float, default=60, help="door rush: seconds")
    parser.add_argument("--saturation-duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    parser.add_argument("--only", choices=["door-rush", "saturation"])
    args = parser.parse_args()

    env = common.server_env(args.database_url)
    machine_at_start = common.machine()
    print(f"preparing {args.database_url} with {args.registrations} registrations…", flush=True)
    common.prepare_database(env)
    data = common.seed(
        env, "door", "--registrations", str(args.registrations), "--scanners", str(args.clients)
    )

    with common.gunicorn(env, workers=args.workers, threads=args.threads) as (base, process):
        print(f"gunicorn ({args.workers}×{args.threads}) at {base}; measuring…", flush=True)
        report = asyncio.run(
            run_scenario(
                base=base,
                data=data,
                database_url=args.database_url,
                gunicorn_pid=process.pid,
                clients=args.clients,
                rate=args.rate,
                duration=args.duration,
                saturation_duration=args.saturation_duration,
                only=args.only,
            )
        )

    common.report(
        "checkin",
        machine_at_start=machine_at_start,
        settings={
            "registrations": args.registrations,
            "clients": args.clients,
            "rate": args.rate,
            "duration_s": args.duration,
            "saturation_duration_s": args.saturation_duration,
            "gunicorn_workers": args.workers,
            "gunicorn_threads": args.threads,
        },
        **report,
    )


if __name__ == "__main__":
    main()
