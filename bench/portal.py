"""The participant portal: N signed-in participants (200) at once open their
tickets and certificates under gunicorn + PostgreSQL.

Each participant has two tickets (an event next week, and one that ended
with full attendance and certificate downloads open) and, in a loop until
the time is up, does what people do after an event: "My tickets" (both
tickets with their QR codes), the next event's ticket page, its PDF
ticket, and the certificate of the finished one — the first time with the
page's button (POST: the certificate is issued then, all participants
competing for the event's number counter), later by GET. Between pages a
person reads for a moment (think time).

    .venv/bin/python bench/portal.py                       # 200 people, 30 s
    .venv/bin/python bench/portal.py --users 50 --duration 10 --think 0.5
"""

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, load
from bench.registration import page_ok


def pdf_ok(response) -> tuple[str, bool]:
    if response.headers.get("content-type", "").startswith("application/pdf"):
        return "pdf", response.content.startswith(b"%PDF")
    return "not a PDF", False


async def journey(recorder: load.Recorder, client, person: dict, *, first: bool, think) -> None:
    ticket, finished = person["ticket"], person["certificate_ticket"]
    await recorder.timed("tickets", client.get("/tickets/"), classify=page_ok)
    await think()
    await recorder.timed("ticket page", client.get(f"/tickets/{ticket}/"), classify=page_ok)
    await think()
    await recorder.timed("ticket pdf", client.get(f"/tickets/{ticket}/ticket.pdf"), classify=pdf_ok)
    await think()
    url = f"/tickets/{finished}/certificate/"
    if first:
        request = client.post(
            url, data={"csrfmiddlewaretoken": person["csrf"]}, headers={"Referer": "/tickets/"}
        )
        await recorder.timed("certificate (issue)", request, classify=pdf_ok)
    else:
        await recorder.timed("certificate", client.get(url), classify=pdf_ok)
    await think()


async def run_scenario(
    *,
    base: str,
    data: dict,
    database_url: str,
    gunicorn_pid: int,
    duration: float = 30,
    think: float = 1.0,
) -> dict:
    recorder = load.Recorder()
    people = data["clients"]
    clients = [
        load.client(base, cookies=person["cookies"], connections=2, timeout=60) for person in people
    ]
    rng = random.Random(8072019)
    journeys = []

    async def pause() -> None:
        # 0.5–1.5 × think seconds: people read before the next tap
        await asyncio.sleep(think * (0.5 + rng.random()))

    async def person_loop(index: int) -> None:
        deadline = time.perf_counter() + duration
        first = True
        await asyncio.sleep(rng.random() * min(think, 1.0))  # not all in the same millisecond
        while time.perf_counter() < deadline:
            await journey(recorder, clients[index], people[index], first=first, think=pause)
            journeys.append(index)
            first = False

    started = time.perf_counter()
    try:
        with common.ServerMonitor(gunicorn_pid, database_url) as monitor:
            await asyncio.gather(*(person_loop(n) for n in range(len(people))))
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    result = recorder.summary(time.perf_counter() - started)
    result["users"] = len(people)
    result["journeys"] = len(journeys)
    result["think_s"] = think
    result["server"] = monitor.result
    result["cpu"] = common.cpu_per_request(monitor.result, recorder.requests)
    result["certificates_issued"] = issued_certificates(database_url, data["events"][1])
    return result


def issued_certificates(database_url: str, code: str) -> dict:
    import psycopg

    with psycopg.connect(common.libpq_url(database_url)) as connection:
        row = connection.execute(
            "SELECT count(*), count(DISTINCT c.sequence), count(DISTINCT c.registration_id), "
            "coalesce(max(c.sequence), 0) FROM certificates_certificate c "
            "JOIN bimtek_event e ON e.id = c.event_id WHERE e.code = %s",
            (code,),
        ).fetchone()
    return {
        "certificates": row[0],
        "distinct_numbers": row[1],
        "distinct_people": row[2],
        "highest_number": row[3],
        "no_gaps_no_duplicates": row[0] == row[1] == row[2] == row[3],
    }


def summarise(result: dict) -> str:
    latency = result["latency"]
    return (
        f"participant portal: {result['users']} people, {result['requests']} requests in "
        f"{result['seconds']} s ({result['requests_per_s']}/s), p50/p95/p99 "
        f"{latency['p50_ms']}/{latency['p95_ms']}/{latency['p99_ms']} ms, errors "
        f"{result['errors']}, server CPU {result['cpu'].get('server_cpu_ms')} ms/request, "
        f"certificates {result['certificates_issued']}, peak server RSS "
        f"{common.peak_server_rss(result)} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=common.DEFAULT_DATABASE_URL)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between pages")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    media = common.OUT / "media"
    env = common.server_env(args.database_url, MEDIA_ROOT=str(media))
    machine_at_start = common.machine()
    common.prepare_database(env)
    data = common.seed(env, "portal", "--users", str(args.users))
    with common.gunicorn(env, workers=args.workers, threads=args.threads) as (base, process):
        result = asyncio.run(
            run_scenario(
                base=base,
                data=data,
                database_url=args.database_url,
                gunicorn_pid=process.pid,
                duration=args.duration,
                think=args.think,
            )
        )
    common.report(
        "portal", machine_at_start=machine_at_start, summary=summarise(result), portal=result
    )


if __name__ == "__main__":
    main()
