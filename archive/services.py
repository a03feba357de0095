"""Write one event's archive: a ZIP with every table as CSV (UTF-8 with BOM,
for Excel) and all of them again as one XLSX workbook, a manifest
(manifest.json: rows and SHA-256 of every file) and a README in Bahasa
Indonesia (BACA-SAYA.txt). See docs/archive.md.

Streaming: rows go from the database cursor straight into the compressed
ZIP entry and into the workbook (openpyxl's write-only mode keeps each
sheet in a temporary file), so memory does not grow with the event.
"""

import csv
import datetime as dt
import hashlib
import io
import json
import tempfile
import textwrap
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Font

from archive.tables import TABLES, Context
from bimtek import spreadsheets
from bimtek.models import Event
from bimtek.services import audit_record

FORMAT_VERSION = 1
README = "BACA-SAYA.txt"
MANIFEST = "manifest.json"


@dataclass
class ArchiveFile:
    name: str
    rows: int
    sha256: str
    bytes: int
    description: str = ""
    columns: list[str] = field(default_factory=list)


@dataclass
class ArchiveResult:
    event: Event
    filename: str
    created_at: dt.datetime
    files: list[ArchiveFile]

    def rows(self, table: str) -> int:
        return next(f.rows for f in self.files if f.name == f"csv/{table}.csv")


class _HashingWriter(io.RawIOBase):
    """Counts and hashes the bytes on their way into a ZIP entry."""

    def __init__(self, target: BinaryIO):
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


def archive_filename(event: Event, *, at: dt.datetime | None = None) -> str:
    at = timezone.localtime(at or timezone.now(), event.tzinfo)
    return f"arsip-{event.code}-{at:%Y%m%d-%H%M}.zip"


def event_archive_write(*, event: Event, destination: BinaryIO, actor=None) -> ArchiveResult:
    """Write the archive of ``event`` into ``destination`` (a binary file,
    seekable or not) and record in the audit trail who took the data."""
    created_at = timezone.now()
    filename = archive_filename(event, at=created_at)
    with translation.override("id"):
        context = Context.for_event(event)
        files = _write_zip(context, destination, created_at=created_at, actor=actor)
    result = ArchiveResult(event=event, filename=filename, created_at=created_at, files=files)
    audit_record(
        actor=actor,
        action="event.archive",
        target=event,
        event=event,
        summary=filename,
        changes={f.name: f.rows for f in files if f.name.endswith(".csv")},
    )
    return result


def _write_zip(context: Context, destination: BinaryIO, *, created_at, actor) -> list[ArchiveFile]:
    files: list[ArchiveFile] = []
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            columns = table.columns(context)
            sheet = book.create_sheet(title=table.sheet[:31])
            sheet.freeze_panes = "A2"
            header = []
            for title in columns:
                header.append(spreadsheets.xlsx_cell(sheet, title, font=bold))
            sheet.append(header)
            name = f"csv/{table.name}.csv"
            rows = 0
            with archive.open(name, "w", force_zip64=True) as entry:
                raw = _HashingWriter(entry)
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="", write_through=True)
                writer = csv.writer(text)
                writer.writerow(columns)
                for row in table.rows(context):
                    writer.writerow(spreadsheets.csv_row(row))
                    sheet.append([spreadsheets.xlsx_cell(sheet, value) for value in row])
                    rows += 1
                text.flush()
                text.detach()
            files.append(
                ArchiveFile(
                    name=name,
                    rows=rows,
                    sha256=raw.digest.hexdigest(),
                    bytes=raw.size,
                    description=table.description,
                    columns=columns,
                )
            )
        files.append(_add_workbook(archive, book, context))
        manifest = _manifest(context, files, created_at=created_at, actor=actor)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        archive.writestr(README, _readme(context, files, created_at=created_at, actor=actor))
    return files


def _add_workbook(archive: zipfile.ZipFile, book: Workbook, context: Context) -> ArchiveFile:
    name = f"arsip-{context.event.code}.xlsx"
    with tempfile.TemporaryFile() as workbook_file:
        book.save(workbook_file)
        workbook_file.seek(0)
        digest = hashlib.sha256()
        size = 0
        with archive.open(name, "w", force_zip64=True) as entry:
            while chunk := workbook_file.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
                entry.write(chunk)
    return ArchiveFile(
        name=name,
        rows=0,
        sha256=digest.hexdigest(),
        bytes=size,
        description="Semua tabel di atas dalam satu buku kerja Excel, satu lembar per tabel.",
    )


