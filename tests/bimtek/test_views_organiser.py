import datetime as dt

import pytest
from django.db.models import Value
from django.urls import reverse

from bimtek import extensions
from bimtek.models import Event
from bimtek.models.events import EventStatus
from tests.factories import (
    EventFactory,
    EventStaffFactory,
    InstitutionFactory,
    SessionFactory,
    organiser_user,
)

pytestmark = pytest.mark.django_db


def _event_urls(event, session, assignment, institution) -> list[str]:
    code = {"code": event.code}
    return [
        reverse("organiser:event_list"),
        reverse("organiser:event_create"),
        reverse("organiser:event_detail", kwargs=code),
        reverse("organiser:event_edit", kwargs=code),
        reverse("organiser:event_clone", kwargs=code),
        reverse("organiser:event_cancel", kwargs=code),
        reverse("organiser:agenda", kwargs=code),
        reverse("organiser:session_edit", kwargs={**code, "pk": session.pk}),
        reverse("organiser:session_delete", kwargs={**code, "pk": session.pk}),
        reverse("organiser:staff", kwargs=code),
        reverse("organiser:history", kwargs=code),
        reverse("organiser:institution_list"),
        reverse("organiser:institution_create"),
        reverse("organiser:institution_edit", kwargs={"pk": institution.pk}),
    ]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 200)],
)
def test_organiser_pages_are_for_organisers_only(client, event, user_for_role, role, expected):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    session = SessionFactory(event=event)
    assignment = EventStaffFactory(event=event)
    urls = _event_urls(event, session, assignment, InstitutionFactory())

    answers = {url: client.get(url).status_code for url in urls}

    assert answers == dict.fromkeys(urls, expected)
    if role == "anonymous":
        assert client.get(urls[0])["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 302)],
)
def test_publish_is_for_organisers_only(client, user_for_role, role, expected):
    draft = EventFactory(status=EventStatus.DRAFT)
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = client.post(
        reverse("organiser:event_status", kwargs={"code": draft.code, "action": "publish"})
    )

    assert response.status_code == expected
    draft.refresh_from_db()
    assert draft.status == (EventStatus.PUBLISHED if role == "organiser" else EventStatus.DRAFT)


@pytest.mark.parametrize("action", ["close_registration", "finish"])
@pytest.mark.parametrize("role", ["participant", "door_staff"])
def test_other_status_changes_are_refused_to_non_organisers(
    client, event, user_for_role, role, action
):
    client.force_login(user_for_role(role))

    response = client.post(
        reverse("organiser:event_status", kwargs={"code": event.code, "action": action})
    )

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert event.registration_phase() == "open"


@pytest.mark.parametrize("role", ["participant", "door_staff"])
def test_cancel_is_refused_to_non_organisers(client, event, user_for_role, role):
    client.force_login(user_for_role(role))

    response = client.post(
        reverse("organiser:event_cancel", kwargs={"code": event.code}), {"reason": "x"}
    )

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_status_change_refused_by_the_service_shows_why(client, event):
    client.force_login(organiser_user())

    response = client.post(
        reverse("organiser:event_status", kwargs={"code": event.code, "action": "finish"}),
        follow=True,
    )

    assert "dari hari terakhir" in response.text
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_status_view_answers_get_and_unknown_actions_with_405(client, event):
    client.force_login(organiser_user())
    url = reverse("organiser:event_status", kwargs={"code": event.code, "action": "publish"})

    assert client.get(url).status_code == 405
    bogus = reverse("organiser:event_status", kwargs={"code": event.code, "action": "explode"})
    assert client.post(bogus).status_code == 405


# --- the event list --------------------------------------------------------------------


@pytest.fixture
def fake_counter(monkeypatch):
    """A counter such as the registration app registers (an annotation)."""
    monkeypatch.setattr(extensions.event_counters, "_items", dict(extensions.event_counters._items))
    extensions.event_counters.register(
        extensions.EventCounter(
            key="registered",
            label="Terdaftar",
            annotate=lambda qs: qs.annotate(registered=Value(7)),
        )
    )


def _make_events(count: int) -> None:
    for _ in range(count):
        event = EventFactory()
        SessionFactory.create_batch(2, event=event)
        EventStaffFactory(event=event)


def test_event_list_costs_the_same_queries_for_3_or_30_events(
    client, fake_counter, count_queries, django_assert_num_queries
):
    client.force_login(organiser_user())
    url = reverse("organiser:event_list")
    _make_events(3)
    few = count_queries(client, url)
    _make_events(22)  # 25 in all: one full page

    with django_assert_num_queries(few):
        response = client.get(url)

    assert response.text.count('data-counter="registered"') == 25


