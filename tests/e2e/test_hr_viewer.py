"""An administrator grants a BKPSDM officer the HR viewer role on the
organiser page; the officer opens the JP report and downloads the ZIP of
their institution's certificate PDFs for SIASN."""

import os
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


@pytest.mark.django_db(transaction=True)
def test_a_refused_grant_keeps_the_button_beside_the_inputs(new_context, live_server):
    factories.InstitutionFactory(name="Diskominfo")
    administrator = factories.UserFactory(is_superuser=True)
    context = new_context(viewport={"width": 1280, "height": 800})
    sign_in(context, administrator, live_server)
    page = context.new_page()
    page.goto(live_server.url + reverse("competency:hr_viewers"), timeout=60_000)

    form = page.get_by_test_id("hr-viewer-form")
    form.locator("input[name=email]").fill("bukan-alamat")
    form.locator("button[type=submit]").click()

    form = page.get_by_test_id("hr-viewer-form")
    expect(form.locator(".invalid-feedback").first).to_be_visible()
    email = form.locator("input[name=email]").bounding_box()
    button = form.locator("button[type=submit]").bounding_box()
    # Level with the inputs, not pushed down by their error lines.
    assert abs(button["y"] - email["y"]) <= 1, (button, email)
    if os.environ.get("BIMTEK_SHOTS"):
        page.screenshot(path=os.path.join(os.environ["BIMTEK_SHOTS"], "hr-viewers-refused.png"))
