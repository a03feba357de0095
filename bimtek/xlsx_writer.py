"""A plain XLSX writer for exports of many rows (the SIASN riwayat kursus of
10,000 ASN: docs/benchmarks.md). openpyxl, even in write-only mode, builds
and serialises a cell object per value (~10 µs each); this writes each
sheet's XML as text, straight into the ZIP, for the same cells:

- every string a shared-string text cell (``t="s"``), so "=HYPERLINK(…)",
  "#N/A" and an 18-digit NIP stay the text they are (bimtek.spreadsheets:
  the same rule as ``xlsx_cell``); characters XML cannot hold (control
  characters but tab and newline) are dropped, where openpyxl would refuse
  the whole file;
- ints, floats and Decimals numbers, booleans booleans, None and "" an empty
  cell,
  anything else its text;
- the header row bold, frozen (as openpyxl's ``freeze_panes = "A2"``).

The parts are those openpyxl writes (content types, workbook, styles, shared
strings, one worksheet per sheet); ``tests/test_xlsx_writer.py`` reads the
files back with openpyxl and compares them cell by cell with openpyxl's.
"""

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEADER_STYLE = 1  # cellXfs index of the bold font

_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence]


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


class _SharedStrings:
    def __init__(self):
        self.index: dict[str, int] = {}
        self.count = 0

    def __call__(self, text: str) -> int:
        self.count += 1
        found = self.index.get(text)
        if found is None:
            found = self.index[text] = len(self.index)
        return found

    def xml(self) -> str:
        items = "".join(
            f'<si><t xml:space="preserve">{escape(_ILLEGAL.sub("", text))}</t></si>'
            for text in self.index
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">'
            f"{items}</sst>"
        )


def _cell(ref: str, value, strings: _SharedStrings, style: str = "") -> str:
    if value is None or value == "":
        return ""  # an empty cell, as openpyxl reads an empty string back
    if isinstance(value, bool):
        return f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, float) and not math.isfinite(value):
        return ""  # NaN or infinity: Excel calls a file holding one corrupt
    if isinstance(value, Decimal) and not value.is_finite():
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # as openpyxl writes 1.0
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    return f'<c r="{ref}"{style} t="s"><v>{strings(str(value))}</v></c>'


def _write_sheet(out, sheet: Sheet, strings: _SharedStrings) -> None:
    columns: list[str] = []

    def refs(width: int) -> list[str]:
        while len(columns) < width:
            columns.append(_column(len(columns)))
        return columns

    out.write(
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><sheetData>'
        ).encode()
    )
    header = f' s="{_HEADER_STYLE}"'
    names = refs(len(sheet.headers))
    cells = "".join(
        _cell(f"{names[i]}1", value, strings, header) for i, value in enumerate(sheet.headers)
    )
    out.write(f'<row r="1">{cells}</row>'.encode())
    # The hot loop of a large export: strings and ints inline, the rest by _cell.
    index, chunk = strings.index, []
    for number, row in enumerate(sheet.rows, start=2):
        row = list(row)
        parts = [f'<row r="{number}">']
        for name, value in zip(refs(len(row)), row, strict=False):
            kind = type(value)
            if kind is str:
                if value:
                    found = index.get(value)
                    if found is None:
                        found = index[value] = len(index)
                    strings.count += 1
                    parts.append(f'<c r="{name}{number}" t="s"><v>{found}</v></c>')
            elif kind is int:
                parts.append(f'<c r="{name}{number}"><v>{value}</v></c>')
            elif value is not None:
                parts.append(_cell(f"{name}{number}", value, strings))
        parts.append("</row>")
        chunk.append("".join(parts))
        if len(chunk) == 1000:
            out.write("".join(chunk).encode())
            chunk.clear()
    out.write(("".join(chunk) + "</sheetData></worksheet>").encode())


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX file of ``sheets`` (at least one; titles unique, at most 31
    characters, none of ``[]:*?/\\``)."""
    strings = _SharedStrings()
    buffer = io.BytesIO()
    count = len(sheets)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        # The content types first, as Office writes them.
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{index}.xml" '
                f'ContentType="{_CT}.worksheet+xml"/>'
                for index in range(1, count + 1)
            )
            + f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_CT}.sharedStrings+xml"/></Types>',
        )
        book.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
            + "".join(
                f"<sheet name={quoteattr(_ILLEGAL.sub('', sheet.title[:31]))} "
                f'sheetId="{index}" r:id="rId{index}"/>'
                for index, sheet in enumerate(sheets, start=1)
            )
            + "</sheets></workbook>",
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">'
            + "".join(
                f'<Relationship Id="rId{index}" Type="{_REL}/worksheet" '
                f'Target="worksheets/sheet{index}.xml"/>'
                for index in range(1, count + 1)
            )
            + f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId{count + 2}" Type="{_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>',
        )
        book.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr("xl/styles.xml", _STYLES)
        for index, sheet in enumerate(sheets, start=1):
            with book.open(f"xl/worksheets/sheet{index}.xml", "w") as out:
                _write_sheet(out, sheet, strings)
        book.writestr("xl/sharedStrings.xml", strings.xml())
    return buffer.getvalue()
