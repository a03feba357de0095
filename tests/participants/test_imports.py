"""Importing an invitation list: check every row, then all or nothing."""

import io

import pytest
from django.core import mail
from openpyxl import load_workbook

from bimtek.models import AuditEntry
from participants.errors import RegistrationError
from participants.imports.columns import COLUMNS
from participants.imports.services import participant_import_commit, participant_import_upload
from participants.imports.template import import_template
from participants.models import Participant, ParticipantImport, Registration
from participants.models.imports import ImportStatus
from participants.models.registrations import RegistrationSource, RegistrationStatus
from tests.factories import (
    EventFactory,
    InstitutionFactory,
    ParticipantFactory,
    RegistrationFactory,
    organiser_user,
    participant_user,
)
from tests.spreadsheets import HEADERS, csv_bytes, person_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def institution():
    return InstitutionFactory(name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")


@pytest.fixture
def organiser():
    return organiser_user()


def _upload(event, content, organiser, name="daftar.xlsx", **kwargs):
    return participant_import_upload(
        event=event, name=name, content=content, actor=organiser, **kwargs
    )


def _errors(upload) -> dict[int, list[tuple[str, str]]]:
    return {row["row"]: [tuple(e) for e in row["errors"]] for row in upload.report["error_rows"]}


def test_good_file_is_checked_then_imported_in_full(event, institution, organiser):
    rows = [person_row(n, institution="Diskominfo") for n in range(20)]

    upload = _upload(event, xlsx_bytes(rows), organiser)
    assert upload.report["total"] == 20 and upload.report["error_rows"] == []
    assert not Registration.objects.exists()  # the check writes nothing

    report = participant_import_commit(upload=upload, actor=organiser)

    assert report.committed
    registrations = Registration.objects.filter(event=event)
    assert registrations.count() == 20
    assert set(registrations.values_list("source", flat=True)) == {RegistrationSource.IMPORT}
    assert set(registrations.values_list("status", flat=True)) == {RegistrationStatus.APPROVED}
    upload.refresh_from_db()
    assert upload.status == ImportStatus.COMMITTED
    assert not upload.file  # personal data: the file is gone
    assert AuditEntry.objects.filter(action="registration.import", event=event).count() == 1
    person = Participant.objects.get(email="impor2@example.org")
    assert person.nip and person.employment == "pns" and person.pangkat_golongan == "III/a"
    assert person.phone.startswith("+62")


def test_broken_file_writes_nothing_and_reports_each_bad_row(event, institution, organiser):
    ParticipantFactory(email="sudah.ada@example.org", nip=None)
    rows = [person_row(n, institution="Diskominfo") for n in range(12)]
    rows[1].update({"NIP": "198513122010011002", "Status kepegawaian": "PNS"})  # month 13
    rows[3]["Instansi"] = "Dinas Yang Tidak Ada"
    rows[5]["E-mail"] = "bukan-email"
    rows[7]["Nomor HP"] = "12345"
    rows[9]["E-mail"] = rows[0]["E-mail"]  # the same person twice
    rows[11]["Nama lengkap"] = ""

    upload = _upload(event, xlsx_bytes(rows), organiser)
    report = participant_import_commit(upload=upload, actor=organiser)

    assert not report.committed
    assert not Registration.objects.exists()
    assert Participant.objects.count() == 1
    upload.refresh_from_db()
    errors = _errors(upload)
    # Spreadsheet rows: the header is row 1, so data row n is row n + 2.
    assert sorted(errors) == [3, 5, 7, 9, 11, 13]
    assert errors[3][0][0] == "NIP"
    assert errors[5][0][0] == "Instansi" and "Dinas Yang Tidak Ada" in errors[5][0][1]
    assert errors[7][0][0] == "E-mail"
    assert errors[9][0][0] == "Nomor HP"
    assert errors[11][0][0] == "E-mail" and "2" in errors[11][0][1]  # "same as row 2"
    assert errors[13][0][0] == "Nama lengkap"
    assert upload.status == ImportStatus.PREVIEWED


def test_person_matching_two_profiles_is_an_error(event, institution, organiser):
    ParticipantFactory(email="a@example.org")
    ParticipantFactory(email="b@example.org", employment="pns", nip="198503122010011002")
    row = person_row(0, institution="Diskominfo", **{"E-mail": "a@example.org"})
    row["NIP"] = "198503122010011002"

    upload = _upload(event, xlsx_bytes([row]), organiser)

    assert list(_errors(upload)) == [2]
    assert _errors(upload)[2][0][0] == ""  # about the whole row


def test_people_already_registered_are_skipped_not_refused(event, institution, organiser):
    known = ParticipantFactory(email="impor0@example.org")
    RegistrationFactory(event=event, participant=known)
    rows = [person_row(n, institution="Diskominfo") for n in range(3)]

    upload = _upload(event, xlsx_bytes(rows), organiser)
    report = participant_import_commit(upload=upload, actor=organiser)

    assert report.committed and report.already_registered == 1 and report.to_register == 2
    assert Registration.objects.filter(event=event).count() == 3


def test_known_person_is_registered_with_their_profile_unchanged(event, institution, organiser):
    known = ParticipantFactory(email="impor1@example.org", full_name="Nama Asli")

    upload = _upload(event, xlsx_bytes([person_row(1, institution="Diskominfo")]), organiser)
    participant_import_commit(upload=upload, actor=organiser)

    known.refresh_from_db()
    assert known.full_name == "Nama Asli"
    assert Registration.objects.get(event=event).participant == known


def test_rows_beyond_the_capacity_go_to_the_waiting_list(institution, organiser):
    event = EventFactory(capacity=3)
    rows = [person_row(n, institution="Diskominfo") for n in range(5)]

    upload = _upload(event, xlsx_bytes(rows), organiser)
    assert (upload.report["would_approve"], upload.report["would_waitlist"]) == (3, 2)
    participant_import_commit(upload=upload, actor=organiser)

    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.APPROVED) == 3
    assert statuses.count(RegistrationStatus.WAITLISTED) == 2


