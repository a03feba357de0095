"""A retention period per event, set on the event form (issue 15, item 6):
how long after the event the NIP, phone and e-mail of people without an
account are kept; empty takes the site's DATA_RETENTION_DAYS."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bimtek.models import AuditEntry, Event
from bimtek.services import events as services
from tests.bimtek.test_views_event_form import _form_data
from tests.factories import WIB, EventFactory, organiser_user

pytestmark = pytest.mark.django_db


def _edit_data(event: Event, **overrides) -> dict:
    return _form_data(
        title=event.title,
        code=event.code,
        start_date=event.start_date.isoformat(),
        end_date=event.end_date.isoformat(),
        registration_opens_at=timezone.localtime(event.registration_opens_at, WIB).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        registration_closes_at=timezone.localtime(event.registration_closes_at, WIB).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        organiser_unit=event.organiser_unit,
        venue=event.venue,
        **overrides,
    )


def test_event_form_offers_the_retention_period_with_the_sites_default(client, settings):
    settings.DATA_RETENTION_DAYS = 365
    event = EventFactory()
    client.force_login(organiser_user())

    response = client.get(reverse("organiser:event_edit", kwargs={"code": event.code}))

    assert 'name="retention_days"' in response.text
    assert "365" in response.text


def test_organiser_sets_the_retention_period_and_it_is_recorded(client):
    event = EventFactory()
    client.force_login(organiser_user())

    response = client.post(
        reverse("organiser:event_edit", kwargs={"code": event.code}),
        _edit_data(event, retention_days="90"),
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.retention_days == 90
    entry = AuditEntry.objects.get(event=event, action="event.update")
    assert entry.changes["retention_days"] == {"from": None, "to": 90}


def test_empty_retention_period_takes_the_sites_default(client):
    event = EventFactory(retention_days=30)
    client.force_login(organiser_user())

    client.post(
        reverse("organiser:event_edit", kwargs={"code": event.code}),
        _edit_data(event, retention_days=""),
    )

    event.refresh_from_db()
    assert event.retention_days is None


def test_new_event_takes_its_retention_period_from_the_form(client):
    client.force_login(organiser_user())

    client.post(reverse("organiser:event_create"), _form_data(retention_days="180"))

    assert Event.objects.get().retention_days == 180


def test_clone_keeps_the_retention_period():
    source = EventFactory(retention_days=60)

    clone = services.event_clone(
        actor=None,
        source=source,
        code="bimtek-tahap-2",
        title="Bimtek Tahap II",
        start_date=source.start_date,
    )

    assert clone.retention_days == 60
