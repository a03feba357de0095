"""An administrator grants a BKPSDM officer the HR viewer role on the
organiser page; the officer opens the JP report and downloads the ZIP of
their institution's certificate PDFs for SIASN."""

import zipfile

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories
from tests.competency.test_report import YEAR, asn, certified_event
from tests.e2e.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_grant_hr_viewer_then_download_the_certificate_zip(new_context, live_server):
    organiser = factories.organiser_user()
    dinas = factories.InstitutionFactory(name="Diskominfo")
    person = asn(dinas, 1)
    certified_event(organiser, [person], title="Bimtek Smart City")
    administrator = factories.UserFactory(is_superuser=True)
    officer = factories.UserFactory(email="bkpsdm@example.org")

    admin_context = new_context()
    sign_in(admin_context, administrator, live_server)
    page = admin_context.new_page()
    page.goto(live_server.url + reverse("competency:hr_viewers"), timeout=60_000)
    form = page.get_by_test_id("hr-viewer-form")
    form.locator("input[name=email]").fill("bkpsdm@example.org")
    form.locator("select[name=institution]").select_option(label="Diskominfo")
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("hr-viewer-row")).to_contain_text("bkpsdm@example.org")

    officer_context = new_context(accept_downloads=True)
    sign_in(officer_context, officer, live_server)
    page = officer_context.new_page()
    page.goto(live_server.url + reverse("competency:report") + f"?year={YEAR}")
    expect(page.get_by_test_id("report-row")).to_contain_text(person.full_name)
    with page.expect_download() as download:
        page.get_by_test_id("export-certificates").click()
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
    assert len(names) == 1 and names[0].startswith(f"{person.nip}_")
