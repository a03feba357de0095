"""The archive of one event: every table, its rows, the README and the
manifest (archive/services.py, docs/archive.md)."""

import csv
import hashlib
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from archive.services import event_archive_write
from archive.tables import TABLES
from bimtek.models import AuditEntry
from certificates import services as certificate_services
from checkin.models.checkins import CheckInMethod
from checkin.services.attempts import ScanAttempt
from checkin.services.scan import checkin_record
from participants.models.registrations import RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_event(organiser):
    """Four sessions, five approved people who all came, one who came to
    one session, one cancelled, a revoked and reissued certificate, an
    exception, a refused scan, door staff and an invitation."""
    settings = factories.CertificateSettingsFactory(
        event__title="Bimtek Tahap I Gerakan Menuju 100 Smart City"
    )
    event = settings.event
    sessions = [factories.SessionFactory(event=event) for _ in range(4)]
    people = [
        factories.RegistrationFactory(
            event=event,
            participant__full_name=name,
            participant__phone="+6281234567890",
        )
        for name in ("Siti Rahmawati", "Budi Santoso", '=HYPERLINK("x")', "Dewi", "Joko")
    ]
    for registration in people:
        factories.attend(registration, sessions)
    partial = factories.RegistrationFactory(event=event, participant__full_name="Rina Partial")
    factories.attend(partial, sessions[:1])
    factories.RegistrationFactory(
        event=event, status=RegistrationStatus.CANCELLED, participant__full_name="Batal"
    )
    invitation = factories.InvitationFactory(event=event)
    factories.EventStaffFactory(event=event)
    certificates = [
        certificate_services.certificate_issue(actor=organiser, registration=registration)
        for registration in people
    ]
    certificate_services.certificate_reissue(
        actor=organiser, certificate=certificates[0], reason="Salah gelar"
    )
    factories.EligibilityExceptionFactory(registration=partial, decision="deny", reason="Sakit")
    event.test_data = {
        "sessions": sessions,
        "people": people,
        "partial": partial,
        "invitation": invitation,
    }
    return event


