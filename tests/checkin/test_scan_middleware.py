"""The door scan skips Django's MessageMiddleware (checkin.api.scan_middleware):
its answer, headers and cookies are those the full stack gives, a browser's
pending message survives the scan, and every other request keeps messages."""

import json

import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client, RequestFactory, override_settings

from checkin.api import scan_middleware
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkins/"
DJANGOS = "django.contrib.messages.middleware.MessageMiddleware"
FULL_STACK = [
    DJANGOS if name == "checkin.api.scan_middleware.MessageMiddleware" else name
    for name in settings.MIDDLEWARE
]


@pytest.fixture
def door(client):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    client.force_login(factories.EventStaffFactory(event=event).user)
    return session


def scan(client, **body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def with_the_full_stack(client) -> Client:
    """A client with ``client``'s cookies whose handler loads the full stack.
    A handler loads its middleware once, at its first request: overriding
    MIDDLEWARE around a client already used changes nothing (the comparisons
    below used to compare the skipping stack with itself)."""
    with override_settings(MIDDLEWARE=FULL_STACK):
        full = Client()
        full.cookies = client.cookies
        full.handler.load_middleware()
    return full


def headers(response) -> dict:
    """Every header but the request's own id."""
    return {name: value for name, value in response.headers.items() if name != "X-Request-ID"}


def cookies(response) -> dict:
    return {name: (morsel.value, dict(morsel)) for name, morsel in response.cookies.items()}


def test_the_setting_names_the_skipping_class_in_djangos_place():
    assert DJANGOS not in settings.MIDDLEWARE
    assert FULL_STACK.index(DJANGOS) == settings.MIDDLEWARE.index(
        "checkin.api.scan_middleware.MessageMiddleware"
    )


@pytest.mark.parametrize("client_id", ["m-1", ""])
def test_a_scans_response_is_the_full_stacks(client, door, client_id):
    token = factories.RegistrationFactory(event=door.event).token
    scan(client, token=token, session=door.pk, client_id=client_id)  # the sign-in kept

    skipped = scan(client, token=token, session=door.pk, client_id=client_id)
    full = scan(with_the_full_stack(client), token=token, session=door.pk, client_id=client_id)

    assert skipped.status_code == full.status_code == 200
    if client_id:  # a replay: the same answer, byte for byte
        assert skipped.content == full.content
    else:
        assert skipped.json()["result"] == full.json()["result"] == "already_checked_in"
    assert headers(skipped) == headers(full)
    assert "Content-Security-Policy" in headers(skipped) or "X-Frame-Options" in headers(skipped)
    assert cookies(skipped) == cookies(full)


def test_a_refused_request_answers_as_with_the_full_stack(client, door):
    other = factories.open_session(event=factories.EventFactory())
    token = factories.RegistrationFactory(event=other.event).token

    skipped = scan(client, token=token, session=other.pk)
    full = scan(with_the_full_stack(client), token=token, session=other.pk)

    assert skipped.status_code == full.status_code == 403
    assert (skipped.content, headers(skipped)) == (full.content, headers(full))


def test_a_pending_message_survives_a_scan(client, door):
    storage = CookieStorage(RequestFactory().get("/"))
    encoded = storage._encode([Message(constants.SUCCESS, "Tersimpan sebelum memindai.")])
    client.cookies[CookieStorage.cookie_name] = encoded

    answer = scan(
        client, token=factories.RegistrationFactory(event=door.event).token, session=door.pk
    )

    assert answer.status_code == 200
    assert CookieStorage.cookie_name not in answer.cookies
    assert client.cookies[CookieStorage.cookie_name].value == encoded


def test_only_the_scan_skips_it():
    factory = RequestFactory()
    assert scan_middleware.is_scan(factory.post(URL))
    assert not scan_middleware.is_scan(factory.get(URL))
    assert not scan_middleware.is_scan(factory.post("/api/v1/checkins/manual/"))
    assert not scan_middleware.is_scan(factory.post("/door/"))

    seen = []
    middleware = scan_middleware.MessageMiddleware(
        lambda request: seen.append(hasattr(request, "_messages")) or object()
    )
    for request in (factory.get(URL), factory.post("/door/"), factory.post(URL)):
        request.session = {}
        middleware(request)
    assert seen == [True, True, False]
