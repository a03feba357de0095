"""The invitation-list columns and how a file's headers are matched to them.

The template (``participants.imports.template``) is written from these
columns and the resource reads them back, so both always agree.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from participants.errors import RegistrationError


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as in the template: the users' words, the same in every UI language
    aliases: tuple[str, ...]
    required: bool
    help: str
    example: str


# The invitation-list columns, in template order. Headers are matched ignoring
# case, spaces and punctuation, in Bahasa Indonesia or English.
COLUMNS = (
    Column("full_name", "Nama lengkap", ("nama", "name", "full name", "nama peserta"), True,
           gettext_lazy("Without academic titles."), "Siti Rahmawati"),
    Column("title_front", "Gelar depan", ("front title", "front titles", "gelar"), False,
           gettext_lazy("e.g. Dr. Ir."), "Dr."),
    Column("title_back", "Gelar belakang", ("back title", "back titles"), False,
           gettext_lazy("e.g. S.Kom., M.T."), "S.Kom., M.T."),
    Column("nip", "NIP", ("nip/nik", "nomor induk pegawai"), False,
           gettext_lazy("18 digits, civil servants only. Format the column as Text in Excel."),
           "198503122010012003"),
    Column("employment", "Status kepegawaian", ("employment", "status", "status pegawai"),
           False, gettext_lazy("PNS, PPPK or Non-ASN. Empty: PNS when there is a NIP."), "PNS"),
    Column("pangkat_golongan", "Pangkat/golongan",
           ("pangkat", "golongan", "pangkat golongan", "rank/grade", "gol"), False,
           gettext_lazy("As on the decree: III/a, Penata Muda III/a; PPPK: IX."), "III/b"),
    Column("jabatan", "Jabatan", ("position", "jabatan/posisi"), False,
           gettext_lazy("The position, e.g. Kepala Seksi."), "Kepala Seksi"),
    Column("institution", "Instansi", ("institution", "unit kerja", "instansi/unit kerja"), True,
           gettext_lazy("Its name or short name exactly as in the list of institutions."),
           "Diskominfo"),
    Column("email", "E-mail", ("email", "surel", "alamat e-mail", "e-mail address"), True,
           gettext_lazy("One person per address."), "siti.rahmawati@example.org"),
    Column("phone", "Nomor HP", ("no hp", "no. hp", "hp", "phone", "mobile", "whatsapp",
                                  "nomor whatsapp", "mobile number", "telepon"), False,
           gettext_lazy("e.g. 0812-3456-7890."), "0812-3456-7890"),
    Column("role", "Peran", ("role", "sebagai"), False,
           gettext_lazy("peserta, narasumber, moderator or panitia. Empty: peserta."), "peserta"),
)  # fmt: skip
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9/]+", " ", str(text).lower()).strip()


HEADER_LOOKUP = {}
for _column in COLUMNS:
    for _name in (_column.header, _column.key, *_column.aliases):
        HEADER_LOOKUP[header_key(_name)] = _column


def normalise_headers(headers: list[str]) -> tuple[list[str], list[str]]:
    """Map the file's headers onto our columns. Returns the new headers (ours
    where recognised) and the names of the ignored ones; raises when a
    required column is missing or a column appears twice."""
    result, ignored, seen = [], [], set()
    for header in headers:
        column = HEADER_LOOKUP.get(header_key(header))
        if column is None:
            result.append(header)
            ignored.append(header)
            continue
        if column.key in seen:
            raise RegistrationError(
                _("The column “%(column)s” appears twice.") % {"column": column.header},
                code="duplicate_column",
            )
        seen.add(column.key)
        result.append(column.header)
    missing = [column.header for column in COLUMNS if column.required and column.key not in seen]
    if missing:
        raise RegistrationError(
            _("Columns missing from the file: %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    return result, ignored
