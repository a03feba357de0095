"""Pieces every Bimtek benchmark needs: a fresh PostgreSQL database, the app
under gunicorn, CPU time of the server processes read from /proc, and
latency statistics. Used by bench/checkin.py; later scenarios reuse them.

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
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
OUT = ROOT / "bench" / "out"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off), plain HTTP on localhost."""
    env = dict(os.environ)
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
            "LOG_LEVEL": "WARNING",
            # Keep each worker's connection for the whole run, so its backend's
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


def recreate_database(database_url: str) -> None:
    """Drop and create the benchmark database (never the test or dev one)."""
    import psycopg

    database_url = libpq_url(database_url)
    name = urlsplit(database_url).path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: a benchmark database name contains 'bench'")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int, threads: int = 1) -> Iterator[tuple]:
    """Serve the app; yields (base URL, process) once it answers."""
    port = free_port()
    command = [
        GUNICORN,
        "bimtek.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--backlog",
        "256",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start")
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


# --- CPU time from /proc ------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(FileNotFoundError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def postgres_backends(database_url: str) -> list[int]:
    """PIDs of the PostgreSQL backends serving the benchmark database (other
    work on the shared server is not counted)."""
    import psycopg

    database_url = libpq_url(database_url)
    name = urlsplit(database_url).path.lstrip("/")
    with psycopg.connect(database_url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return [row[0] for row in rows]


@dataclass
class CpuMeter:
    """CPU seconds spent by gunicorn (master and workers) and by the PostgreSQL
    backends of the benchmark database between start() and stop()."""

    gunicorn_pid: int
    database_url: str
    before: dict[int, float] = field(default_factory=dict)
    result: dict[str, float] = field(default_factory=dict)

    def _pids(self) -> tuple[list[int], list[int]]:
        workers = [self.gunicorn_pid, *children(self.gunicorn_pid)]
        return workers, postgres_backends(self.database_url)

    def start(self) -> None:
        workers, backends = self._pids()
        self.before = {pid: cpu_seconds(pid) for pid in workers + backends}
        self.client_before = time.process_time()

    def stop(self) -> dict[str, float]:
        workers, backends = self._pids()

        def spent(pids):
            return sum(max(cpu_seconds(pid) - self.before.get(pid, 0.0), 0.0) for pid in pids)

        self.result = {
            "gunicorn_cpu_s": spent(workers),
            "postgres_cpu_s": spent(backends),
            "load_generator_cpu_s": time.process_time() - self.client_before,
        }
        return self.result


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
