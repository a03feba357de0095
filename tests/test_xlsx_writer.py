"""The plain XLSX writer (bimtek/xlsx_writer.py) writes the cells openpyxl
writes: read back with openpyxl, the same values and types, text kept as
text, the header bold and frozen."""

import io
import zipfile
from decimal import Decimal

import openpyxl
from openpyxl.cell.cell import ERROR_CODES

from bimtek import spreadsheets
from bimtek.xlsx_writer import Sheet, workbook_bytes

HEADERS = ["NIP", "Nama", "Jumlah Jam", "Nilai", "Ya"]
ROWS = [
    ["198503122010011001", "Dr. Budi <Santoso> & Ani", 14, Decimal("87.5"), True],
    ['=HYPERLINK("http://x","y")', "  spasi di tepi ", 0, 2.25, False],
    [*ERROR_CODES[:2], None, -3, None],
    ["+628134689780", "Baris\nkedua", 10**12, Decimal("0.1"), None],
    ["", "Ñandú 名前 اسم", 1, 1.0, True],
]


def _openpyxl_bytes(sheets) -> bytes:
    from openpyxl.styles import Font

    book = openpyxl.Workbook(write_only=True)
    for sheet in sheets:
        target = book.create_sheet(sheet.title)
        target.freeze_panes = "A2"
        target.append(
            [spreadsheets.xlsx_cell(target, h, font=Font(bold=True)) for h in sheet.headers]
        )
        for row in sheet.rows:
            target.append([spreadsheets.xlsx_cell(target, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(data: bytes) -> dict:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {
        sheet.title: {
            "freeze": sheet.freeze_panes,
            "bold": [cell.font.b for cell in sheet[1]],
            "cells": [
                [(cell.value, cell.data_type if cell.value is not None else None) for cell in row]
                for row in sheet.iter_rows()
            ],
        }
        for sheet in book.worksheets
    }


def test_the_same_cells_as_openpyxl():
    sheets = [Sheet("Riwayat Kursus", HEADERS, ROWS), Sheet("NIP kosong", HEADERS, ROWS[:1])]

    ours = _cells(workbook_bytes(sheets))

    assert ours == _cells(_openpyxl_bytes(sheets))
    assert list(ours) == ["Riwayat Kursus", "NIP kosong"]
    assert ours["Riwayat Kursus"]["freeze"] == "A2"
    assert all(ours["Riwayat Kursus"]["bold"])
    first = ours["Riwayat Kursus"]["cells"][1]
    assert first[0] == ("198503122010011001", "s")  # a NIP stays text
    second = ours["Riwayat Kursus"]["cells"][2]
    assert second[0] == ('=HYPERLINK("http://x","y")', "s")  # never a formula


def test_characters_xml_cannot_hold_are_dropped_not_refused():
    data = workbook_bytes([Sheet("S", ["A"], [["ab\x00c\x1fd"]])])

    assert _cells(data)["S"]["cells"][1][0] == ("abcd", "s")


def test_an_empty_sheet_and_many_columns():
    wide = [list(range(30))]
    data = workbook_bytes(
        [Sheet("Kosong", HEADERS, []), Sheet("Lebar", [str(n) for n in range(30)], wide)]
    )

    cells = _cells(data)
    assert cells["Kosong"]["cells"] == [[(h, "s") for h in HEADERS]]
    assert [value for value, _type in cells["Lebar"]["cells"][1]] == list(range(30))
    assert zipfile.ZipFile(io.BytesIO(data)).namelist()[0] == "[Content_Types].xml"


def test_nan_and_infinity_are_written_as_empty_cells_excel_can_open():
    row = [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity"), 2.5]
    data = workbook_bytes([Sheet("S", ["A", "B", "C", "D", "E"], [row])])

    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "nan" not in sheet.lower() and "inf" not in sheet.lower()
    values = [cell.value for cell in openpyxl.load_workbook(io.BytesIO(data))["S"][2]]
    assert values == [None, None, None, None, 2.5]
