"""Cells for every export a spreadsheet opens (participants, attendance, the
archive): text that looks like a formula must not run, and values must not
be damaged on the way (docs/import.md, "Formulas and long numbers").

- XLSX: every string is written as a text cell (``data_type = "s"``), so
  "=HYPERLINK(…)" is shown as typed and "+628134689780" or an 18-digit NIP
  stay the text they are; nothing is prefixed.
- CSV: a cell that Excel would run (starting with ``= + - @``, a tab or a
  carriage return) or turn into a number (a long digit string such as a NIP,
  or one with a leading zero) is written as Excel's text literal
  ``="…"``: Excel and LibreOffice show the original text, and
  ``csv_cell_value`` reads it back. Excel caps a literal at 255 characters;
  a longer formula-like text gets a leading apostrophe instead.
"""

import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel keeps 15 significant digits and drops leading zeros: a NIP (18
# digits) would become 1.98E+17, "0812…" would lose its zero.
LONG_NUMBER_DIGITS = 12
EXCEL_LITERAL_MAX = 255


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _number_excel_would_mangle(value: str) -> bool:
    return (
        value.isascii()
        and value.isdigit()
        and (len(value) >= LONG_NUMBER_DIGITS or (len(value) > 1 and value[0] == "0"))
    )


def csv_cell(value):
    """The CSV form of ``value``: text Excel would run or turn into a number
    becomes the text literal ``="…"``; anything else is unchanged."""
    if not isinstance(value, str):
        return value
    if not (looks_like_formula(value) or _number_excel_would_mangle(value)):
        return value
    if len(value) > EXCEL_LITERAL_MAX:
        return "'" + value
    return '="' + value.replace('"', '""') + '"'


def csv_cell_value(text: str) -> str:
    """What Excel shows for a CSV cell written by ``csv_cell`` (for tests and
    anyone reading the files back)."""
    if text.startswith('="') and text.endswith('"') and len(text) >= 3:
        return text[2:-1].replace('""', '"')
    return text


def csv_row(row: Iterable) -> list:
    return [csv_cell(value) for value in row]


def xlsx_cell(sheet, value, *, font=None):
    """A write-only cell; a string is always a text cell, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


# Strings openpyxl would not store as plain text: "=…" becomes a formula,
# "#N/A" and its kind an error value (openpyxl.cell.cell.ERROR_CODES).
_XLSX_ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))


def xlsx_row(sheet, row: Iterable) -> list:
    """A row for a write-only sheet's ``append``: values as they are (the
    fast path: no cell object, no style), except a string openpyxl would turn
    into a formula or an error, which becomes an ``xlsx_cell`` text cell. The
    file holds the same cells as ``[xlsx_cell(sheet, v) for v in row]``."""
    return [
        xlsx_cell(sheet, value)
        if isinstance(value, str)
        and ((value.startswith("=") and len(value) > 1) or value in _XLSX_ERROR_CODES)
        else value
        for value in row
    ]


def xlsx_table(headers: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    """One sheet, written row by row (openpyxl's write-only mode), the header
    bold and frozen, every string a text cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=(title or "Sheet")[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([xlsx_cell(sheet, header, font=bold) for header in headers])
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
