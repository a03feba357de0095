"""The one formula guard every export uses (bimtek.spreadsheets)."""

import io

import pytest
from openpyxl import load_workbook

from bimtek.spreadsheets import csv_cell, csv_cell_value, xlsx_table


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", '="=1+1"'),
        ("+628134689780", '="+628134689780"'),
        ("-", '="-"'),
        ("@SUM(A1)", '="@SUM(A1)"'),
        ('=HYPERLINK("x")', '="=HYPERLINK(""x"")"'),
        ("198507082010011001", '="198507082010011001"'),
        ("0812", '="0812"'),
        ("Budi Santoso", "Budi Santoso"),
        ("0812-3456-7890", "0812-3456-7890"),
        ("12", "12"),
        (7, 7),
        (None, None),
    ],
)
def test_csv_cell_writes_risky_text_as_an_excel_text_literal(value, written):
    assert csv_cell(value) == written
    if isinstance(value, str):
        assert csv_cell_value(csv_cell(value)) == value


def test_csv_cell_too_long_for_a_literal_keeps_the_apostrophe():
    value = "=" + "x" * 300
    assert csv_cell(value) == "'" + value


def test_xlsx_table_stores_every_string_as_text():
    content = xlsx_table(
        ["Name", "NIP"], [["=1+1", "198507082010011001"], ["+62812", 5]], title="T"
    )

    sheet = load_workbook(io.BytesIO(content)).active
    cells = [(c.data_type, c.value) for row in sheet.iter_rows(min_row=2) for c in row]
    assert cells == [("s", "=1+1"), ("s", "198507082010011001"), ("s", "+62812"), ("n", 5)]
