"""Higher apps add to lower apps' pages through registries, not imports."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts import navigation
from accounts.registry import Registry
from bimtek import extensions
from certificates import extensions as certificate_extensions
from participants import extensions as participant_extensions
from tests.factories import EventFactory, RegistrationFactory, participant_user

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Item:
    key: str
    order: int = 100


def test_registry_lists_entries_by_order_then_key():
    registry: Registry[Item] = Registry("test")
    for item in (Item("b"), Item("z", order=1), Item("a")):
        registry.register(item)

    assert [item.key for item in registry.all()] == ["z", "a", "b"]


def test_registry_keeps_one_entry_per_key_the_last_registered():
    registry: Registry[Item] = Registry("test")
    registry.register(Item("a", order=5))
    registry.register(Item("a", order=5))
    registry.register(Item("a", order=7))

    assert registry.all() == [Item("a", order=7)]


def test_every_app_registers_its_entries_at_startup():
    assert [item.key for item in navigation.nav_items.all()] == [
        "organiser",
        "door",
        "tickets",
        "competency",
        "competency_report",
        "competency_hr_viewers",
    ]
    assert [item.key for item in navigation.user_menu_items.all()] == ["profile", "own_data"]
    assert {link.key for link in extensions.event_links.all()} == {
        "overview",
        "agenda",
        "participants",
        "invitations",
        "import",
        "attendance",
        "certificates",
        "staff",
        "history",
        "archive",
        "evaluations",
        "messages",
        "spj",
    }
    assert [panel.key for panel in participant_extensions.ticket_panels.all()] == [
        "evaluations",
        "certificate",
    ]
    assert [item.key for item in extensions.event_clone_listeners.all()] == [
        "certificate_design",
        "invitations",
        "message_templates",
        "questionnaires",
    ]
    assert [step.key for step in certificate_extensions.eligibility_steps.all()] == ["evaluations"]
    assert [item.key for item in extensions.event_status_listeners.all()] == ["registrations"]


@pytest.fixture
def template_dir(tmp_path, settings):
    """A folder of throw-away templates, visible to the template engine."""
    templates = [dict(settings.TEMPLATES[0], DIRS=[*settings.TEMPLATES[0]["DIRS"], tmp_path])]
    settings.TEMPLATES = templates
    return tmp_path


@pytest.fixture
def clean_registries(monkeypatch):
    monkeypatch.setattr(extensions.event_public_panels, "_items", {})
    monkeypatch.setattr(participant_extensions.ticket_panels, "_items", {})


def test_event_page_renders_registered_panels(client, clean_registries, template_dir):
    (template_dir / "panel.html").write_text("<p>seats: {{ seats }}</p>")
    extensions.event_public_panels.register(
        extensions.EventPanel(
            key="seats", template_name="panel.html", context=lambda r, e: {"seats": 7}
        )
    )
    extensions.event_public_panels.register(
        extensions.EventPanel(key="hidden", template_name="panel.html", context=lambda r, e: None)
    )
    event = EventFactory()

    response = client.get(event.get_absolute_url())

    assert response.text.count("seats:") == 1
    assert "<p>seats: 7</p>" in response.text


def test_ticket_page_renders_registered_panels(client, clean_registries, template_dir):
    (template_dir / "ticket_panel.html").write_text("<p>panel for {{ name }}</p>")
    participant_extensions.ticket_panels.register(
        participant_extensions.TicketPanel(
            key="x",
            template_name="ticket_panel.html",
            context=lambda request, reg: {"name": reg.participant.full_name},
        )
    )
    user = participant_user()
    registration = RegistrationFactory(participant__user=user, participant__full_name="Siti <b>")
    client.force_login(user)

    response = client.get(reverse("participants:ticket_list"))

    assert "<p>panel for Siti &lt;b&gt;</p>" in response.text
    assert registration.event.title in response.text


def test_event_menu_shows_only_links_the_user_may_open(client):
    from tests.factories import organiser_user

    client.force_login(organiser_user())
    event = EventFactory()

    response = client.get(reverse("organiser:event_detail", kwargs={"code": event.code}))

    assert response.status_code == 200
    assert 'data-event-tab="overview"' in response.text
