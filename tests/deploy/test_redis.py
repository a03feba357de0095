"""Redis as cache and session store, and the site without it (docs/deploy.md)."""

import logging

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import override_settings

from bimtek import cache as resilient
from tests import factories
from tests.deploy.conftest import REDIS_TEST_URL, closed_port, needs_redis

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_outages():
    resilient._retry_at.clear()
    resilient._failing.clear()
    yield
    resilient._retry_at.clear()
    resilient._failing.clear()


@pytest.fixture
def redis_profile(load_settings):
    """Apply the cache and session settings that REDIS_URL=<url> produces."""

    def apply(url: str):
        profile = load_settings(REDIS_URL=url)
        return override_settings(
            CACHES=profile.CACHES,
            SESSION_ENGINE=profile.SESSION_ENGINE,
            SESSION_CACHE_ALIAS=profile.SESSION_CACHE_ALIAS,
        )

    return apply


def _log_in(client, user) -> None:
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": factories.DEFAULT_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:500]


def test_site_keeps_serving_when_redis_is_down(client, redis_profile, caplog):
    user = factories.participant_user(email="siti@example.org")
    down = f"redis://127.0.0.1:{closed_port()}/5"

    with redis_profile(down), caplog.at_level(logging.WARNING, logger="bimtek.cache"):
        home = client.get("/")
        _log_in(client, user)  # allauth's rate limit needs a working cache
        tickets = client.get("/tickets/")
        health = client.get("/healthz")

    assert home.status_code == 200
    assert tickets.status_code == 200
    assert tickets.wsgi_request.user == user
    # The session lives in the database, where every app server finds it.
    assert Session.objects.count() == 1
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"] == {
        "status": "degraded",
        "duration_ms": body["checks"]["cache"]["duration_ms"],
        "backend": "redis",
        "fallback": "LocMemCache",
    }
    # The outage is logged once, not once per cache call.
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(warnings) == 1


