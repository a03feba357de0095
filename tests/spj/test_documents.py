"""Each SPJ document rendered as PDF (its text read back with pdftotext) and
as DOCX (opened with python-docx), a team's own template used, the ZIP."""

import io
import zipfile

import docx
import pytest

from spj.documents import pack, word
from spj.errors import SpjError
from spj.models import DocumentKind, DocumentTemplate, Person
from tests.pdfscripts import assert_no_notdef, needs_pdftotext, pdftotext

pytestmark = pytest.mark.django_db


def pdf_text(event, kind: str, **kwargs) -> str:
    """The PDF's text, whitespace collapsed."""
    return " ".join(pdftotext(pack.document(event=event, kind=kind, fmt="pdf", **kwargs)).split())


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


@needs_pdftotext
def test_honorarium_pdf_prints_amounts_tax_and_words(spj_event):
    text = pdf_text(spj_event["event"], "daftar_honorarium")

    assert "DAFTAR PEMBAYARAN HONORARIUM" in text
    assert "Rp3.600.000" in text and "Rp540.000" in text and "Rp3.060.000" in text
    assert "Non-PNS, tanpa NPWP" in text
    # 6 100 000 − 625 000 = 5 475 000
    assert "Terbilang (neto): Lima juta empat ratus tujuh puluh lima ribu rupiah" in text


@needs_pdftotext
def test_honorarium_list_keeps_amounts_and_roles_whole(spj_event):
    """Printed, "Narasumbe/r" or "Rp32.700.00/0" over two lines is unreadable."""
    event = spj_event["event"]
    Person.objects.filter(name="Dr. Budi Santoso").update(rate=1_800_000)
    Person.objects.filter(name="Rina Wulandari").update(rate=12_500_000)

    words = pdftotext(pack.document(event=event, kind="daftar_honorarium", fmt="pdf")).split()

    assert words.count("Narasumber") == 2 and "Moderator" in words
    for amount in ("Rp12.500.000", "Rp25.000.000", "Rp1.080.000", "Rp24.250.000"):
        assert amount in words  # one cell, one line
    for total in ("Rp32.700.000", "Rp1.855.000", "Rp30.845.000"):
        assert total in words


@needs_pdftotext
def test_receipts_pdf_has_a_page_per_person(spj_event):
    text = pdf_text(spj_event["event"], "tanda_terima")

    assert text.count("TANDA TERIMA") == 3
    assert "Tiga juta enam puluh ribu rupiah" in text
    assert "Halaman 3 dari 3" in text


@needs_pdftotext
def test_speakers_attendance_per_session_and_per_day(spj_event):
    event = spj_event["event"]

    per_session = pdf_text(event, "daftar_hadir_narasumber")
    per_day = pdf_text(event, "daftar_hadir_narasumber", per="day")

    assert per_session.count("DAFTAR HADIR NARASUMBER DAN MODERATOR") == 2
    assert "Kebijakan SPBE" in per_session and "Manajemen Risiko" in per_session
    assert "Siti Aminah" in per_session and "Moderator" in per_session
    assert "Tanda tangan" in per_session and "1. ......" in per_session
    assert per_day.count("DAFTAR HADIR NARASUMBER DAN MODERATOR") == 1
    assert per_day.count("Dr. Budi Santoso") == 1


@needs_pdftotext
def test_committee_attendance_has_a_sheet_per_day(spj_event):
    text = pdf_text(spj_event["event"], "daftar_hadir_panitia")

    assert text.count("DAFTAR HADIR PANITIA") == 2  # a two-day event
    assert "Andi Pratama" in text and "Ketua Panitia," in text


@needs_pdftotext
def test_report_and_minutes_fill_in_the_event(spj_event):
    event = spj_event["event"]
    report = pdf_text(event, "laporan_kegiatan")
    minutes = pdf_text(event, "berita_acara")

    for text in (report, minutes):
        assert "Bimtek Keamanan Informasi" in text
        assert "Kebijakan SPBE" in text
        assert "Sertifikat terbit" in text
    assert "Grafik kehadiran per sesi" in report
    assert "BERITA ACARA PELAKSANAAN KEGIATAN" in minutes


