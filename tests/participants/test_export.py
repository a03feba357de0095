"""The participant list exported for a government report (XLSX and CSV)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bimtek.spreadsheets import csv_cell_value
from participants.models.registrations import RegistrationStatus
from tests.factories import (
    EventFactory,
    ParticipantFactory,
    RegistrationFactory,
    nip_for,
    organiser_user,
)

pytestmark = pytest.mark.django_db

COLUMNS = [
    "No.", "Nama dan gelar", "Nama lengkap", "Gelar depan", "Gelar belakang", "NIP",
    "Status kepegawaian", "Pangkat/golongan", "Jabatan", "Instansi", "Kategori instansi",
    "E-mail", "Nomor HP", "Peran", "Status pendaftaran", "Sumber", "Tanggal daftar",
    "Setuju dihubungi lewat WhatsApp", "Waktu pilihan WhatsApp",
    "Berhenti berlangganan pengumuman",
]  # fmt: skip


@pytest.fixture
def registrations(event):
    people = [
        RegistrationFactory(
            event=event,
            participant=ParticipantFactory(
                full_name=f"Peserta {n:02d}",
                title_front="Dr." if n == 0 else "",
                title_back="S.Kom.",
                employment="pns",
                nip=nip_for(seq=n + 1),
                pangkat_golongan="III/b",
                jabatan="Kepala Seksi",
            ),
        )
        for n in range(7)
    ]
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=EventFactory())  # another event's
    return people


def _get(client, event, fmt, **params):
    client.force_login(organiser_user())
    url = reverse("participants:organiser_export", kwargs={"code": event.code, "fmt": fmt})
    return client.get(url, params)


def test_xlsx_export_has_the_report_columns_and_one_row_per_registration(
    client, event, registrations
):
    response = _get(client, event, "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert response.status_code == 200
    assert f'filename="peserta-{event.code}-' in response["Content-Disposition"]
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 1 + 8  # every registration of this event, cancelled included
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["No."] == 1
    assert first["Nama dan gelar"] == "Dr. Peserta 00, S.Kom."
    assert first["NIP"] == nip_for(seq=1)
    assert first["Pangkat/golongan"] == "Penata Muda Tingkat I, III/b"
    assert first["Status kepegawaian"] == "PNS"
    assert first["Nomor HP"] == "0812-3456-7890"
    assert first["Peran"] == "Peserta"
    assert first["Status pendaftaran"] == "Disetujui"


def test_csv_export_follows_the_list_filters(client, event, registrations):
    response = _get(client, event, "csv", status="approved")

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0] == COLUMNS
    assert len(rows) == 1 + 7


def test_export_csv_neutralises_formulas_and_keeps_the_nip_as_text(client, event):
    RegistrationFactory(
        event=event,
        participant__full_name='=HYPERLINK("http://x")',
        participant__nip="198507082010011001",
    )

    response = _get(client, event, "csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = dict(zip(COLUMNS, rows[1], strict=True))
    # Excel's text literal: shown as the text, never run, never 1.98E+17.
    assert row["Nama lengkap"] == '="=HYPERLINK(""http://x"")"'
    assert csv_cell_value(row["Nama lengkap"]) == '=HYPERLINK("http://x")'
    assert row["NIP"] == '="198507082010011001"'
    assert csv_cell_value(row["NIP"]) == "198507082010011001"
    assert row["E-mail"] == row["E-mail"].lstrip("'=")  # ordinary text untouched


def test_export_xlsx_writes_formula_like_text_as_text_cells(client, event):
    RegistrationFactory(
        event=event,
        participant__full_name='=HYPERLINK("http://x")',
        participant__nip="198507082010011001",
    )

    response = _get(client, event, "xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    name, nip = sheet.cell(row=2, column=3), sheet.cell(row=2, column=6)
    assert (name.data_type, name.value) == ("s", '=HYPERLINK("http://x")')
    assert (nip.data_type, nip.value) == ("s", "198507082010011001")


def test_export_of_an_unknown_format_is_404(client, event):
    assert _get(client, event, "pdf").status_code == 404


def test_export_is_for_organisers_only(client, event, participant_user):
    client.force_login(participant_user)

    response = client.get(
        reverse("participants:organiser_export", kwargs={"code": event.code, "fmt": "xlsx"})
    )

    assert response.status_code == 403


def test_export_query_count_does_not_grow_with_rows(client, event, django_assert_max_num_queries):
    client.force_login(organiser_user())
    url = reverse("participants:organiser_export", kwargs={"code": event.code, "fmt": "csv"})
    RegistrationFactory.create_batch(3, event=event)
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    RegistrationFactory.create_batch(30, event=event)

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
