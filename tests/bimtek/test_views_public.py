import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bimtek import extensions
from bimtek.models.events import EventStatus
from tests.factories import WIB, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WIB)


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 404), ("participant", 404), ("door_staff", 404), ("organiser", 200)],
)
def test_a_draft_page_is_only_for_organisers(client, user_for_role, role, expected):
    draft = EventFactory(status=EventStatus.DRAFT, title="Rahasia")
    user = user_for_role(role)
    if user:
        client.force_login(user)

    page = client.get(draft.get_absolute_url())
    ics = client.get(reverse("events:event_ics", kwargs={"code": draft.code}))

    assert (page.status_code, ics.status_code) == (expected, expected)


@pytest.mark.parametrize(
    "status", [EventStatus.PUBLISHED, EventStatus.FINISHED, EventStatus.CANCELLED]
)
def test_public_statuses_are_seen_by_anyone(client, status):
    event = EventFactory(status=status)

    assert client.get(event.get_absolute_url()).status_code == 200


def test_upcoming_list_hides_drafts_cancelled_and_past_events(client):
    EventFactory(title="Akan datang")
    EventFactory(title="Masih draf", status=EventStatus.DRAFT)
    EventFactory(title="Dibatalkan", status=EventStatus.CANCELLED)
    past = timezone.localdate() - dt.timedelta(days=30)
    EventFactory(
        title="Sudah lewat",
        start_date=past,
        end_date=past,
        registration_opens_at=None,
        registration_closes_at=None,
    )

    response = client.get(reverse("events:home"))

    assert "Akan datang" in response.text
    for hidden in ("Masih draf", "Dibatalkan", "Sudah lewat"):
        assert hidden not in response.text


def test_upcoming_list_costs_the_same_queries_for_2_or_20_events(
    client, count_queries, django_assert_num_queries
):
    EventFactory.create_batch(2)
    few = count_queries(client, reverse("events:home"))
    EventFactory.create_batch(18)

    with django_assert_num_queries(few):
        response = client.get(reverse("events:home"))

    assert response.text.count('data-testid="event-card"') == 20


def test_event_page_shows_the_agenda_by_day_with_total_jp(client):
    event = EventFactory(
        start_date=dt.date(2026, 12, 7),
        end_date=dt.date(2026, 12, 8),
        registration_opens_at=None,
        registration_closes_at=None,
        venue="Aula Lantai 3",
        organiser_unit="Diskominfo Kota Tanjungpinang",
    )
    SessionFactory(
        event=event,
        title="Registrasi ulang",
        starts_at=_at(event.start_date, 7, 30),
        ends_at=_at(event.start_date, 8),
        counts_for_certificate=False,
    )
    SessionFactory(
        event=event,
        title="Kebijakan Smart City",
        speakers="Dr. Hendra\nProf. Sri",
        moderator="Rina",
        starts_at=_at(event.start_date, 8),
        ends_at=_at(event.start_date, 10, 30),
    )
    SessionFactory(
        event=event,
        title="Penutupan",
        starts_at=_at(event.end_date, 8),
        ends_at=_at(event.end_date, 9, 30),
    )

    response = client.get(event.get_absolute_url())

    text = response.text
    assert "7 s.d. 8 Desember 2026" in text
    assert text.count('data-testid="agenda-day"') == 2
    assert text.index("Senin, 7 Desember 2026") < text.index("Kebijakan Smart City")
    assert text.index("Selasa, 8 Desember 2026") < text.index("Penutupan")
    assert "08.00–10.30 WIB" in text
    assert "Dr. Hendra; Prof. Sri" in text
    assert "Rina" in text
    assert "Aula Lantai 3" in text and "Diskominfo Kota Tanjungpinang" in text
    assert '<dd data-testid="total-jp">5 JP</dd>' in text  # 3 JP + 2 JP; registration not counted


def test_event_page_in_another_zone_prints_its_times_there(client):
    event = EventFactory(
        timezone="Asia/Makassar", registration_opens_at=None, registration_closes_at=None
    )
    SessionFactory(
        event=event, starts_at=_at(event.start_date, 8), ends_at=_at(event.start_date, 9)
    )

    response = client.get(event.get_absolute_url())

    assert "09.00–10.00 WITA" in response.text


def test_registration_panel_comes_before_the_agenda(client, monkeypatch, tmp_path, settings):
    settings.TEMPLATES = [
        dict(settings.TEMPLATES[0], DIRS=[*settings.TEMPLATES[0]["DIRS"], tmp_path])
    ]
    (tmp_path / "cta.html").write_text(
        '<div class="cta">Pendaftaran dibuka: {{ seats }} kursi</div>'
    )
    monkeypatch.setattr(extensions.event_public_panels, "_items", {})
    extensions.event_public_panels.register(
        extensions.EventPanel(
            key="cta", template_name="cta.html", context=lambda r, e: {"seats": 12}
        )
    )
    event = EventFactory()
    SessionFactory(event=event)

    text = client.get(event.get_absolute_url()).text

    assert "Pendaftaran dibuka: 12 kursi" in text
    # first in the page (top on a phone), in the aside (a side card on wide screens)
    assert text.index('data-testid="event-panels"') < text.index('data-testid="public-agenda"')
    assert text.index("<aside") < text.index('data-testid="event-panels"')


def test_cancelled_event_page_says_why(client):
    event = EventFactory(status=EventStatus.CANCELLED, cancellation_reason="Aula <b>dipakai</b>.")

    text = client.get(event.get_absolute_url()).text

    assert "Aula &lt;b&gt;dipakai&lt;/b&gt;." in text
