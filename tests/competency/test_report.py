"""The institution report and the SIASN export: HR viewers see only their
institution's ASN, organisers their teams' events; one SIASN row per ASN per
course with the documented columns; ASN without NIP listed apart."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from competency import report
from competency.models import HrViewer
from participants.models.people import Employment
from tests import factories

pytestmark = pytest.mark.django_db
YEAR = dt.date.today().year
SIASN_HEADERS = [
    "NIP",
    "Nama",
    "Nama Kursus",
    "Jenis Kursus",
    "Institusi Penyelenggara",
    "Tanggal Mulai",
    "Tanggal Selesai",
    "Tahun",
    "Jumlah Jam",
    "Nomor Sertifikat",
    "Tautan Verifikasi",
]


def certified_event(organiser, people, *, sessions=2, team=None, title="Bimtek SPBE"):
    """An event this year whose sessions ``people`` (participants) all attended,
    each with an issued certificate."""
    start = dt.date(YEAR, 1, 15)
    opens = dt.datetime.combine(start - dt.timedelta(days=10), dt.time(8), tzinfo=dt.UTC)
    extra = {"team": team} if team else {}
    event = factories.EventFactory(
        title=title, start_date=start, end_date=start, registration_opens_at=opens, **extra
    )
    factories.CertificateSettingsFactory(event=event)
    rows = [factories.SessionFactory(event=event) for _ in range(sessions)]
    for participant in people:
        registration = factories.RegistrationFactory(event=event, participant=participant)
        factories.attend(registration, rows)
        services.certificate_issue(actor=organiser, registration=registration)
    return event


def asn(institution, n, *, nip=True):
    return factories.ParticipantFactory(
        institution=institution,
        employment=Employment.PNS,
        nip=factories.nip_for(seq=n) if nip else None,
        full_name=f"ASN {institution.name} {n}",
    )


@pytest.fixture
def world(organiser):
    dinas, bappeda = (
        factories.InstitutionFactory(name="Diskominfo"),
        factories.InstitutionFactory(name="Bappeda"),
    )
    people = [asn(dinas, 1), asn(dinas, 2), asn(bappeda, 3), asn(dinas, 4, nip=False)]
    outsider = factories.ParticipantFactory(institution=dinas, employment=Employment.NON_ASN)
    certified_event(organiser, [*people, outsider], title="Bimtek Smart City")
    certified_event(organiser, people[:2], sessions=3, title="Bimtek SPBE")
    hr = factories.UserFactory()
    HrViewer.objects.create(user=hr, institution=dinas)
    return {"dinas": dinas, "bappeda": bappeda, "people": people, "hr": hr}


def test_hr_viewer_sees_only_their_institutions_asn(world):
    rows = report.asn_rows(report.report_certificates(user=world["hr"], year=YEAR))

    assert {row.participant.full_name for row in rows} == {
        "ASN Diskominfo 1",
        "ASN Diskominfo 2",
        "ASN Diskominfo 4",
    }
    assert {row.participant.full_name: row.jp for row in rows}["ASN Diskominfo 1"] == 4 + 6


def test_hr_viewer_of_one_opd_cannot_see_another(world, client):
    client.force_login(world["hr"])

    page = client.get(reverse("competency:report")).content.decode()
    other = client.get(
        reverse("competency:report"), {"institution": world["bappeda"].pk}
    ).content.decode()

    assert "ASN Diskominfo 1" in page and "ASN Bappeda 3" not in page
    assert "ASN Bappeda 3" not in other


def test_organiser_of_another_team_sees_nothing(world, client):
    other = factories.organiser_user(teams=[factories.TeamFactory(name="Dinkes")])
    client.force_login(other)

    page = client.get(reverse("competency:report")).content.decode()

    assert "ASN Diskominfo 1" not in page


def test_organiser_sees_their_events_asn(world, client, organiser):
    client.force_login(organiser)

    page = client.get(reverse("competency:report")).content.decode()

    assert "ASN Diskominfo 1" in page and "ASN Bappeda 3" in page


@pytest.mark.parametrize("role", ["anonymous", "participant", "door_staff"])
def test_others_cannot_open_the_report(client, user_for_role, role):
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)

    response = client.get(reverse("competency:report"))

    assert response.status_code in (302, 403)
    if user is not None:
        assert response.status_code == 403


def test_siasn_export_has_the_documented_columns_and_nip_kosong_apart(world, client):
    client.force_login(world["hr"])

    response = client.get(reverse("competency:report_export", args=["siasn"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    ready = list(book["Riwayat Kursus"].iter_rows(values_only=True))
    missing = list(book["NIP kosong"].iter_rows(values_only=True))
    assert list(ready[0]) == SIASN_HEADERS
    assert [name for name, _field in report.SIASN_COLUMNS] == SIASN_HEADERS
    assert len(ready) - 1 == 4  # two ASN × two courses
    assert all(len(row[0]) == 18 for row in ready[1:])  # NIP kept as text
    assert {row[8] for row in ready[1:]} == {"4", "6"} or {row[8] for row in ready[1:]} == {4, 6}
    assert [row[1] for row in missing[1:]] == ["ASN Diskominfo 4"]


def test_recap_export_one_row_per_asn(world, client):
    client.force_login(world["hr"])

    response = client.get(reverse("competency:report_export", args=["recap"]))

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:5] == ("NIP", "Nama", "Instansi", "Jumlah kegiatan", "JP")
    assert len(rows) - 1 == 3


def test_unknown_export_is_not_found(world, client):
    client.force_login(world["hr"])

    assert client.get(reverse("competency:report_export", args=["other"])).status_code == 404


def test_bad_filters_fall_back_quietly(world, client):
    client.force_login(world["hr"])

    response = client.get(reverse("competency:report"), {"year": "x", "institution": "'; --"})

    assert response.status_code == 200


def test_siasn_export_of_many_asn_one_row_per_asn_per_course(organiser):
    dinas = factories.InstitutionFactory(name="Dinas Besar")
    people = [asn(dinas, n) for n in range(1, 41)]
    certified_event(organiser, people, title="Bimtek A")
    certified_event(organiser, people[:25], title="Bimtek B")

    rows = report.asn_rows(report.report_certificates(user=organiser, year=YEAR))
    ready, missing = report.siasn_rows(rows)

    assert len(ready) == 40 + 25
    assert missing == []
    assert len({(row[0], row[2]) for row in ready}) == len(ready)
    assert all(len(row) == len(SIASN_HEADERS) for row in ready)


def test_report_query_count_is_constant(organiser, client, django_assert_max_num_queries):
    dinas = factories.InstitutionFactory(name="Dinas Q")
    certified_event(organiser, [asn(dinas, n) for n in range(1, 3)], title="Bimtek Q1")
    client.force_login(organiser)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("competency:report_export", args=["siasn"]))
    certified_event(organiser, [asn(dinas, n) for n in range(3, 12)], title="Bimtek Q2")

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("competency:report_export", args=["siasn"]))


def test_siasn_export_links_each_certificate_to_its_verification_page(world, client):
    client.force_login(world["hr"])

    response = client.get(reverse("competency:report_export", args=["siasn"]))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    links = [row[10] for row in book["Riwayat Kursus"].iter_rows(min_row=2, values_only=True)]
    certificates = Certificate.objects.filter(
        registration__participant__in=world["people"][:2]  # Diskominfo, with NIP
    )
    assert len(links) == 4
    assert sorted(links) == sorted(c.verify_url for c in certificates)


def test_siasn_export_keeps_formula_like_and_error_like_names_as_text(organiser, client):
    dinas = factories.InstitutionFactory(name="Dinas Rumus")
    people = [asn(dinas, 1), asn(dinas, 2)]
    people[0].full_name, people[1].full_name = '=HYPERLINK("http://x","y")', "#N/A"
    for person in people:
        person.save(update_fields=["full_name"])
    certified_event(organiser, people, title="=1+1")
    client.force_login(organiser)

    response = client.get(reverse("competency:report_export", args=["siasn"]))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Riwayat Kursus"]
    cells = list(sheet.iter_rows(min_row=2))
    assert {row[1].value for row in cells} == {'=HYPERLINK("http://x","y")', "#N/A"}
    assert {row[2].value for row in cells} == {"=1+1"}
    assert {cell.data_type for row in cells for cell in row[:3]} == {"s"}


def test_xlsx_row_writes_the_same_cells_as_xlsx_cell():
    from openpyxl.cell.cell import ERROR_CODES

    from bimtek import spreadsheets

    row = ["=SUM(A1)", "=", *ERROR_CODES, "198503122010011001", 14, None, "teks"]

    def written(make_row) -> list:
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("s")
        sheet.append(make_row(sheet))
        buffer = io.BytesIO()
        book.save(buffer)
        cells = next(openpyxl.load_workbook(buffer)["s"].iter_rows())
        return [(cell.value, cell.data_type) for cell in cells]

    fast = written(lambda sheet: spreadsheets.xlsx_row(sheet, row))

    assert fast == written(lambda sheet: [spreadsheets.xlsx_cell(sheet, v) for v in row])
    assert fast[0] == ("=SUM(A1)", "s")


def test_a_certificate_issued_before_jp_attended_was_recorded_counts_its_stated_jp(world):
    certificate = Certificate.objects.filter(
        registration__participant=world["people"][0], event__title="Bimtek SPBE"
    ).get()
    certificate.snapshot = {
        key: value for key, value in certificate.snapshot.items() if key != "jp_attended"
    } | {"jp": 9}
    certificate.save(update_fields=["snapshot"])

    rows = report.asn_rows(report.report_certificates(user=world["hr"], year=YEAR))

    jp = {row.participant.full_name: row.jp for row in rows}
    assert jp["ASN Diskominfo 1"] == 4 + 9