def test_imported_people_get_their_ticket_by_email(
    event, institution, organiser, django_capture_on_commit_callbacks
):
    upload = _upload(
        event, xlsx_bytes([person_row(n, institution="Diskominfo") for n in range(3)]), organiser
    )

    with django_capture_on_commit_callbacks(execute=True):
        participant_import_commit(upload=upload, actor=organiser)

    assert sorted(m.to[0] for m in mail.outbox) == [f"impor{n}@example.org" for n in range(3)]


def test_no_emails_when_the_organiser_says_so(
    event, institution, organiser, django_capture_on_commit_callbacks
):
    upload = _upload(
        event, xlsx_bytes([person_row(1, institution="Diskominfo")]), organiser, send_emails=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        participant_import_commit(upload=upload, actor=organiser)

    assert Registration.objects.get(event=event).participant.email == "impor1@example.org"
    assert mail.outbox == []


def test_imported_profile_of_a_verified_account_belongs_to_it_at_once(
    event, institution, organiser
):
    user = participant_user(email="impor1@example.org")

    upload = _upload(event, xlsx_bytes([person_row(1, institution="Diskominfo")]), organiser)
    participant_import_commit(upload=upload, actor=organiser)

    assert Participant.objects.get(email="impor1@example.org").user == user


def test_a_file_changed_since_the_check_is_checked_again(event, institution, organiser):
    upload = _upload(event, xlsx_bytes([person_row(1, institution="Diskominfo")]), organiser)
    institution.delete()  # the institution disappeared in between

    report = participant_import_commit(upload=upload, actor=organiser)

    assert not report.committed and report.error_rows
    assert not Registration.objects.exists()


def test_a_committed_import_cannot_be_committed_twice(event, institution, organiser):
    upload = _upload(event, xlsx_bytes([person_row(1, institution="Diskominfo")]), organiser)
    participant_import_commit(upload=upload, actor=organiser)

    with pytest.raises(RegistrationError) as excinfo:
        participant_import_commit(upload=upload, actor=organiser)

    assert excinfo.value.code == "import_done"


def test_csv_from_indonesian_excel_with_semicolons_and_windows_encoding(
    event, institution, organiser
):
    rows = [person_row(n, institution="Diskominfo") for n in range(4)]
    rows[1]["Nama lengkap"] = "Raja Ahmad Syahrudin"
    rows[2]["Jabatan"] = "Kepala Seksi Pelayanan – Umum"

    upload = _upload(
        event,
        csv_bytes(rows, delimiter=";", encoding="cp1252"),
        organiser,
        name="daftar.csv",
    )
    participant_import_commit(upload=upload, actor=organiser)

    assert Registration.objects.filter(event=event).count() == 4
    assert Participant.objects.get(email="impor2@example.org").jabatan.endswith("– Umum")


def test_headers_in_english_and_other_case_are_recognised(event, institution, organiser):
    headers = ["NAME", "email", "Institution", "phone"]
    content = xlsx_bytes(
        [{"NAME": "Budi", "email": "budi@example.org", "Institution": "diskominfo", "phone": ""}],
        headers=headers,
    )

    upload = _upload(event, content, organiser)

    assert upload.report["error_rows"] == [] and upload.report["to_register"] == 1


def test_missing_required_column_is_a_file_error(event, institution, organiser):
    content = xlsx_bytes([{"Nama lengkap": "Budi"}], headers=["Nama lengkap", "Jabatan"])

    upload = _upload(event, content, organiser)

    assert upload.report["file_errors"]
    assert "Instansi" in upload.report["file_errors"][0]


def test_nip_stored_as_a_number_by_excel_is_explained(event, institution, organiser):
    row = person_row(0, institution="Diskominfo")
    row["NIP"] = 198503122010011002  # Excel keeps 15 digits: it arrives rounded
    content = xlsx_bytes([row])

    upload = _upload(event, content, organiser)

    [(column, message)] = _errors(upload)[2]
    assert column == "NIP" and "Excel" in message


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("daftar.xlsx", b"this is not a spreadsheet", "unreadable_file"),
        ("daftar.pdf", b"%PDF-1.4", "unsupported_format"),
        ("daftar", b"", "unsupported_format"),
        ("daftar.csv", b"\xff\xfe\x00\x00garbage\x00", "unreadable_file"),
    ],
)
def test_unreadable_files_are_explained(event, organiser, name, content, code):
    if code == "unsupported_format":
        with pytest.raises(RegistrationError) as excinfo:
            _upload(event, content, organiser, name=name)
        assert excinfo.value.code == code
        return
    upload = _upload(event, content, organiser, name=name)
    assert upload.report["file_errors"]
    assert not Registration.objects.exists()


