"""An import's errors and its history entry read in the reader's language,
whoever checked the file and in whichever language."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from participants.imports.services import participant_import_commit, participant_import_upload
from tests.factories import EventFactory, InstitutionFactory, organiser_user
from tests.spreadsheets import person_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def _upload(event, rows, organiser, language):
    with translation.override(language):
        return participant_import_upload(
            event=event, name="daftar.xlsx", content=xlsx_bytes(rows), actor=organiser
        )


def _preview(client, upload, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(
        reverse("participants:import_preview", kwargs={"code": upload.event.code, "pk": upload.pk})
    )


def test_errors_checked_in_bahasa_indonesia_read_in_english_in_the_english_ui(client):
    event = EventFactory()
    InstitutionFactory(name="Dinas Kominfo")
    organiser = organiser_user()
    rows = [person_row(1, institution="Dinas Kominfo", **{"E-mail": "bukan-alamat"})]
    upload = _upload(event, rows, organiser, "id")
    client.force_login(organiser)

    english = _preview(client, upload, "en")
    indonesian = _preview(client, upload, "id")
    again = _preview(client, upload, "en")

    assert "Not a valid e-mail address." in english.text
    assert "Not a valid e-mail address." not in indonesian.text
    assert "Not a valid e-mail address." in again.text  # kept, not checked a third time
    upload.refresh_from_db()
    assert "en" in upload.report["translations"]


def test_import_history_entry_reads_in_the_readers_language(client):
    event = EventFactory()
    InstitutionFactory(name="Dinas Kominfo")
    organiser = organiser_user()
    upload = _upload(event, [person_row(1, institution="Dinas Kominfo")], organiser, "id")
    with translation.override("id"):
        participant_import_commit(upload=upload, actor=organiser)
    client.force_login(organiser)
    url = reverse("organiser:history", kwargs={"code": event.code})

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).text
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    indonesian = client.get(url).text

    assert "daftar.xlsx" in english
    assert "New profiles:" in english and "Profil baru" not in english
    assert "On the waiting list:" in english
    assert "orang dari" not in english
    assert "Profil baru:" in indonesian
