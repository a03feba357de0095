"""Every endpoint under /api/v1/ (the door API, the certificate verification
API, the schema, unknown paths) answers a body that is too large, JSON
nested too deeply or JSON that is not an object with 400 and the shared
{"error", "detail"} shape, whatever the method: never a 500."""

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bimtek.api_bodies import MAX_BODY_BYTES, MAX_JSON_DEPTH, json_too_deep
from tests import factories

pytestmark = pytest.mark.django_db

DUMMY = {"id": 1, "slug": "no-such-event", "str": "NOSUCHCODE", "path": "no-such-thing/"}


def _api_patterns():
    """(URL name, a path to it, the methods its view answers) for every
    pattern in the API's namespace, read from the URLconf itself."""
    api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "api")
    found = []

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                found.append(pattern)

    walk(api.url_patterns)
    result = []
    for pattern in found:
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {name: DUMMY[_converter_name(c)] for name, c in converters.items()}
        if pattern.name == "not_found":
            kwargs = {"path": DUMMY["path"]}
        view_class = getattr(pattern.callback, "view_class", None)
        methods = (
            {m.upper() for m in ("get", "post") if hasattr(view_class, m)} if view_class else set()
        )
        path = reverse(f"api:{pattern.name}", kwargs=kwargs)
        result.append((pattern.name, path, sorted(methods | {"POST"})))
    return result


def _converter_name(converter) -> str:
    return {"IntConverter": "id", "SlugConverter": "slug", "StringConverter": "str"}.get(
        type(converter).__name__, "id" if "Id" in type(converter).__name__ else "str"
    )


def _nested(depth: int) -> str:
    return '{"token": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"


BODIES = {
    "nested-11": _nested(MAX_JSON_DEPTH + 1),
    "nested-100": _nested(100),
    "nested-5000": _nested(5000),
    "nested-objects-5000": '{"a":' * 5000 + "1" + "}" * 5000,
    "1MB-object": json.dumps({"token": "A" * (1024 * 1024)}),
    "1MB-garbage": "{" + "x" * (1024 * 1024),
    "array": "[]",
    "string": '"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"',
    "number": "5",
    "null": "null",
}

ENDPOINTS = _api_patterns()


def test_every_api_pattern_is_covered():
    names = {name for name, _path, _methods in ENDPOINTS}

    assert {"checkin_create", "checkin_batch", "checkin_undo", "certificate_verify"} <= names
    assert {"schema", "not_found", "event_roster", "session_attendance"} <= names


@pytest.mark.parametrize("body_name", list(BODIES))
@pytest.mark.parametrize(
    ("name", "path", "method"),
    [(name, path, method) for name, path, methods in ENDPOINTS for method in methods],
)
def test_bad_bodies_answer_400_with_the_shared_shape(client, name, path, method, body_name):
    client.force_login(factories.organiser_user())

    response = client.generic(method, path, BODIES[body_name], content_type="application/json")

    assert response.status_code == 400, (name, method, response.content[:200])
    payload = response.json()
    assert set(payload) == {"error", "detail"}
    assert payload["error"] in {"invalid_request", "too_large"}


def test_a_large_form_body_is_refused_unread(client):
    client.force_login(factories.organiser_user())

    response = client.post(
        reverse("api:checkin_create"),
        f"token={'A' * MAX_BODY_BYTES}",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert response.json()["error"] == "too_large"


def test_the_largest_batch_a_scanner_may_send_fits(client, event):
    """100 attempts (the batch's maximum) with the longest code the scanner's
    field accepts, in 3-byte characters, and a reason of 200."""
    session = factories.open_session(event=event)
    client.force_login(factories.organiser_user())
    attempts = [
        {
            "session": session.pk,
            "client_id": f"c-{i}",
            "device": "Perangkat 7F3A",
            "registration": 1,
            "reason": "ā" * 200,
            "scanned_at": "2030-01-01T08:00:00+07:00",
            "token": "ā" * 512,
        }
        for i in range(100)
    ]
    body = json.dumps({"attempts": attempts}, ensure_ascii=False)
    assert len(body.encode()) < MAX_BODY_BYTES

    response = client.post(reverse("api:checkin_batch"), body, content_type="application/json")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 100


def test_nesting_up_to_the_limit_is_judged_as_usual(client, event):
    session = factories.open_session(event=event)
    client.force_login(factories.organiser_user())
    body = json.loads(_nested(MAX_JSON_DEPTH))
    body["session"] = session.pk

    response = client.post(reverse("api:checkin_create"), body, content_type="application/json")

    assert response.status_code == 200
    assert (response.json()["result"], response.json()["reason"]) == ("invalid", "malformed")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "GET"])
def test_unknown_api_path_answers_the_json_404_for_every_method(method):
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.organiser_user())

    response = client.generic(
        method, "/api/v1/no-such-thing/", "{}", content_type="application/json"
    )

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


@pytest.mark.parametrize(
    ("text", "too_deep"),
    [
        ('{"a": [[[1]]]}', False),
        ('{"a": "[[[[[[[[[[[[[[[[[[[["}', False),  # brackets inside a string
        ('{"a": "\\"[[[[[[[[[[[[[[[[[[[["}', False),  # after an escaped quote
        ('{"a": "\\\\", "b": ' + "[" * 11 + "]" * 11 + "}", True),  # after an escaped backslash
        ("[" * 10 + "]" * 10, False),
        ("[" * 11 + "]" * 11, True),
        ("[]" * 1000, False),  # many, but side by side
    ],
)
def test_depth_is_counted_outside_strings(text, too_deep):
    assert json_too_deep(text) is too_deep
