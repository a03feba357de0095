"""Fault runs (issue 8, item 4), with a real server, as part of `make bench`:

* ``database_restart``: a door rush (open loop, 16 scanners, 50 scans/s)
  against gunicorn and a PostgreSQL server of our own (initdb in a
  temporary folder, another port: tests/deploy/pgcluster.py), which is
  stopped and started again in the middle. Each simulated scanner behaves
  like the scanner page's offline queue: it keeps a scan that got a 5xx or
  no answer and sends it again every second with the same client_id.
  Checked afterwards: every outage answer was the 503 JSON "retry" answer
  (no 500, no HTML), every scan got its answer in the end, the scan log has
  exactly one row per attempt and the check-ins are exactly the tickets
  scanned — nothing lost, nothing doubled.
* ``worker_killed``: a bulk certificate run started from the organiser's
  page is killed (SIGKILL to the worker's process group) part-way; then
  what systemd does — ``resume_certificate_jobs`` (ExecStartPre) and a new
  worker — completes it: every number once, none missing.
* ``redis_down``: gunicorn with REDIS_URL (cache, sessions) and
  TASKS_BACKEND=rq pointing at a Redis that does not answer: the
  registration rush still works, /healthz says degraded, the e-mails wait
  in the database queue and the worker's fallback sends them.

Standalone: .venv/bin/python bench/faults.py [--only database-restart|worker-killed|redis-down]
"""

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench import certificates_server, checkin, common, load, registration
from tests.deploy.pgcluster import ThrowawayPostgres

FAULT_DATABASE = "bimtek_bench_fault"


# --- the database restarted during the door rush -----------------------------------


async def _scan_until_answered(client, body: dict, *, planned: float, deadline: float, tally):
    """The scanner's queue: send, and on 5xx or no answer send the same scan
    (same client_id, same scanned_at) again a second later."""
    attempts = 0
    while True:
        attempts += 1
        try:
            response = await client.post("/api/v1/checkins/", content=json.dumps(body))
        except httpx.HTTPError as exc:
            tally["no answer (" + type(exc).__name__ + ")"] += 1
        else:
            if response.status_code == 200:
                tally["attempts"] += attempts
                if attempts > 1:
                    tally["scans that needed a retry"] += 1
                    tally["most attempts for one scan"] = max(
                        tally["most attempts for one scan"], attempts
                    )
                return time.perf_counter() - planned, response.json()["result"]
            is_retry_answer = (
                response.status_code == 503
                and response.headers.get("content-type", "").startswith("application/json")
                and response.json().get("retry") is True
            )
            tally["503 retry answers" if is_retry_answer else f"HTTP {response.status_code}"] += 1
        if time.perf_counter() > deadline:
            tally["lost (gave up)"] += 1
            return None, "lost"
        await asyncio.sleep(1.0)


def _fault_checks(url: str, plan: list[dict], client_ids: list[str]) -> dict:
    import psycopg

    expected_checkins = len({scan["token"] for scan in plan} - {checkin.FORGED})
    with psycopg.connect(url) as db:
        logged = db.execute(
            "SELECT count(*), count(DISTINCT client_id) FROM participants_scanlog "
            "WHERE client_id = ANY(%s)",
            (client_ids,),
        ).fetchone()
        checkins = db.execute("SELECT count(*) FROM participants_checkin").fetchone()[0]
    return {
        "scans_planned": len(plan),
        "scan_log_rows": logged[0],
        "scan_log_distinct_client_ids": logged[1],
        "checkins": checkins,
        "checkins_expected": expected_checkins,
        "nothing_lost_nothing_doubled": logged[0] == logged[1] == len(plan)
        and checkins == expected_checkins,
    }


async def _door_rush_with_outage(*, base, data, pg, rate, duration, outage_at, outage, clients):
    scanners = checkin.make_clients(data, base, clients)
    rng = random.Random(8072019)
    plan = checkin.build_plan(data, session_index=0, count=int(rate * duration), rng=rng)
    tally: Counter = Counter()
    tally["most attempts for one scan"] = 1
    latencies, results, client_ids = [], Counter(), []
    outage_window = {}

    async def restart() -> None:
        await asyncio.sleep(outage_at)
        outage_window["stopped_at_s"] = round(time.perf_counter() - started, 1)
        await asyncio.to_thread(pg.stop, "fast")
        await asyncio.sleep(outage)
        await asyncio.to_thread(pg.start)
        outage_window["started_at_s"] = round(time.perf_counter() - started, 1)

    async def one(k: int, scan: dict, planned: float) -> None:
        body = checkin.scan_body(scan, f"Pintu {k % clients}")
        client_ids.append(body["client_id"])
        seconds, result = await _scan_until_answered(
            scanners[k % clients], body, planned=planned, deadline=planned + 60, tally=tally
        )
        results[result] += 1
        if seconds is not None:
            latencies.append(seconds)

    started = time.perf_counter()
    try:
        await checkin.warm_up(scanners, data)
        started = time.perf_counter()
        await asyncio.gather(load.open_loop(plan, one, rate=rate), restart())
    finally:
        await asyncio.gather(*(client.aclose() for client in scanners))
    return plan, client_ids, latencies, results, tally, outage_window


