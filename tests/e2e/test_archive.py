"""An organiser takes the archive of the demo event from its Arsip tab, on a
phone: the ZIP holds every table with the rows the site shows."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import User
from certificates import selectors
from certificates import services as certificate_services
from checkin.models import CheckIn
from demo.seed import seed_demo
from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests.e2e.conftest import sign_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.django_db(transaction=True)
def test_organiser_downloads_the_event_archive_on_a_phone(new_context, live_server):
    event = seed_demo().event
    sessions = selectors.countable_sessions(event)
    attended = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
        .order_by("id")
        .select_related("event", "participant")[:5]
    )
    for registration in attended:
        for session in sessions:
            CheckIn.objects.create(
                registration=registration, session=session, checked_in_at=session.starts_at
            )
    organiser = User.objects.get(email="panitia@example.org")
    certificate_services.certificate_issue(actor=organiser, registration=attended[0])
    registrations = Registration.objects.filter(event=event).count()

    context = new_context(phone=True, accept_downloads=True)
    sign_in(context, organiser, live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{event.code}/")
    page.get_by_test_id("event-menu").get_by_role("link", name="Arsip").click()
    expect(page.get_by_role("heading", name="Arsip kegiatan")).to_be_visible()
    expect(page.get_by_test_id("archive-figures")).to_contain_text(str(registrations))
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "archive-360.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_test_id("archive-download").click()
    download = download_info.value
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))

    assert download.suggested_filename.startswith(f"arsip-{event.code}-")
    manifest = json.loads(archive.read("manifest.json"))
    rows = {entry["name"]: entry["rows"] for entry in manifest["files"]}
    assert rows["csv/03_peserta.csv"] == registrations
    assert rows["csv/06_kehadiran.csv"] == 5 * len(sessions)
    assert rows["csv/09_sertifikat.csv"] == 1
    assert "BACA-SAYA.txt" in archive.namelist()
    page.reload()
    expect(page.get_by_test_id("archive-history")).to_contain_text("Panitia")
