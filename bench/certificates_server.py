"""The bulk certificate job as production runs it (`bench/certificates.py
server`, and `make bench`): an event with N eligible participants in a
PostgreSQL benchmark database, gunicorn, the task worker (``manage.py
run_worker``, the database queue), and what the organiser does: "Issue and
download all" (POST), the page's progress polling (GET every 1.5 s) until the
file is ready, then the download. The fault run (bench/faults.py) kills this
worker mid-job and checks the numbering afterwards.
"""

import asyncio
import subprocess
import time
from pathlib import Path

from bench import common, load


def start_worker(env: dict[str, str], log_name: str) -> subprocess.Popen:
    """``manage.py run_worker`` for the certificates queue, in its own process
    group (so a fault run can kill it and every child at once)."""
    with (common.OUT / log_name).open("w") as log:
        process = subprocess.Popen(
            [common.PYTHON, "manage.py", "run_worker", "--queues", "certificates"],
            cwd=common.ROOT,
            env={**env, "LOG_LEVEL": "WARNING"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    process.own_group = True
    common.SPAWNED.append(process)
    return process


def peak_hwm_mib(pid: int) -> float:
    """A live process's own peak resident memory (VmHWM)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def job_rows(database_url: str, code: str) -> list[dict]:
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(common.libpq_url(database_url), row_factory=dict_row) as connection:
        return connection.execute(
            "SELECT j.id, j.status, j.total, j.processed, j.issued, j.error, j.file_size "
            "FROM certificates_certificatejob j JOIN bimtek_event e ON e.id = j.event_id "
            "WHERE e.code = %s ORDER BY j.id",
            (code,),
        ).fetchall()


def numbering(database_url: str, code: str) -> dict:
    """Certificates of the event: no duplicate and no missing number, one
    valid certificate per registration."""
    import psycopg

    with psycopg.connect(common.libpq_url(database_url)) as connection:
        row = connection.execute(
            "SELECT count(*), count(DISTINCT c.sequence), count(DISTINCT c.number), "
            "count(DISTINCT c.registration_id), coalesce(max(c.sequence), 0), "
            "(SELECT count(*) FROM participants_registration r WHERE r.event_id = e.id) "
            "FROM certificates_certificate c JOIN bimtek_event e ON e.id = c.event_id "
            "WHERE e.code = %s AND c.revoked_at IS NULL GROUP BY e.id",
            (code,),
        ).fetchone() or (0, 0, 0, 0, 0, 0)
    count, sequences, numbers, people, highest, registrations = row
    return {
        "certificates": count,
        "registrations": registrations,
        "highest_number": highest,
        "correct": count == sequences == numbers == people == highest == registrations,
    }


async def bulk_job(
    *,
    organiser,
    code: str,
    database_url: str,
    output: str,
    recorder,
    poll_every: float = 1.5,
    timeout: float = 600,
    stop_when=None,
) -> dict:
    """Start a bulk run from the list page and poll it as the page does.
    ``stop_when(status)`` ends the polling early (a fault run kills the
    worker then). Returns the job's last status and the timeline."""
    from bench.registration import page_ok

    base_url = f"/organiser/events/{code}/certificates/"
    await recorder.timed("list page", organiser.get(base_url), classify=page_ok)
    started = time.perf_counter()
    response = await recorder.timed(
        "start (POST)",
        organiser.post(
            base_url + "jobs/",
            data={"output": output, "csrfmiddlewaretoken": organiser.csrf},
            headers={"Referer": base_url},
        ),
        expect=(302,),
    )
    if response is None:
        return {"error": "the bulk run did not start"}
    job_id = job_rows(database_url, code)[-1]["id"]
    status: dict = {}
    issued_at = None
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        await asyncio.sleep(poll_every)
        answer = await recorder.timed("progress poll", organiser.get(f"{base_url}jobs/{job_id}/"))
        if answer is None:
            continue
        status = answer.json()
        if issued_at is None and status["total"]:
            issued_at = time.perf_counter() - started
        if stop_when and stop_when(status):
            break
        if status["finished"]:
            break
    seconds = time.perf_counter() - started
    timeline = {"job": job_id, "seconds": round(seconds, 1), "status": status}
    if issued_at is not None:
        timeline["issue_phase_s"] = round(issued_at, 1)
    return timeline


async def server_bulk(
    *,
    base: str,
    data: dict,
    env: dict,
    database_url: str,
    gunicorn_pid: int,
    output: str = "pdf",
    timeout: float = 600,
) -> dict:
    """The bulk run of ``data`` (bench/seed.py bulk) through the organiser's
    page and a real worker; figures for docs/benchmarks.md."""
    recorder = load.Recorder()
    person = data["clients"][0]
    organiser = load.client(base, cookies=person["cookies"], connections=2, timeout=120)
    organiser.csrf = person["csrf"]
    worker = start_worker(env, "worker-bulk.log")
    try:
        with common.ServerMonitor(gunicorn_pid, database_url) as monitor:
            monitor.watch(worker.pid, "worker")
            timeline = await bulk_job(
                organiser=organiser,
                code=data["event"],
                database_url=database_url,
                output=output,
                recorder=recorder,
                timeout=timeout,
            )
            worker_peak = peak_hwm_mib(worker.pid)
            if timeline.get("status", {}).get("download_url"):
                started = time.perf_counter()
                size = 0
                async with organiser.stream("GET", timeline["status"]["download_url"]) as answer:
                    async for chunk in answer.aiter_bytes():
                        size += len(chunk)
                recorder.record("download", time.perf_counter() - started, "download 200")
                timeline["download_mib"] = round(size / 1024 / 1024, 1)
    finally:
        await organiser.aclose()
        common.stop_process(worker, timeout=30)
    result = recorder.summary(timeline.get("seconds", 0) or 1)
    total = data["registrations"]
    result.update(
        {
            "certificates": total,
            "output": output,
            "timeline": timeline,
            "certificates_per_s": round(total / timeline["seconds"], 1)
            if timeline.get("seconds")
            else None,
            "worker_peak_rss_mib": worker_peak,
            "server": monitor.result,
            "numbering": numbering(database_url, data["event"]),
            "jobs": job_rows(database_url, data["event"]),
        }
    )
    if timeline.get("status", {}).get("status") != "done":
        result["errors"] += 1
        result["error_samples"].append(f"the job ended as {timeline.get('status')}")
    return result


def summarise_server(result: dict) -> str:
    poll = result["latency_by_step"].get("progress poll", {})
    timeline = result["timeline"]
    return (
        f"bulk certificates: {result['certificates']} in {timeline.get('seconds')} s "
        f"({result['certificates_per_s']}/s; issuing {timeline.get('issue_phase_s')} s), "
        f"{result['output']} {timeline.get('download_mib')} MiB, progress polls p50/p95/p99 "
        f"{poll.get('p50_ms')}/{poll.get('p95_ms')}/{poll.get('p99_ms')} ms, errors "
        f"{result['errors']}, numbers {'correct' if result['numbering']['correct'] else 'WRONG'}"
        f", worker peak RSS {result['worker_peak_rss_mib']} MiB, peak server RSS "
        f"{common.peak_server_rss(result)} MiB"
    )


def server(args) -> None:
    media = common.OUT / "media"
    env = common.server_env(args.database_url, MEDIA_ROOT=str(media))
    machine_at_start = common.machine()
    common.prepare_database(env)
    data = common.seed(env, "bulk", "--registrations", str(args.registrations))
    with common.gunicorn(env, workers=2, threads=4) as (base, process):
        result = asyncio.run(
            server_bulk(
                base=base,
                data=data,
                env=env,
                database_url=args.database_url,
                gunicorn_pid=process.pid,
                output=args.output,
            )
        )
    common.report(
        "certificates-server",
        machine_at_start=machine_at_start,
        summary=summarise_server(result),
        bulk=result,
    )
