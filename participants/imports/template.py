"""The downloadable invitation-list template.

XLSX: sheet "Peserta" with the headers (the NIP column formatted as text, so
Excel keeps all 18 digits), sheet "Petunjuk" explaining each column with an
example, and sheet "Instansi" listing the institutions a row may name. CSV:
the header row only.
"""

import csv
import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bimtek.models import Institution
from participants.imports.columns import COLUMNS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_ROWS = 1000  # rows pre-formatted (the NIP column as text)


def import_template(fmt: str) -> tuple[bytes, str]:
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerow([column.header for column in COLUMNS])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8"), "text/csv"
    return _xlsx(), XLSX_TYPE


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Peserta"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBFF")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        cell.fill = fill
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
    nip_column = [c.key for c in COLUMNS].index("nip") + 1
    for row in range(2, TEMPLATE_ROWS + 2):
        sheet.cell(row=row, column=nip_column).number_format = "@"
    sheet.column_dimensions[get_column_letter(nip_column)].width = 22
    sheet.freeze_panes = "A2"

    with translation.override("id"):
        guide = book.create_sheet("Petunjuk")
        guide.append(["Kolom", "Wajib", "Keterangan", "Contoh"])
        for cell in guide[1]:
            cell.font = bold
            cell.fill = fill
        for column in COLUMNS:
            guide.append(
                [column.header, "ya" if column.required else "", str(column.help), column.example]
            )
        guide.append([])
        guide.append(
            [
                "Satu baris per orang. Jangan ubah judul kolom. Baris kosong diabaikan. "
                "Orang yang sudah terdaftar di kegiatan ini dilewati."
            ]
        )
        for letter, width in zip("ABCD", (20, 8, 70, 28), strict=True):
            guide.column_dimensions[letter].width = width
        for row in guide.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    listing = book.create_sheet("Instansi")
    listing.append(["Instansi", "Singkatan", "Kategori"])
    for cell in listing[1]:
        cell.font = bold
        cell.fill = fill
    for institution in Institution.objects.filter(is_confirmed=True).select_related("category"):
        listing.append([institution.name, institution.short_name, institution.category.name])
    listing.column_dimensions["A"].width = 60
    listing.column_dimensions["B"].width = 22
    listing.column_dimensions["C"].width = 22

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
