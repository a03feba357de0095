"""Self check-ins racing each other on PostgreSQL, with real threads and
connections: the same person scanning twice at once (two phones, a double
tap), and a hall checking itself in at the same moment."""

from collections import Counter

import pytest

from checkin.models import CheckIn, ScanLog
from checkin.selectors.door import door_session
from checkin.services.selfcheckin import checkin_self
from tests import factories
from tests.checkin.selfcheckin_helpers import participant_with_registration
from tests.checkin.test_checkins_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_person_scanning_twice_at_once_is_checked_in_once():
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    user, registration = participant_with_registration(event)

    def scan(_index: int):
        loaded = door_session(session_id=session.pk, user=user)
        return checkin_self(session=loaded, user=user, device="phone")

    answers = race(10, scan)

    assert Counter(a.result for a in answers) == {"ok": 1, "already_checked_in": 9}
    checkin = CheckIn.objects.get()
    assert (checkin.registration_id, checkin.method) == (registration.pk, "self")
    assert ScanLog.objects.filter(session=session).count() == 10


def test_a_hall_checking_itself_in_at_once_gets_everyone_in_once():
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    people = [participant_with_registration(event)[0] for _ in range(30)]

    def scan(index: int):
        user = people[index % len(people)]
        loaded = door_session(session_id=session.pk, user=user)
        return checkin_self(session=loaded, user=user)

    answers = race(60, scan)

    assert Counter(a.result for a in answers) == {"ok": 30, "already_checked_in": 30}
    assert CheckIn.objects.filter(session=session, method="self").count() == 30