def test_event_list_shows_state_and_every_registered_counter(client, fake_counter):
    client.force_login(organiser_user())
    event = EventFactory(title="Bimtek <Tahap> I", status=EventStatus.DRAFT)
    SessionFactory.create_batch(3, event=event)

    response = client.get(reverse("organiser:event_list"))

    assert "Bimtek &lt;Tahap&gt; I" in response.text
    assert "Draf" in response.text
    assert "Terdaftar" in response.text
    table = response.text[response.text.index('data-testid="event-table"') :]
    assert 'data-counter="session_count">3<' in table
    assert 'data-counter="total_jp">6<' in table  # three 90-minute sessions
    assert 'data-counter="registered">7<' in table


def test_event_list_filters_by_status_and_search(client):
    client.force_login(organiser_user())
    EventFactory(title="Bimtek Smart City", status=EventStatus.DRAFT)
    EventFactory(title="Bimtek SPBE", status=EventStatus.PUBLISHED)

    drafts = client.get(reverse("organiser:event_list"), {"status": "draft"})
    found = client.get(reverse("organiser:event_list"), {"q": "spbe"})

    assert "Bimtek Smart City" in drafts.text and "Bimtek SPBE" not in drafts.text
    assert "Bimtek SPBE" in found.text and "Bimtek Smart City" not in found.text


# --- clone, delete, cancel ---------------------------------------------------------------


def test_clone_form_suggests_the_next_edition(client):
    client.force_login(organiser_user())
    event = EventFactory(title="Bimtek Tahap I Smart City", code="bimtek-sc-1")

    response = client.get(reverse("organiser:event_clone", kwargs={"code": event.code}))

    assert 'value="Bimtek Tahap II Smart City"' in response.text
    assert 'value="bimtek-sc-2"' in response.text


def test_clone_post_creates_the_draft_with_its_sessions(client):
    client.force_login(organiser_user())
    event = EventFactory(code="tahap-1")
    SessionFactory.create_batch(3, event=event)
    new_start = event.start_date + dt.timedelta(days=30)

    response = client.post(
        reverse("organiser:event_clone", kwargs={"code": event.code}),
        {"title": "Tahap II", "code": "tahap-2", "start_date": new_start.isoformat()},
    )

    clone = Event.objects.get(code="tahap-2")
    assert response["Location"] == reverse("organiser:agenda", kwargs={"code": "tahap-2"})
    assert clone.status == EventStatus.DRAFT
    assert clone.sessions.count() == 3


def test_delete_a_draft_after_confirming(client):
    client.force_login(organiser_user())
    draft = EventFactory(status=EventStatus.DRAFT)
    url = reverse("organiser:event_delete", kwargs={"code": draft.code})

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response["Location"] == reverse("organiser:event_list")
    assert not Event.objects.exists()


def test_delete_page_of_a_published_event_goes_back(client, event):
    client.force_login(organiser_user())

    response = client.get(reverse("organiser:event_delete", kwargs={"code": event.code}))
    client.post(reverse("organiser:event_delete", kwargs={"code": event.code}))

    assert response.status_code == 302
    assert Event.objects.filter(pk=event.pk).exists()


def test_cancel_without_reason_is_answered_on_the_field(client, event):
    client.force_login(organiser_user())

    response = client.post(
        reverse("organiser:event_cancel", kwargs={"code": event.code}), {"reason": ""}
    )

    assert response.status_code == 200
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_cancel_with_reason(client, event):
    client.force_login(organiser_user())

    client.post(
        reverse("organiser:event_cancel", kwargs={"code": event.code}),
        {"reason": "Aula sedang direnovasi."},
    )

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    public = client.get(event.get_absolute_url())
    assert "Aula sedang direnovasi." in public.text


def test_overview_offers_the_right_buttons_per_status(client):
    client.force_login(organiser_user())
    draft = EventFactory(status=EventStatus.DRAFT)
    published = EventFactory()

    draft_page = client.get(reverse("organiser:event_detail", kwargs={"code": draft.code}))
    published_page = client.get(reverse("organiser:event_detail", kwargs={"code": published.code}))

    assert "/status/publish/" in draft_page.text
    assert "/status/finish/" not in draft_page.text
    assert "/status/publish/" not in published_page.text
    assert "/status/close_registration/" in published_page.text
    assert "/cancel/" in published_page.text


# --- history ---------------------------------------------------------------------------------


def test_history_costs_the_same_queries_for_few_or_many_entries(
    client, event, count_queries, django_assert_num_queries
):
    from bimtek import services

    organiser = organiser_user()
    client.force_login(organiser)
    url = reverse("organiser:history", kwargs={"code": event.code})
    services.event_update(actor=organiser, event=event, data={"venue": "A"})
    few = count_queries(client, url)
    for index in range(30):
        services.event_update(actor=organiser_user(), event=event, data={"venue": f"Aula {index}"})

    with django_assert_num_queries(few):
        client.get(url)
