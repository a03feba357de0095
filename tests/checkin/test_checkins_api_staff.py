"""The check-in API for door staff beyond a scan's answer: door devices' keys,
check-in by hand, undo, search and a session's figures (supervisor rights),
from real requests.
"""

import datetime as dt
import json

import pytest
from django.utils import timezone

from bimtek.models.events import StaffRole
from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import ScanAction
from checkin.services.devices import door_device_create, door_device_revoke
from tests import factories
from tests.checkin.test_checkins_api import URL, data_queries_at_most

pytestmark = pytest.mark.django_db


# --- door devices (token auth) ----------------------------------------------


def test_device_key_authenticates_as_its_user(client, steward, session, registration):
    device, key = door_device_create(user=steward, name="Pintu utama 1")

    response = client.post(
        URL,
        json.dumps({"token": registration.token, "session": session.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.json()["result"] == "ok"
    checkin = CheckIn.objects.get()
    assert (checkin.checked_in_by, checkin.device) == (steward, "Pintu utama 1")
    device.refresh_from_db()
    assert device.last_used_at is not None


@pytest.mark.parametrize("header", ["Token nope", "Token", "Token a b", "Bearer \u00ff"])
def test_bad_device_keys_are_refused(client, session, registration, header):
    response = client.post(
        URL,
        json.dumps({"token": registration.token, "session": session.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=header,
    )

    assert response.status_code == 401
    assert not CheckIn.objects.exists()


def test_revoked_device_key_is_refused(client, steward, session, registration):
    device, key = door_device_create(user=steward, name="Pintu 3")
    door_device_revoke(device=device)

    response = client.post(
        URL,
        json.dumps({"token": registration.token, "session": session.pk}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )

    assert response.status_code == 401


def test_device_key_scan_costs_at_most_five_queries(client):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    steward = factories.EventStaffFactory(event=event).user
    registration = factories.RegistrationFactory(event=event)
    device, key = door_device_create(user=steward, name="Pintu 4")
    device.last_used_at = timezone.now()
    device.save()

    with data_queries_at_most(5):
        response = client.post(
            URL,
            json.dumps({"token": registration.token, "session": session.pk, "client_id": "k-1"}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )

    assert response.json()["result"] == "ok"


# --- by hand, undo, search, figures -------------------------------------------


def test_steward_may_not_check_in_by_hand_undo_or_search(client, steward, session, registration):
    client.force_login(steward)

    manual = client.post(
        "/api/v1/checkins/manual/",
        {"registration": registration.pk, "session": session.pk, "reason": "HP tertinggal"},
        content_type="application/json",
    )
    search = client.get(f"/api/v1/sessions/{session.pk}/registrations/", {"q": "Siti"})

    assert manual.status_code == 403
    assert search.status_code == 403
    assert not CheckIn.objects.exists()


def test_supervisor_searches_checks_in_by_hand_and_undoes(
    client, supervisor, session, registration
):
    client.force_login(supervisor)

    found = client.get(f"/api/v1/sessions/{session.pk}/registrations/", {"q": "siti bank"}).json()
    manual = client.post(
        "/api/v1/checkins/manual/",
        {"registration": found[0]["registration"], "session": session.pk, "reason": "HP mati"},
        content_type="application/json",
    ).json()
    after = client.get(f"/api/v1/sessions/{session.pk}/registrations/", {"q": "Rahma"}).json()
    undo = client.post(
        f"/api/v1/checkins/{manual['checkin_id']}/undo/",
        {"reason": "Keliru"},
        content_type="application/json",
    )

    assert [r["display_name"] for r in found] == ["Siti <b>Rahma</b>"]
    assert found[0]["checkin_id"] is None
    assert manual["result"] == "ok"
    assert after[0]["checkin_id"] == manual["checkin_id"]
    assert undo.status_code == 204
    assert not CheckIn.objects.exists()


def test_manual_checkin_without_reason_is_a_400(client, supervisor, session, registration):
    client.force_login(supervisor)

    response = client.post(
        "/api/v1/checkins/manual/",
        {"registration": registration.pk, "session": session.pk, "reason": " "},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert not CheckIn.objects.exists()


def test_steward_may_not_undo(client, steward, session, registration):
    checkin = factories.CheckInFactory(registration=registration, session=session)
    client.force_login(steward)

    response = client.post(f"/api/v1/checkins/{checkin.pk}/undo/", content_type="application/json")

    assert response.status_code == 403
    assert CheckIn.objects.exists()


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "  "}])
def test_undo_without_a_reason_is_refused(client, supervisor, session, registration, body):
    checkin = factories.CheckInFactory(registration=registration, session=session)
    client.force_login(supervisor)

    response = client.post(
        f"/api/v1/checkins/{checkin.pk}/undo/", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"] == "reason_required"
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


def test_undo_with_a_reason_is_logged(client, supervisor, session, registration):
    checkin = factories.CheckInFactory(registration=registration, session=session)
    client.force_login(supervisor)

    response = client.post(
        f"/api/v1/checkins/{checkin.pk}/undo/",
        {"reason": "Salah orang", "device": "Pintu 1"},
        content_type="application/json",
    )

    assert response.status_code == 204
    assert not CheckIn.objects.filter(pk=checkin.pk).exists()
    entry = ScanLog.objects.get(action=ScanAction.UNDO)
    assert (entry.note, entry.staff, entry.device, entry.registration) == (
        "Salah orang",
        supervisor,
        "Pintu 1",
        registration,
    )


def test_undo_too_late_is_a_conflict(client, supervisor, session, registration):
    checkin = factories.CheckInFactory(registration=registration, session=session)
    CheckIn.objects.update(recorded_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(supervisor)

    response = client.post(
        f"/api/v1/checkins/{checkin.pk}/undo/",
        {"reason": "Keliru"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert response.json()["error"] == "undo_expired"


def test_supervisor_of_another_event_may_not_undo(client, session, registration):
    checkin = factories.CheckInFactory(registration=registration, session=session)
    client.force_login(factories.EventStaffFactory(role=StaffRole.SUPERVISOR).user)

    response = client.post(f"/api/v1/checkins/{checkin.pk}/undo/", content_type="application/json")

    assert response.status_code == 403


def test_session_figures_for_the_scanner(client, steward, event, session, registration):
    factories.RegistrationFactory.create_batch(2, event=event)
    factories.CheckInFactory(registration=registration, session=session)
    client.force_login(steward)

    data = client.get(f"/api/v1/sessions/{session.pk}/attendance/").json()

    assert (data["expected"], data["present"], data["percent"]) == (3, 1, 33)
    assert data["window"]["open_now"] is True