def database_restart(
    *,
    template_url: str,
    rate: float = 50,
    duration: float = 40,
    outage_at: float = 12,
    outage: float = 4,
    registrations: int = 2000,
    clients: int = 16,
    pg: ThrowawayPostgres | None = None,
) -> dict:
    """Copy the migrated ``template_url`` into a throw-away PostgreSQL, seed
    a door there, serve it, and restart that server during the rush."""
    own = pg is None
    pg = pg or ThrowawayPostgres().__enter__()
    try:
        url = pg.copy_database(template_url, FAULT_DATABASE) if own else pg.url(FAULT_DATABASE)
        env = common.server_env(url)
        seed_args = ["--registrations", str(registrations), "--scanners", str(clients)]
        data = common.seed(env, "door", *seed_args, "--sessions", "2", "--code", "bench-fault")
        rush = {"rate": rate, "duration": duration, "outage_at": outage_at, "outage": outage}
        with (
            common.gunicorn(env, workers=2, threads=4, log="gunicorn-fault.log") as (base, process),
            common.ServerMonitor(process.pid, url) as monitor,
        ):
            plan, client_ids, latencies, results, tally, window = asyncio.run(
                _door_rush_with_outage(base=base, data=data, pg=pg, clients=clients, **rush)
            )
        checks = _fault_checks(url, plan, client_ids)
    finally:
        if own:
            pg.remove()
    unexpected = {k: v for k, v in tally.items() if k.startswith("HTTP") or k.startswith("lost")}
    return {
        "scans": len(plan),
        "rate": rate,
        "outage": window,
        "outage_planned_s": outage,
        "latency_until_answered": common.latency_summary(latencies),
        "results": dict(results),
        "answers_during_outage": {k: v for k, v in tally.items() if k != "attempts"},
        "errors": sum(unexpected.values()),
        "error_kinds": unexpected,
        "checks": checks,
        "server": monitor.result,
        "correct": checks["nothing_lost_nothing_doubled"] and not unexpected,
    }


def summarise_restart(result: dict) -> str:
    latency = result["latency_until_answered"]
    answers = result["answers_during_outage"]
    return (
        f"fault, database restarted during the door rush: {result['scans']} scans at "
        f"{result['rate']}/s, PostgreSQL down from {result['outage'].get('stopped_at_s')} s to "
        f"{result['outage'].get('started_at_s')} s; {answers.get('503 retry answers', 0)} "
        f"answers 503 retry, {answers.get('scans that needed a retry', 0)} scans retried "
        f"(at most {answers.get('most attempts for one scan')} attempts), unexpected answers "
        f"{result['errors']}; until answered p50/p95/p99 {latency['p50_ms']}/"
        f"{latency['p95_ms']}/{latency['p99_ms']} ms; scan log {result['checks']['scan_log_rows']}"
        f"/{result['checks']['scans_planned']}, check-ins {result['checks']['checkins']}/"
        f"{result['checks']['checkins_expected']}: "
        f"{'nothing lost, nothing doubled' if result['correct'] else 'WRONG'}"
    )


# --- a worker killed during a bulk certificate run --------------------------------


async def _kill_and_resume(*, base, data, env, database_url, kill_at: int) -> dict:
    recorder = load.Recorder()
    person = data["clients"][0]
    organiser = load.client(base, cookies=person["cookies"], connections=2, timeout=120)
    organiser.csrf = person["csrf"]
    code = data["event"]
    worker = certificates_server.start_worker(env, "worker-kill-1.log")
    report: dict = {}
    try:
        first = await certificates_server.bulk_job(
            organiser=organiser,
            code=code,
            database_url=database_url,
            output="pdf",
            recorder=recorder,
            poll_every=0.3,
            timeout=300,
            stop_when=lambda status: status["issued"] >= kill_at or status["finished"],
        )
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        killed_job = first["job"]
        report["issued_before_kill"] = certificates_server.numbering(database_url, code)[
            "certificates"
        ]
        status_url = f"/organiser/events/{code}/certificates/jobs/{killed_job}/"
        answer = await organiser.get(status_url)
        report["status_after_kill"] = answer.json()["status"]
        # What the systemd unit does when the worker restarts.
        started = time.perf_counter()
        resumed = subprocess.run(
            [common.PYTHON, "manage.py", "resume_certificate_jobs"],
            cwd=common.ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        report["resume_command"] = resumed.stdout.strip()
        worker = certificates_server.start_worker(env, "worker-kill-2.log")
        new_job = certificates_server.job_rows(database_url, code)[-1]["id"]
        status = {}
        deadline = time.perf_counter() + 300
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.5)
            answer = await recorder.timed(
                "progress poll",
                organiser.get(f"/organiser/events/{code}/certificates/jobs/{new_job}/"),
            )
            if answer is not None:
                status = answer.json()
                if status["finished"]:
                    break
        report["completed_in_s"] = round(time.perf_counter() - started, 1)
        report["final_status"] = status.get("status")
    finally:
        await organiser.aclose()
        common.stop_process(worker, timeout=30)
    report["numbering"] = certificates_server.numbering(database_url, code)
    report["jobs"] = certificates_server.job_rows(database_url, code)
    report["errors"] = recorder.summary(1)["errors"]
    report["correct"] = (
        report["numbering"]["correct"]
        and report["status_after_kill"] == "interrupted"
        and report["final_status"] == "done"
        and [job["status"] for job in report["jobs"]] == ["failed", "done"]
    )
    return report


