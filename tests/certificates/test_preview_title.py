"""The certificate preview's PDF title follows the interface language."""

import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from pypdf import PdfReader

from tests.certificates.test_views_organiser import settings_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "word"), [("id", "Pratinjau"), ("en", "Preview")])
def test_preview_pdf_title_follows_the_language(client, organiser, cert_event, language, word):
    client.force_login(organiser)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language

    response = client.post(
        reverse("certificates:preview", kwargs={"code": cert_event.code}),
        settings_data(cert_event),
    )

    title = PdfReader(io.BytesIO(response.content)).metadata.title
    assert title.split(" ")[0] == word
