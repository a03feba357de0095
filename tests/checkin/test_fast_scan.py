"""The ordinary scan answered without DRF's dispatch (checkin.api.fast_scan)
gets exactly the answer CheckInCreateView gives, and everything else is
handed to that view."""

import json

import pytest
from django.test import Client

from checkin.api import fast_scan
from checkin.models import CheckIn, ScanLog
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkins/"


@pytest.fixture
def door(client):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    client.force_login(factories.EventStaffFactory(event=event).user)
    # The first scan of a browser in a worker authenticates the ordinary way.
    assert scan(client, token=factories.RegistrationFactory(event=event).token, session=session.pk)
    return session


def scan(client, **body):
    return client.post(URL, json.dumps(body), content_type="application/json")


@pytest.fixture
def full_view_calls(monkeypatch):
    calls = []
    full_view = fast_scan.full_view

    def counted(request):
        calls.append(request.path)
        return full_view(request)

    monkeypatch.setattr(fast_scan, "full_view", counted)
    return calls


def headers(response) -> dict:
    """Every header but the request's own id."""
    return {name: value for name, value in response.headers.items() if name != "X-Request-ID"}


def test_an_ordinary_scan_does_not_go_through_drf(client, door, full_view_calls):
    registration = factories.RegistrationFactory(event=door.event)

    response = scan(client, token=registration.token, session=door.pk, client_id="f-1")

    assert response.status_code == 200
    assert response.json()["result"] == "ok"
    assert full_view_calls == []
    assert CheckIn.objects.filter(registration=registration, session=door).count() == 1
    assert (
        ScanLog.objects.get(client_id="f-1").answer["checkin_id"] == response.json()["checkin_id"]
    )


def test_its_answer_is_the_full_views_byte_for_byte(client, door, monkeypatch):
    registration = factories.RegistrationFactory(event=door.event)
    first = scan(client, token=registration.token, session=door.pk, client_id="b-1")

    fast = scan(client, token=registration.token, session=door.pk, client_id="b-1")
    monkeypatch.setattr(fast_scan, "_ordinary_scan", lambda request: None)
    full = scan(client, token=registration.token, session=door.pk, client_id="b-1")

    assert first.json()["replayed"] is False
    assert (fast.status_code, fast.content, headers(fast)) == (
        full.status_code,
        full.content,
        headers(full),
    )
    assert fast.json()["replayed"] is True
    assert "Allow" in headers(fast)


def test_an_error_answer_is_the_full_views_too(client, door, monkeypatch):
    registration = factories.RegistrationFactory(event=door.event)
    scan(client, token=registration.token, session=door.pk, client_id="e-1")
    other_session = factories.open_session(event=door.event)

    # The client_id already answered for another session: 409.
    fast = scan(client, token=registration.token, session=other_session.pk, client_id="e-1")
    monkeypatch.setattr(fast_scan, "_ordinary_scan", lambda request: None)
    full = scan(client, token=registration.token, session=other_session.pk, client_id="e-1")

    assert fast.status_code == 409
    assert fast.json()["error"] == "client_id_reused"
    assert (fast.status_code, fast.content, headers(fast)) == (
        full.status_code,
        full.content,
        headers(full),
    )


@pytest.mark.parametrize(
    "change",
    [
        {"HTTP_ACCEPT": "text/html"},  # the full view answers 406
        {"HTTP_AUTHORIZATION": "Token nonsense"},  # a device key: 401/403
        {"body": {"offline_result": "ok"}},  # not the plain body: the serializer
        {"body": {"device": 7}},  # a number for a text: the serializer's message
        {"raw": b"{not json"},
    ],
)
def test_anything_else_goes_to_the_full_view(client, door, full_view_calls, change):
    registration = factories.RegistrationFactory(event=door.event)
    body = {"token": registration.token, "session": door.pk, **change.pop("body", {})}
    raw = change.pop("raw", json.dumps(body))

    response = client.post(URL, raw, content_type="application/json", **change)

    assert full_view_calls == [URL]
    assert response.status_code in (200, 400, 401, 403, 406)


def test_a_steward_of_another_event_is_refused_by_the_full_view(client, door, full_view_calls):
    elsewhere = factories.open_session()

    response = scan(client, token="A" * 32, session=elsewhere.pk)

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert full_view_calls == [URL]
    assert not ScanLog.objects.filter(session=elsewhere).exists()


def test_the_csrf_check_of_a_session_is_kept(door, full_view_calls):
    browser = Client(enforce_csrf_checks=True)
    steward = factories.EventStaffFactory(event=door.event).user
    browser.force_login(steward)
    browser.get("/door/")  # the CSRF cookie
    token = browser.cookies["csrftoken"].value
    registration = factories.RegistrationFactory(event=door.event)
    body = json.dumps({"token": registration.token, "session": door.pk})

    warm = browser.post(URL, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    full_view_calls.clear()  # that first scan read the sign-in: the full view
    forged = browser.post(URL, body, content_type="application/json")
    sent = browser.post(URL, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)

    assert warm.status_code == 200
    assert forged.status_code == 403
    assert forged.json()["error"] == "forbidden"
    assert "CSRF" in forged.json()["detail"]
    assert full_view_calls == [URL]  # the forged one, refused there
    assert sent.status_code == 200
    assert sent.json()["result"] == "already_checked_in"
