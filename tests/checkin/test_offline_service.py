"""Scans judged on a device while offline, arriving at the server later:
the earliest admission wins, clashes are recorded, nothing is doubled or lost
(checkin.services.offline; docs/offline.md)."""

import datetime as dt

import pytest
from django.utils import timezone

from bimtek.models import AuditEntry
from checkin.models import CheckIn, CheckInConflict, ScanLog
from checkin.models.checkins import CheckInMethod, ScanResult
from checkin.models.offline import ConflictKind
from checkin.services.attempts import (
    DOUBLE_ADMISSION,
    SCAN_MAX_AGE_OFFLINE,
    ScanAttempt,
)
from checkin.services.batch import checkin_submit
from checkin.services.corrections import checkin_conflict_review, checkin_undo
from checkin.services.offline import checkin_reconcile_offline
from checkin.services.scan import checkin_record
from participants.models.registrations import RegistrationStatus
from participants.services.registrations import registration_cancel, registration_reissue_ticket
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event)


@pytest.fixture
def door_a(event):
    return factories.EventStaffFactory(event=event, user__display_name="Petugas Pintu A").user


@pytest.fixture
def door_b(event):
    return factories.EventStaffFactory(event=event, user__display_name="Petugas Pintu B").user


@pytest.fixture
def registration(event):
    return factories.RegistrationFactory(event=event, participant__full_name="Siti Rahma")


