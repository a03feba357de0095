"""An organiser invites every OPD × 2 places from a spreadsheet: a row with
an unknown institution is named and nothing is created; fixed, the preview
shows what will be created and the one already invited skipped; confirmed,
the invitations page lists them sent."""

import pytest
from playwright.sync_api import expect

from bimtek.spreadsheets import xlsx_table
from participants.models import Invitation
from participants.services.invitations_bulk import TEMPLATE_HEADERS
from tests.e2e.conftest import sign_in
from tests.factories import (
    EventFactory,
    InstitutionFactory,
    InvitationFactory,
    category,
    organiser_user,
)


@pytest.mark.django_db(transaction=True)
def test_organiser_invites_the_opds_from_a_spreadsheet(new_context, live_server, tmp_path):
    event = EventFactory(registration_mode="both")
    opd = category("opd")
    for name in ("Dinas Perhubungan", "Dinas Pendidikan", "Dinas Kesehatan"):
        InstitutionFactory(name=name, category=opd)
    InvitationFactory(
        event=event, institution=InstitutionFactory(name="Dinas Sosial", category=opd)
    )
    rows = [
        ["Dinas Perhubungan", "Rina Marlina", "umum.dishub@example.org", 2],
        ["Dinas Pendidikan", "Agus Salim", "umum.disdik@example.org", 2],
        ["Dinas Kesehatan", "Wati Susanti", "umum.dinkes@example.org", 2],
        ["Dinas Sosial", "Hendra", "umum.dinsos@example.org", 2],
    ]
    broken = [list(row) for row in rows]
    broken[1][0] = "Dinas Pendidikan dan Kebudayaan"
    (tmp_path / "salah.xlsx").write_bytes(xlsx_table(TEMPLATE_HEADERS, broken, title="Undangan"))
    (tmp_path / "benar.xlsx").write_bytes(xlsx_table(TEMPLATE_HEADERS, rows, title="Undangan"))
    context = new_context()
    sign_in(context, organiser_user(), live_server)
    page = context.new_page()
    page.set_default_timeout(60_000)  # a machine shared by many test runs

    page.goto(f"/organiser/events/{event.code}/invitations/")
    page.get_by_test_id("invitation-bulk-link").click()
    page.locator("input[type=file]").set_input_files(tmp_path / "salah.xlsx")
    page.get_by_test_id("bulk-upload").click()

    errors = page.get_by_test_id("bulk-errors")
    expect(errors).to_contain_text("Baris 3")
    expect(errors).to_contain_text("Dinas Pendidikan dan Kebudayaan")
    expect(page.get_by_test_id("bulk-confirm")).to_have_count(0)
    assert Invitation.objects.filter(event=event).count() == 1

    page.locator("input[type=file]").set_input_files(tmp_path / "benar.xlsx")
    page.get_by_test_id("bulk-upload").click()
    expect(page.get_by_test_id("bulk-to-create").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("bulk-skipped")).to_contain_text("Dinas Sosial")
    page.get_by_test_id("bulk-confirm").click()

    expect(page.get_by_test_id("invitation-row")).to_have_count(4)
    expect(
        page.get_by_test_id("invitation-row").filter(has_text="Dinas Perhubungan")
    ).to_contain_text("Dikirim")
    assert Invitation.objects.filter(event=event, sent_at__isnull=False).count() == 3
