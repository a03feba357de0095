"""The SPJ documents as editable Word files: a template per kind (the
team's uploaded one, or the built-in one made here with python-docx) filled
with docxtpl, its Jinja running sandboxed with autoescaping (an uploaded
template is the office's, but its tags must reach nothing but the context).
The placeholders are the keys of ``spj.documents.context``."""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from spj.errors import SpjError
from spj.models import DocumentKind

# A .docx is a ZIP: its parts unpacked may not exceed this (a ZIP bomb).
MAX_UNPACKED_BYTES = 40 * 1024 * 1024


def _doc(*, wide: bool = False) -> Document:
    document = Document()
    section = document.sections[0]
    if wide:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    return document


def _title(document, *lines: str) -> None:
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = True
        run.font.size = Pt(13 if index == 0 else 11)


def _details(document, pairs: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=3)
    for label, value in pairs:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = label, ":", value
        cells[0].width, cells[1].width = Mm(40), Mm(5)
    document.add_paragraph()


def _grid(document, headers: list[str], loop: str, cells: list[str], total: list[str] = ()):
    """A table whose middle row repeats for each item of ``loop`` (docxtpl's
    {%tr %} rows)."""
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    table.add_row().cells[0].text = "{%tr for " + loop + " %}"
    row = table.add_row().cells
    for cell, value in zip(row, cells, strict=True):
        cell.text = value
    table.add_row().cells[0].text = "{%tr endfor %}"
    if total:
        row = table.add_row().cells
        for cell, value in zip(row, total, strict=True):
            cell.text = value
    return table