def minutes_ago(minutes: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(minutes=minutes)


def offline_admission(session, staff, registration, *, at, device, client_id):
    return checkin_reconcile_offline(
        session=session,
        staff=staff,
        attempt=ScanAttempt(
            token=registration.token,
            device=device,
            client_id=client_id,
            scanned_at=at,
            offline_result=ScanResult.OK,
        ),
    )


def test_offline_admission_without_clash_is_recorded_at_its_scan_time(
    session, door_a, registration
):
    scanned = minutes_ago(20)

    answer = offline_admission(
        session, door_a, registration, at=scanned, device="Pintu A", client_id="a-1"
    )

    assert answer.result == ScanResult.OK
    assert answer.reason == ""
    checkin = CheckIn.objects.get()
    assert checkin.checked_in_at == scanned
    log = ScanLog.objects.get()
    assert log.offline_result == ScanResult.OK
    assert log.answer["offline_result"] == "ok"
    assert not CheckInConflict.objects.exists()


def test_earlier_offline_scan_replaces_a_later_checkin_and_records_the_clash(
    session, door_a, door_b, registration
):
    # Door B (online) admits at 10 minutes ago; door A admitted the same
    # ticket offline 15 minutes ago and syncs now.
    later = checkin_record(
        session=session,
        staff=door_b,
        attempt=ScanAttempt(token=registration.token, device="Pintu B", scanned_at=minutes_ago(10)),
    )
    earlier_time = minutes_ago(15)

    answer = offline_admission(
        session, door_a, registration, at=earlier_time, device="Pintu A", client_id="a-1"
    )

    assert CheckIn.objects.count() == 1
    checkin = CheckIn.objects.get()
    assert checkin.pk == later.checkin_id
    assert checkin.checked_in_at == earlier_time
    assert (checkin.checked_in_by, checkin.device) == (door_a, "Pintu A")
    assert answer.result == ScanResult.OK
    assert answer.reason == DOUBLE_ADMISSION
    assert answer.checked_in_at == earlier_time
    conflict = CheckInConflict.objects.get()
    assert conflict.kind == ConflictKind.DOUBLE_ADMISSION
    assert conflict.replaced is True
    assert (conflict.scanned_at, conflict.device, conflict.staff) == (
        earlier_time,
        "Pintu A",
        door_a,
    )
    assert (conflict.other_at, conflict.other_device, conflict.other_staff) == (
        later.checked_in_at,
        "Pintu B",
        door_b,
    )
    assert conflict.checkin == checkin
    assert conflict.scan == ScanLog.objects.get(client_id="a-1")
    assert AuditEntry.objects.filter(action="checkin.earlier_offline_scan").count() == 1


def test_later_offline_scan_keeps_the_earlier_checkin_and_records_the_clash(
    session, door_a, door_b, registration
):
    first = checkin_record(
        session=session,
        staff=door_b,
        attempt=ScanAttempt(token=registration.token, device="Pintu B", scanned_at=minutes_ago(15)),
    )

    answer = offline_admission(
        session, door_a, registration, at=minutes_ago(5), device="Pintu A", client_id="a-1"
    )

    checkin = CheckIn.objects.get()
    assert checkin.checked_in_at == first.checked_in_at
    assert (checkin.checked_in_by, checkin.device) == (door_b, "Pintu B")
    assert answer.result == ScanResult.ALREADY_CHECKED_IN
    assert answer.reason == DOUBLE_ADMISSION
    assert answer.checked_in_by == "Petugas Pintu B"
    conflict = CheckInConflict.objects.get()
    assert conflict.replaced is False
    assert conflict.other_staff == door_b
    assert not AuditEntry.objects.filter(action="checkin.earlier_offline_scan").exists()
    assert ScanLog.objects.count() == 2


def test_two_offline_doors_and_an_online_door_leave_one_checkin_at_the_earliest_time(
    session, door_a, door_b, registration, event
):
    door_c = factories.EventStaffFactory(event=event).user
    checkin_record(
        session=session,
        staff=door_c,
        attempt=ScanAttempt(token=registration.token, device="Pintu C"),
    )
    times = {"a": minutes_ago(12), "b": minutes_ago(18)}

    offline_admission(session, door_a, registration, at=times["a"], device="A", client_id="a-1")
    offline_admission(session, door_b, registration, at=times["b"], device="B", client_id="b-1")

    checkin = CheckIn.objects.get()
    assert checkin.checked_in_at == times["b"]
    assert checkin.device == "B"
    assert CheckInConflict.objects.filter(kind=ConflictKind.DOUBLE_ADMISSION).count() == 2
    assert ScanLog.objects.count() == 3


def test_offline_admission_replacing_a_checkin_by_hand_becomes_a_qr_checkin(
    session, door_a, door_b, registration
):
    checkin_record(
        session=session,
        staff=door_b,
        attempt=ScanAttempt(
            registration_id=registration.pk,
            method=CheckInMethod.MANUAL,
            reason="Ponsel tertinggal",
            scanned_at=minutes_ago(5),
        ),
    )

    offline_admission(session, door_a, registration, at=minutes_ago(9), device="A", client_id="a")

    checkin = CheckIn.objects.get()
    assert (checkin.method, checkin.reason) == (CheckInMethod.QR, "")
    assert CheckInConflict.objects.get().other_method == CheckInMethod.MANUAL


def test_offline_admission_of_a_registration_cancelled_meanwhile_is_refused_and_recorded(
    session, door_a, registration, organiser
):
    registration_cancel(registration=registration, actor=organiser)

    answer = offline_admission(
        session, door_a, registration, at=minutes_ago(3), device="A", client_id="a-1"
    )

    assert answer.result == ScanResult.NOT_APPROVED
    assert answer.reason == RegistrationStatus.CANCELLED
    assert not CheckIn.objects.exists()
    conflict = CheckInConflict.objects.get()
    assert conflict.kind == ConflictKind.REFUSED_LATER
    assert (conflict.result, conflict.reason) == ("not_approved", "cancelled")
    assert conflict.registration == registration
    assert conflict.checkin is None
    assert ScanLog.objects.get().offline_result == ScanResult.OK


def test_offline_admission_of_a_reissued_ticket_is_refused_and_recorded(
    session, door_a, registration, organiser
):
    old_token = registration.token
    registration_reissue_ticket(registration=registration, actor=organiser)

    answer = checkin_reconcile_offline(
        session=session,
        staff=door_a,
        attempt=ScanAttempt(
            token=old_token,
            client_id="a-1",
            scanned_at=minutes_ago(2),
            offline_result=ScanResult.OK,
        ),
    )

    assert (answer.result, answer.reason) == (ScanResult.INVALID, "reissued")
    assert not CheckIn.objects.exists()
    conflict = CheckInConflict.objects.get()
    assert (conflict.kind, conflict.registration) == (ConflictKind.REFUSED_LATER, registration)


def test_refusal_at_the_offline_door_is_logged_and_never_admits(session, door_a, registration):
    # The device's roster was stale (the person was approved meanwhile) and it
    # turned them away: that is what happened at the door.
    answer = checkin_reconcile_offline(
        session=session,
        staff=door_a,
        attempt=ScanAttempt(
            token=registration.token,
            client_id="a-1",
            scanned_at=minutes_ago(2),
            offline_result=ScanResult.NOT_APPROVED,
            offline_reason="pending",
        ),
    )

    assert (answer.result, answer.reason) == (ScanResult.NOT_APPROVED, "pending")
    assert not CheckIn.objects.exists()
    assert not CheckInConflict.objects.exists()
    log = ScanLog.objects.get()
    assert (log.result, log.offline_result, log.registration) == (
        "not_approved",
        "not_approved",
        registration,
    )


def test_offline_refusal_keeps_the_servers_more_precise_reason(session, door_a):
    other_event_ticket = factories.RegistrationFactory()

    answer = checkin_reconcile_offline(
        session=session,
        staff=door_a,
        attempt=ScanAttempt(
            token=other_event_ticket.token,
            client_id="a-1",
            offline_result=ScanResult.INVALID,
            offline_reason="unknown",
        ),
    )

    assert answer.result == ScanResult.WRONG_EVENT


def test_offline_rescan_on_the_same_device_stays_one_checkin(session, door_a, registration):
    offline_admission(session, door_a, registration, at=minutes_ago(6), device="A", client_id="1")

    again = checkin_reconcile_offline(
        session=session,
        staff=door_a,
        attempt=ScanAttempt(
            token=registration.token,
            client_id="2",
            scanned_at=minutes_ago(5),
            offline_result=ScanResult.ALREADY_CHECKED_IN,
        ),
    )

    assert again.result == ScanResult.ALREADY_CHECKED_IN
    assert CheckIn.objects.count() == 1
    assert not CheckInConflict.objects.exists()


def test_offline_scan_sent_twice_is_answered_once(session, door_a, door_b, registration):
    checkin_record(session=session, staff=door_b, attempt=ScanAttempt(token=registration.token))
    first = offline_admission(
        session, door_a, registration, at=minutes_ago(30), device="A", client_id="a-1"
    )

    again = offline_admission(
        session, door_a, registration, at=minutes_ago(30), device="A", client_id="a-1"
    )

    assert again.replayed is True
    assert (again.result, again.reason, again.checkin_id) == (
        first.result,
        first.reason,
        first.checkin_id,
    )
    assert CheckIn.objects.count() == 1
    assert CheckInConflict.objects.count() == 1
    assert ScanLog.objects.count() == 2


def test_offline_scan_days_old_keeps_its_time(event, door_a, registration):
    three_days_ago = timezone.now() - dt.timedelta(days=3, hours=2)
    past = factories.SessionFactory(
        event=event,
        starts_at=three_days_ago - dt.timedelta(minutes=10),
        ends_at=three_days_ago + dt.timedelta(hours=1),
    )

    answer = offline_admission(
        past, door_a, registration, at=three_days_ago, device="A", client_id="a-1"
    )

    assert answer.result == ScanResult.OK
    assert CheckIn.objects.get().checked_in_at == three_days_ago


def test_online_scan_days_old_is_still_judged_at_the_server_time(event, door_a, registration):
    three_days_ago = timezone.now() - dt.timedelta(days=3, hours=2)
    past = factories.SessionFactory(
        event=event,
        starts_at=three_days_ago - dt.timedelta(minutes=10),
        ends_at=three_days_ago + dt.timedelta(hours=1),
    )

    answer = checkin_record(
        session=past,
        staff=door_a,
        attempt=ScanAttempt(token=registration.token, scanned_at=three_days_ago),
    )

    assert answer.result == ScanResult.OUTSIDE_WINDOW


def test_offline_scan_older_than_the_offline_bound_is_judged_at_the_server_time(
    session, door_a, registration
):
    answer = offline_admission(
        session,
        door_a,
        registration,
        at=timezone.now() - SCAN_MAX_AGE_OFFLINE - dt.timedelta(hours=1),
        device="A",
        client_id="a-1",
    )

    assert answer.result == ScanResult.OK
    assert timezone.now() - CheckIn.objects.get().checked_in_at < dt.timedelta(minutes=1)


def test_unknown_offline_result_is_treated_as_an_online_scan(session, door_a, registration):
    answer = checkin_submit(
        session=session,
        staff=door_a,
        attempt=ScanAttempt(token=registration.token, offline_result="maybe"),
    )

    assert answer.result == ScanResult.OK
    assert ScanLog.objects.get().offline_result == ""


def test_conflict_review_marks_it_once(session, door_a, door_b, registration, organiser):
    checkin_record(session=session, staff=door_b, attempt=ScanAttempt(token=registration.token))
    offline_admission(session, door_a, registration, at=minutes_ago(30), device="A", client_id="a")
    conflict = CheckInConflict.objects.get()

    checkin_conflict_review(conflict=conflict, actor=organiser)
    checkin_conflict_review(conflict=conflict, actor=organiser)

    conflict.refresh_from_db()
    assert conflict.reviewed_by == organiser
    assert conflict.reviewed_at is not None
    assert AuditEntry.objects.filter(action="checkin.conflict_reviewed").count() == 1


def test_undone_checkin_is_admitted_again_by_a_late_offline_scan(
    session, door_a, door_b, registration
):
    # Door B admitted by mistake and undid it; door A's offline scan arrives.
    made = checkin_record(
        session=session, staff=door_b, attempt=ScanAttempt(token=registration.token)
    )
    checkin_undo(checkin_id=made.checkin_id, session=session, staff=door_b, reason="Keliru")

    answer = offline_admission(
        session, door_a, registration, at=minutes_ago(1), device="A", client_id="a"
    )

    assert answer.result == ScanResult.OK
    assert CheckIn.objects.get().checked_in_by == door_a
    assert not CheckInConflict.objects.exists()
