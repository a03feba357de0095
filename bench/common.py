"""Pieces every Bimtek benchmark needs: a fresh PostgreSQL database, the app
under gunicorn (gunicorn.conf.py, production settings), CPU time and memory
of the server processes read from /proc, seeding in the server's
environment, and latency statistics. Used by bench/checkin.py,
bench/registration.py, bench/portal.py, bench/certificates.py (server),
bench/faults.py and bench/run_all.py (`make bench`).

Nothing here is imported by the application.
"""

import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
OUT = ROOT / "bench" / "out"
# Collected static files for DEBUG=0 pages (hashed names); kept between runs.
STATIC_ROOT = OUT / "static"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# Long-running processes started by the benchmarks (servers, workers), so
# that `make bench` can stop them all when its time budget is spent.
SPAWNED: list[subprocess.Popen] = []
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bimtek_bench"


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off), plain HTTP on localhost."""
    env = {
        key: value
        for key, value in os.environ.items()
        # the machine's own settings must not leak into the server
        if key not in ("REDIS_URL", "CACHE_URL", "TASKS_BACKEND", "TASKS_REDIS_URL")
    }
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdefghij",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            # Production logs: one JSON line per request (~0.5 ms of CPU a
            # request), into bench/out/gunicorn*.log. BENCH_LOG_LEVEL=WARNING
            # leaves them out (as the first check-in measurements did).
            "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "INFO"),
            "EMAIL_URL": "dummymail://",
            "STATIC_ROOT": str(STATIC_ROOT),
            # Keep each thread's connection for the whole run, so its backend's
            # CPU time can be read before and after.
            "CONN_MAX_AGE": "3600",
            "DJANGO_SETTINGS_MODULE": "bimtek.settings",
        }
    )
    env.update(extra)
    return env


def libpq_url(database_url: str) -> str:
    """The URL without Django's options (e.g. ?server_side_binding=true)."""
    return database_url.split("?", 1)[0]


def database_name(database_url: str) -> str:
    return urlsplit(libpq_url(database_url)).path.lstrip("/")


def admin_url(database_url: str) -> str:
    return libpq_url(database_url).rsplit("/", 1)[0] + "/postgres"


def recreate_database(database_url: str) -> None:
    """Drop and create the benchmark database (never the test or dev one)."""
    import psycopg

    name = database_name(database_url)
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: a benchmark database name contains 'bench'")
    with psycopg.connect(admin_url(database_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    import psycopg

    name = database_name(database_url)
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}")
    with psycopg.connect(admin_url(database_url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=timeout)


def prepare_database(env: dict[str, str]) -> None:
    """A fresh, migrated benchmark database and the collected static files
    that pages need with DEBUG off."""
    recreate_database(env["DATABASE_URL"])
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")


def seed(env: dict[str, str], scenario: str, *args: str, timeout: float = 600) -> dict:
    """Run bench/seed.py <scenario> in the server's environment; its JSON."""
    result = subprocess.run(
        [PYTHON, "bench/seed.py", scenario, *args],
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"seeding {scenario} failed")
    return json.loads(result.stdout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen | None = None, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    workers: int,
    threads: int,
    log: str = "gunicorn.log",
    app: str = "bimtek.wsgi",
) -> Iterator[tuple]:
    """Serve the app as production does (gunicorn.conf.py: threaded workers,
    restarts after ~2,000 requests); yields (base URL, process) once it
    answers. Its log (JSON lines, warnings and errors) goes to bench/out/<log>.
    ``app`` is the WSGI module served (the floor: bench.floor_app)."""
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": str(threads),
        "GUNICORN_LOG_LEVEL": "warning",
    }
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / log).open("w") as output:
        process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", app],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    SPAWNED.append(process)
    try:
        wait_for_port(port, process=process)
        wait_for_workers(process, workers)
        yield f"http://127.0.0.1:{port}", process
    finally:
        stop_process(process, timeout=35)


