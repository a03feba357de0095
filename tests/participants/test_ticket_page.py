"""What the ticket page tells its holder besides the QR code."""

import datetime as dt

import pytest
from django.utils import timezone

from participants.models.registrations import RegistrationStatus
from tests.factories import EventFactory, RegistrationFactory, participant_user

pytestmark = pytest.mark.django_db


def test_a_waitlisted_holder_sees_their_place_in_line(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    start = timezone.now() - dt.timedelta(hours=3)
    line = [
        RegistrationFactory(
            event=event,
            status=RegistrationStatus.WAITLISTED,
            status_changed_at=start + dt.timedelta(minutes=minutes),
        )
        for minutes in (0, 10, 10)
    ]
    holder = participant_user(email="antre@example.org")
    line[2].participant.user = holder
    line[2].participant.save()
    client.force_login(holder)

    page = client.get(line[2].get_absolute_url()).text

    # Same moment as the second in line: the earlier registration goes first.
    assert 'data-testid="waitlist-position">Anda nomor 3 dalam daftar tunggu.' in page


def test_an_approved_holder_sees_no_place_in_line(client):
    holder = participant_user(email="hadir@example.org")
    ticket = RegistrationFactory(participant__user=holder)
    client.force_login(holder)

    page = client.get(ticket.get_absolute_url())

    assert page.status_code == 200 and ticket.event.title in page.text
    assert "waitlist-position" not in page.text


def test_the_ticket_page_is_never_stored_by_a_cache(client):
    holder = participant_user(email="pemilik@example.org")
    ticket = RegistrationFactory(participant__user=holder)
    client.force_login(holder)

    response = client.get(ticket.get_absolute_url())

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
