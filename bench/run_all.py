"""`make bench`: every load and fault scenario against a real server —
gunicorn with gunicorn.conf.py (threaded workers, production settings) and
PostgreSQL on 127.0.0.1, Redis for cache and sessions when BENCH_REDIS_URL
is set — in one run that stops by itself within its time budget.

1. a fresh benchmark database (BENCH_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/bimtek_bench: its name must contain
   "bench"; it is dropped and created), migrated, collected static files;
   a throw-away PostgreSQL of its own for the restart fault (initdb);
2. seeding (bulk inserts): the door, the registration rush, the portal,
   the bulk certificates, the faults;
3. one gunicorn, then in turn: the opening rush of registration (1,000
   sign-ups, 500 seats), the morning rush at the doors (16 scanners, 5,000
   participants: 50 scans/s open loop, then saturation), the participant
   portal (200 people), bulk certificates (10,000, through the worker);
   certificate rendering speed in one process;
4. faults: a worker killed during a bulk run; Redis unavailable; the
   database restarted during a door rush;
5. the figures: printed, bench/out/bench-*.json and bench-*.md, and the
   "Latest `make bench`" section of docs/benchmarks.md rewritten.

    make bench                                      # everything (about 10 minutes)
    make bench BENCH_ARGS="--quick"                 # small sizes, to try the harness
    BENCH_REDIS_URL=redis://127.0.0.1:6379/9 make bench
    .venv/bin/python bench/run_all.py --only registration door --no-docs
"""

import argparse
import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import certificates_server, checkin, common, faults, floor, portal, registration
from bench.report import DOCS, markdown, write_docs
from tests.deploy.pgcluster import ThrowawayPostgres, postgres_bin

SCENARIOS = ("registration", "door", "portal", "bulk", "speed", "faults")

FULL = {
    "door_registrations": 5000,
    "scanners": 16,
    "door_rate": 50,
    "door_duration": 60,
    "saturation_duration": 30,
    "signups": 1000,
    "seats": 500,
    "signup_ramp": 10,
    "portal_users": 200,
    "portal_duration": 30,
    "bulk": 10000,
    "kill_bulk": 1000,
    "kill_at": 300,
    "redis_signups": 100,
    "restart_registrations": 2000,
    "restart_duration": 40,
    "restart_at": 12,
    "restart_outage": 4,
    "speed_count": 200,
    "floor_round": 8,
}
QUICK = {
    **FULL,
    "door_registrations": 600,
    "door_rate": 20,
    "door_duration": 10,
    "saturation_duration": 5,
    "signups": 100,
    "seats": 50,
    "signup_ramp": 2,
    "portal_users": 20,
    "portal_duration": 5,
    "bulk": 300,
    "kill_bulk": 300,
    "kill_at": 100,
    "redis_signups": 40,
    "restart_registrations": 400,
    "restart_duration": 15,
    "restart_at": 5,
    "restart_outage": 3,
    "speed_count": 50,
    "floor_round": 3,
}


class Watchdog:
    """Ends the whole run, and every process it started, when the time
    budget is spent: `make bench` always stops by itself."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.started = time.monotonic()
        self.cleanups: list = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.started)

    def _expire(self) -> None:
        print(f"\nmake bench: time budget of {self.seconds:.0f} s spent; stopping.", flush=True)
        for process in list(common.SPAWNED):
            with contextlib.suppress(OSError):
                if getattr(process, "own_group", False):
                    os.killpg(process.pid, signal.SIGKILL)
                else:
                    process.kill()
        for cleanup in self.cleanups:
            with contextlib.suppress(Exception):
                cleanup()
        os._exit(3)

    def cancel(self) -> None:
        self._timer.cancel()


class LoadSampler:
    """The machine's 1-minute load average every 10 s: how shared it was."""

    def __init__(self):
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            self.samples.append(round(os.getloadavg()[0], 2))
            if self._stop.wait(10):
                return

    def stop(self) -> dict:
        self._stop.set()
        values = self.samples or [0.0]
        return {
            "min": min(values),
            "mean": round(sum(values) / len(values), 2),
            "max": max(values),
            "samples": len(values),
        }


def step(title: str, watchdog: Watchdog) -> None:
    print(f"\n== {title} ({watchdog.left():.0f} s of the budget left)", flush=True)


