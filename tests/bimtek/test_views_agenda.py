"""The agenda builder, as a plain form page and with htmx (HX-Request)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bimtek.models import Session
from bimtek.models.events import EventStatus
from tests.factories import WIB, EventFactory, SessionFactory, organiser_user

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def organiser_client(client):
    client.force_login(organiser_user())
    return client


def _at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WIB)


def _add_data(day: dt.date, **overrides) -> dict:
    prefix = f"add-{day.isoformat()}-"
    data = {
        "day": day.isoformat(),
        "start_time": "08:00",
        "end_time": "09:30",
        "title": "Pembukaan",
        "speakers": "",
        "moderator": "",
        "room": "Aula Lantai 3",
        "counts_for_certificate": "on",
        "jp_override": "",
        "checkin_opens_minutes": "",
        "description": "",
    }
    data.update(overrides)
    return {prefix + key: value for key, value in data.items()}


def _add_url(event, day):
    return reverse("organiser:session_add", kwargs={"code": event.code, "day": day.isoformat()})


def test_agenda_page_lists_every_day_with_indonesian_names(organiser_client):
    # Fixed dates (the day names are the point); the registration window too,
    # or "opened yesterday" would come after "closes on the first day" once
    # that day has passed.
    event = EventFactory(
        start_date=dt.date(2026, 12, 7),
        end_date=dt.date(2026, 12, 9),
        registration_opens_at=dt.datetime(2026, 11, 1, tzinfo=WIB),
    )
    SessionFactory(
        event=event,
        title="Pembukaan",
        starts_at=_at(event.start_date, 8),
        ends_at=_at(event.start_date, 9, 30),
    )

    response = organiser_client.get(reverse("organiser:agenda", kwargs={"code": event.code}))

    text = response.text
    assert text.count('data-testid="agenda-day"') == 3
    assert text.index("Senin, 7 Desember 2026") < text.index("Selasa, 8 Desember 2026")
    assert "Rabu, 9 Desember 2026" in text
    assert "08.00–09.30 WIB" in text
    assert "Pembukaan" in text


def test_add_without_javascript_redirects_to_the_day(organiser_client, event):
    response = organiser_client.post(
        _add_url(event, event.start_date),
        _add_data(event.start_date, speakers="Dr. Hendra\nProf. Sri"),
    )

    session = Session.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#day-{event.start_date.isoformat()}")
    assert timezone.localtime(session.starts_at, WIB).time() == dt.time(8, 0)
    assert session.speaker_list == ["Dr. Hendra", "Prof. Sri"]


def test_add_with_htmx_answers_the_agenda_with_the_day_still_open(organiser_client, event):
    response = organiser_client.post(
        _add_url(event, event.start_date), _add_data(event.start_date), **HTMX
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="agenda"')
    assert "<html" not in response.text
    assert 'data-testid="agenda-notice"' in response.text
    # the next session is proposed right after this one
    assert 'value="09:30"' in response.text


def test_overlap_is_shown_inline_and_nothing_is_saved(organiser_client, event):
    SessionFactory(
        event=event,
        title="Pembukaan",
        starts_at=_at(event.start_date, 8),
        ends_at=_at(event.start_date, 9),
    )

    response = organiser_client.post(
        _add_url(event, event.start_date),
        _add_data(event.start_date, start_time="08:30", end_time="10:00", title="Materi 1"),
        **HTMX,
    )

    assert response.status_code == 200
    assert "Pembukaan" in response.text
    assert "invalid-feedback" in response.text
    assert 'data-testid="session-errors"' in response.text
    assert Session.objects.count() == 1


def test_end_before_start_is_shown_on_the_end_field(organiser_client, event):
    response = organiser_client.post(
        _add_url(event, event.start_date),
        _add_data(event.start_date, start_time="10:00", end_time="09:00"),
    )

    assert response.status_code == 200
    assert "<html" in response.text  # without JavaScript: the whole page
    assert f'id="id_add-{event.start_date.isoformat()}-end_time"' in response.text
    assert "is-invalid" in response.text
    assert not Session.objects.exists()


def test_missing_title_is_a_form_error(organiser_client, event):
    response = organiser_client.post(
        _add_url(event, event.start_date), _add_data(event.start_date, title=""), **HTMX
    )

    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert not Session.objects.exists()


def test_add_on_a_day_outside_the_event_is_404(organiser_client, event):
    day = event.end_date + dt.timedelta(days=3)

    response = organiser_client.post(_add_url(event, day), _add_data(day))

    assert response.status_code == 404


def test_edit_opens_the_form_in_place_and_saves(organiser_client, event):
    session = SessionFactory(
        event=event,
        title="Materi",
        starts_at=_at(event.start_date, 9),
        ends_at=_at(event.start_date, 10),
    )
    url = reverse("organiser:session_edit", kwargs={"code": event.code, "pk": session.pk})

    form_page = organiser_client.get(url, **HTMX)
    prefix = f"s{session.pk}-"
    data = {
        prefix + "day": event.end_date.isoformat(),
        prefix + "start_time": "13:00",
        prefix + "end_time": "15:15",
        prefix + "title": "Materi (dipindah)",
        prefix + "room": "Ruang Rapat",
        prefix + "counts_for_certificate": "on",
    }
    saved = organiser_client.post(url, data, **HTMX)

    assert f'value="{session.title}"' in form_page.text
    assert saved.status_code == 200
    session.refresh_from_db()
    assert session.title == "Materi (dipindah)"
    assert timezone.localtime(session.starts_at, WIB) == _at(event.end_date, 13)
    assert session.jp == 3  # 135 minutes


def test_delete_asks_in_place_then_deletes(organiser_client, event):
    session = SessionFactory(event=event)
    url = reverse("organiser:session_delete", kwargs={"code": event.code, "pk": session.pk})

    asked = organiser_client.get(url)
    deleted = organiser_client.post(url, **HTMX)

    assert 'data-testid="confirm-delete"' in asked.text
    assert deleted.status_code == 200
    assert not Session.objects.exists()


def test_move_down_without_javascript(organiser_client, event):
    first = SessionFactory(
        event=event, title="A", starts_at=_at(event.start_date, 8), ends_at=_at(event.start_date, 9)
    )
    SessionFactory(
        event=event,
        title="B",
        starts_at=_at(event.start_date, 9),
        ends_at=_at(event.start_date, 10),
    )

    response = organiser_client.post(
        reverse("organiser:session_move", kwargs={"code": event.code, "pk": first.pk}),
        {"direction": "down"},
    )

    assert response.status_code == 302
    assert [s.title for s in event.sessions.order_by("starts_at")] == ["B", "A"]


def test_reorder_by_drag_and_drop(organiser_client, event):
    day = event.start_date
    a = SessionFactory(event=event, title="A", starts_at=_at(day, 8), ends_at=_at(day, 9))
    b = SessionFactory(event=event, title="B", starts_at=_at(day, 9), ends_at=_at(day, 10))
    c = SessionFactory(event=event, title="C", starts_at=_at(day, 10), ends_at=_at(day, 11))

    response = organiser_client.post(
        reverse("organiser:agenda_reorder", kwargs={"code": event.code}),
        {"day": day.isoformat(), "order": f"{c.pk},{a.pk},{b.pk}"},
        **HTMX,
    )

    assert response.status_code == 200
    assert [s.title for s in event.sessions.order_by("starts_at")] == ["C", "A", "B"]


def test_reorder_with_garbage_is_answered_not_crashed(organiser_client, event):
    response = organiser_client.post(
        reverse("organiser:agenda_reorder", kwargs={"code": event.code}),
        {"day": "kemarin", "order": "x,y"},
        **HTMX,
    )

    assert response.status_code == 200
    assert 'data-testid="agenda-error"' in response.text


def test_locked_agenda_offers_no_changes(organiser_client):
    event = EventFactory(status=EventStatus.FINISHED)
    SessionFactory(event=event, title="Pembukaan")

    response = organiser_client.get(reverse("organiser:agenda", kwargs={"code": event.code}))

    assert response.status_code == 200
    assert 'data-testid="agenda-day"' in response.text
    assert "Pembukaan" in response.text
    assert 'data-testid="add-session"' not in response.text
    assert 'data-testid="edit-session"' not in response.text


def test_session_of_another_event_is_404(organiser_client, event):
    other = SessionFactory()

    response = organiser_client.get(
        reverse("organiser:session_edit", kwargs={"code": event.code, "pk": other.pk})
    )

    assert response.status_code == 404


def test_agenda_page_costs_the_same_queries_for_few_or_many_sessions(
    organiser_client, count_queries, django_assert_num_queries
):
    event = EventFactory()
    url = reverse("organiser:agenda", kwargs={"code": event.code})
    for hour in (8, 10):
        SessionFactory(
            event=event,
            starts_at=_at(event.start_date, hour),
            ends_at=_at(event.start_date, hour + 1),
        )
    few = count_queries(organiser_client, url)
    for day in (event.start_date, event.end_date):
        for hour in range(12, 20):
            SessionFactory(event=event, starts_at=_at(day, hour), ends_at=_at(day, hour, 50))

    with django_assert_num_queries(few):
        organiser_client.get(url)