def worker_killed(*, base, data, env, database_url, kill_at: int = 300) -> dict:
    return asyncio.run(
        _kill_and_resume(base=base, data=data, env=env, database_url=database_url, kill_at=kill_at)
    )


def summarise_kill(result: dict) -> str:
    numbering = result["numbering"]
    return (
        f"fault, worker killed during a bulk run of {numbering['registrations']}: killed with "
        f"{result['issued_before_kill']} issued; status then '{result['status_after_kill']}'; "
        f"resume_certificate_jobs + new worker completed it in {result['completed_in_s']} s; "
        f"{numbering['certificates']} certificates, numbers 1–{numbering['highest_number']}: "
        f"{'each once, none missing' if result['correct'] else 'WRONG'}"
    )


# --- Redis unavailable -------------------------------------------------------------


def redis_down(*, data, database_url: str, ramp: float = 3) -> dict:
    """Registration rush with REDIS_URL and TASKS_BACKEND=rq on a dead Redis."""
    import psycopg

    dead = f"redis://127.0.0.1:{common.free_port()}/8"
    env = common.server_env(database_url, REDIS_URL=dead, TASKS_BACKEND="rq")
    with common.gunicorn(env, workers=2, threads=4, log="gunicorn-redis.log") as (base, process):
        result = asyncio.run(
            registration.run_scenario(
                base=base,
                data=data,
                database_url=database_url,
                gunicorn_pid=process.pid,
                ramp=ramp,
            )
        )
        health = httpx.get(f"{base}/healthz", timeout=10).json()
    with psycopg.connect(common.libpq_url(database_url)) as db:
        waiting = db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE backend_name = 'fallback' AND status = 'READY'"
        ).fetchone()[0]
    worker = subprocess.run(
        [common.PYTHON, "manage.py", "run_worker", "--burst"],
        cwd=common.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    with psycopg.connect(common.libpq_url(database_url)) as db:
        done = dict(
            db.execute(
                "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE backend_name = 'fallback' GROUP BY status"
            ).fetchall()
        )
    result.update(
        {
            "health": health["status"],
            "emails_waiting_in_database": waiting,
            "fallback_tasks_after_worker": done,
            "worker_exit": worker.returncode,
        }
    )
    result["correct"] = (
        result["database"]["correct"]
        and result["errors"] == 0
        and health["status"] == "degraded"
        and waiting > 0
        and set(done) == {"SUCCESSFUL"}
    )
    return result


def summarise_redis(result: dict) -> str:
    latency = result["latency_by_step"].get("sign-up (all three)", {})
    return (
        f"fault, Redis unavailable (cache, sessions and task queue): {result['sign_ups']} "
        f"sign-ups, errors {result['errors']}, {result['database']['statuses']}, sign-up "
        f"p50/p95 {latency.get('p50_ms')}/{latency.get('p95_ms')} ms; /healthz "
        f"{result['health']}; {result['emails_waiting_in_database']} e-mail tasks waited in "
        f"the database, then the worker's fallback ran them: "
        f"{result['fallback_tasks_after_worker']}: {'correct' if result['correct'] else 'WRONG'}"
    )


# --- standalone -------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=common.DEFAULT_DATABASE_URL)
    parser.add_argument(
        "--only", choices=["database-restart", "worker-killed", "redis-down"], default=None
    )
    args = parser.parse_args()
    media = common.OUT / "media"
    env = common.server_env(args.database_url, MEDIA_ROOT=str(media))
    common.prepare_database(env)
    report = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": common.machine()}
    if args.only in (None, "database-restart"):
        report["database_restart"] = database_restart(template_url=args.database_url)
        print(summarise_restart(report["database_restart"]), flush=True)
    if args.only in (None, "worker-killed"):
        data = common.seed(env, "bulk", "--registrations", "1000", "--code", "bench-kill")
        with common.gunicorn(env, workers=2, threads=4) as (base, _process):
            report["worker_killed"] = worker_killed(
                base=base, data=data, env=env, database_url=args.database_url
            )
        print(summarise_kill(report["worker_killed"]), flush=True)
    if args.only in (None, "redis-down"):
        data = common.seed(
            env, "registration", "--users", "100", "--capacity", "50", "--code", "bench-redis"
        )
        report["redis_down"] = redis_down(data=data, database_url=args.database_url)
        print(summarise_redis(report["redis_down"]), flush=True)
    path = common.save("faults", report)
    print(f"saved {path.relative_to(common.ROOT)}")


if __name__ == "__main__":
    main()
