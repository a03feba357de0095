"""The ticket's agenda ticks the sessions its holder attended and marks those
that do not count for the certificate."""

import re

import pytest

from checkin.services.attempts import ScanAttempt
from checkin.services.scan import checkin_record
from tests import factories

pytestmark = pytest.mark.django_db


def _session_items(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-session="(\d+)">(.*?)</li>', html, re.S))


def test_attended_sessions_are_ticked_and_uncounted_ones_marked(client):
    holder = factories.participant_user(email="pemilik@example.org")
    ticket = factories.RegistrationFactory(participant__user=holder)
    attended = factories.open_session(event=ticket.event, title="Pembukaan")
    missed = factories.SessionFactory(event=ticket.event, title="Materi 1")
    break_ = factories.SessionFactory(
        event=ticket.event, title="Ishoma", counts_for_certificate=False
    )
    staff = factories.EventStaffFactory(event=ticket.event).user
    checkin_record(session=attended, staff=staff, attempt=ScanAttempt(token=ticket.token))
    client.force_login(holder)

    items = _session_items(client.get(ticket.get_absolute_url()).text)

    assert "Hadir" in items[str(attended.pk)]
    assert "agenda-mark" not in items[str(missed.pk)]
    assert "Materi 1" in items[str(missed.pk)]
    assert "Tidak dihitung untuk sertifikat" in items[str(break_.pk)]
    assert "Tidak dihitung" not in items[str(attended.pk)]
