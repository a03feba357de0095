"""Every organiser page about one event, whatever app built it, is the same
page around its content: the event's header and menu, events.css, the menu
script (the current tab scrolled into view on a phone) and the one
confirmation script for destructive buttons."""

import pytest
from django.urls import reverse

from bimtek import extensions
from participants.models.imports import ParticipantImport
from tests.factories import (
    InvitationFactory,
    RegistrationFactory,
    SessionFactory,
    organiser_user,
)

pytestmark = pytest.mark.django_db

BASE_ASSETS = ("css/events.css", "js/event_menu.js", "js/confirm.js")


def _sub_pages(event) -> list[str]:
    """Pages below the tabs, each reached from one of them."""
    session = SessionFactory(event=event)
    registration = RegistrationFactory(event=event)
    invitation = InvitationFactory(event=event)
    batch = ParticipantImport.objects.create(
        event=event, original_name="daftar.xlsx", file_format="xlsx"
    )
    code = {"code": event.code}
    return [
        reverse("participants:organiser_detail", kwargs={**code, "pk": registration.pk}),
        reverse("participants:organiser_profile", kwargs={**code, "pk": registration.pk}),
        reverse("participants:organiser_add", kwargs=code),
        reverse("participants:invitation_update", kwargs={**code, "pk": invitation.pk}),
        reverse("participants:import_preview", kwargs={**code, "pk": batch.pk}),
        reverse("checkin:attendance_session", kwargs={**code, "session_id": session.pk}),
        reverse("checkin:attendance_matrix", kwargs=code),
        reverse("checkin:attendance_log", kwargs=code),
        reverse("certificates:settings", kwargs=code),
        reverse("certificates:registration", kwargs={**code, "pk": registration.pk}),
        reverse("organiser:event_edit", kwargs=code),
        reverse("organiser:event_clone", kwargs=code),
        reverse("organiser:event_cancel", kwargs=code),
    ]


def test_every_organiser_event_page_loads_the_event_pages_assets(client, event):
    organiser = organiser_user()
    client.force_login(organiser)
    urls = [link.url(event) for link, _url in extensions.links_for(organiser, event)]
    urls += _sub_pages(event)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'data-testid="event-menu"' in html, url
        for asset in BASE_ASSETS:
            assert asset in html, f"{url} does not load {asset}"
