"""While the database does not answer, requests get 503 "try again" — JSON
for the API and for scripts, a plain page for people — never a 500 page
(bimtek/views/errors.py, docs/faults.md). The real restart of a PostgreSQL
server is tested in tests/deploy/test_database_restart.py."""

import json
import logging

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client

from checkin.models import CheckIn, ScanLog
from checkin.services import batch
from tests import factories

pytestmark = pytest.mark.django_db


def _unreachable(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def test_scan_while_the_database_is_unreachable_answers_503_json_with_retry(
    client, event, monkeypatch
):
    steward = factories.EventStaffFactory(event=event).user
    session = factories.open_session(event=event)
    registration = factories.RegistrationFactory(event=event)
    client.force_login(steward)
    monkeypatch.setattr(batch, "checkin_record", _unreachable)

    response = client.post(
        "/api/v1/checkins/",
        json.dumps(
            {
                "token": registration.token,
                "session": session.pk,
                "device": "Pintu 1",
                "client_id": "retry-me-1",
                "scanned_at": "2026-11-23T08:01:00+07:00",
            }
        ),
        content_type="application/json",
    )

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["error"] == "unavailable"
    assert body["retry"] is True
    assert body["retry_after"] == 5
    assert "basis data" in body["detail"]  # in the staff's language (Bahasa Indonesia)
    assert not CheckIn.objects.exists()
    assert not ScanLog.objects.exists()


def test_page_while_the_database_is_unreachable_answers_a_plain_503_page(client, monkeypatch):
    event = factories.EventFactory()
    monkeypatch.setattr("bimtek.views.public.EventDetailView.get_object", _unreachable)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Layanan sedang tidak tersedia" in page
    assert "coba lagi dalam beberapa detik" in page
    assert "Service temporarily unavailable" in page
    assert "<script" not in page and "style=" not in page


def test_a_script_asking_for_json_gets_json(client, organiser, monkeypatch):
    event = factories.EventFactory()
    client.force_login(organiser)
    monkeypatch.setattr("bimtek.views.public.EventDetailView.get_object", _unreachable)

    response = client.get(event.get_absolute_url(), headers={"accept": "application/json"})

    assert response.status_code == 503
    assert response.json()["error"] == "unavailable"


def test_closed_connection_counts_as_unavailable(client, monkeypatch):
    event = factories.EventFactory()

    def closed(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("bimtek.views.public.EventDetailView.get_object", closed)

    assert client.get(event.get_absolute_url()).status_code == 503


def test_outage_met_by_a_middleware_answers_503_not_500(participant_user, monkeypatch, caplog):
    """The session is read by a middleware (the user's language) before any
    view runs: Django turns that error into its 500 page unless handler500
    recognises the outage."""
    client = Client(raise_request_exception=False)
    client.force_login(participant_user)
    monkeypatch.setattr(SessionStore, "_get_session_from_db", _unreachable)

    with caplog.at_level(logging.WARNING):
        page = client.get("/tickets/")
        api = client.get("/api/v1/sessions/1/attendance/")

    assert page.status_code == 503
    assert "Layanan sedang tidak tersedia" in page.content.decode()
    assert api.status_code == 503
    assert api.json()["retry"] is True
    # one line per request, no traceback: an outage at a busy door must not flood the log
    assert [(r.name, r.levelname, r.exc_info) for r in caplog.records] == [
        ("bimtek.outage", "WARNING", None),
        ("bimtek.outage", "WARNING", None),
    ]
    assert "GET /tickets/ answered 503 (OperationalError" in caplog.records[0].getMessage()


def test_other_errors_still_answer_the_plain_500_page(monkeypatch):
    client = Client(raise_request_exception=False)
    event = factories.EventFactory()

    def broken(*args, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("bimtek.views.public.EventDetailView.get_object", broken)

    response = client.get(event.get_absolute_url())

    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


def test_secret_url_arguments_stay_out_of_the_outage_log(monkeypatch, caplog):
    """An invitation link holds a secret token; the session is read by a
    middleware before the URL is resolved, yet the log line redacts it."""
    client = Client(raise_request_exception=False)
    client.force_login(factories.participant_user())
    monkeypatch.setattr(SessionStore, "_get_session_from_db", _unreachable)

    with caplog.at_level(logging.WARNING, logger="bimtek.outage"):
        response = client.get("/invitations/RAHASIA-token-undangan-123/")

    assert response.status_code == 503
    message = caplog.records[0].getMessage()
    assert "RAHASIA" not in message
    assert "/invitations/[redacted]/" in message