def wait_for_workers(process: subprocess.Popen, workers: int, *, seconds: float = 60) -> None:
    """The master listens before its workers have loaded the app: keep-alive
    connections opened then all land on the first worker that is ready, and
    stay there (one core for the whole run). Wait until every worker has
    booted — forked, and done with Django's setup (its CPU time has stopped
    growing fast)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pids = children(process.pid)
        if len(pids) >= workers:
            before = {pid: cpu_seconds(pid) for pid in pids}
            time.sleep(0.5)
            if all(cpu_seconds(pid) - before[pid] < 0.05 for pid in pids):
                return
        else:
            time.sleep(0.2)
    raise SystemExit("gunicorn's workers did not boot")


def stop_process(process: subprocess.Popen, *, timeout: float = 15) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# --- CPU and memory from /proc ---------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) if it is gone. RSS counts
    shared pages (forked workers, PostgreSQL's shared buffers) in every
    process; PSS splits them between the processes sharing them."""
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
                break
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return 0, 0
    return rss, pss


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def process_tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        if Path(f"/proc/{current}").exists():
            found.append(current)
            todo += children(current)
    return found


class PostgresBackends:
    """PIDs of the PostgreSQL backends serving one database (other work on
    the shared server is not counted), asked through one connection to the
    server's ``postgres`` database."""

    def __init__(self, database_url: str):
        import psycopg

        self.name = database_name(database_url)
        self.connection = psycopg.connect(admin_url(database_url), autocommit=True)

    def pids(self) -> list[int]:
        try:
            rows = self.connection.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.name,)
            ).fetchall()
        except Exception:  # the server restarts (fault runs): no backends to count
            self.reconnect()
            return []
        return [row[0] for row in rows]

    def reconnect(self) -> None:
        import psycopg

        with contextlib.suppress(Exception):
            self.connection.close()
        with contextlib.suppress(Exception):
            self.connection = psycopg.connect(
                self.connection.info.dsn, autocommit=True, connect_timeout=1
            )

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.connection.close()


@dataclass
class _Seen:
    group: str
    first_cpu: float
    last_cpu: float