def certificate_speed(count: int) -> dict:
    """bench/certificates.py speed: PDFs per second per core, one process."""
    result = subprocess.run(
        [common.PYTHON, "bench/certificates.py", "speed", "--count", str(count)],
        cwd=common.ROOT,
        env={key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    single = re.search(r"CPU ([\d.]+) ms each .*?-> (\d+) PDFs/s per core", result.stdout)
    merged = re.search(
        r"merged print PDF: CPU ([\d.]+) ms per page -> (\d+) pages/s", result.stdout
    )
    return {
        "output": lines,
        "cpu_ms_per_pdf": float(single.group(1)) if single else None,
        "pdfs_per_s_per_core": int(single.group(2)) if single else None,
        "cpu_ms_per_merged_page": float(merged.group(1)) if merged else None,
        "merged_pages_per_s_per_core": int(merged.group(2)) if merged else None,
        "errors": 0 if result.returncode == 0 and single else 1,
    }


def run(args) -> dict:
    sizes = QUICK if args.quick else FULL
    only = set(args.only or SCENARIOS)
    watchdog = Watchdog(args.budget)
    load = LoadSampler()
    started = time.monotonic()
    report: dict = {
        "benchmark": "make bench",
        "command": "make bench"
        + (f' BENCH_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else ""),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": common.machine(),
        "sizes": sizes,
        "database": common.database_name(args.database_url),
        "redis": bool(args.redis_url),
        "gunicorn": {"workers": args.workers, "threads": args.threads},
    }
    extra = {"MEDIA_ROOT": str(common.OUT / "media")}
    if args.redis_url:
        extra["REDIS_URL"] = args.redis_url
    env = common.server_env(args.database_url, **extra)

    step("preparing the benchmark database", watchdog)
    common.prepare_database(env)
    pg = None
    if "faults" in only and postgres_bin() is not None:
        pg = ThrowawayPostgres()
        watchdog.cleanups.append(pg.remove)
        pg.init()
        pg.start()
        pg.copy_database(args.database_url, faults.FAULT_DATABASE)  # migrated, still empty

    step("seeding", watchdog)
    seeded = {}
    if "door" in only:
        seeded["door"] = common.seed(
            env,
            "door",
            "--registrations",
            str(sizes["door_registrations"]),
            "--scanners",
            str(sizes["scanners"]),
        )
    if "registration" in only:
        seeded["registration"] = common.seed(
            env, "registration", "--users", str(sizes["signups"]), "--capacity", str(sizes["seats"])
        )
    if "portal" in only:
        seeded["portal"] = common.seed(env, "portal", "--users", str(sizes["portal_users"]))
    if "bulk" in only:
        seeded["bulk"] = common.seed(env, "bulk", "--registrations", str(sizes["bulk"]))
    if "faults" in only:
        seeded["kill"] = common.seed(
            env, "bulk", "--registrations", str(sizes["kill_bulk"]), "--code", "bench-kill"
        )
        seeded["redis"] = common.seed(
            env,
            "registration",
            "--users",
            str(sizes["redis_signups"]),
            "--capacity",
            str(sizes["redis_signups"] // 2),
            "--code",
            "bench-redis",
        )
    report["seeding_s"] = round(time.monotonic() - started, 1)

    server = {"workers": args.workers, "threads": args.threads}
    floor.prepare(args.database_url)
    with (
        common.gunicorn(env, **server) as (base, process),
        common.gunicorn(
            floor.env(env), **server, log="gunicorn-floor.log", app="bench.floor_app"
        ) as (floor_base, floor_process),
    ):
        floors = floor.Floor(
            base=floor_base,
            pid=floor_process.pid,
            database_url=args.database_url,
            tokens=seeded.get("door", {}).get("tokens"),
        )
        measured = [name for name in ("registration", "door", "portal") if name in only]
        if measured:
            step("floor (before)", watchdog)
            floors.round(sizes["floor_round"])
        if "registration" in only:
            step("opening rush of registration", watchdog)
            report["registration"] = asyncio.run(
                registration.run_scenario(
                    base=base,
                    data=seeded["registration"],
                    database_url=args.database_url,
                    gunicorn_pid=process.pid,
                    ramp=sizes["signup_ramp"],
                )
            )
            print(registration.summarise(report["registration"]), flush=True)
            floors.round(sizes["floor_round"])
            report["registration"]["floor"] = floors.adjacent()
        if "door" in only:
            step("morning rush at the doors", watchdog)
            report["door"] = asyncio.run(
                checkin.run_scenario(
                    base=base,
                    data=seeded["door"],
                    database_url=args.database_url,
                    gunicorn_pid=process.pid,
                    clients=sizes["scanners"],
                    rate=sizes["door_rate"],
                    duration=sizes["door_duration"],
                    saturation_duration=sizes["saturation_duration"],
                )
            )
            floors.round(sizes["floor_round"])
            report["door"]["floor"] = floors.adjacent()
        if "portal" in only:
            step("participant portal", watchdog)
            report["portal"] = asyncio.run(
                portal.run_scenario(
                    base=base,
                    data=seeded["portal"],
                    database_url=args.database_url,
                    gunicorn_pid=process.pid,
                    duration=sizes["portal_duration"],
                )
            )
            print(portal.summarise(report["portal"]), flush=True)
            floors.round(sizes["floor_round"])
            report["portal"]["floor"] = floors.adjacent()
        if measured:
            report["floor"] = floors.summary()
        if "bulk" in only:
            step("bulk certificates", watchdog)
            report["bulk"] = asyncio.run(
                certificates_server.server_bulk(
                    base=base,
                    data=seeded["bulk"],
                    env=env,
                    database_url=args.database_url,
                    gunicorn_pid=process.pid,
                    timeout=max(60, watchdog.left() - 120),
                )
            )
            print(certificates_server.summarise_server(report["bulk"]), flush=True)
        if "faults" in only:
            step("fault: a worker killed during a bulk run", watchdog)
            report["fault_worker_killed"] = faults.worker_killed(
                base=base,
                data=seeded["kill"],
                env=env,
                database_url=args.database_url,
                kill_at=sizes["kill_at"],
            )
            print(faults.summarise_kill(report["fault_worker_killed"]), flush=True)
    if "speed" in only:
        step("certificate rendering speed (one process)", watchdog)
        report["speed"] = certificate_speed(sizes["speed_count"])
        print("\n".join(report["speed"]["output"]), flush=True)
    if "faults" in only:
        step("fault: Redis unavailable", watchdog)
        report["fault_redis_down"] = faults.redis_down(
            data=seeded["redis"], database_url=args.database_url
        )
        print(faults.summarise_redis(report["fault_redis_down"]), flush=True)
        if pg is not None:
            step("fault: the database restarted during a door rush", watchdog)
            report["fault_database_restart"] = faults.database_restart(
                template_url=args.database_url,
                pg=pg,
                rate=sizes["door_rate"],
                duration=sizes["restart_duration"],
                outage_at=sizes["restart_at"],
                outage=sizes["restart_outage"],
                registrations=sizes["restart_registrations"],
                clients=sizes["scanners"],
            )
            print(faults.summarise_restart(report["fault_database_restart"]), flush=True)
            pg.remove()
        else:
            print("fault: database restart skipped (no initdb/pg_ctl; set PG_BIN)")
    report["load_average_1m"] = load.stop()
    report["total_s"] = round(time.monotonic() - started, 1)
    watchdog.cancel()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", common.DEFAULT_DATABASE_URL),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", ""))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="small sizes (minutes → one)")
    parser.add_argument("--only", nargs="+", choices=SCENARIOS)
    parser.add_argument("--budget", type=float, default=14.5 * 60, help="seconds, then stop")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args()

    report = run(args)
    text = markdown(report)
    path = common.save("bench", report)
    path.with_suffix(".md").write_text(text)
    print("\n" + text)
    print(f"saved {path.relative_to(common.ROOT)} and {path.with_suffix('.md').name}")
    if not (args.no_docs or args.quick or args.only) and write_docs(text):
        print(f"updated {DOCS.relative_to(common.ROOT)}")
    failures = [
        name
        for name in (
            "registration",
            "bulk",
            "fault_worker_killed",
            "fault_redis_down",
            "fault_database_restart",
        )
        if name in report and not _correct(report[name])
    ]
    if failures:
        print(f"WRONG RESULTS: {', '.join(failures)}")
        raise SystemExit(1)


def _correct(result: dict) -> bool:
    if "database" in result:
        return result["database"]["correct"] and result["errors"] == 0
    if "numbering" in result and "correct" not in result:
        return result["numbering"]["correct"] and result["errors"] == 0
    return bool(result.get("correct"))


if __name__ == "__main__":
    main()
