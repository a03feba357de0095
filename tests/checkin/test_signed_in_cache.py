"""The scan endpoint keeps a steward's session and user in memory
(checkin/api/signed_in.py): later scans skip those two reads, yet signing
out, a deactivated account, a changed password or a lost door role take
effect on the very next scan, whichever process served the earlier ones."""

import json

import pytest
from django.contrib.sessions.models import Session as StoredSession

from checkin.models import CheckIn, ScanLog
from tests import factories
from tests.checkin.test_checkins_api import data_queries_at_most

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkins/"


@pytest.fixture
def door(client):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    staff = factories.EventStaffFactory(event=event)
    client.force_login(staff.user)
    return session, staff


def scan(client, session, **body):
    if "token" not in body:
        body["token"] = factories.RegistrationFactory(event=session.event).token
    return client.post(
        URL, json.dumps({"session": session.pk, **body}), content_type="application/json"
    )


def test_the_second_scan_reads_neither_session_nor_user(client, door):
    session, _staff = door
    first, other = (factories.RegistrationFactory(event=session.event) for _ in range(2))
    with data_queries_at_most(6):
        assert scan(client, session, token=first.token, client_id="a").json()["result"] == "ok"
    with data_queries_at_most(3):  # door session with the ticket, the admission (1 or 2)
        second = scan(client, session, token=other.token, client_id="b")

    assert second.json()["result"] == "ok"
    assert CheckIn.objects.count() == 2


def test_signing_out_elsewhere_refuses_the_next_scan(client, door):
    session, _staff = door
    assert scan(client, session, client_id="a").status_code == 200
    # Another worker process signed the browser out: the row is gone, this
    # process's memory still holds the sign-in.
    StoredSession.objects.all().delete()

    refused = scan(client, session, client_id="b")

    assert refused.status_code in (401, 403)
    assert not ScanLog.objects.filter(client_id="b").exists()


def test_signing_out_here_refuses_the_next_scan(client, door):
    session, _staff = door
    assert scan(client, session, client_id="a").status_code == 200
    cookie = client.cookies["sessionid"].value
    client.logout()
    client.cookies["sessionid"] = cookie  # a copy of the old cookie

    assert scan(client, session, client_id="b").status_code in (401, 403)


def test_a_deactivated_account_is_refused_at_once(client, door):
    session, staff = door
    assert scan(client, session, client_id="a").status_code == 200
    staff.user.is_active = False
    staff.user.save(update_fields=["is_active"])

    assert scan(client, session, client_id="b").status_code in (401, 403)


def test_a_changed_password_signs_other_browsers_out(client, door):
    session, staff = door
    assert scan(client, session, client_id="a").status_code == 200
    staff.user.set_password("a new secret 123")
    staff.user.save(update_fields=["password"])

    assert scan(client, session, client_id="b").status_code in (401, 403)


def test_a_lost_door_role_is_refused_at_once(client, door):
    session, staff = door
    assert scan(client, session, client_id="a").status_code == 200
    staff.delete()

    refused = scan(client, session, client_id="b")

    assert refused.status_code in (401, 403)
    assert refused.json()["error"] == "forbidden"


def test_a_session_changed_elsewhere_is_read_again(client, door):
    session, _staff = door
    assert scan(client, session, client_id="a").status_code == 200
    stored = client.session
    stored["something"] = "changed by another request"
    stored.save()

    again = scan(client, session, client_id="b")

    assert again.status_code == 200
    assert again.json()["result"] == "ok"