def test_empty_file_is_explained(event, organiser):
    upload = _upload(event, xlsx_bytes([]), organiser)

    assert upload.report["file_errors"]


def test_blank_rows_are_ignored(event, institution, organiser):
    rows = [
        person_row(1, institution="Diskominfo"),
        {},
        {},
        person_row(2, institution="Diskominfo"),
    ]

    upload = _upload(event, xlsx_bytes(rows), organiser)

    assert upload.report["total"] == 2 and not upload.report["error_rows"]


def test_too_many_rows_are_refused(event, institution, organiser, monkeypatch):
    monkeypatch.setattr("participants.imports.spreadsheets.MAX_ROWS", 5)
    rows = [person_row(n, institution="Diskominfo") for n in range(6)]

    upload = _upload(event, xlsx_bytes(rows), organiser)

    assert "5" in upload.report["file_errors"][0]


def test_a_new_upload_discards_the_previous_unconfirmed_one(event, institution, organiser):
    first = _upload(event, xlsx_bytes([person_row(1, institution="Diskominfo")]), organiser)

    _upload(event, xlsx_bytes([person_row(2, institution="Diskominfo")]), organiser)

    first.refresh_from_db()
    assert first.status == ImportStatus.DISCARDED and not first.file
    assert ParticipantImport.objects.filter(status=ImportStatus.PREVIEWED).count() == 1


def test_template_has_every_column_a_guide_and_the_institutions(institution):
    content, content_type = import_template("xlsx")

    book = load_workbook(io.BytesIO(content))
    assert content_type.endswith("spreadsheetml.sheet")
    assert [cell.value for cell in book["Peserta"][1]] == HEADERS
    assert book["Peserta"]["D2"].number_format == "@"  # the NIP column keeps its 18 digits
    assert [
        row[0].value for row in book["Petunjuk"].iter_rows(min_row=2, max_row=len(COLUMNS) + 1)
    ] == HEADERS
    assert "Dinas Komunikasi dan Informatika" in [
        row[0].value for row in book["Instansi"].iter_rows(min_row=2)
    ]


def test_template_offers_drop_down_lists_for_institution_employment_and_role(institution):
    InstitutionFactory(name="Bank Riau Kepri")
    content, _type = import_template("xlsx")

    sheet = load_workbook(io.BytesIO(content))["Peserta"]
    lists = {
        str(validation.sqref): validation.formula1
        for validation in sheet.data_validations.dataValidation
        if validation.type == "list"
    }
    letter = {column.key: chr(ord("A") + n) for n, column in enumerate(COLUMNS)}
    assert lists[f"{letter['employment']}2:{letter['employment']}1001"] == '"PNS,PPPK,Non-ASN"'
    assert lists[f"{letter['role']}2:{letter['role']}1001"] == (
        '"peserta,narasumber,moderator,panitia"'
    )
    listed = lists[f"{letter['institution']}2:{letter['institution']}1001"]
    assert listed == "Instansi!$A$2:$A$3"  # the two confirmed institutions


def test_filled_template_imports_as_is(event, institution, organiser):
    content, _type = import_template("xlsx")
    book = load_workbook(io.BytesIO(content))
    row = person_row(4, institution="Dinas Komunikasi dan Informatika")
    book["Peserta"].append([row[header] for header in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)

    upload = _upload(event, buffer.getvalue(), organiser)

    assert upload.report["error_rows"] == [] and upload.report["to_register"] == 1


def test_csv_template_is_just_the_header():
    content, content_type = import_template("csv")

    assert content_type == "text/csv"
    assert content.decode("utf-8-sig").strip() == ",".join(HEADERS)
