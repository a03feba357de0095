"""The query budget of a scan per answer, as docs/checkin.md states it: a
signed-in browser's first scan in a worker pays the session and the user;
later scans take both from the worker's memory (checkin/api/signed_in.py,
checked again by the door-session query), then the door session (with the
rights, the sign-in check and any stored answer for the client_id), then
what the answer needs. The door-session query also reads the ticket
scanned; on PostgreSQL an admission's check-in and log entry are one
statement (checkin.door_sql.insert_admission), on SQLite two."""

import json

import pytest
from django.db import connection

from tests import factories
from tests.checkin.test_checkins_api import data_queries_at_most

pytestmark = pytest.mark.django_db

UNKNOWN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def scan(client, **body):
    return client.post("/api/v1/checkins/", json.dumps(body), content_type="application/json")


@pytest.fixture
def door(client):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    client.force_login(factories.EventStaffFactory(event=event).user)
    warm = factories.RegistrationFactory(event=event)
    # session, user, door session with the ticket, the admission (on
    # PostgreSQL also the check-in id sequence's name, once per process)
    with data_queries_at_most(6):
        assert scan(client, token=warm.token, session=session.pk)
    return session, factories.RegistrationFactory(event=event)


def admission_queries() -> int:
    """Door session with the ticket, then the check-in and its log entry:
    one statement on PostgreSQL, two inserts on SQLite."""
    return 2 if connection.vendor == "postgresql" else 3


def test_first_scan_two_then_a_rescan_two_and_a_replay_one(client, door):
    session, registration = door
    with data_queries_at_most(admission_queries()):
        first = scan(client, token=registration.token, session=session.pk, client_id="a")
    with data_queries_at_most(2):  # door session with the ticket, insert log
        again = scan(client, token=registration.token, session=session.pk, client_id="b")
    with data_queries_at_most(1):  # the stored answer comes with the door session
        replay = scan(client, token=registration.token, session=session.pk, client_id="a")

    assert [first.json()["result"], again.json()["result"], replay.json()["result"]] == [
        "ok",
        "already_checked_in",
        "ok",
    ]
    assert replay.json()["replayed"] is True


def test_an_unknown_token_costs_three_a_malformed_one_two(client, door):
    session, _registration = door
    with data_queries_at_most(3):  # door session with the ticket, revoked-token lookup, log
        unknown = scan(client, token=UNKNOWN, session=session.pk, client_id="u")
    with data_queries_at_most(2):  # door session, insert log: no lookup for what is no token
        malformed = scan(client, token="xx", session=session.pk, client_id="m")

    assert (unknown.json()["result"], unknown.json()["reason"]) == ("invalid", "unknown")
    assert (malformed.json()["result"], malformed.json()["reason"]) == ("invalid", "malformed")


def test_a_ticket_of_another_event_costs_two(client, door):
    session, _registration = door
    other = factories.RegistrationFactory()
    with data_queries_at_most(2):  # door session with the ticket, insert log
        response = scan(client, token=other.token, session=session.pk, client_id="w")

    assert response.json()["result"] == "wrong_event"
