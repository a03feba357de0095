"""Rate limits hold across processes: two server processes (gunicorn
workers, or machines) share one count, in the database cache by default or
in Redis (docs/security.md)."""

import pytest
import redis

from tests.deploy.conftest import manage, server_environment

REDIS_RATE_LIMIT_URL = "redis://127.0.0.1:6379/7"

# One "worker": four verifications from the same client behind nginx; prints
# how many were allowed.
WORKER = """
from django.test import RequestFactory
from certificates.ratelimit import allow
request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
print(sum(allow(request, scope="cross-process", limit=6, window=3600) for _ in range(4)))
"""


def _two_workers(environment) -> list[str]:
    answers = []
    for _ in range(2):
        result = manage("shell", "-c", WORKER, env=environment)
        assert result.returncode == 0, result.stderr
        answers.append(result.stdout.strip().splitlines()[-1])
    return answers


def test_database_cache_shares_limits_between_processes(tmp_path):
    environment = server_environment(tmp_path, TRUSTED_PROXY_COUNT="1")
    migrated = manage("migrate", "--no-input", env=environment)
    assert migrated.returncode == 0, migrated.stderr

    assert _two_workers(environment) == ["4", "2"]


def test_redis_shares_limits_between_processes(tmp_path):
    try:
        redis.Redis.from_url(REDIS_RATE_LIMIT_URL, socket_connect_timeout=1).flushdb()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    environment = server_environment(
        tmp_path, TRUSTED_PROXY_COUNT="1", REDIS_URL=REDIS_RATE_LIMIT_URL
    )

    assert _two_workers(environment) == ["4", "2"]
