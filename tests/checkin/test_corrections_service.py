"""Undoing a check-in: checkin.services.corrections.checkin_undo."""

import datetime as dt

import pytest
from django.utils import timezone

from bimtek.models import AuditEntry
from bimtek.models.events import EventStatus
from checkin.errors import CheckInError
from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import ScanAction
from checkin.services.attempts import UNDO_WINDOW, ScanAttempt
from checkin.services.corrections import checkin_undo, checkin_window_override_set
from checkin.services.scan import checkin_record
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


def test_undo_deletes_the_checkin_and_keeps_the_story(session, staff, registration):
    answer = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token)
    )

    checkin_undo(checkin_id=answer.checkin_id, session=session, staff=staff, reason="Salah orang")

    assert not CheckIn.objects.exists()
    undo = ScanLog.objects.get(action=ScanAction.UNDO)
    assert (undo.note, undo.staff, undo.registration) == ("Salah orang", staff, registration)
    assert AuditEntry.objects.filter(action="checkin.undo").exists()
    assert checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token)
    ).admitted


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_undo_without_a_reason_is_refused(session, staff, registration, reason):
    answer = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token)
    )

    with pytest.raises(CheckInError) as excinfo:
        checkin_undo(checkin_id=answer.checkin_id, session=session, staff=staff, reason=reason)

    assert excinfo.value.code == "reason_required"
    assert CheckIn.objects.exists()
    assert not ScanLog.objects.filter(action=ScanAction.UNDO).exists()


def test_undo_after_the_undo_window_is_refused(session, staff, registration):
    answer = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token)
    )
    CheckIn.objects.update(recorded_at=timezone.now() - UNDO_WINDOW - dt.timedelta(seconds=1))

    with pytest.raises(CheckInError) as excinfo:
        checkin_undo(
            checkin_id=answer.checkin_id, session=session, staff=staff, reason="Salah orang"
        )

    assert excinfo.value.code == "undo_expired"
    assert CheckIn.objects.exists()


def test_undo_of_a_missing_checkin_is_not_found(session, staff):
    with pytest.raises(CheckInError) as excinfo:
        checkin_undo(checkin_id=999_999, session=session, staff=staff, reason="Salah orang")

    assert excinfo.value.code == "not_found"


def test_a_finished_events_window_cannot_be_reopened(organiser):
    session = factories.open_session(event=factories.EventFactory(status=EventStatus.FINISHED))
    now = timezone.now()

    with pytest.raises(CheckInError) as excinfo:
        checkin_window_override_set(
            actor=organiser, session=session, opens_at=now, closes_at=now + dt.timedelta(hours=1)
        )

    assert excinfo.value.code == "event_not_running"
