"""Helpers for the production-profile tests (docs/deploy.md)."""

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Variables the settings read that must not leak in from the machine running
# the tests (a developer's REDIS_URL, CI's DATABASE_URL…).
PROFILE_VARIABLES = [
    "DEBUG",
    "REQUIRE_MFA_FOR_STAFF",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "CACHE_URL",
    "REDIS_URL",
    "REDIS_TIMEOUT",
    "TASKS_BACKEND",
    "TASKS_REDIS_URL",
    "HEALTH_QUEUE_MAX_AGE",
    "HEALTHZ_TOKEN",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ADDRESSING_STYLE",
    "AWS_LOCATION",
    "AWS_QUERYSTRING_EXPIRE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "TRUSTED_PROXY_COUNT",
    "CERTIFICATE_VERIFY_TRUSTED_PROXIES",
    "LOGIN_CODE_AFTER_FAILURES",
]
TEST_SECRET_KEY = "x7#kq!v2-" + "a9Zr4LmP0sT3wY6bN8cE1fH5jK" * 2
REDIS_TEST_URL = os.environ.get("BIMTEK_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@pytest.fixture
def load_settings(monkeypatch, tmp_path):
    """Execute bimtek/settings.py afresh with the given environment and return
    the module, as a server started with that environment would see it. The
    settings of the running test suite are not touched."""

    def load(**environment: str) -> ModuleType:
        for name in PROFILE_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("SECRET_KEY", TEST_SECRET_KEY)
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'profile.sqlite3'}")
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        spec = importlib.util.spec_from_file_location(
            "bimtek_settings_probe", ROOT / "bimtek" / "settings.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port() -> int:
    return closed_port()


def redis_reachable(url: str = REDIS_TEST_URL) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.exceptions.RedisError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_reachable(), reason=f"needs a Redis server at {REDIS_TEST_URL}"
)


def server_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-like process (DEBUG off) on its own
    SQLite database, without the variables of the machine running the tests."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in PROFILE_VARIABLES and not key.startswith(("DJANGO_", "PYTEST"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "bimtek.settings",
            "DEBUG": "0",
            "SECRET_KEY": TEST_SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'server.sqlite3'}",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "STATIC_ROOT": str(tmp_path / "static"),
            **extra,
        }
    )
    return environment


def manage(*args: str, env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


MONITOR_TOKEN = "monitor-token-for-the-tests"


@pytest.fixture(autouse=True)
def _healthz_monitor(settings):
    """These tests read /healthz as the monitor does: with its token."""
    settings.HEALTHZ_TOKEN = MONITOR_TOKEN


@pytest.fixture
def client(client):
    client.defaults["HTTP_X_HEALTHZ_TOKEN"] = MONITOR_TOKEN
    return client
