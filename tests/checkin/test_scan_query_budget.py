"""The query budget of a scan per answer, as docs/checkin.md states it: a
signed-in browser's first scan in a worker pays the session and the user;
later scans take both from the worker's memory (checkin/api/signed_in.py,
checked again by the door-session query), then the door session (with the
rights, the sign-in check and any stored answer for the client_id), then
what the answer needs."""

import json

import pytest

from checkin.api import signed_in
from tests import factories
from tests.checkin.test_checkins_api import data_queries_at_most

pytestmark = pytest.mark.django_db

UNKNOWN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def scan(client, **body):
    return client.post("/api/v1/checkins/", json.dumps(body), content_type="application/json")


@pytest.fixture
def door(client):
    signed_in.clear()
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    client.force_login(factories.EventStaffFactory(event=event).user)
    warm = factories.RegistrationFactory(event=event)
    with data_queries_at_most(6):  # session, user, door session, ticket, 2 inserts
        assert scan(client, token=warm.token, session=session.pk)
    yield session, factories.RegistrationFactory(event=event)
    signed_in.clear()


def test_first_scan_four_then_a_rescan_three_and_a_replay_one(client, door):
    session, registration = door
    with data_queries_at_most(4):  # door session, ticket, insert check-in, insert log
        first = scan(client, token=registration.token, session=session.pk, client_id="a")
    with data_queries_at_most(3):  # door session, ticket, insert log
        again = scan(client, token=registration.token, session=session.pk, client_id="b")
    with data_queries_at_most(1):  # the stored answer comes with the door session
        replay = scan(client, token=registration.token, session=session.pk, client_id="a")

    assert [first.json()["result"], again.json()["result"], replay.json()["result"]] == [
        "ok",
        "already_checked_in",
        "ok",
    ]
    assert replay.json()["replayed"] is True


def test_an_unknown_token_costs_four_a_malformed_one_two(client, door):
    session, _registration = door
    with data_queries_at_most(4):  # door session, ticket, revoked-token lookup, insert log
        unknown = scan(client, token=UNKNOWN, session=session.pk, client_id="u")
    with data_queries_at_most(2):  # door session, insert log: no lookup for what is no token
        malformed = scan(client, token="xx", session=session.pk, client_id="m")

    assert (unknown.json()["result"], unknown.json()["reason"]) == ("invalid", "unknown")
    assert (malformed.json()["result"], malformed.json()["reason"]) == ("invalid", "malformed")


def test_a_ticket_of_another_event_costs_three(client, door):
    session, _registration = door
    other = factories.RegistrationFactory()
    with data_queries_at_most(3):
        response = scan(client, token=other.token, session=session.pk, client_id="w")

    assert response.json()["result"] == "wrong_event"
