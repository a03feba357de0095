"""The ordinary scan makes its first read the connection's health check
(checkin.api.fast_scan._door_session): a kept connection the database
dropped (a restart) is replaced and the scan still answered and recorded
once, as Django's "SELECT 1" before the request used to ensure; an error on
a connection that works is not hidden by a second try. PostgreSQL only: the
health check is on there (settings: CONN_HEALTH_CHECKS)."""

import json

import psycopg
import pytest
from django.db import OperationalError, connection, connections

from checkin.models import CheckIn, ScanLog
from checkin.selectors import door as door_selectors
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
URL = "/api/v1/checkins/"


def scan(client, **body):
    return client.post(URL, json.dumps(body), content_type="application/json")


@pytest.fixture
def door(client):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    client.force_login(factories.EventStaffFactory(event=event).user)
    # The first scan of a browser authenticates the ordinary way (its queries
    # come before the view); the next ones take the fast path.
    first = scan(client, token=factories.RegistrationFactory(event=event).token, session=session.pk)
    assert first.status_code == 200
    return session


def as_a_new_request():
    """What Django's close_old_connections does when a request starts (the
    test client leaves it out): the kept connection is to be checked again."""
    assert connection.health_check_enabled
    connection.health_check_done = False


def drop_this_connection():
    """The database ends this thread's connection, as a restart does."""
    pid = connection.connection.info.backend_pid
    settings = connection.get_connection_params()
    with psycopg.connect(
        dbname=settings["dbname"],
        user=settings.get("user"),
        password=settings.get("password"),
        host=settings.get("host"),
        port=settings.get("port"),
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_scan_on_a_connection_the_database_dropped_is_answered_and_recorded(client, door):
    ticket = factories.RegistrationFactory(event=door.event)
    old = connection.connection
    drop_this_connection()
    as_a_new_request()

    response = scan(client, token=ticket.token, session=door.pk, client_id="dropped-1")

    assert response.status_code == 200
    assert response.json()["result"] == "ok"
    assert connection.connection is not old  # replaced
    assert CheckIn.objects.filter(registration=ticket, session=door).count() == 1
    assert ScanLog.objects.filter(client_id="dropped-1").count() == 1


def test_the_fast_path_sends_no_select_1_before_its_read(client, door, monkeypatch):
    sent = []
    real = door_selectors.door_session

    def read(**kwargs):
        sent.append(connection.health_check_done)
        return real(**kwargs)

    monkeypatch.setattr(door_selectors, "door_session", read)
    checked = []
    wrapper = type(connections["default"])
    is_usable = wrapper.is_usable
    monkeypatch.setattr(wrapper, "is_usable", lambda self: checked.append(1) or is_usable(self))
    ticket = factories.RegistrationFactory(event=door.event)
    as_a_new_request()

    response = scan(client, token=ticket.token, session=door.pk)

    assert response.json()["result"] == "ok"
    assert checked == []  # the read itself showed the connection works
    assert sent == [True]


def test_an_error_on_a_working_connection_is_answered_not_retried(client, door, monkeypatch):
    calls = []

    def lock_timeout(**kwargs):
        calls.append(kwargs)
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(door_selectors, "door_session", lock_timeout)
    ticket = factories.RegistrationFactory(event=door.event)
    as_a_new_request()

    response = scan(client, token=ticket.token, session=door.pk)

    assert response.status_code == 503
    assert response.json()["retry"] is True
    assert len(calls) == 1
    assert connection.is_usable()
