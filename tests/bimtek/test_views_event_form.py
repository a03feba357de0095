"""Organisers' event form: creating an event and editing it (rules shown
inline, change notices, the audit of a change, sessions moved with the
dates).
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bimtek import extensions
from bimtek.models import AuditEntry, Event
from bimtek.models.events import EventStatus
from tests.factories import (
    WIB,
    EventFactory,
    SessionFactory,
    organiser_user,
)

pytestmark = pytest.mark.django_db


# --- create, edit -----------------------------------------------------------------------


def _form_data(**overrides) -> dict:
    start = timezone.localdate() + dt.timedelta(days=20)
    data = {
        "title": "Bimtek Tahap I Smart City",
        "code": "bimtek-sc-1",
        "organiser_unit": "Diskominfo Kota Tanjungpinang",
        "description": "",
        "venue": "Aula Lantai 3",
        "address": "",
        "city": "Tanjungpinang",
        "timezone": "Asia/Jakarta",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=1)).isoformat(),
        "registration_opens_at": "",
        "registration_closes_at": f"{(start - dt.timedelta(days=1)).isoformat()}T16:00",
        "capacity": "100",
        "registration_mode": "open",
        "approval_mode": "auto",
        "minutes_per_jp": "45",
        "checkin_opens_minutes": "30",
    }
    data.update(overrides)
    return data


def test_create_saves_a_draft_and_goes_to_its_agenda(client):
    client.force_login(organiser_user())

    response = client.post(reverse("organiser:event_create"), _form_data())

    event = Event.objects.get()
    assert response["Location"] == reverse("organiser:agenda", kwargs={"code": "bimtek-sc-1"})
    assert event.status == EventStatus.DRAFT
    # typed in the venue's zone
    assert timezone.localtime(event.registration_closes_at, WIB).hour == 16


def test_create_reads_the_registration_window_in_the_venue_zone(client):
    client.force_login(organiser_user())

    client.post(reverse("organiser:event_create"), _form_data(timezone="Asia/Jayapura"))

    event = Event.objects.get()
    closes = event.registration_closes_at
    assert closes.astimezone(event.tzinfo).hour == 16
    assert closes.astimezone(dt.UTC).hour == 7  # 16.00 WIT = 07.00 UTC


def test_create_shows_every_rule_inline(client):
    client.force_login(organiser_user())
    start = timezone.localdate() + dt.timedelta(days=20)

    response = client.post(
        reverse("organiser:event_create"),
        _form_data(
            end_date=(start - dt.timedelta(days=2)).isoformat(),
            registration_closes_at=f"{start.isoformat()}T10:00",
        ),
    )

    assert response.status_code == 200
    assert "Kegiatan tidak boleh berakhir sebelum dimulai." in response.text
    assert not Event.objects.exists()


def test_create_answers_a_taken_code_on_the_field(client):
    EventFactory(code="bimtek-sc-1")
    client.force_login(organiser_user())

    response = client.post(reverse("organiser:event_create"), _form_data())

    assert response.status_code == 200
    assert "sudah dipakai" in response.text
    assert Event.objects.count() == 1


def test_create_with_markup_in_the_title_is_shown_literally(client):
    client.force_login(organiser_user())

    client.post(reverse("organiser:event_create"), _form_data(title="<script>alert(1)</script>"))
    response = client.get(reverse("organiser:event_detail", kwargs={"code": "bimtek-sc-1"}))

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)" not in response.text


@pytest.fixture
def fake_notice(monkeypatch):
    monkeypatch.setattr(extensions.event_change_notices, "_items", {})
    extensions.event_change_notices.register(
        extensions.EventNotice(key="registered", notice=lambda event: "57 orang telah mendaftar.")
    )
    extensions.event_change_notices.register(
        extensions.EventNotice(key="nothing", notice=lambda event: None)
    )


def test_editing_a_published_event_shows_every_notice(client, fake_notice):
    client.force_login(organiser_user())
    event = EventFactory()

    response = client.get(reverse("organiser:event_edit", kwargs={"code": event.code}))

    assert response.text.count('data-testid="change-notice"') == 1
    assert "57 orang telah mendaftar." in response.text


def test_editing_a_draft_shows_no_notice(client, fake_notice):
    client.force_login(organiser_user())
    event = EventFactory(status=EventStatus.DRAFT)

    response = client.get(reverse("organiser:event_edit", kwargs={"code": event.code}))

    assert response.status_code == 200
    assert response.context["form"].instance == event
    assert event.title in response.text
    assert 'data-testid="change-notice"' not in response.text
    assert "57 orang telah mendaftar." not in response.text


def test_edit_records_who_changed_what(client):
    organiser = organiser_user()
    client.force_login(organiser)
    event = EventFactory(code="bimtek-sc-1", venue="Aula Lantai 3")
    data = _form_data(
        title=event.title,
        start_date=event.start_date.isoformat(),
        end_date=event.end_date.isoformat(),
        registration_opens_at=timezone.localtime(event.registration_opens_at, WIB).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        registration_closes_at=timezone.localtime(event.registration_closes_at, WIB).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        venue="Gedung Daerah",
        organiser_unit=event.organiser_unit,
    )

    response = client.post(reverse("organiser:event_edit", kwargs={"code": event.code}), data)

    assert response.status_code == 302
    entry = AuditEntry.objects.get(event=event, action="event.update")
    assert entry.actor == organiser
    assert entry.changes["venue"] == {"from": "Aula Lantai 3", "to": "Gedung Daerah"}
    history = client.get(reverse("organiser:history", kwargs={"code": event.code}))
    assert "Gedung Daerah" in history.text
    assert organiser.get_full_name() in history.text


def test_edit_form_offers_to_move_sessions_and_does(client):
    client.force_login(organiser_user())
    event = EventFactory(code="bimtek-sc-1", registration_opens_at=None)
    session = SessionFactory(event=event)
    url = reverse("organiser:event_edit", kwargs={"code": event.code})
    new_start = event.start_date + dt.timedelta(days=3)
    closes = f"{(new_start - dt.timedelta(days=1)).isoformat()}T16:00"

    assert 'name="shift_sessions"' in client.get(url).text
    refused = client.post(
        url,
        _form_data(
            start_date=new_start.isoformat(),
            end_date=(new_start + dt.timedelta(days=1)).isoformat(),
            organiser_unit=event.organiser_unit,
            title=event.title,
            registration_closes_at=closes,
        ),
    )
    moved = client.post(
        url,
        _form_data(
            start_date=new_start.isoformat(),
            end_date=(new_start + dt.timedelta(days=1)).isoformat(),
            organiser_unit=event.organiser_unit,
            title=event.title,
            registration_closes_at=closes,
            shift_sessions="on",
        ),
    )

    assert refused.status_code == 200
    assert "di luar tanggal yang baru" in refused.text
    assert moved.status_code == 302
    old_start = session.starts_at
    session.refresh_from_db()
    assert session.starts_at - old_start == dt.timedelta(days=3)


def test_edit_form_of_a_finished_event_fixes_its_dates(client):
    client.force_login(organiser_user())
    event = EventFactory(status=EventStatus.FINISHED)

    response = client.get(reverse("organiser:event_edit", kwargs={"code": event.code}))

    form = response.context["form"]
    assert form.fields["start_date"].disabled
    assert form.fields["minutes_per_jp"].disabled
    assert not form.fields["venue"].disabled
