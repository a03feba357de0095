"""The check-in API of the design brief's contract, from real requests."""

import datetime as dt
import json
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import ScanResult
from participants.models.registrations import RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/checkins/"


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def data_queries_at_most(limit: int):
    """Like django_assert_max_num_queries, but transaction control (SQLite's
    BEGIN IMMEDIATE / COMMIT, which PostgreSQL's driver does not log) is not a query."""
    with CaptureQueriesContext(connection) as captured:
        yield
    queries = [
        q["sql"] for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)
    ]
    assert len(queries) <= limit, "\n".join(sql[:150] for sql in queries)


def scan(client, **body):
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_url_is_the_contracts():
    assert reverse("api:checkin_create") == URL


def test_ok_answer_carries_the_contract_fields(client, steward, session, registration):
    client.force_login(steward)

    response = scan(
        client,
        token=registration.token,
        session=session.pk,
        device="Pintu 1",
        client_id="c-1",
        scanned_at=timezone.now().isoformat(),
    )

    assert response.status_code == 200
    data = response.json()
    assert data["result"] == "ok"
    assert data["display_name"] == "Siti <b>Rahma</b>"
    assert data["institution"] == "Bank Riau Kepri Syariah"
    assert data["jabatan"] == "Kepala Unit Layanan"
    assert data["checked_in_at"] is not None
    assert data["checked_in_by"] == "Petugas 2"
    assert data["message"] == "Silakan masuk"
    assert data["session"] == session.pk
    assert data["client_id"] == "c-1"


def test_already_checked_in_answer_gives_first_time_and_staff(
    client, steward, session, registration
):
    first_time = timezone.now() - dt.timedelta(minutes=3)
    client.force_login(steward)
    scan(client, token=registration.token, session=session.pk, scanned_at=first_time.isoformat())

    data = scan(client, token=registration.token, session=session.pk).json()

    assert data["result"] == "already_checked_in"
    assert dt.datetime.fromisoformat(data["checked_in_at"]) == first_time
    local = timezone.localtime(first_time, session.event.tzinfo)
    assert data["checked_in_at_display"] == f"{local:%H.%M}"
    assert data["detail"] == f"Pertama kali pukul {local:%H.%M} WIB oleh Petugas 2."
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("make_token", "result", "reason"),
    [
        (lambda reg: "A" * 32, "invalid", "unknown"),
        (lambda reg: factories.RevokedTokenFactory(registration=reg).token, "invalid", "reissued"),
        (
            lambda reg: (
                factories.RegistrationFactory(
                    event=reg.event, status=RegistrationStatus.PENDING
                ).token
            ),
            "not_approved",
            "pending",
        ),
        (lambda reg: factories.RegistrationFactory().token, "wrong_event", "other_event"),
    ],
    ids=["unknown", "reissued", "not_approved", "wrong_event"],
)
def test_refusals_are_answered_and_logged(
    client, steward, session, registration, make_token, result, reason
):
    token = make_token(registration)
    client.force_login(steward)

    response = scan(client, token=token, session=session.pk, device="Pintu 2")

    assert response.status_code == 200
    assert (response.json()["result"], response.json()["reason"]) == (result, reason)
    assert response.json()["message"]
    log = ScanLog.objects.get()
    assert (log.result, log.staff, log.device) == (result, steward, "Pintu 2")
    assert not CheckIn.objects.exists()


