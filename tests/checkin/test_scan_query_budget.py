"""The query budget of a scan per answer, as docs/checkin.md states it: a
signed-in browser pays the session and the user, then the door session
(with the rights and any stored answer for the client_id), then what the
answer needs."""

import json

import pytest

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
    return session, factories.RegistrationFactory(event=event)


def test_first_scan_six_then_a_rescan_five_and_a_replay_three(client, door):
    session, registration = door
    with data_queries_at_most(6):  # + ticket, insert check-in, insert log
        first = scan(client, token=registration.token, session=session.pk, client_id="a")
    with data_queries_at_most(5):  # + ticket, insert log
        again = scan(client, token=registration.token, session=session.pk, client_id="b")
    with data_queries_at_most(3):  # the stored answer comes with the door session
        replay = scan(client, token=registration.token, session=session.pk, client_id="a")

    assert [first.json()["result"], again.json()["result"], replay.json()["result"]] == [
        "ok",
        "already_checked_in",
        "ok",
    ]
    assert replay.json()["replayed"] is True


def test_an_unknown_token_costs_six_a_malformed_one_four(client, door):
    session, _registration = door
    with data_queries_at_most(6):  # + ticket, revoked-token lookup, insert log
        unknown = scan(client, token=UNKNOWN, session=session.pk, client_id="u")
    with data_queries_at_most(4):  # + insert log: no lookup for what cannot be a token
        malformed = scan(client, token="xx", session=session.pk, client_id="m")

    assert (unknown.json()["result"], unknown.json()["reason"]) == ("invalid", "unknown")
    assert (malformed.json()["result"], malformed.json()["reason"]) == ("invalid", "malformed")


def test_a_ticket_of_another_event_costs_five(client, door):
    session, _registration = door
    other = factories.RegistrationFactory()
    with data_queries_at_most(5):
        response = scan(client, token=other.token, session=session.pk, client_id="w")

    assert response.json()["result"] == "wrong_event"
