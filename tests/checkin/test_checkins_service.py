"""The one service that judges a scan: checkin.services.scan."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bimtek.models import AuditEntry
from checkin.errors import CheckInError
from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import CheckInMethod, ScanAction, ScanResult
from checkin.selectors.door import door_session
from checkin.services.attempts import CheckInAnswer, ScanAttempt
from checkin.services.corrections import (
    checkin_window_override_clear,
    checkin_window_override_set,
)
from checkin.services.scan import checkin_record
from participants.models.registrations import RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event)


@pytest.fixture
def staff(event):
    return factories.EventStaffFactory(event=event, user__display_name="Petugas 2").user


@pytest.fixture
def registration(event):
    return factories.RegistrationFactory(
        event=event,
        participant__full_name="Budi Santoso",
        participant__title_front="Dr.",
        participant__title_back="M.T.",
        participant__institution__name="Dinas Kominfo Kota Tanjungpinang",
    )


def test_scan_of_approved_ticket_admits_and_logs(session, staff, registration):
    answer = checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, device="Pintu 1"),
    )

    assert answer.result == ScanResult.OK
    assert answer.display_name == "Dr. Budi Santoso, M.T."
    assert answer.institution == "Dinas Kominfo Kota Tanjungpinang"
    checkin = CheckIn.objects.get()
    assert (checkin.registration, checkin.session, checkin.checked_in_by) == (
        registration,
        session,
        staff,
    )
    assert checkin.device == "Pintu 1"
    assert checkin.method == CheckInMethod.QR
    log = ScanLog.objects.get()
    assert (log.result, log.staff, log.device, log.registration) == (
        ScanResult.OK,
        staff,
        "Pintu 1",
        registration,
    )


def test_scanner_lower_case_and_spaces_are_accepted(session, staff, registration):
    answer = checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(token=f"  {registration.token.lower()}\r\n"),
    )

    assert answer.result == ScanResult.OK


def test_rescan_is_answered_with_the_first_checkin_and_not_stored(session, staff, registration):
    first = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token)
    )
    other_staff = factories.EventStaffFactory(event=session.event).user

    again = checkin_record(
        session=session, staff=other_staff, attempt=ScanAttempt(token=registration.token)
    )

    assert again.result == ScanResult.ALREADY_CHECKED_IN
    assert again.checked_in_at == first.checked_in_at
    assert again.checked_in_by == "Petugas 2"
    assert CheckIn.objects.count() == 1
    assert list(ScanLog.objects.order_by("id").values_list("result", flat=True)) == [
        ScanResult.OK,
        ScanResult.ALREADY_CHECKED_IN,
    ]


def test_same_ticket_may_enter_every_session_once(event, session, staff, registration):
    later = factories.open_session(event=event, title="Sesi 2")

    assert checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token)
    ).admitted
    assert checkin_record(
        session=later, staff=staff, attempt=ScanAttempt(token=registration.token)
    ).admitted
    assert CheckIn.objects.count() == 2


def test_unknown_token_is_invalid_and_logged(session, staff):
    answer = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token="A" * 32, device="Pintu 1")
    )

    assert (answer.result, answer.reason) == (ScanResult.INVALID, "unknown")
    log = ScanLog.objects.get()
    assert (log.result, log.reason, log.scanned_value, log.staff) == (
        ScanResult.INVALID,
        "unknown",
        "A" * 32,
        staff,
    )
    assert not CheckIn.objects.exists()


def test_reissued_token_is_answered_as_replaced(session, staff, registration):
    old = factories.RevokedTokenFactory(registration=registration)

    answer = checkin_record(session=session, staff=staff, attempt=ScanAttempt(token=old.token))

    assert (answer.result, answer.reason) == (ScanResult.INVALID, "reissued")
    assert ScanLog.objects.get().reason == "reissued"
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "not-a-token",
        "A" * 31,
        "A" * 33,
        "1" * 32,
        "A" * 100_000,
        "\x00" * 32,
        "AAAA\x00AAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "ÄÖÜ" * 11,
        "\ufffd" * 32,
        None,
        12345,
        ["A" * 32],
        {"token": "A" * 32},
    ],
)
def test_malformed_input_is_invalid_without_a_lookup(session, staff, raw):
    session.scan_chain_last = ""  # the scan log's chain end, as door_session reads it
    with CaptureQueriesContext(connection) as queries:
        answer = checkin_record(session=session, staff=staff, attempt=ScanAttempt(token=raw))

    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert "SELECT" not in statements
    assert statements.count("INSERT") == 1  # the scan-log entry

    assert (answer.result, answer.reason) == (ScanResult.INVALID, "malformed")
    log = ScanLog.objects.get()
    assert len(log.scanned_value) <= 64
    assert "\x00" not in log.scanned_value


@pytest.mark.parametrize(
    "status",
    [
        RegistrationStatus.PENDING,
        RegistrationStatus.WAITLISTED,
        RegistrationStatus.REJECTED,
        RegistrationStatus.CANCELLED,
    ],
)
def test_registration_not_approved_is_refused_with_its_status(session, staff, event, status):
    registration = factories.RegistrationFactory(event=event, status=status)

    answer = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token)
    )

    assert (answer.result, answer.reason) == (ScanResult.NOT_APPROVED, status)
    assert answer.display_name == registration.participant.display_name
    assert not CheckIn.objects.exists()


def test_ticket_of_another_event_is_wrong_event(session, staff):
    other = factories.RegistrationFactory(event__title="Bimtek Keuangan Daerah")

    answer = checkin_record(session=session, staff=staff, attempt=ScanAttempt(token=other.token))

    assert answer.result == ScanResult.WRONG_EVENT
    assert answer.event_title == "Bimtek Keuangan Daerah"
    assert not CheckIn.objects.exists()


@pytest.fixture
def past_session(event):
    """A session that ran from 3 h to 1 h ago; check-in opened 20 min before it."""
    now = timezone.now().replace(microsecond=0)
    return factories.SessionFactory(
        event=event,
        starts_at=now - dt.timedelta(hours=3),
        ends_at=now - dt.timedelta(hours=1),
        checkin_opens_minutes=20,
    )


@pytest.mark.parametrize(
    ("offset", "edge", "result", "reason"),
    [
        (dt.timedelta(seconds=-1), "opens", ScanResult.OUTSIDE_WINDOW, "too_early"),
        (dt.timedelta(0), "opens", ScanResult.OK, ""),
        (dt.timedelta(0), "closes", ScanResult.OK, ""),
        (dt.timedelta(seconds=1), "closes", ScanResult.OUTSIDE_WINDOW, "closed"),
    ],
)
def test_window_edges_are_judged_at_the_scan_time(
    past_session, staff, registration, offset, edge, result, reason
):
    opens = past_session.starts_at - dt.timedelta(minutes=20)
    at = (opens if edge == "opens" else past_session.ends_at) + offset

    answer = checkin_record(
        session=past_session,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, scanned_at=at),
    )

    assert (answer.result, answer.reason) == (result, reason)
    assert CheckIn.objects.filter(registration=registration).exists() == (result == ScanResult.OK)
    if result == ScanResult.OUTSIDE_WINDOW:
        assert answer.window_opens_at == opens
        assert answer.window_closes_at == past_session.ends_at


def test_window_uses_the_event_default_when_the_session_has_none(event, staff, registration):
    event.checkin_opens_minutes = 60
    event.save()
    starts = timezone.now() + dt.timedelta(minutes=45)
    session = factories.SessionFactory(
        event=event, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )

    assert checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token)
    ).admitted


def test_organiser_override_opens_a_closed_window(past_session, staff, registration, organiser):
    now = timezone.now()
    refused = checkin_record(
        session=past_session, staff=staff, attempt=ScanAttempt(token=registration.token)
    )
    checkin_window_override_set(
        actor=organiser,
        session=past_session,
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(minutes=30),
        reason="Sesi molor",
    )

    admitted = checkin_record(
        session=past_session, staff=staff, attempt=ScanAttempt(token=registration.token)
    )

    assert (refused.result, refused.reason) == (ScanResult.OUTSIDE_WINDOW, "closed")
    assert admitted.result == ScanResult.OK
    assert AuditEntry.objects.filter(action="checkin.window_override").exists()


def test_clearing_the_override_restores_the_window(past_session, staff, registration, organiser):
    now = timezone.now()
    checkin_window_override_set(
        actor=organiser,
        session=past_session,
        opens_at=now - dt.timedelta(minutes=5),
        closes_at=now + dt.timedelta(minutes=30),
    )

    checkin_window_override_clear(actor=organiser, session=past_session)

    answer = checkin_record(
        session=past_session, staff=staff, attempt=ScanAttempt(token=registration.token)
    )
    assert answer.result == ScanResult.OUTSIDE_WINDOW


def test_override_must_close_after_it_opens(session, organiser):
    now = timezone.now()

    with pytest.raises(CheckInError) as excinfo:
        checkin_window_override_set(actor=organiser, session=session, opens_at=now, closes_at=now)

    assert excinfo.value.code == "window_invalid"


def test_scan_sent_later_keeps_its_own_time(session, staff, registration):
    scanned = timezone.now() - dt.timedelta(minutes=7)

    answer = checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, scanned_at=scanned),
    )

    assert answer.checked_in_at == scanned
    assert CheckIn.objects.get().checked_in_at == scanned
    assert ScanLog.objects.get().scanned_at == scanned


@pytest.mark.parametrize(
    "shift", [dt.timedelta(minutes=30), dt.timedelta(days=-4)], ids=["future", "too-old"]
)
def test_implausible_scan_time_is_replaced_by_the_server_time(session, staff, registration, shift):
    before = timezone.now()

    answer = checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, scanned_at=before + shift),
    )

    assert before <= answer.checked_in_at <= timezone.now()


def test_retry_with_same_client_id_returns_the_same_answer(session, staff, registration):
    first = checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, client_id="dev1-0001"),
    )

    retry = checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, client_id="dev1-0001"),
    )

    assert first.result == retry.result == ScanResult.OK
    assert retry.replayed and not first.replayed
    assert retry.checkin_id == first.checkin_id
    assert retry.checked_in_at == first.checked_in_at
    assert CheckIn.objects.count() == 1
    assert ScanLog.objects.count() == 1


def test_retry_of_a_refused_scan_is_refused_the_same_way(session, staff):
    first = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token="B" * 32, client_id="dev1-0002")
    )

    retry = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token="B" * 32, client_id="dev1-0002")
    )

    assert (retry.result, retry.reason, retry.replayed) == (first.result, "unknown", True)
    assert ScanLog.objects.count() == 1


def test_client_id_of_another_staff_is_refused(event, session, staff, registration):
    checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, client_id="dev1-0003"),
    )
    intruder = factories.EventStaffFactory(event=event).user

    with pytest.raises(CheckInError) as excinfo:
        checkin_record(
            session=session,
            staff=intruder,
            attempt=ScanAttempt(token=registration.token, client_id="dev1-0003"),
        )

    assert excinfo.value.code == "client_id_reused"


def test_manual_checkin_records_method_and_reason(session, staff, registration):
    answer = checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(
            registration_id=registration.pk, method=CheckInMethod.MANUAL, reason="HP tertinggal"
        ),
    )

    assert answer.result == ScanResult.OK
    checkin = CheckIn.objects.get()
    assert (checkin.method, checkin.reason) == (CheckInMethod.MANUAL, "HP tertinggal")
    assert ScanLog.objects.get().action == ScanAction.MANUAL


def test_manual_checkin_needs_a_reason(session, staff, registration):
    with pytest.raises(CheckInError) as excinfo:
        checkin_record(
            session=session,
            staff=staff,
            attempt=ScanAttempt(
                registration_id=registration.pk, method=CheckInMethod.MANUAL, reason="  "
            ),
        )

    assert excinfo.value.code == "reason_required"
    assert not ScanLog.objects.exists()


def test_manual_checkin_follows_the_same_rules(session, staff, event):
    pending = factories.RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    answer = checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(
            registration_id=pending.pk, method=CheckInMethod.MANUAL, reason="Lupa tiket"
        ),
    )

    assert answer.result == ScanResult.NOT_APPROVED


@pytest.mark.parametrize("size", [3, 30])
def test_scan_costs_four_queries_whatever_the_event_size(
    event, staff, size, django_assert_max_num_queries
):
    session = factories.open_session(event=event)
    registrations = factories.RegistrationFactory.create_batch(size, event=event)
    for other in registrations[1:]:
        factories.CheckInFactory(registration=other, session=session)

    # door_session (1) + ticket with its check-in (1) + check-in and log (2);
    # the two savepoints are the test's transaction, not the service's.
    with django_assert_max_num_queries(6):
        loaded = door_session(session_id=session.pk, user=staff, client_id="x-1")
        answer = checkin_record(
            session=loaded,
            staff=staff,
            attempt=ScanAttempt(token=registrations[0].token, client_id="x-1"),
        )

    assert answer.result == ScanResult.OK


def test_answer_data_round_trips_every_field():
    from dataclasses import fields

    answer = CheckInAnswer(
        result="ok", session_id=1, scanned_at=timezone.now(), checked_in_at=timezone.now()
    )

    assert {f.name for f in fields(answer)} - {"replayed"} == set(answer.to_data())
    assert CheckInAnswer.from_data(answer.to_data(), replayed=False) == answer
