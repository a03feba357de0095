"""The JSON API fuzzed against its own OpenAPI schema (/api/v1/schema/) with
schemathesis: every operation, valid and invalid input, through the WSGI app
in this process (no server), signed in with a door-device key of an
organiser. Every check schemathesis has (``--checks all``: in-process,
``case.call_and_validate()`` without a ``checks`` list runs all of them):
no 500, the documented status codes, content types, headers and response
shapes, valid input accepted and invalid input refused.

Bounded (25 examples per operation and mode, derandomized, no deadline)
so it stays well under a minute and sends the same cases on every run; a
failure lists each operation's findings with a curl line to replay by hand.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from checkin.services.devices import door_device_create
from tests import factories

pytestmark = pytest.mark.django_db

EXAMPLES = 25


@pytest.fixture
def _one_connection():
    """The WSGI handler closes the database connection after each request, as
    a server must; inside a test that would end the test's transaction
    (PostgreSQL). Django's own test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api(db, settings, _one_connection):
    settings.CERTIFICATE_VERIFY_RATE = 100_000  # the verification rate limit is tested elsewhere
    organiser = factories.organiser_user()
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    factories.RegistrationFactory(event=event)
    _device, key = door_device_create(user=organiser, name="Fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
    # The roster is gzipped for clients that accept it; schemathesis' WSGI
    # transport would not decode it as an HTTP client does, so ask for none.
    headers = {"Authorization": f"Token {key}", "Accept-Encoding": "identity"}
    return schema, headers, session


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_schema_lists_the_contract_operations(api):
    schema, _headers, _session = api

    paths = {operation.path for operation in _operations(schema)}

    assert "/api/v1/checkins/" in paths
    assert "/api/v1/certificates/{code}/" in paths


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_passes_every_schemathesis_check(api, mode):
    schema, headers, _session = api
    findings = []
    sent = {}

    for operation in _operations(schema):
        label = f"{operation.method.upper()} {operation.path}"
        sent[label] = 0

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            sent[f"{case.operation.method.upper()} {case.operation.path}"] += 1
            case.call_and_validate(headers=headers)

        try:
            run()
        except Unsatisfiable:
            # Nothing invalid can be generated for this operation (e.g. a
            # free-text path parameter): its valid cases still run.
            assert mode == GenerationMode.NEGATIVE, label
        except (Exception, BaseExceptionGroup) as failure:  # a FailureGroup: on with the rest
            findings.append(f"{label}: {failure}")

    assert not findings, "\n\n".join(findings)
    if mode == GenerationMode.POSITIVE:
        assert all(count >= EXAMPLES // 2 for count in sent.values()), sent


def test_huge_ids_are_not_found(client):
    organiser = factories.organiser_user()
    client.force_login(organiser)

    api = client.get(f"/api/v1/sessions/{2**70}/registrations/")
    page = client.get(f"/organiser/events/x/participants/{2**64}/")

    assert api.status_code == 404
    assert page.status_code == 404