def _manifest(context: Context, files: list[ArchiveFile], *, created_at, actor) -> dict:
    event = context.event
    return {
        "format": "bimtek-event-archive",
        "format_version": FORMAT_VERSION,
        "created_at": context.when(created_at),
        "created_by": getattr(actor, "email", "") or "",
        "site": settings.SITE_URL,
        "event": {
            "id": event.pk,
            "code": event.code,
            "title": event.title,
            "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat(),
            "timezone": event.timezone,
        },
        "files": [
            {
                "name": f.name,
                "rows": f.rows if f.name.endswith(".csv") else None,
                "bytes": f.bytes,
                "sha256": f.sha256,
                "columns": f.columns or None,
            }
            for f in files
        ],
    }


def _readme(context: Context, files: list[ArchiveFile], *, created_at, actor) -> str:
    event = context.event
    by = getattr(actor, "email", "") or "perintah manage.py export_event_archive"
    lines = [
        f"ARSIP KEGIATAN: {event.title}",
        "=" * 72,
        "",
        f"Kode kegiatan : {event.code}",
        f"Penyelenggara : {event.organiser_unit}",
        f"Tempat        : {event.venue}, {event.city}",
        f"Tanggal       : {event.start_date.isoformat()} s.d. {event.end_date.isoformat()}",
        f"Dibuat        : {context.when(created_at)} oleh {by}",
        f"Sumber        : {settings.SITE_URL}",
        "",
        "Arsip ini berisi seluruh data kegiatan di atas sebagaimana tersimpan di Bimtek",
        "pada saat arsip dibuat: data kegiatan dan susunan acara, peserta dan",
        "pendaftarannya, kehadiran (registrasi ulang dan log pemindaian), serta sertifikat",
        "(nomor, data yang tercetak, dan pencabutan). Arsip berisi data pribadi",
        "(UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi): simpan di tempat yang",
        "aman dan bagikan hanya kepada yang berwenang.",
        "",
        "ISI ARSIP",
        "---------",
        "",
    ]
    for f in files:
        if f.name.endswith(".csv"):
            lines.append(f"{f.name}  ({f.rows} baris)")
        else:
            lines.append(f.name)
        lines += [f"    {line}" for line in _wrap(f.description, 68)]
        if f.columns:
            column_lines = _wrap(", ".join(f.columns), 61)
            lines.append(f"    Kolom: {column_lines[0]}")
            lines += [f"           {line}" for line in column_lines[1:]]
        lines.append("")
    lines += [
        f"{MANIFEST}",
        "    Daftar berkas yang dapat dibaca mesin: jumlah baris, ukuran, dan SHA-256 setiap",
        "    berkas, untuk memeriksa bahwa arsip utuh (sha256sum).",
        "",
        "CARA MEMBACA",
        "------------",
        "",
        "- Berkas CSV memakai pengodean UTF-8 (dengan BOM, agar Excel membaca huruf dengan",
        "  benar) dan koma sebagai pemisah. Baris pertama adalah judul kolom.",
        "- Waktu ditulis dalam format ISO 8601 menurut zona waktu kegiatan, lengkap dengan",
        "  selisih terhadap UTC, misalnya 2019-07-08T08:03:12+07:00 (WIB).",
        "- Kolom \u201cID ...\u201d menghubungkan tabel: misalnya \u201cID pendaftaran\u201d di",
        "  06_kehadiran.csv dan 09_sertifikat.csv merujuk ke baris yang sama di",
        "  03_peserta.csv.",
        "- Teks yang diawali = + - atau @ diberi tanda petik tunggal (') di depannya pada",
        "  berkas CSV agar tidak dijalankan sebagai rumus oleh program lembar kerja; di",
        "  berkas XLSX teks disimpan apa adanya.",
        "- Buka NIP dan nomor HP sebagai teks agar angka nol di depan dan angka ke-16 dst.",
        "  tidak hilang (di Excel: Data > Dari Teks/CSV, tipe kolom Teks).",
        "- Sertifikat yang dicabut tetap tercantum dengan keadaan \u201ctidak berlaku\u201d.",
        "  Keaslian sertifikat dapat diperiksa di halaman verifikasi sertifikat situs",
        "  dengan kode verifikasinya selama situs masih berjalan.",
        "",
        f"Format arsip Bimtek versi {FORMAT_VERSION}.",
        "",
    ]
    return "\r\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]
