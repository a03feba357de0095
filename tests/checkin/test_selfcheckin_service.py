"""Self check-in is judged by the door's own service, with method "self"."""

import datetime as dt

import pytest
from django.utils import timezone

from bimtek.models import AuditEntry
from checkin.models import CheckIn, ScanLog
from checkin.selectors.door import door_session
from checkin.services.selfcheckin import (
    checkin_kiosk,
    checkin_self,
    self_checkin_settings_update,
)
from participants.models.registrations import RegistrationStatus
from tests import factories
from tests.checkin.selfcheckin_helpers import participant_with_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event)


def loaded(session, user):
    return door_session(session_id=session.pk, user=user)


def test_a_participant_checks_themselves_in_once(session):
    user, registration = participant_with_registration(session.event)

    first = checkin_self(session=loaded(session, user), user=user, device="phone")
    second = checkin_self(session=loaded(session, user), user=user, device="phone")

    assert first.result == "ok"
    assert second.result == "already_checked_in"
    checkin = CheckIn.objects.get()
    assert (checkin.registration, checkin.method, checkin.checked_in_by) == (
        registration,
        "self",
        user,
    )
    assert list(ScanLog.objects.order_by("id").values_list("action", "result")) == [
        ("self", "ok"),
        ("self", "already_checked_in"),
    ]


def test_someone_without_a_registration_is_refused_and_logged(session):
    user = factories.participant_user()

    answer = checkin_self(session=loaded(session, user), user=user)

    assert (answer.result, answer.reason) == ("invalid", "unknown")
    assert not CheckIn.objects.exists()
    assert ScanLog.objects.get().action == "self"


def test_a_registration_at_another_event_does_not_count(session):
    user, _registration = participant_with_registration(factories.EventFactory())

    assert checkin_self(session=loaded(session, user), user=user).result == "invalid"


def test_the_check_in_window_applies(event):
    later = factories.SessionFactory(event=event, starts_at=timezone.now() + dt.timedelta(hours=3))
    user, _registration = participant_with_registration(event)

    answer = checkin_self(session=loaded(later, user), user=user)

    assert (answer.result, answer.reason) == ("outside_window", "too_early")
    assert not CheckIn.objects.exists()


def test_a_registration_not_approved_is_refused(session):
    user, _registration = participant_with_registration(
        session.event, status=RegistrationStatus.WAITLISTED
    )

    answer = checkin_self(session=loaded(session, user), user=user)

    assert (answer.result, answer.reason) == ("not_approved", "waitlisted")


def test_a_kiosk_checks_in_by_the_registration_e_mail(session, supervisor_of):
    staff = supervisor_of(session.event)
    _user, registration = participant_with_registration(session.event)

    answer = checkin_kiosk(
        session=loaded(session, staff),
        staff=staff,
        email=registration.participant.email.upper(),
        device="Kiosk 1",
    )

    assert answer.result == "ok"
    checkin = CheckIn.objects.get()
    assert (checkin.method, checkin.device, checkin.checked_in_by) == ("self", "Kiosk 1", staff)


def test_a_kiosk_checks_in_by_the_ticket_code(session, supervisor_of):
    staff = supervisor_of(session.event)
    _user, registration = participant_with_registration(session.event)

    answer = checkin_kiosk(session=loaded(session, staff), staff=staff, token=registration.token)

    assert answer.result == "ok"
    assert CheckIn.objects.get().method == "self"
    assert ScanLog.objects.get().scanned_value == registration.token[:64]


def test_an_unknown_e_mail_at_the_kiosk_is_invalid(session, supervisor_of):
    staff = supervisor_of(session.event)

    answer = checkin_kiosk(session=loaded(session, staff), staff=staff, email="nobody@example.org")

    assert answer.result == "invalid"
    assert not CheckIn.objects.exists()


def test_settings_are_saved_with_an_audit_entry(event, organiser):
    options = self_checkin_settings_update(
        event=event,
        actor=organiser,
        enabled=True,
        rotation_seconds=15,
        counts_for_certificate=False,
    )

    assert (options.enabled, options.rotation_seconds, options.counts_for_certificate) == (
        True,
        15,
        False,
    )
    entry = AuditEntry.objects.get(action="checkin.self_checkin_settings")
    assert entry.changes["rotation_seconds"] == 15


def test_a_rotation_out_of_range_is_refused(event, organiser):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        self_checkin_settings_update(
            event=event,
            actor=organiser,
            enabled=True,
            rotation_seconds=1,
            counts_for_certificate=True,
        )
