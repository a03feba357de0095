"""The downloadable invitation-list template.

XLSX: sheet "Peserta" with the headers (the NIP column formatted as text, so
Excel keeps all 18 digits), sheet "Petunjuk" explaining each column with an
example, and sheet "Instansi" listing the institutions a row may name; the
institution, employment status and role columns offer drop-down lists. CSV:
the header row only.
"""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bimtek.models import Institution
from participants.imports.columns import COLUMN_BY_KEY, COLUMNS

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
    institutions = list(
        Institution.objects.filter(is_confirmed=True).select_related("category").order_by("name")
    )
    with translation.override("id"):
        _drop_down_lists(sheet, institution_count=len(institutions))

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
    for institution in institutions:
        listing.append([institution.name, institution.short_name, institution.category.name])
    listing.column_dimensions["A"].width = 60
    listing.column_dimensions["B"].width = 22
    listing.column_dimensions["C"].width = 22

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _column_range(key: str) -> str:
    letter = get_column_letter([c.key for c in COLUMNS].index(key) + 1)
    return f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"


def _drop_down_lists(sheet, *, institution_count: int) -> None:
    """Drop-down lists for institution (the "Instansi" sheet's names),
    employment status and role. A value typed otherwise only gets a warning:
    the import also takes short names and synonyms ("honorer") and says
    what it cannot read."""
    lists = [
        ("employment", '"PNS,PPPK,Non-ASN"', _("Choose PNS, PPPK or Non-ASN.")),
        ("role", '"peserta,narasumber,moderator,panitia"', _("Choose a role from the list.")),
    ]
    if institution_count:
        lists.append(
            (
                "institution",
                f"Instansi!$A$2:$A${institution_count + 1}",
                _("Choose an institution from the list (sheet Instansi)."),
            )
        )
    for key, source, message in lists:
        validation = DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showDropDown=False,  # openpyxl's name for "hide the arrow": False shows it
            errorStyle="warning",
            error=str(message),
            errorTitle=str(COLUMN_BY_KEY[key].header),
        )
        validation.add(_column_range(key))
        sheet.add_data_validation(validation)