def _open(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _csv(archive: zipfile.ZipFile, name: str) -> list[list[str]]:
    text = archive.read(f"csv/{name}.csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _write(event, actor=None) -> tuple[bytes, object]:
    out = io.BytesIO()
    result = event_archive_write(event=event, destination=out, actor=actor)
    return out.getvalue(), result


def test_archive_holds_every_table_with_its_rows(finished_event, organiser):
    data, result = _write(finished_event, organiser)

    archive = _open(data)
    names = set(archive.namelist())
    assert {f"csv/{table.name}.csv" for table in TABLES} <= names
    assert {"BACA-SAYA.txt", "manifest.json", f"arsip-{finished_event.code}.xlsx"} <= names
    counts = {table.name: len(_csv(archive, table.name)) - 1 for table in TABLES}
    assert counts["02_sesi"] == 4
    assert counts["03_peserta"] == 7  # five complete, one partial, one cancelled
    assert counts["04_undangan"] == 1
    assert counts["05_petugas"] == 1
    assert counts["06_kehadiran"] == 5 * 4 + 1
    assert counts["07_rekap_kehadiran"] == 7
    assert counts["09_sertifikat"] == 6  # five issued, one of them revoked and reissued
    assert counts["10_pengecualian_sertifikat"] == 1
    assert counts["11_jejak_audit"] >= 6
    assert result.rows("03_peserta") == 7


def test_participant_rows_carry_the_person_and_no_ticket_token(finished_event):
    archive = _open(_write(finished_event)[0])

    header, *rows = _csv(archive, "03_peserta")
    people = [dict(zip(header, row, strict=True)) for row in rows]
    by_name = {person["Nama lengkap"]: person for person in people}
    siti = by_name["Siti Rahmawati"]
    assert siti["Status pendaftaran"] == "Disetujui"
    assert siti["Nomor HP"] == "0812-3456-7890"
    assert by_name["Batal"]["Status pendaftaran"] == "Dibatalkan"
    tokens = [registration.token for registration in finished_event.test_data["people"]]
    text = archive.read("csv/03_peserta.csv").decode("utf-8-sig")
    assert not any(token in text for token in tokens)


def test_formula_like_names_stay_text(finished_event):
    archive = _open(_write(finished_event)[0])

    header, *rows = _csv(archive, "03_peserta")
    names = [row[header.index("Nama lengkap")] for row in rows]
    workbook = load_workbook(io.BytesIO(archive.read(f"arsip-{finished_event.code}.xlsx")))
    sheet_names = [cell.value for cell in workbook["Peserta"]["D"]]

    assert '="=HYPERLINK(""x"")"' in names  # CSV: Excel's text literal, so it does not run
    assert '=HYPERLINK("x")' in sheet_names  # XLSX: kept as it is, as text
    assert workbook["Peserta"]["D"][1].data_type == "s"


def test_attendance_summary_marks_each_session(finished_event):
    archive = _open(_write(finished_event)[0])

    header, *rows = _csv(archive, "07_rekap_kehadiran")
    rows = {int(row[0]): row for row in rows}
    partial = rows[finished_event.test_data["partial"].pk]
    complete = rows[finished_event.test_data["people"][0].pk]
    session_columns = [i for i, title in enumerate(header) if title.startswith("Sesi ")]
    attended = header.index("Jumlah sesi hadir")

    assert len(session_columns) == 4
    assert [partial[i] for i in session_columns] == ["hadir", "", "", ""]
    assert (partial[attended], complete[attended]) == ("1", "4")


def test_certificates_keep_numbers_snapshots_and_revocations(finished_event):
    archive = _open(_write(finished_event)[0])

    header, *rows = _csv(archive, "09_sertifikat")
    rows = [dict(zip(header, row, strict=True)) for row in rows]
    revoked = [row for row in rows if row["Keadaan"] == "tidak berlaku"]
    replacement = [row for row in rows if row["Menggantikan nomor"]]

    assert [row["No. urut"] for row in rows] == ["1", "2", "3", "4", "5", "6"]
    assert len(revoked) == 1 and revoked[0]["Alasan pencabutan"] == "Salah gelar"
    assert replacement[0]["Menggantikan nomor"] == revoked[0]["Nomor sertifikat"]
    snapshot = json.loads(rows[1]["Data tercetak (JSON)"])
    assert snapshot["name"] == rows[1]["Nama tercetak"]
    assert snapshot["event"] == "Bimtek Tahap I Gerakan Menuju 100 Smart City"


def test_scan_log_masks_the_scanned_codes(finished_event, organiser):
    session = factories.open_session(event=finished_event)
    ticket = finished_event.test_data["people"][1]
    checkin_record(
        session=session,
        staff=organiser,
        attempt=ScanAttempt(
            token=ticket.token, method=CheckInMethod.QR, device="Pintu 1", client_id="arsip-1"
        ),
    )
    archive = _open(_write(finished_event)[0])

    header, *rows = _csv(archive, "08_log_pemindaian")
    row = dict(zip(header, rows[0], strict=True))

    assert len(rows) == 1
    assert row["Hasil"] == "Diterima"
    assert row["Kode dipindai (disamarkan)"] == ticket.token[:6] + "…"
    assert ticket.token not in archive.read("csv/08_log_pemindaian.csv").decode("utf-8-sig")


def test_manifest_and_readme_describe_the_files(finished_event, organiser):
    archive = _open(_write(finished_event, organiser)[0])

    manifest = json.loads(archive.read("manifest.json"))
    readme = archive.read("BACA-SAYA.txt").decode("utf-8")

    assert manifest["event"]["code"] == finished_event.code
    assert manifest["created_by"] == organiser.email
    for entry in manifest["files"]:
        content = archive.read(entry["name"])
        assert hashlib.sha256(content).hexdigest() == entry["sha256"]
        assert len(content) == entry["bytes"]
    assert "ARSIP KEGIATAN: Bimtek Tahap I Gerakan Menuju 100 Smart City" in readme
    assert "csv/03_peserta.csv  (7 baris)" in readme
    assert "data pribadi" in readme and "ISO 8601" in readme


def test_workbook_has_a_sheet_per_table_with_the_same_rows(finished_event):
    archive = _open(_write(finished_event)[0])

    workbook = load_workbook(io.BytesIO(archive.read(f"arsip-{finished_event.code}.xlsx")))

    assert workbook.sheetnames == [table.sheet for table in TABLES]
    for table in TABLES:
        assert workbook[table.sheet].max_row - 1 == len(_csv(archive, table.name)) - 1


def test_taking_the_archive_is_recorded(finished_event, organiser):
    _data, result = _write(finished_event, organiser)

    entry = AuditEntry.objects.get(action="event.archive")
    assert entry.actor == organiser and entry.event == finished_event
    assert entry.summary == result.filename
    assert entry.changes["csv/03_peserta.csv"] == 7


def _event_of_size(size: int):
    event = factories.EventFactory()
    sessions = [factories.SessionFactory(event=event) for _ in range(2)]
    for _ in range(size):
        registration = factories.RegistrationFactory(event=event)
        factories.attend(registration, sessions)
    return event


def test_archive_costs_the_same_queries_for_2_or_12_people():
    small, large = _event_of_size(2), _event_of_size(12)

    with CaptureQueriesContext(connection) as few:
        _write(small)
    with CaptureQueriesContext(connection) as many:
        _write(large)

    assert len(many) == len(few)
