"""The institution report's files: the recap (one row per ASN) and the
SIASN-ready riwayat kursus (one row per ASN per course, ASN without a NIP on
a sheet of their own, "NIP kosong"). Every string a text cell
(bimtek.spreadsheets), so an 18-digit NIP stays text; written row by row in
openpyxl's write-only mode, values without cell objects or styles but for the
header (10,000 ASN: docs/benchmarks.md)."""

import io
from collections.abc import Sequence

from bimtek.spreadsheets import xlsx_cell, xlsx_row
from competency import report


def _workbook(sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        sheet.append([xlsx_cell(sheet, header, font=bold) for header in headers])
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def siasn_xlsx(rows: list[report.AsnRow]) -> bytes:
    ready, missing = report.siasn_rows(rows)
    headers = [name for name, _field in report.SIASN_COLUMNS]
    return _workbook([("Riwayat Kursus", headers, ready), ("NIP kosong", headers, missing)])


def recap_xlsx(rows: list[report.AsnRow], *, year: int, target: int) -> bytes:
    return _workbook(
        [
            (
                f"JP {year}",
                report.RECAP_COLUMNS,
                [report.recap_row(row, target=target) for row in rows],
            )
        ]
    )
