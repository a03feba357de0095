import pytest
from django.urls import reverse

from bimtek.models.events import EventStatus
from bimtek.services import event_update
from broadcasts.changes import change_notice_text
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(event):
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status"])
    factories.RegistrationFactory(event=event)
    return event


def test_edit_page_warning_links_to_compose(client, published, organiser):
    client.force_login(organiser)

    page = client.get(reverse("organiser:event_edit", kwargs={"code": published.code}))

    assert 'data-testid="change-notice-link"' in page.text
    assert reverse("broadcasts:compose", kwargs={"code": published.code}) in page.text


def test_compose_is_prefilled_with_the_last_change(client, published, organiser):
    old_venue = published.venue
    published.venue = "Gedung Daerah"
    event_update(actor=organiser, event=published, data={"venue": "Gedung Daerah"})
    subject, body = change_notice_text(published)
    assert f"{old_venue} → Gedung Daerah" in body

    client.force_login(organiser)
    page = client.get(
        reverse("broadcasts:compose", kwargs={"code": published.code}),
        {"subject": subject, "body": body},
    )

    assert "Gedung Daerah" in page.text and "{nama}" in page.text


def test_no_link_without_registrations(client, event, organiser):
    event.status = EventStatus.PUBLISHED
    event.save(update_fields=["status"])
    client.force_login(organiser)

    page = client.get(reverse("organiser:event_edit", kwargs={"code": event.code}))

    assert 'data-testid="change-notice-link"' not in page.text