def test_logout_while_redis_is_down_ends_the_session_everywhere(client, redis_profile):
    user = factories.participant_user()
    down = f"redis://127.0.0.1:{closed_port()}/5"

    with redis_profile(down):
        _log_in(client, user)
        session_key = client.cookies["sessionid"].value
        client.post("/accounts/logout/")
        # Another browser presenting the old cookie is not signed in: no
        # process kept a copy of the session.
        other = client.__class__()
        other.cookies["sessionid"] = session_key
        response = other.get("/tickets/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_fallback_cache_answers_while_redis_is_unreachable():
    location = f"redis://127.0.0.1:{closed_port()}/5"
    cache = resilient.ResilientRedisCache(
        location,
        {"OPTIONS": {"FALLBACK": "django.core.cache.backends.locmem.LocMemCache"}},
    )

    assert cache.add("lock", True) is True
    assert cache.add("lock", True) is False  # a lock still locks
    cache.set("figure", 41)
    assert cache.incr("figure") == 42
    assert cache.get_many(["figure", "missing"]) == {"figure": 42}
    assert cache.redis_available is False


def test_unreachable_redis_is_not_retried_on_every_call(monkeypatch):
    location = f"redis://127.0.0.1:{closed_port()}/5"
    cache = resilient.ResilientRedisCache(location, {"OPTIONS": {"RETRY_AFTER": 60}})
    attempts = []
    original = resilient.RedisCache.get

    def counting_get(self, *args, **kwargs):
        attempts.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(resilient.RedisCache, "get", counting_get)

    for _ in range(5):
        assert cache.get("anything") is None

    assert len(attempts) == 1


@needs_redis
def test_sessions_and_cache_live_in_redis_when_it_answers(client, redis_profile):
    server = redis.Redis.from_url(REDIS_TEST_URL)
    user = factories.participant_user()

    with redis_profile(REDIS_TEST_URL):
        caches["default"].set("greeting", "selamat pagi")
        _log_in(client, user)
        session_key = client.cookies["sessionid"].value
        health = client.get("/healthz").json()
        cached = caches["default"].get("greeting")
        session_cached = server.keys(f"bimtek-session:*{session_key}")

    try:
        assert cached == "selamat pagi"
        assert session_cached, "the session is cached in Redis"
        assert Session.objects.filter(session_key=session_key).exists()  # and kept in the database
        assert health["status"] == "ok"
        assert health["checks"]["cache"]["status"] == "ok"
    finally:
        for pattern in ("bimtek:*", "bimtek-session:*"):
            for key in server.scan_iter(pattern):
                server.delete(key)


@needs_redis
def test_cache_goes_back_to_redis_when_it_answers_again(caplog):
    cache = resilient.ResilientRedisCache(
        REDIS_TEST_URL,
        {
            "KEY_PREFIX": "bimtek-test",
            "OPTIONS": {"FALLBACK": "django.core.cache.backends.locmem.LocMemCache"},
        },
    )
    cache._mark_down(redis.exceptions.ConnectionError("simulated outage"))
    cache.fallback.set("stale", "from memory")
    assert cache.get("stale") == "from memory"

    resilient._retry_at[REDIS_TEST_URL] = 0.0  # the retry delay has passed
    with caplog.at_level(logging.WARNING, logger="bimtek.cache"):
        cache.set("fresh", "from redis")
        value = cache.get("fresh")
    cache.delete("fresh")

    assert value == "from redis"
    assert cache.redis_available
    assert "reachable again" in caplog.text


# --- the task queue on Redis (TASKS_BACKEND=rq) while Redis is down ----------------


@pytest.fixture
def rq_down(load_settings):
    """TASKS_BACKEND=rq with a Redis that does not answer."""
    from bimtek import tasks_backends

    tasks_backends.reset()
    profile = load_settings(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/9", TASKS_BACKEND="rq")
    with override_settings(TASKS=profile.TASKS, RQ_QUEUES=profile.RQ_QUEUES, RQ=profile.RQ):
        yield profile
    tasks_backends.reset()


def test_registration_while_the_queue_is_down_succeeds_and_its_email_waits_in_the_database(
    client, rq_down, django_capture_on_commit_callbacks, caplog
):
    from django_tasks_db.models import DBTaskResult

    from participants.models import Registration

    event = factories.EventFactory()
    institution = factories.InstitutionFactory()
    client.force_login(factories.participant_user())
    form = {
        "full_name": "Siti Rahmawati",
        "employment": "non_asn",
        "institution": institution.pk,
        "phone": "0812-3456-7890",
        "consent": "on",
    }

    with (
        caplog.at_level(logging.WARNING, logger="bimtek.tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(f"/events/{event.code}/register/", form)
        second = client.post(f"/events/{factories.EventFactory().code}/register/", form)

    assert response.status_code == 302
    assert second.status_code == 302
    assert Registration.objects.filter(status="approved").count() == 2
    waiting = DBTaskResult.objects.filter(backend_name="fallback")
    assert waiting.count() == 2
    assert {task.task_path for task in waiting} == {"outbox.tasks.send_automatic"}
    # logged once, and Redis is not asked again for every task
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1


def test_bulk_certificates_start_while_the_queue_is_down(
    client, rq_down, organiser, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from certificates.models import CertificateJob

    event = factories.CertificateSettingsFactory().event
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/organiser/events/{event.code}/certificates/jobs/", {"output": "pdf"}
        )

    assert response.status_code == 302
    job = CertificateJob.objects.get(event=event)
    task = DBTaskResult.objects.get(backend_name="fallback")
    assert task.task_path == "certificates.tasks.run_certificate_job"
    assert task.args_kwargs["kwargs"] == {"job_id": job.pk}


@needs_redis
def test_tasks_go_to_redis_again_once_it_answers(load_settings):
    from django_tasks_db.models import DBTaskResult

    from bimtek import tasks_backends
    from tests.deploy.tasks import add_numbers

    tasks_backends.reset()
    profile = load_settings(REDIS_URL=REDIS_TEST_URL, TASKS_BACKEND="rq")
    server = redis.Redis.from_url(REDIS_TEST_URL)
    with override_settings(TASKS=profile.TASKS, RQ_QUEUES=profile.RQ_QUEUES, RQ=profile.RQ):
        result = add_numbers.enqueue(1, 2)
    try:
        assert not DBTaskResult.objects.filter(backend_name="fallback").exists()
        assert server.exists(f"rq:job:{result.id}")
    finally:
        for key in server.scan_iter(f"rq:*{result.id}*"):
            server.delete(key)
