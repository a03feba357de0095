"""The Django admin is usable for superusers and keeps the rules and the audit trail."""

import datetime as dt

import pytest
from django.urls import reverse

from bimtek.models import AuditEntry, Session
from tests.factories import (
    WIB,
    EventFactory,
    EventStaffFactory,
    InstitutionFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["event", "session", "eventstaff", "institution", "auditentry"])
def test_changelists_search_and_filter(admin_client, model):
    event = EventFactory(title="Bimtek Smart City")
    SessionFactory(event=event)
    EventStaffFactory(event=event)
    InstitutionFactory()
    url = reverse(f"admin:bimtek_{model}_changelist")

    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "smart"}).status_code == 200


def test_event_change_page_renders(admin_client):
    event = EventFactory()
    SessionFactory(event=event)

    response = admin_client.get(reverse("admin:bimtek_event_change", args=[event.pk]))

    assert response.status_code == 200


def test_session_edited_in_the_admin_is_checked_and_recorded(admin_client):
    event = EventFactory()
    day = event.start_date
    SessionFactory(
        event=event,
        title="A",
        starts_at=dt.datetime.combine(day, dt.time(8), tzinfo=WIB),
        ends_at=dt.datetime.combine(day, dt.time(9), tzinfo=WIB),
    )
    session = SessionFactory(
        event=event,
        title="B",
        starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=WIB),
        ends_at=dt.datetime.combine(day, dt.time(11), tzinfo=WIB),
    )
    url = reverse("admin:bimtek_session_change", args=[session.pk])
    data = {
        "title": "B",
        "description": "",
        "speakers": "",
        "moderator": "",
        "room": session.room,
        "starts_at_0": day.isoformat(),
        "starts_at_1": "08:30",
        "ends_at_0": day.isoformat(),
        "ends_at_1": "09:30",
        "counts_for_certificate": "on",
        "position": "0",
    }

    overlapping = admin_client.post(url, data)
    data.update(starts_at_1="10:30", ends_at_1="11:30")
    saved = admin_client.post(url, data)

    assert overlapping.status_code == 200  # the form again, with the overlap
    assert saved.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == dt.datetime.combine(day, dt.time(10, 30), tzinfo=WIB)
    assert AuditEntry.objects.filter(action="session.update").count() == 1
    assert Session.objects.count() == 2
