"""The institution report's files: the recap (one row per ASN) and the
SIASN-ready riwayat kursus (one row per ASN per course, ASN without a NIP on
a sheet of their own, "NIP kosong"). Written by bimtek.xlsx_writer (the
cells openpyxl would write, a tenth of the time: 10,000 ASN in
docs/benchmarks.md): every string a text cell, so an 18-digit NIP stays
text and a name typed as a formula never runs; the header bold and frozen."""

from bimtek.xlsx_writer import Sheet, workbook_bytes
from competency import report


def siasn_xlsx(rows: list[report.AsnRow]) -> bytes:
    ready, missing = report.siasn_rows(rows)
    headers = [name for name, _field in report.SIASN_COLUMNS]
    return workbook_bytes(
        [Sheet("Riwayat Kursus", headers, ready), Sheet("NIP kosong", headers, missing)]
    )


def recap_xlsx(rows: list[report.AsnRow], *, year: int, target: int) -> bytes:
    return workbook_bytes(
        [
            Sheet(
                f"JP {year}",
                report.RECAP_COLUMNS,
                (report.recap_row(row, target=target) for row in rows),
            )
        ]
    )