def test_outside_window_answer_says_when_it_opens(client, steward, event, registration):
    starts = timezone.now() + dt.timedelta(hours=3)
    later = factories.SessionFactory(
        event=event, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    client.force_login(steward)

    data = scan(client, token=registration.token, session=later.pk).json()

    assert (data["result"], data["reason"]) == ("outside_window", "too_early")
    opens = timezone.localtime(starts - dt.timedelta(minutes=30), event.tzinfo)
    assert data["detail"] == f"Registrasi ulang dibuka pukul {opens:%H.%M} WIB."


@pytest.mark.parametrize(
    "body",
    [
        b'{"token": "", "session": %d}',
        b'{"session": %d}',
        b'{"token": null, "session": %d}',
        b'{"token": 42, "session": %d}',
        b'{"token": ["x"], "session": %d}',
        b'{"token": "\xff\xfe\xfa\xc3(", "session": %d}',
        b'{"token": "AAAAAAAAAAAAAAAA\xc3\x28AAAAAAAAAAAAAA", "session": %d}',
        b'{"token": "\\u0000\\u0000", "session": %d}',
        b'{"token": "<script>alert(1)</script>", "session": %d}',
        b'{"token": "' + b"Z" * 200_000 + b'", "session": %d}',
    ],
    ids=[
        "empty",
        "missing",
        "null",
        "number",
        "list",
        "not-utf8",
        "broken-utf8",
        "nul",
        "markup",
        "huge",
    ],
)
def test_malformed_tokens_answer_invalid_never_500(client, steward, session, body):
    client.force_login(steward)

    response = client.post(URL, body % session.pk, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["result"] == "invalid"
    assert ScanLog.objects.get().result == ScanResult.INVALID


def test_form_encoded_scan_is_refused_in_json(client, steward, session, registration):
    """The API documents JSON bodies only: a form cannot say null or a number."""
    client.force_login(steward)

    response = client.post(URL, {"token": registration.token, "session": session.pk})

    assert response.status_code == 415
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"token": "A" * 32}, 400, "invalid_request"),
        ({"token": "A" * 32, "session": "abc"}, 400, "invalid_request"),
        ({"token": "A" * 32, "session": 10**30}, 400, "invalid_request"),
        ({"token": "A" * 32, "session": 999_999}, 404, "not_found"),
        ({"token": "A" * 32, "session": "SESSION", "client_id": "bad id!"}, 400, "invalid_request"),
        ({"token": "A" * 32, "session": "SESSION", "scanned_at": "yesterday"}, 400, None),
    ],
)
def test_requests_that_cannot_be_judged_get_a_clear_error(
    client, steward, session, body, status, code
):
    client.force_login(steward)
    body = {k: (session.pk if v == "SESSION" else v) for k, v in body.items()}

    response = scan(client, **body)

    assert response.status_code == status
    assert response.json()["detail"]
    if code:
        assert response.json()["error"] == code
    assert not ScanLog.objects.exists()


def test_garbage_body_is_a_400_not_a_500(client, steward):
    client.force_login(steward)

    response = client.post(URL, b"\xff{not json", content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("participant", 403), ("door_staff", 200), ("organiser", 200)],
)
def test_who_may_scan(client, user_for_role, session, registration, role, status):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = scan(client, token=registration.token, session=session.pk)

    assert response.status_code == status
    assert CheckIn.objects.exists() == (status == 200)


def test_door_staff_of_another_event_is_refused(client, session, registration):
    elsewhere = factories.EventStaffFactory().user
    client.force_login(elsewhere)

    response = scan(client, token=registration.token, session=session.pk)

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"
    assert not CheckIn.objects.exists()
    assert not ScanLog.objects.exists()


def test_retry_with_same_client_id_returns_same_answer(client, steward, session, registration):
    client.force_login(steward)
    first = scan(client, token=registration.token, session=session.pk, client_id="dev-7:42")

    retry = scan(client, token=registration.token, session=session.pk, client_id="dev-7:42")

    assert first.json()["result"] == retry.json()["result"] == "ok"
    assert retry.json()["replayed"] is True
    assert retry.json()["checkin_id"] == first.json()["checkin_id"]
    assert retry.json()["checked_in_at"] == first.json()["checked_in_at"]
    assert ScanLog.objects.count() == 1


def test_client_id_reused_for_another_session_is_a_conflict(
    client, steward, event, session, registration
):
    client.force_login(steward)
    scan(client, token=registration.token, session=session.pk, client_id="dev-7:43")
    other = factories.open_session(event=event)

    response = scan(client, token=registration.token, session=other.pk, client_id="dev-7:43")

    assert response.status_code == 409
    assert response.json()["error"] == "client_id_reused"


def test_late_scan_records_its_own_time(client, steward, session, registration):
    client.force_login(steward)
    scanned = (timezone.now() - dt.timedelta(minutes=9)).replace(microsecond=0)

    scan(client, token=registration.token, session=session.pk, scanned_at=scanned.isoformat())

    assert CheckIn.objects.get().checked_in_at == scanned


