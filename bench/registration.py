"""The opening rush of registration: N signed-in people (1,000) sign up
through the real registration page for an event with C seats (500), all
within a few seconds of the opening, under gunicorn + PostgreSQL.

Each person does what a browser does: opens the form (GET), sends it filled
in (POST, with the CSRF token; expects the redirect to their ticket) and
opens the ticket page it leads to. Arrivals are an open loop (person k
starts at k/rate seconds, ramp R seconds for everyone), so a slow server
makes the queue grow instead of slowing the arrivals.

Must end with exactly C approved and N - C waitlisted, one registration per
person, and no error page: the benchmark checks the database afterwards and
counts any other answer as an error.

    .venv/bin/python bench/registration.py                 # 1,000 people, 500 seats
    .venv/bin/python bench/registration.py --users 200 --capacity 100 --ramp 5
"""

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common, load

ERROR_MARKERS = ("Terjadi kesalahan pada server", "Server error")


def page_ok(response) -> tuple[str, bool]:
    text = response.text
    if any(marker in text for marker in ERROR_MARKERS):
        return "error page", False
    return f"page {response.status_code}", True


def submitted(response) -> tuple[str, bool]:
    """The form must redirect to the ticket; a form shown again means it was refused."""
    if response.status_code == 302 and "/tickets/" in response.headers.get("location", ""):
        return "registered", True
    return "form refused", False


async def sign_up(recorder: load.Recorder, client, *, code: str, form: dict, csrf: str) -> bool:
    url = f"/events/{code}/register/"
    started = time.perf_counter()
    page = await recorder.timed("1 form", client.get(url), classify=page_ok)
    if page is None:
        return False
    answer = await recorder.timed(
        "2 submit",
        client.post(url, data={**form, "csrfmiddlewaretoken": csrf}, headers={"Referer": url}),
        expect=(302, 200),
        classify=submitted,
    )
    if answer is None:
        return False
    ticket = await recorder.timed(
        "3 ticket", client.get(answer.headers["location"]), classify=page_ok
    )
    if ticket is None:
        return False
    recorder.latencies["sign-up (all three)"].append(time.perf_counter() - started)
    return True


def check_database(database_url: str, *, code: str, capacity: int, users: int) -> dict:
    """What the organiser would see afterwards."""
    import psycopg

    with psycopg.connect(common.libpq_url(database_url)) as connection:
        statuses = dict(
            connection.execute(
                "SELECT r.status, count(*) FROM participants_registration r "
                "JOIN bimtek_event e ON e.id = r.event_id WHERE e.code = %s GROUP BY r.status",
                (code,),
            ).fetchall()
        )
        people = connection.execute(
            "SELECT count(DISTINCT r.participant_id), count(*) FROM participants_registration r "
            "JOIN bimtek_event e ON e.id = r.event_id WHERE e.code = %s",
            (code,),
        ).fetchone()
    expected = {"approved": capacity, "waitlisted": users - capacity}
    return {
        "statuses": statuses,
        "registrations": people[1],
        "distinct_people": people[0],
        "expected": expected,
        "correct": statuses == expected and people[0] == people[1] == users,
    }


async def run_scenario(
    *, base: str, data: dict, database_url: str, gunicorn_pid: int, ramp: float = 10
) -> dict:
    recorder = load.Recorder()
    people = data["clients"]
    clients = [
        load.client(base, cookies=person["cookies"], connections=1, timeout=120)
        for person in people
    ]
    rate = len(people) / ramp if ramp > 0 else 10_000.0
    done = []

    async def one(k: int, person: dict, planned: float) -> None:
        ok = await sign_up(
            recorder, clients[k], code=data["event"], form=person["form"], csrf=person["csrf"]
        )
        done.append(ok)

    try:
        with common.ServerMonitor(gunicorn_pid, database_url) as monitor:
            elapsed = await load.open_loop(people, one, rate=rate)
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))
    result = recorder.summary(elapsed)
    result["sign_ups"] = sum(done)
    result["sign_ups_per_s"] = round(sum(done) / elapsed, 1)
    result["arrival_rate_per_s"] = round(rate, 1)
    result["server"] = monitor.result
    result["cpu"] = common.cpu_per_request(monitor.result, recorder.requests)
    result["cpu_per_sign_up_ms"] = round(
        1000
        * (monitor.result["cpu_s"].get("gunicorn", 0) + monitor.result["cpu_s"].get("postgres", 0))
        / max(len(people), 1),
        2,
    )
    result["database"] = check_database(
        database_url, code=data["event"], capacity=data["capacity"], users=len(people)
    )
    return result


def summarise(result: dict) -> str:
    latency = result["latency_by_step"].get("sign-up (all three)", {})
    return (
        f"registration rush: {result['sign_ups']} sign-ups in {result['seconds']} s "
        f"({result['sign_ups_per_s']}/s), whole sign-up p50/p95/p99 "
        f"{latency.get('p50_ms')}/{latency.get('p95_ms')}/{latency.get('p99_ms')} ms, "
        f"errors {result['errors']}, result {result['database']['statuses']} "
        f"({'correct' if result['database']['correct'] else 'WRONG'}), "
        f"server CPU {result['cpu_per_sign_up_ms']} ms per sign-up, peak server RSS "
        f"{common.peak_server_rss(result)} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=common.DEFAULT_DATABASE_URL)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--capacity", type=int, default=500)
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which people arrive")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()

    env = common.server_env(args.database_url)
    machine_at_start = common.machine()
    common.prepare_database(env)
    data = common.seed(
        env, "registration", "--users", str(args.users), "--capacity", str(args.capacity)
    )
    with common.gunicorn(env, workers=args.workers, threads=args.threads) as (base, process):
        result = asyncio.run(
            run_scenario(
                base=base,
                data=data,
                database_url=args.database_url,
                gunicorn_pid=process.pid,
                ramp=args.ramp,
            )
        )
    common.report(
        "registration",
        machine_at_start=machine_at_start,
        summary=summarise(result),
        registration_rush=result,
    )


if __name__ == "__main__":
    main()
