"""Self check-ins count for the certificate unless the event requires check-in
by door staff (SelfCheckInSettings.counts_for_certificate)."""

import pytest

from certificates import selectors
from checkin.models import SelfCheckInSettings
from tests import factories

pytestmark = pytest.mark.django_db


def attend_by_self(registration, sessions):
    for session in sessions:
        factories.CheckInFactory(registration=registration, session=session, method="self")


def test_self_check_ins_count_by_default(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    attend_by_self(registration, cert_event.countable)

    assert selectors.eligibility_for_registration(registration).eligible


def test_self_check_ins_do_not_count_when_the_event_requires_door_staff(cert_event):
    SelfCheckInSettings.objects.create(event=cert_event, enabled=True, counts_for_certificate=False)
    by_self = factories.RegistrationFactory(event=cert_event)
    attend_by_self(by_self, cert_event.countable)
    at_the_door = factories.RegistrationFactory(event=cert_event)
    factories.attend(at_the_door, cert_event.countable)

    progress = selectors.eligibility_for_registration(by_self)

    assert not progress.eligible
    assert progress.sessions_attended == 0
    assert selectors.eligibility_for_registration(at_the_door).eligible
    many = selectors.eligibility_for_registrations(
        event=cert_event, registrations=[by_self, at_the_door]
    )
    assert [many[r.pk].eligible for r in (by_self, at_the_door)] == [False, True]
