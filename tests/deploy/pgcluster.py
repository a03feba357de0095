"""A throw-away PostgreSQL server of our own (initdb + pg_ctl in a temporary
folder, on its own port), for fault tests that stop and restart the
database: the shared server on port 5432 is never touched.

Used by tests/deploy/test_database_restart.py and bench/faults.py.
Run as root, the server runs as the ``postgres`` system user (PostgreSQL
refuses to run as root).
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: PG_BIN, pg_config's, or Debian's."""
    candidates = [os.environ.get("PG_BIN", "")]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        candidates.append(
            subprocess.run(
                ["pg_config", "--bindir"], capture_output=True, text=True, check=True
            ).stdout.strip()
        )
    candidates += sorted((str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")), reverse=True)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayPostgres:
    """``with ThrowawayPostgres() as pg:`` — a running server on 127.0.0.1:pg.port
    (trust authentication, user postgres), deleted afterwards."""

    def __init__(self) -> None:
        binaries = postgres_bin()
        if binaries is None:
            raise RuntimeError("initdb and pg_ctl not found (set PG_BIN)")
        self.bin = binaries
        self.port = _free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="bimtek-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.directory, account.pw_uid, account.pw_gid)

    def _run(self, *command: str, timeout: float = 60) -> subprocess.CompletedProcess:
        if self.as_postgres:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=60"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        """``fast``: what a restart does (sessions are ended, a checkpoint is
        written); ``immediate``: like a crash (recovery from the WAL on start)."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def is_running(self) -> bool:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "status")
        except subprocess.CalledProcessError:
            return False
        return True

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def copy_database(self, source_url: str, name: str) -> str:
        """Create ``name`` here with everything of ``source_url`` (pg_dump |
        pg_restore): faster than running the migrations again."""
        target = self.create_database(name)
        dump = subprocess.run(
            [str(self.bin / "pg_dump"), "--format=custom", "--no-owner", source_url],
            capture_output=True,
            check=True,
            timeout=300,
        )
        subprocess.run(
            [str(self.bin / "pg_restore"), "--no-owner", "--dbname", target],
            input=dump.stdout,
            capture_output=True,
            check=True,
            timeout=300,
        )
        return target

    def wait_until_ready(self, seconds: float = 30) -> None:
        import psycopg

        deadline = time.monotonic() + seconds
        while True:
            try:
                psycopg.connect(self.url(), connect_timeout=1).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def remove(self) -> None:
        if self.is_running():
            with contextlib.suppress(subprocess.SubprocessError):
                self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> "ThrowawayPostgres":
        try:
            self.init()
            self.start()
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.remove()
