"""An organiser imports a 200-row invitation list with 3 bad rows: sees the
three errors, fixes them, uploads again and commits all 200."""

import pytest
from playwright.sync_api import expect

from participants.models import Registration
from tests.e2e.conftest import sign_in
from tests.factories import EventFactory, InstitutionFactory, organiser_user
from tests.spreadsheets import person_row, xlsx_bytes


@pytest.mark.django_db(transaction=True)
def test_organiser_imports_200_rows_after_fixing_3_bad_ones(new_context, live_server, tmp_path):
    event = EventFactory(capacity=300, registration_mode="both")
    InstitutionFactory(name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
    InstitutionFactory(name="Bank Riau Kepri Syariah", short_name="BRK Syariah")
    rows = [person_row(n, institution="Diskominfo" if n % 2 else "BRK Syariah") for n in range(200)]
    broken = [dict(row) for row in rows]
    broken[9]["NIP"] = "198503122010131002"  # appointment month 13
    broken[9]["Status kepegawaian"] = "PNS"
    broken[99]["Instansi"] = "Dinas Tidak Dikenal"
    broken[149]["E-mail"] = "bukan-alamat-email"
    (tmp_path / "undangan.xlsx").write_bytes(xlsx_bytes(broken))
    (tmp_path / "undangan-perbaikan.xlsx").write_bytes(xlsx_bytes(rows))
    context = new_context()
    sign_in(context, organiser_user(), live_server)
    page = context.new_page()

    # From the event's menu to the import page.
    page.goto(f"/organiser/events/{event.code}/")
    page.get_by_test_id("event-menu").locator('[data-event-tab="import"]').click()
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(
        tmp_path / "undangan.xlsx"
    )
    page.get_by_test_id("import-check").click()

    # The preview lists the three bad rows (numbered as in Excel) and offers no import.
    errors = page.get_by_test_id("import-error-row")
    expect(errors).to_have_count(3)
    expect(errors.nth(0)).to_have_attribute("data-row", "11")
    expect(errors.nth(0)).to_contain_text("NIP")
    expect(errors.nth(1)).to_have_attribute("data-row", "101")
    expect(errors.nth(1)).to_contain_text("Dinas Tidak Dikenal")
    expect(errors.nth(2)).to_have_attribute("data-row", "151")
    expect(errors.nth(2)).to_contain_text("E-mail")
    expect(page.get_by_test_id("import-commit")).to_have_count(0)
    assert not Registration.objects.exists()

    # Fixed in the spreadsheet, uploaded again: every row is fine; commit.
    page.get_by_test_id("upload-again").click()
    page.get_by_test_id("import-form").locator("input[type=file]").set_input_files(
        tmp_path / "undangan-perbaikan.xlsx"
    )
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-ready")).to_contain_text("200")
    # The test settings' ImmediateBackend e-mails the 200 tickets inside the
    # commit request (a worker does it in production): the click's navigation
    # may take longer than the default 10 s on a busy machine.
    page.get_by_test_id("import-commit").click(timeout=90_000)

    # The participant list now holds them all.
    expect(
        page.get_by_test_id("registration-counts").locator('[data-count="active"]')
    ).to_have_text("200", timeout=60_000)
    assert Registration.objects.filter(event=event, source="import").count() == 200
