"""A session that counts for the certificate without JP is flagged on the
organiser's agenda (it earns 0 JP)."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_counting_session_without_jp_is_flagged(client):
    client.force_login(factories.organiser_user())
    event = factories.EventFactory()
    factories.SessionFactory(event=event, title="Diskusi", jp_override=0)
    factories.SessionFactory(event=event, title="Materi", counts_for_certificate=True)
    factories.SessionFactory(event=event, title="Istirahat", counts_for_certificate=False)

    page = client.get(reverse("organiser:agenda", kwargs={"code": event.code})).content.decode()

    assert page.count('data-testid="session-no-jp"') == 1