def test_answers_are_in_english_when_chosen(client, steward, session, registration):
    client.force_login(steward)
    indonesian = scan(client, token="A" * 32, session=session.pk).json()
    client.cookies["django_language"] = "en"

    data = scan(client, token="A" * 32, session=session.pk).json()

    assert indonesian["message"] == "Tiket tidak dikenal"
    assert (data["message"], data["detail"]) == ("Unknown ticket", "No registration has this code.")


@pytest.mark.parametrize("size", [5, 200])
def test_scan_costs_at_most_five_queries_whatever_the_event_size(client, size):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    steward = factories.EventStaffFactory(event=event).user
    registrations = factories.RegistrationFactory.create_batch(size, event=event)
    checked = [factories.CheckInFactory(registration=r, session=session) for r in registrations[1:]]
    client.force_login(steward)

    # session, user, door session with the ticket and its check-in, the
    # admission (two inserts on SQLite; one statement on PostgreSQL, plus the
    # check-in sequence's name once per process)
    with data_queries_at_most(5):
        ok = scan(client, token=registrations[0].token, session=session.pk, client_id=f"q-{size}")
    with data_queries_at_most(4):  # session, user, door session with the ticket, insert log
        again = scan(client, token=checked[0].registration.token, session=session.pk)

    assert ok.json()["result"] == "ok"
    assert again.json()["result"] == "already_checked_in"


def test_organiser_scan_also_costs_at_most_five_queries(client):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    registration = factories.RegistrationFactory(event=event)
    client.force_login(factories.organiser_user())

    with data_queries_at_most(5):
        response = scan(client, token=registration.token, session=session.pk, client_id="o-1")

    assert response.json()["result"] == "ok"


def test_schema_documents_the_checkin_contract(client, organiser):
    client.force_login(organiser)

    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    schema = json.loads(response.content)
    operation = schema["paths"]["/api/v1/checkins/"]["post"]
    request = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][request.rsplit("/", 1)[1]]["properties"]
    assert {"token", "session", "device", "client_id", "scanned_at"} <= set(fields)
    answer = schema["components"]["schemas"]["CheckInAnswer"]["properties"]
    result_enum = answer["result"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][result_enum]["enum"]) == {
        "ok",
        "already_checked_in",
        "invalid",
        "not_approved",
        "wrong_event",
        "outside_window",
    }
    assert "doorDeviceKey" in schema["components"]["securitySchemes"]


@pytest.mark.parametrize(
    ("offset_s", "result"),
    [(-1, "outside_window"), (0, "ok"), (1, "ok")],
    ids=["one-second-early", "as-it-opens", "just-after"],
)
def test_window_opening_edge_from_a_real_request(client, steward, event, offset_s, result):
    now = timezone.now().replace(microsecond=0)
    session = factories.SessionFactory(
        event=event,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=1),
        checkin_opens_minutes=20,
    )
    registration = factories.RegistrationFactory(event=event)
    opens = session.starts_at - dt.timedelta(minutes=20)
    client.force_login(steward)

    data = scan(
        client,
        token=registration.token,
        session=session.pk,
        scanned_at=(opens + dt.timedelta(seconds=offset_s)).isoformat(),
    ).json()

    assert data["result"] == result


def test_window_closing_edge_from_a_real_request(client, steward, event):
    now = timezone.now().replace(microsecond=0)
    session = factories.SessionFactory(
        event=event, starts_at=now - dt.timedelta(hours=2), ends_at=now - dt.timedelta(hours=1)
    )
    on_time, late = factories.RegistrationFactory.create_batch(2, event=event)
    client.force_login(steward)

    at_end = scan(
        client, token=on_time.token, session=session.pk, scanned_at=session.ends_at.isoformat()
    ).json()
    after = scan(
        client,
        token=late.token,
        session=session.pk,
        scanned_at=(session.ends_at + dt.timedelta(seconds=1)).isoformat(),
    ).json()

    assert at_end["result"] == "ok"
    assert (after["result"], after["reason"]) == ("outside_window", "closed")