def _signatures(document, blocks: list[tuple[str, str, str, str]]) -> None:
    document.add_paragraph()
    table = document.add_table(rows=1, cols=len(blocks))
    for cell, (above, position, name, nip) in zip(table.rows[0].cells, blocks, strict=True):
        cell.text = above
        for value in (position, "", "", ""):
            cell.add_paragraph(value)
        cell.add_paragraph().add_run(name).bold = True
        cell.add_paragraph(nip)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page_break_between(document, item: str = "loop") -> None:
    document.add_paragraph("{%p if not " + item + ".last %}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("{%p endif %}")


CHAIR = ("{{ tempat_tanggal }}", "Ketua Panitia,", "{{ ttd.ketua_nama }}", "{{ ttd.ketua_nip }}")
HEAD = ("Mengetahui,", "{{ ttd.kepala_jabatan }}", "{{ ttd.kepala_nama }}", "{{ ttd.kepala_nip }}")
TREASURER = (
    "{{ tempat_tanggal }}",
    "Bendahara Pengeluaran,",
    "{{ ttd.bendahara_nama }}",
    "{{ ttd.bendahara_nip }}",
)


def _attendance(heading: str) -> Document:
    document = _doc()
    document.add_paragraph("{%p for s in lembar %}")
    _title(document, heading)
    _details(
        document,
        [
            ("Kegiatan", "{{ kegiatan.nama }}"),
            ("Sesi", "{{ s.judul }}"),
            ("Hari, tanggal", "{{ s.hari_tanggal }}"),
            ("Waktu", "{{ s.waktu }}"),
            ("Tempat", "{{ kegiatan.tempat }}"),
        ],
    )
    _grid(
        document,
        ["No.", "Nama", "Peran", "Instansi / jabatan", "Tanda tangan"],
        "o in s.orang",
        ["{{ o.no }}", "{{ o.nama }}", "{{ o.peran }}", "{{ o.instansi }} {{ o.jabatan }}", ""],
    )
    _signatures(document, [("", "", "", ""), CHAIR])
    _page_break_between(document)
    document.add_paragraph("{%p endfor %}")
    return document


def _honorarium() -> Document:
    document = _doc(wide=True)
    _title(document, "DAFTAR PEMBAYARAN HONORARIUM NARASUMBER DAN MODERATOR")
    _details(
        document,
        [
            ("Kegiatan", "{{ kegiatan.nama }}"),
            ("Tanggal", "{{ kegiatan.tanggal }}"),
            ("Tempat", "{{ kegiatan.tempat }}"),
            ("Penyelenggara", "{{ kegiatan.penyelenggara }}"),
        ],
    )
    _grid(
        document,
        ["No.", "Nama / NIP", "Status / NPWP", "Volume", "Tarif", "Bruto", "PPh 21", "Neto",
         "Rekening", "Tanda tangan"],
        "r in baris",
        ["{{ r.no }}", "{{ r.nama }} {{ r.nip }}", "{{ r.status }} {{ r.npwp }}",
         "{{ r.volume }} {{ r.satuan }}", "{{ r.tarif }}", "{{ r.bruto }}",
         "{{ r.pph }} ({{ r.pph_persen }})", "{{ r.neto }}", "{{ r.bank }} {{ r.rekening }}", ""],
        total=["", "Jumlah", "", "", "", "{{ total_bruto }}", "{{ total_pph }}",
               "{{ total_neto }}", "", ""],
    )  # fmt: skip
    document.add_paragraph("Terbilang (neto): {{ terbilang_neto }}")
    _signatures(document, [HEAD, TREASURER])
    return document


def _receipts() -> Document:
    document = _doc()
    document.add_paragraph("{%p for p in penerima %}")
    _title(document, "TANDA TERIMA")
    _details(
        document,
        [
            ("Sudah terima dari", "Bendahara Pengeluaran {{ kegiatan.penyelenggara }}"),
            ("Uang sejumlah", "{{ p.neto }}"),
            ("Terbilang", "{{ p.terbilang }}"),
            (
                "Untuk pembayaran",
                "Honorarium {{ p.peran }} pada kegiatan {{ kegiatan.nama }}, "
                "{{ kegiatan.tanggal }}, {{ p.volume }} {{ p.satuan }} × {{ p.tarif }}",
            ),
            ("Bruto", "{{ p.bruto }}"),
            ("PPh 21 ({{ p.pph_persen }})", "{{ p.pph }}"),
            ("Diterima (neto)", "{{ p.neto }}"),
            ("Nama", "{{ p.nama }}"),
            ("NIP", "{{ p.nip }}"),
            ("NPWP", "{{ p.npwp }}"),
            ("Bank / rekening", "{{ p.bank }} {{ p.rekening }} a.n. {{ p.pemegang_rekening }}"),
        ],
    )
    _signatures(
        document,
        [
            ("Lunas dibayar,", "Bendahara Pengeluaran,", "{{ ttd.bendahara_nama }}",
             "{{ ttd.bendahara_nip }}"),
            ("{{ tempat_tanggal }}", "Yang menerima,", "{{ p.nama }}", ""),
        ],
    )  # fmt: skip
    _page_break_between(document)
    document.add_paragraph("{%p endfor %}")
    return document


def _agenda(document) -> None:
    _grid(
        document,
        ["Hari, tanggal", "Waktu", "Sesi", "Narasumber", "Moderator", "JP", "Hadir"],
        "a in agenda",
        ["{{ a.hari_tanggal }}", "{{ a.waktu }}", "{{ a.sesi }}", "{{ a.narasumber }}",
         "{{ a.moderator }}", "{{ a.jp }}", "{{ a.hadir }}"],
    )  # fmt: skip


def _categories(document) -> None:
    _grid(
        document,
        ["Kategori instansi", "Terdaftar", "Hadir"],
        "k in per_kategori",
        ["{{ k.kategori }}", "{{ k.terdaftar }}", "{{ k.hadir }}"],
        total=["Jumlah", "{{ peserta_terdaftar }}", "{{ peserta_hadir }}"],
    )


def _minutes() -> Document:
    document = _doc()
    _title(document, "BERITA ACARA PELAKSANAAN KEGIATAN", "{{ kegiatan.nama }}")
    number = document.add_paragraph(
        "Nomor: {{ nomor_berita_acara or '........................................' }}"
    )
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(
        "Pada {{ kegiatan.tanggal }} bertempat di {{ kegiatan.tempat }}, {{ kegiatan.kota }}, "
        "telah dilaksanakan kegiatan {{ kegiatan.nama }} yang diselenggarakan oleh "
        "{{ kegiatan.penyelenggara }}, dengan rincian sebagai berikut:"
    )
    document.add_paragraph("Susunan acara yang dilaksanakan:")
    _agenda(document)
    document.add_paragraph()
    document.add_paragraph(
        "Peserta terdaftar {{ peserta_terdaftar }} orang, hadir {{ peserta_hadir }} orang; "
        "jumlah JP {{ total_jp }}; sertifikat terbit {{ sertifikat_terbit }}."
    )
    _categories(document)
    document.add_paragraph()
    document.add_paragraph(
        "{{ penutup or 'Demikian berita acara ini dibuat dengan sebenarnya untuk "
        "dipergunakan sebagaimana mestinya.' }}"
    )
    _signatures(document, [HEAD, CHAIR])
    return document


def _report() -> Document:
    document = _doc()
    _title(document, "LAPORAN KEGIATAN", "{{ kegiatan.nama }}", "{{ kegiatan.penyelenggara }}")
    for heading, body in (
        ("I. Latar belakang", "{{ latar_belakang }}"),
        ("II. Maksud dan tujuan", "{{ tujuan }}"),
        ("III. Waktu dan tempat", "{{ kegiatan.tanggal }}, {{ kegiatan.tempat }}, "
         "{{ kegiatan.alamat }} {{ kegiatan.kota }}"),
    ):  # fmt: skip
        document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(body)
    document.add_paragraph().add_run(
        "IV. Pelaksanaan (susunan acara dan kehadiran per sesi)"
    ).bold = True
    _agenda(document)
    document.add_paragraph().add_run("V. Peserta menurut kategori instansi").bold = True
    _categories(document)
    document.add_paragraph().add_run("VI. Narasumber dan moderator").bold = True
    _grid(
        document,
        ["Nama", "Peran", "JP"],
        "n in narasumber",
        ["{{ n.nama }}", "{{ n.peran }}", "{{ n.jp }}"],
    )
    document.add_paragraph().add_run("VII. Sertifikat dan hasil").bold = True
    document.add_paragraph(
        "Peserta terdaftar {{ peserta_terdaftar }}, hadir {{ peserta_hadir }}, "
        "jumlah JP {{ total_jp }}, sertifikat terbit {{ sertifikat_terbit }}."
    )
    _grid(
        document,
        ["Hasil lain", "Nilai"],
        "h in hasil_lain",
        ["{{ h.label }}", "{{ h.nilai }}"],
    )
    document.add_paragraph().add_run("VIII. Penutup").bold = True
    document.add_paragraph("{{ penutup }}")
    document.add_paragraph().add_run("IX. Dokumentasi").bold = True
    _grid(
        document,
        ["Foto", "Keterangan"],
        "d in dokumentasi",
        ["{{ d.foto }}", "{{ d.keterangan }}"],
    )
    _signatures(document, [HEAD, CHAIR])
    return document


_BUILDERS = {
    DocumentKind.ATTENDANCE_SPEAKERS: lambda: _attendance("DAFTAR HADIR NARASUMBER DAN MODERATOR"),
    DocumentKind.ATTENDANCE_COMMITTEE: lambda: _attendance("DAFTAR HADIR PANITIA"),
    DocumentKind.HONORARIUM: _honorarium,
    DocumentKind.RECEIPTS: _receipts,
    DocumentKind.MINUTES: _minutes,
    DocumentKind.REPORT: _report,
}


def default_template(kind: str) -> bytes:
    """The built-in template of ``kind`` (also offered for download, as the
    starting point of the office's own)."""
    buffer = io.BytesIO()
    _BUILDERS[kind]().save(buffer)
    return buffer.getvalue()


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def _invalid(reason: str) -> SpjError:
    return SpjError(
        _("The template cannot be filled in: %(reason)s") % {"reason": reason[:300]},
        code="template_invalid",
    )


def _too_large() -> SpjError:
    megabytes = settings.SPJ_TEMPLATE_MAX_BYTES / (1024 * 1024)
    return SpjError(
        _("The template is larger than %(size)s MB.") % {"size": f"{megabytes:g}"},
        code="template_too_large",
    )


def _not_docx() -> SpjError:
    return SpjError(
        _("This is not a Word document (.docx). Save the template in Word as .docx and try again."),
        code="not_docx",
    )


def _check_archive(content: bytes) -> None:
    if len(content) > settings.SPJ_TEMPLATE_MAX_BYTES:
        raise _too_large()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise _not_docx() from error
    if "word/document.xml" not in names:
        raise _not_docx()
    if unpacked > MAX_UNPACKED_BYTES:
        raise _too_large()


def _with_images(template: DocxTemplate, context: dict) -> dict:
    """The documentation photos as images of this template (80 mm wide)."""
    if not context.get("dokumentasi"):
        return context
    photos = [
        {**item, "foto": InlineImage(template, io.BytesIO(item["foto"]), width=Mm(80))}
        for item in context["dokumentasi"]
    ]
    return {**context, "dokumentasi": photos}


def render(content: bytes, context: dict) -> bytes:
    """``content`` (a .docx template) filled with ``context``. A template
    that cannot be read or filled raises SpjError("template_invalid") with
    the reason, never anything else."""
    _check_archive(content)
    try:
        template = DocxTemplate(io.BytesIO(content))
        template.render(_with_images(template, context), jinja_env=_environment(), autoescape=True)
        buffer = io.BytesIO()
        template.save(buffer)
    except TemplateError as error:
        raise _invalid(str(error)) from error
    except Exception as error:
        # Anything a broken .docx raises (lxml, python-docx, KeyError…) is the file's fault.
        raise _invalid(str(error) or type(error).__name__) from error
    return buffer.getvalue()


def unknown_placeholders(content: bytes, context: dict) -> list[str]:
    """Top-level names the template uses that the context does not have."""
    template = DocxTemplate(io.BytesIO(content))
    used = template.get_undeclared_template_variables(jinja_env=_environment())
    return sorted(name for name in used if name not in context)
