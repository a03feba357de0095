"""Invitation-list files for tests and benchmarks: rows of the template's columns."""

import csv
import datetime as dt
import io

from openpyxl import Workbook

from participants.imports.columns import COLUMNS
from tests.factories import nip_for

HEADERS = [column.header for column in COLUMNS]


def unique_nip(n: int) -> str:
    """A valid PNS NIP, different for every n."""
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n // 999)
    return nip_for(birth=f"{birth:%Y%m%d}", appointed="201001", seq=n % 999 + 1)


def person_row(n: int, *, institution: str, **overrides) -> dict:
    """A good row: a PNS for even n, a non-ASN for odd n."""
    pns = n % 2 == 0
    row = {
        "Nama lengkap": f"Peserta Impor {n}",
        "Gelar depan": "",
        "Gelar belakang": "S.Kom." if n % 3 else "",
        "NIP": unique_nip(n) if pns else "",
        "Status kepegawaian": "PNS" if pns else "Non-ASN",
        "Pangkat/golongan": "III/a" if pns else "",
        "Jabatan": "Analis Data",
        "Instansi": institution,
        "E-mail": f"impor{n}@example.org",
        "Nomor HP": f"0812{n:08d}"[:13],
        "Peran": "peserta",
    }
    row.update(overrides)
    return row


def xlsx_bytes(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    for cell in sheet["D"][1:]:  # the NIP column as text, as the template has it
        cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADERS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)