@dataclass
class ServerMonitor:
    """Samples, every ``interval`` seconds while running, the processes that
    serve the benchmark: gunicorn (master and workers, including workers
    that restart), the PostgreSQL backends of the benchmark database, and
    any extra process (the task worker). Reports CPU seconds spent per group
    and the peak memory: the largest sum of RSS (and of PSS) seen at once.

    Processes that exist when it starts count from their CPU time then;
    processes born later count from zero; a process that exits between two
    samples loses at most one interval of CPU."""

    gunicorn_pid: int | None
    database_url: str
    interval: float = 0.2
    extra: dict[int, str] = field(default_factory=dict)
    seen: dict[int, _Seen] = field(default_factory=dict)
    peak: dict[str, dict[str, float]] = field(default_factory=dict)
    samples: int = 0

    def _groups(self) -> dict[int, str]:
        groups: dict[int, str] = {}
        if self.gunicorn_pid:
            groups.update(dict.fromkeys(process_tree(self.gunicorn_pid), "gunicorn"))
        groups.update(dict.fromkeys(self._backends.pids(), "postgres"))
        for pid, group in list(self.extra.items()):
            groups.update(dict.fromkeys(process_tree(pid), group))
        return groups

    def watch(self, pid: int, group: str) -> None:
        """Count another process (and its children) from now on."""
        self.extra[pid] = group

    def _sample(self, *, first: bool = False) -> None:
        totals: dict[str, list[int]] = {}
        for pid, group in self._groups().items():
            cpu = cpu_seconds(pid)
            if pid not in self.seen:
                self.seen[pid] = _Seen(group, cpu if first else 0.0, cpu)
            elif cpu:
                self.seen[pid].last_cpu = cpu
            rss, pss = memory_kib(pid)
            total = totals.setdefault(group, [0, 0])
            total[0] += rss
            total[1] += pss
        # "server": gunicorn and PostgreSQL together, what the brief asks for.
        server = [
            sum(totals.get(group, [0, 0])[i] for group in ("gunicorn", "postgres")) for i in (0, 1)
        ]
        for group, (rss, pss) in [*totals.items(), ("server", server)]:
            peak = self.peak.setdefault(group, {"rss_mib": 0.0, "pss_mib": 0.0})
            peak["rss_mib"] = max(peak["rss_mib"], rss / 1024)
            peak["pss_mib"] = max(peak["pss_mib"], pss / 1024)
        self.samples += 1

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            with contextlib.suppress(Exception):
                self._sample()

    def start(self) -> "ServerMonitor":
        self._backends = PostgresBackends(self.database_url)
        self._stop = threading.Event()
        self._sample(first=True)
        self.client_cpu = time.process_time()
        self.started = time.perf_counter()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join(timeout=5)
        with contextlib.suppress(Exception):
            self._sample()
        self._backends.close()
        cpu: dict[str, float] = {}
        for item in self.seen.values():
            cpu[item.group] = cpu.get(item.group, 0.0) + max(item.last_cpu - item.first_cpu, 0.0)
        # gunicorn's processes one by one: are both workers busy, or one?
        gunicorn_processes = sorted(
            (round(max(item.last_cpu - item.first_cpu, 0.0), 2), pid)
            for pid, item in self.seen.items()
            if item.group == "gunicorn"
        )
        return {
            "cpu_s": {group: round(value, 2) for group, value in sorted(cpu.items())},
            "gunicorn_cpu_s_by_process": [value for value, _pid in reversed(gunicorn_processes)],
            "load_generator_cpu_s": round(time.process_time() - self.client_cpu, 2),
            "peak_memory_mib": {
                group: {key: round(value, 1) for key, value in figures.items()}
                for group, figures in sorted(self.peak.items())
            },
            "memory_samples": self.samples,
            "seconds": round(time.perf_counter() - self.started, 1),
        }

    def __enter__(self) -> "ServerMonitor":
        return self.start()

    def __exit__(self, *exc) -> None:
        if not self._stop.is_set():
            self.result = self.stop()


def cpu_per_request(monitor_result: dict, requests: int) -> dict:
    """Server CPU (gunicorn + PostgreSQL backends) per request, in ms."""
    cpu = monitor_result["cpu_s"]
    server = cpu.get("gunicorn", 0.0) + cpu.get("postgres", 0.0)
    if not requests:
        return {}
    return {
        "server_cpu_ms": round(1000 * server / requests, 2),
        "gunicorn_cpu_ms": round(1000 * cpu.get("gunicorn", 0.0) / requests, 2),
        "postgres_cpu_ms": round(1000 * cpu.get("postgres", 0.0) / requests, 2),
        "load_generator_cpu_ms": round(1000 * monitor_result["load_generator_cpu_s"] / requests, 2),
    }


def peak_server_rss(result: dict) -> float | None:
    """The peak RSS of gunicorn and the PostgreSQL backends together, MiB."""
    return result["server"]["peak_memory_mib"].get("server", {}).get("rss_mib")


# --- statistics -----------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def latency_summary(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "count": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2) if ms else float("nan"),
        "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
    }


def machine() -> dict:
    """The machine, and how busy it is now (the 1-minute load average)."""
    return {
        "cpus": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "python": sys.version.split()[0],
    }


def save(name: str, data: dict) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(data, indent=2, default=str))
    return path


def report(name: str, *, machine_at_start: dict, summary: str = "", **results) -> Path:
    """Save a standalone benchmark's results as JSON under bench/out/ with the
    command and the machine, print them (and ``summary``) and say where."""
    data = {
        "benchmark": name,
        "command": " ".join(sys.argv),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_at_start,
        "load_average_1m_at_end": machine()["load_average_1m"],
        **results,
    }
    path = save(name, data)
    print(json.dumps(data, indent=2, default=str))
    if summary:
        print(summary)
    print(f"saved {path.relative_to(ROOT)}")
    return path
