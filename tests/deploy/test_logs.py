"""Structured logs: one JSON object per line, with the request's id and user."""

import io
import json
import logging
import logging.config

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from bimtek.logs import REDACTED
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log(load_settings):
    """Send every log record through the production (LOG_FORMAT=json) handler
    into a buffer; yields a function returning the parsed lines."""
    production = load_settings(DEBUG="0")
    config = production.LOGGING
    formatter_config = dict(config["formatters"]["json"])
    factory = logging.config.DictConfigurator({}).resolve(formatter_config.pop("()"))
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(factory(**formatter_config))
    filter_class = logging.config.DictConfigurator({}).resolve(
        config["filters"]["request_context"]["()"]
    )
    handler.addFilter(filter_class())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def _request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "bimtek.request"]


def test_each_request_writes_one_json_line(client, participant_user, json_log):
    client.force_login(participant_user)

    response = client.get("/tickets/?page=1")

    (line,) = _request_lines(json_log())
    assert line["level"] == "INFO"
    assert line["method"] == "GET"
    assert line["path"] == "/tickets/"  # no query string: it may hold search terms
    assert line["route"] == "tickets/"
    assert line["status"] == 200
    assert line["duration_ms"] > 0
    assert line["user_id"] == participant_user.pk
    assert line["request_id"] == response["X-Request-ID"]
    assert line["time"].endswith("+00:00")
    assert participant_user.email not in json.dumps(line)


def test_anonymous_requests_are_logged_without_a_user(client, json_log):
    client.get("/")

    (line,) = _request_lines(json_log())
    assert line["user_id"] is None
    assert line["status"] == 200


def test_a_request_id_from_the_load_balancer_is_kept(client, json_log):
    response = client.get("/", HTTP_X_REQUEST_ID="lb-7f3a9c2e41d8")
    forged = client.get("/", HTTP_X_REQUEST_ID='"><script>alert(1)</script>')

    first, second = _request_lines(json_log())
    assert response["X-Request-ID"] == first["request_id"] == "lb-7f3a9c2e41d8"
    assert forged["X-Request-ID"] == second["request_id"]
    assert "script" not in second["request_id"]


def test_lines_written_during_a_request_carry_its_id(client, json_log):
    response = client.get("/events/no-such-event/")

    not_found = [line for line in json_log() if line["logger"] == "django.request"]
    assert response.status_code == 404
    assert not_found
    assert not_found[0]["level"] == "WARNING"
    assert not_found[0]["request_id"] == response["X-Request-ID"]


def test_secret_keys_in_urls_are_not_logged(client, json_log):
    client.get("/accounts/password/reset/key/4-c3kq8z-0a1b2c3d4e5f6a7b8c9d/")

    (line,) = _request_lines(json_log())
    assert "0a1b2c3d4e5f6a7b8c9d" not in json.dumps(line)
    assert REDACTED in line["path"]


def test_request_log_adds_no_query(client, settings):
    # The favicon redirect never looks at the user: logging must not load the
    # session and the user just to write the line.
    client.force_login(factories.participant_user())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"  # the language needs no user either
    without_log = [m for m in settings.MIDDLEWARE if m != "bimtek.logs.RequestLogMiddleware"]

    with override_settings(MIDDLEWARE=without_log), CaptureQueriesContext(connection) as bare:
        client.get("/favicon.ico")
    with CaptureQueriesContext(connection) as logged:
        client.get("/favicon.ico")

    assert len(logged) == len(bare) == 0


def test_healthz_probes_are_not_logged(client, json_log):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert _request_lines(json_log()) == []
    client.get("/favicon.ico")  # while other requests are
    assert [line["path"] for line in _request_lines(json_log())] == ["/favicon.ico"]


def test_request_line_has_the_client_address_behind_the_proxy(json_log, client, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    client.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")

    (line,) = _request_lines(json_log())
    assert line["client_ip"] == "198.51.100.4"