@needs_pdftotext
def test_names_in_other_scripts_print_with_real_glyphs(spj_event):
    event = spj_event["event"]
    Person.objects.filter(name="Rina Wulandari").update(name="陳大文")
    event.sessions.filter(title="Kebijakan SPBE").update(speakers="Dr. Budi Santoso\n陳大文")

    content = pack.document(event=event, kind="daftar_honorarium", fmt="pdf")

    assert "陳大文" in pdftotext(content)
    assert_no_notdef(content)


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_document_opens_in_word_with_the_events_data(spj_event, kind):
    content = pack.document(event=spj_event["event"], kind=kind, fmt="docx")

    text = docx_text(content)

    assert "Bimtek Keamanan Informasi" in text or "Dr. Budi Santoso" in text
    assert "{{" not in text and "{%" not in text


def test_honorarium_docx_has_a_row_per_person_and_the_totals(spj_event):
    text = docx_text(pack.document(event=spj_event["event"], kind="daftar_honorarium", fmt="docx"))

    assert "Rp3.060.000" in text and "Rina Wulandari" in text and "Rp6.100.000" in text
    assert "Lima juta empat ratus tujuh puluh lima ribu rupiah" in text


def _template(body: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(body)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_teams_own_template_is_used(spj_event):
    event = spj_event["event"]
    DocumentTemplate.objects.create(
        team=event.team,
        kind="daftar_honorarium",
        filename="honor.docx",
        content=_template("KOP DINAS {{ kegiatan.nama }} jumlah {{ total_neto }}"),
    )

    text = docx_text(pack.document(event=event, kind="daftar_honorarium", fmt="docx"))

    assert text.strip() == "KOP DINAS Bimtek Keamanan Informasi jumlah Rp5.475.000"


def test_a_template_cannot_reach_beyond_its_context(spj_event):
    content = _template("{{ kegiatan.__class__.__mro__ }}")

    with pytest.raises(SpjError) as excinfo:
        word.render(content, {"kegiatan": {}})

    assert excinfo.value.code == "template_invalid"


def test_names_with_markup_characters_stay_text_in_word(spj_event):
    Person.objects.filter(name="Rina Wulandari").update(name="R & <W>")
    event = spj_event["event"]
    event.sessions.filter(title="Kebijakan SPBE").update(speakers="Dr. Budi Santoso\nR & <W>")

    text = docx_text(pack.document(event=event, kind="daftar_honorarium", fmt="docx"))

    assert "R & <W>" in text


def test_the_pack_holds_every_document_in_both_formats(spj_event):
    event = spj_event["event"]

    archive = zipfile.ZipFile(io.BytesIO(pack.pack_zip(event=event)))

    names = set(archive.namelist())
    for kind in DocumentKind.values:
        assert f"{kind}_{event.code}.pdf" in names
        assert f"{kind}_{event.code}.docx" in names
    assert f"daftar_hadir_narasumber_per_hari_{event.code}.pdf" in names
    assert len(names) == 14
    assert archive.read(f"berita_acara_{event.code}.pdf").startswith(b"%PDF")


def test_a_template_too_large_or_a_zip_bomb_is_refused(spj_event, settings):
    settings.SPJ_TEMPLATE_MAX_BYTES = 1000
    with pytest.raises(SpjError) as too_large:
        word.render(b"x" * 1001, {})
    settings.SPJ_TEMPLATE_MAX_BYTES = 2 * 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (word.MAX_UNPACKED_BYTES + 1))
    with pytest.raises(SpjError) as bomb:
        word.render(buffer.getvalue(), {})

    assert too_large.value.code == "template_too_large"
    assert bomb.value.code == "template_too_large"


@needs_pdftotext
@pytest.mark.parametrize(
    ("attendance", "ticks"),
    [([0, 0], ["0", "1"]), ([1, 3], ["0", "1", "2", "3", "4"]), ([1234, 80], ["1.000", "1.500"])],
)
def test_the_attendance_chart_counts_people_in_whole_numbers(attendance, ticks):
    from reportlab.graphics import renderPDF

    from spj.documents.pdf_reports import _session_chart

    drawing = _session_chart({"agenda": [{"hadir": n} for n in attendance]})
    text = pdftotext(renderPDF.drawToString(drawing)).split()

    assert not [t for t in text if "." in t and len(t.split(".")[-1]) != 3]  # no 0.2, 0.4
    assert not [t for t in text if "," in t]
    assert set(ticks) <= set(text)
