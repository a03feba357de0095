"""The attendance reads of the ticket panels (certificates/ticket_reads.py):
a person's own tickets (one registration per event) in one statement, any
other list in two, with the same progress either way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certificates import selectors
from certificates.ticket_reads import sessions_and_attendance
from tests import factories

pytestmark = pytest.mark.django_db


def _reads(registrations):
    event_ids = {r.event_id for r in registrations}
    ids = [r.pk for r in registrations]
    with CaptureQueriesContext(connection) as captured:
        sessions, attended = sessions_and_attendance(registrations, event_ids, ids)
    return sessions, attended, len(captured.captured_queries)


def test_a_persons_tickets_are_read_in_one_statement(cert_event):
    person = factories.ParticipantFactory()
    here = factories.RegistrationFactory(event=cert_event, participant=person)
    factories.attend(here, cert_event.countable[:3])
    other_event = factories.SessionFactory().event
    elsewhere = factories.RegistrationFactory(event=other_event, participant=person)
    factories.CheckInFactory(registration=elsewhere, session=other_event.sessions.get())
    # Someone else at the same event: not this person's attendance.
    factories.attend(factories.RegistrationFactory(event=cert_event), cert_event.countable)

    sessions, attended, statements = _reads([here, elsewhere])

    assert statements == 1
    in_order = sorted(cert_event.countable, key=lambda s: (s.starts_at, s.position, s.pk))
    assert [s.pk for s in sessions[cert_event.pk]] == [s.pk for s in in_order]
    assert attended[here.pk] == {s.pk for s in cert_event.countable[:3]}
    assert attended[elsewhere.pk] == {other_event.sessions.get().pk}


def test_several_registrations_of_one_event_are_told_apart(cert_event):
    first, second = factories.RegistrationFactory.create_batch(2, event=cert_event)
    factories.attend(first, cert_event.countable)
    factories.attend(second, cert_event.countable[:1])

    _sessions, attended, statements = _reads([first, second])

    assert statements == 2
    assert attended[first.pk] == {s.pk for s in cert_event.countable}
    assert attended[second.pk] == {cert_event.countable[0].pk}
    both = selectors.ticket_certificates([first, second])
    assert both[first.pk] == selectors.certificate_availability(first)
    assert both[second.pk] == selectors.certificate_availability(second)
    assert both[first.pk].progress.eligible and not both[second.pk].progress.eligible
