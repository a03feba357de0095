"""/healthz: cheap, public, no personal data; 503 only when the database is gone."""

import datetime as dt

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

from bimtek import health
from tests import factories
from tests.deploy.tasks import add_numbers

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "email", "certificates"],
    }
}


def test_healthz_reports_database_and_queue(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["queue"]["status"] == "ok"
    assert "cache" not in body["checks"]  # no Redis configured


def test_healthz_is_public_uncached_and_sets_no_cookie(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert response["X-Content-Type-Options"] == "nosniff"


def test_healthz_holds_no_personal_data(client, participant_user):
    factories.RegistrationFactory()
    client.force_login(participant_user)

    response = client.get("/healthz")
    body = response.content.decode()

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert participant_user.email not in body
    assert "@" not in body


@override_settings(ALLOWED_HOSTS=["bimtek.tanjungpinangkota.example"], SECURE_SSL_REDIRECT=True)
def test_healthz_answers_a_probe_by_address_over_plain_http(client):
    # A load balancer probes each server by its address, without TLS.
    probe = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    page = client.get("/", HTTP_HOST="10.0.0.5:8000")

    assert probe.status_code == 200
    assert page.status_code == 400  # everything else still checks the host


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    class BrokenConnection:
        vendor = "postgresql"

        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {
        "status": "unavailable",
        "duration_ms": body["checks"]["database"]["duration_ms"],
        "error": "OperationalError",
    }
    assert "connection refused" not in response.content.decode()


@override_settings(TASKS=DATABASE_QUEUE)
def test_healthz_counts_waiting_tasks_on_the_database_queue(client):
    add_numbers.enqueue(1, 2)
    add_numbers.enqueue(3, 4)

    queue = client.get("/healthz").json()["checks"]["queue"]

    assert queue["backend"] == "database"
    assert queue["ready"] == 2
    assert queue["status"] == "ok"


@override_settings(TASKS=DATABASE_QUEUE, HEALTH_QUEUE_MAX_AGE=600)
def test_healthz_is_degraded_when_no_worker_takes_the_tasks(client):
    from django_tasks_db.models import DBTaskResult

    add_numbers.enqueue(1, 2)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=30))

    response = client.get("/healthz")

    assert response.status_code == 200  # pages are still served
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["queue"]["status"] == "degraded"
    assert body["checks"]["queue"]["oldest_ready_s"] >= 1800


def test_healthz_costs_one_query_per_check(client, django_assert_max_num_queries):
    with override_settings(TASKS=DATABASE_QUEUE), django_assert_max_num_queries(2):
        client.get("/healthz")


@pytest.mark.parametrize("token", [None, "wrong"])
def test_healthz_tells_anyone_else_only_its_status(client, token):
    del client.defaults["HTTP_X_HEALTHZ_TOKEN"]
    headers = {"HTTP_X_HEALTHZ_TOKEN": token} if token else {}

    response = client.get("/healthz", **headers)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_without_a_token_configured_shows_no_details(client, settings):
    settings.HEALTHZ_TOKEN = ""

    response = client.get("/healthz")

    assert response.json() == {"status": "ok"}
