"""A scanner's offline queue sent in one request: POST /api/v1/checkins/batch/."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from bimtek.models.events import StaffRole
from checkin.models import CheckIn, CheckInConflict, ScanLog
from checkin.services.attempts import ScanAttempt
from checkin.services.devices import door_device_create
from checkin.services.scan import checkin_record
from tests import factories
from tests.checkin.test_checkins_api import data_queries_at_most

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkins/batch/"


@pytest.fixture
def session(event):
    return factories.open_session(event=event)


@pytest.fixture
def steward(event):
    return factories.EventStaffFactory(event=event, user__display_name="Petugas 2").user


@pytest.fixture
def tickets(event):
    return factories.RegistrationFactory.create_batch(3, event=event)


def send(client, attempts, **extra):
    return client.post(
        URL, json.dumps({"attempts": attempts}), content_type="application/json", **extra
    )


def queued(session, registration, n: int, *, minutes_ago: int = 20, **fields) -> dict:
    return {
        "token": registration.token,
        "session": session.pk,
        "device": "Pintu 1",
        "client_id": f"q-{n}",
        "scanned_at": (timezone.now() - dt.timedelta(minutes=minutes_ago)).isoformat(),
        "offline_result": "ok",
        **fields,
    }


def test_url():
    assert reverse("api:checkin_batch") == URL


def test_queue_is_recorded_with_each_scans_own_time(client, steward, session, tickets):
    attempts = [queued(session, t, n, minutes_ago=20 - n) for n, t in enumerate(tickets)]
    client.force_login(steward)

    response = send(client, attempts)

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["client_id"] for r in results] == ["q-0", "q-1", "q-2"]
    assert {r["status"] for r in results} == {200}
    assert {r["answer"]["result"] for r in results} == {"ok"}
    assert results[0]["answer"]["message"] == "Silakan masuk"
    assert results[0]["answer"]["offline_result"] == "ok"
    stored = {c.registration_id: c.checked_in_at for c in CheckIn.objects.filter(session=session)}
    assert stored == {
        t.pk: dt.datetime.fromisoformat(a["scanned_at"])
        for t, a in zip(tickets, attempts, strict=True)
    }
    assert set(ScanLog.objects.values_list("offline_result", flat=True)) == {"ok"}


def test_sending_the_queue_again_doubles_nothing(client, steward, session, tickets):
    attempts = [queued(session, t, n) for n, t in enumerate(tickets)]
    client.force_login(steward)
    first = send(client, attempts).json()["results"]

    again = send(client, attempts).json()["results"]

    assert [r["answer"]["replayed"] for r in again] == [True, True, True]
    assert [r["answer"]["checkin_id"] for r in again] == [r["answer"]["checkin_id"] for r in first]
    assert CheckIn.objects.count() == 3
    assert ScanLog.objects.count() == 3


def test_the_same_attempt_twice_in_one_batch_counts_once(client, steward, session, tickets):
    attempt = queued(session, tickets[0], 1)
    client.force_login(steward)

    results = send(client, [attempt, attempt]).json()["results"]

    assert [r["status"] for r in results] == [200, 200]
    assert results[1]["answer"]["replayed"] is True
    assert CheckIn.objects.count() == 1
    assert ScanLog.objects.count() == 1


def test_items_fail_one_by_one(client, steward, session, tickets, event):
    other_session = factories.open_session()  # another event's
    client.force_login(steward)

    results = send(
        client,
        [
            queued(session, tickets[0], 1),
            {"token": tickets[1].token, "session": "lobby", "client_id": "q-2"},
            {"token": tickets[1].token, "session": session.pk},  # no client_id
            queued(other_session, tickets[1], 4),
            {"registration": tickets[2].pk, "session": session.pk, "reason": "x", "client_id": "m"},
            queued(session, tickets[2], 6, client_id="bad id!"),
            queued(session, tickets[1], 7),
        ],
    ).json()["results"]

    assert [(r["client_id"], r["status"], r.get("error")) for r in results] == [
        ("q-1", 200, None),
        ("q-2", 400, "invalid_request"),
        ("", 400, "invalid_request"),
        ("q-4", 403, "forbidden"),
        ("m", 403, "forbidden"),  # by hand: supervisors only
        ("bad id!", 400, "invalid_request"),
        ("q-7", 200, None),
    ]
    assert CheckIn.objects.count() == 2


def test_supervisor_queue_may_hold_checkins_by_hand(client, event, session, tickets):
    supervisor = factories.EventStaffFactory(event=event, role=StaffRole.SUPERVISOR).user
    client.force_login(supervisor)

    result = send(
        client,
        [
            {
                "registration": tickets[0].pk,
                "session": session.pk,
                "reason": "Ponsel tertinggal",
                "client_id": "m-1",
                "offline_result": "ok",
            }
        ],
    ).json()["results"][0]

    assert result["answer"]["result"] == "ok"
    checkin = CheckIn.objects.get()
    assert (checkin.method, checkin.reason) == ("manual", "Ponsel tertinggal")


def test_client_id_of_someone_else_is_a_conflict_for_that_item(client, steward, session, tickets):
    other = factories.EventStaffFactory(event=session.event).user
    checkin_record(
        session=session, staff=other, attempt=ScanAttempt(token=tickets[0].token, client_id="q-1")
    )
    client.force_login(steward)

    result = send(client, [queued(session, tickets[1], 1)]).json()["results"][0]

    assert (result["status"], result["error"]) == (409, "client_id_reused")


def test_clash_with_another_door_is_answered_and_recorded(client, steward, session, tickets):
    other = factories.EventStaffFactory(event=session.event).user
    checkin_record(
        session=session, staff=other, attempt=ScanAttempt(token=tickets[0].token, device="Pintu 2")
    )
    client.force_login(steward)

    answer = send(client, [queued(session, tickets[0], 1, minutes_ago=30)]).json()["results"][0][
        "answer"
    ]

    assert (answer["result"], answer["reason"]) == ("ok", "double_admission")
    assert CheckIn.objects.get().device == "Pintu 1"
    assert CheckInConflict.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [{}, {"attempts": []}, {"attempts": "q-1"}, {"attempts": [1, 2]}, {"attempts": [{}] * 101}],
)
def test_malformed_batch_is_a_400(client, steward, body):
    client.force_login(steward)

    response = client.post(URL, json.dumps(body), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("participant", 200), ("door_staff", 200), ("organiser", 200)],
)
def test_who_may_send_a_queue(client, user_for_role, session, tickets, role, status):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = send(client, [queued(session, tickets[0], 1)])

    assert response.status_code == status
    if status == 200:
        item = response.json()["results"][0]
        allowed = role in ("door_staff", "organiser")
        assert item["status"] == (200 if allowed else 403)
    assert CheckIn.objects.exists() == (role in ("door_staff", "organiser"))


def test_device_key_sends_its_queue(client, steward, session, tickets):
    _device, key = door_device_create(user=steward, name="Pintu utama 1")
    attempt = queued(session, tickets[0], 1)
    attempt["device"] = ""

    response = send(client, [attempt], HTTP_AUTHORIZATION=f"Token {key}")

    assert response.json()["results"][0]["answer"]["result"] == "ok"
    assert CheckIn.objects.get().device == "Pintu utama 1"


@pytest.mark.parametrize("size", [10, 40])
def test_queue_costs_three_queries_per_scan(client, size):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    steward = factories.EventStaffFactory(event=event).user
    tickets = factories.RegistrationFactory.create_batch(size, event=event)
    attempts = [queued(session, t, n) for n, t in enumerate(tickets)]
    client.force_login(steward)

    # session, user, the client_ids, the door session; then per scan: the
    # ticket, insert check-in, insert log
    with data_queries_at_most(4 + 3 * size):
        response = send(client, attempts)

    assert {r["answer"]["result"] for r in response.json()["results"]} == {"ok"}
