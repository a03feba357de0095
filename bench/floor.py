"""The floor of the stack, measured in the same run as the product: the
minimal apps of bench/floor_app.py under the same gunicorn settings
(gunicorn.conf.py, same workers and threads), loaded by the same clients.

* scan floor: 16 clients posting the scanner's JSON back to back; the
  server's CPU (gunicorn + the PostgreSQL backends of the benchmark
  database, from /proc) per scan.
* page floor: 16 clients each opening a small Django page with a form,
  sending it back (CSRF checked, validated, redirected) and opening the
  page it leads to; the server's CPU per page.

The machine is shared, so one figure means little: ``make bench`` measures
a floor round before and after every product scenario (alternating), and
reports each product figure as a ratio to the floor around it (the mean of
the rounds just before and just after it); the median of all rounds is
printed too.

    .venv/bin/python bench/run_all.py --only door registration --quick --no-docs
"""

import asyncio
import json
import random
import statistics
import string
import uuid
from datetime import UTC, datetime

from bench import common, load

CLIENTS = 16


def prepare(database_url: str) -> None:
    """The floor's own table in the benchmark database, empty."""
    import psycopg

    with psycopg.connect(common.libpq_url(database_url), autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bench_floor_scan (client_id text PRIMARY KEY, "
            "token text NOT NULL, session_id integer NOT NULL, scanned_at timestamptz NOT NULL)"
        )
        connection.execute("TRUNCATE bench_floor_scan")


def env(product_env: dict[str, str]) -> dict[str, str]:
    return {**product_env, "DJANGO_SETTINGS_MODULE": "bench.floor_settings"}


def _token(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(32))


class Floor:
    """Rounds of the two floors against one running floor server; each round
    is kept, and ``summary`` gives their medians."""

    def __init__(self, *, base: str, pid: int, database_url: str, tokens: list[str] | None):
        self.base, self.pid, self.database_url = base, pid, database_url
        self.tokens = tokens or []
        self.rng = random.Random(1170)
        self.scan_rounds: list[dict] = []
        self.page_rounds: list[dict] = []

    def _measure(self, coroutine_factory) -> dict:
        with common.ServerMonitor(self.pid, self.database_url) as monitor:
            recorder, elapsed = asyncio.run(coroutine_factory())
        result = recorder.summary(elapsed)
        cpu = common.cpu_per_request(monitor.result, recorder.requests)
        return {
            "requests": result["requests"],
            "requests_per_s": result["requests_per_s"],
            "errors": result["errors"],
            **cpu,
        }

    def scan_round(self, duration: float) -> dict:
        async def run():
            recorder = load.Recorder()
            clients = [
                load.client(self.base, headers={"Content-Type": "application/json"}, connections=4)
                for _ in range(CLIENTS)
            ]
            tokens = self.tokens or [_token(self.rng) for _ in range(1000)]
            plan = [self.rng.choice(tokens) for _ in range(200_000)]

            async def one(index: int, token: str) -> None:
                body = {
                    "token": token,
                    "session": 1,
                    "device": f"Pintu {index}",
                    "client_id": uuid.uuid4().hex,
                    "scanned_at": datetime.now(UTC).isoformat(),
                }
                await recorder.timed(
                    "floor scan", clients[index].post("/scan/", content=json.dumps(body))
                )

            try:
                elapsed = await load.closed_loop(plan, one, workers=CLIENTS, duration=duration)
            finally:
                await asyncio.gather(*(client.aclose() for client in clients))
            return recorder, elapsed

        result = self._measure(run)
        self.scan_rounds.append(result)
        return result

    def page_round(self, duration: float) -> dict:
        form = {
            "name": "Siti Rahayu",
            "email": "siti@example.org",
            "phone": "081234567890",
            "institution": "Dinas Pendidikan Kota Bandung",
            "agree": "on",
        }

        async def run():
            recorder = load.Recorder()
            clients = [load.client(self.base, connections=1) for _ in range(CLIENTS)]

            async def one(index: int, _item) -> None:
                client = clients[index]
                page = await recorder.timed("floor form", client.get("/page/"))
                if page is None:
                    return
                csrf = client.cookies.get("csrftoken", "")
                answer = await recorder.timed(
                    "floor submit",
                    client.post(
                        "/page/",
                        data={**form, "csrfmiddlewaretoken": csrf},
                        headers={"Referer": f"{self.base}/page/"},
                    ),
                    expect=(302,),
                )
                if answer is not None:
                    await recorder.timed("floor page", client.get(answer.headers["location"]))

            try:
                elapsed = await load.closed_loop(
                    range(100_000), one, workers=CLIENTS, duration=duration
                )
            finally:
                await asyncio.gather(*(client.aclose() for client in clients))
            return recorder, elapsed

        result = self._measure(run)
        self.page_rounds.append(result)
        return result

    def round(self, duration: float) -> None:
        scan = self.scan_round(duration)
        page = self.page_round(duration)
        print(
            f"floor round: scan {scan['server_cpu_ms']} ms CPU ({scan['requests_per_s']}/s), "
            f"page {page['server_cpu_ms']} ms CPU ({page['requests_per_s']}/s), errors "
            f"{scan['errors'] + page['errors']}",
            flush=True,
        )

    def adjacent(self) -> dict:
        """The floor around the scenario just measured: the mean of the round
        before it and the round after it (the machine's load drifts; the
        rounds next to a scenario say most about its conditions)."""

        def mean(rounds: list[dict]) -> float | None:
            values = [r["server_cpu_ms"] for r in rounds[-2:] if r.get("server_cpu_ms")]
            return round(statistics.fmean(values), 2) if values else None

        return {"scan_cpu_ms": mean(self.scan_rounds), "page_cpu_ms": mean(self.page_rounds)}

    def summary(self) -> dict:
        def median(rounds: list[dict], key: str):
            values = [r[key] for r in rounds if r.get(key) is not None]
            return round(statistics.median(values), 2) if values else None

        return {
            "scan_cpu_ms": median(self.scan_rounds, "server_cpu_ms"),
            "scan_gunicorn_cpu_ms": median(self.scan_rounds, "gunicorn_cpu_ms"),
            "scan_postgres_cpu_ms": median(self.scan_rounds, "postgres_cpu_ms"),
            "page_cpu_ms": median(self.page_rounds, "server_cpu_ms"),
            "scan_rounds": self.scan_rounds,
            "page_rounds": self.page_rounds,
            "errors": sum(r["errors"] for r in self.scan_rounds + self.page_rounds),
        }


def ratio(value: float | None, floor: float | None) -> float | None:
    if not value or not floor:
        return None
    return round(value / floor, 1)
