"""Reading uploaded spreadsheets safely, on top of django-import-export's formats.

Limits keep a hostile or broken file from costing more than a normal one: the
upload size (checked by the form), at most MAX_ROWS data rows and MAX_COLUMNS
columns (read row by row, so a small "zip bomb" XLSX stops early), and every
failure becomes a RegistrationError with a message, never a 500: a damaged
archive, truncated or malformed XML in any part (openpyxl reads some parts
with lxml, the sheet with the standard library's parser: both raise
SyntaxError subclasses), and entity declarations, which defusedxml refuses
(openpyxl uses it when it is installed; Excel never writes them).

CSV files come from Excel in two shapes in Indonesia: UTF-8 or Windows-1252,
and with ";" as the separator when Windows uses the Indonesian regional
settings (comma is the decimal mark there). Both are detected.
"""

import csv
import io
import zipfile
import zlib

import tablib
from defusedxml import DefusedXmlException
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from participants.errors import RegistrationError

MAX_ROWS = 10_000
MAX_COLUMNS = 40
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an XLSX is a zip: refuse "zip bombs" before parsing
FORMATS = {"xlsx": base_formats.XLSX, "csv": base_formats.CSV}
# What a broken or hostile XLSX makes zipfile and openpyxl raise.
_XLSX_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    KeyError,
    IndexError,
    AttributeError,
    OSError,
    ValueError,
    TypeError,
    SyntaxError,
    RecursionError,
)


def _unreadable(detail: str = "") -> RegistrationError:
    message = _("The file cannot be read as a spreadsheet. Save it as .xlsx or .csv and try again.")
    if detail:
        message = f"{message} ({detail})"
    return RegistrationError(message, code="unreadable_file")


def _xlsx_unreadable(error: Exception) -> RegistrationError:
    causes = []  # openpyxl re-raises a parser's error as a ValueError "from" it
    while error is not None and len(causes) < 10:
        causes.append(error)
        error = error.__cause__ or error.__context__
    if any(isinstance(cause, DefusedXmlException) for cause in causes):
        return _unreadable(_("it contains XML entity declarations, which Excel never writes"))
    if any(isinstance(cause, SyntaxError | EOFError | zlib.error) for cause in causes):
        return _unreadable(_("the file is damaged or incomplete"))
    return _unreadable()


def _too_many_rows() -> RegistrationError:
    return RegistrationError(
        _("The file has more than %(max)s rows; split it into several files.") % {"max": MAX_ROWS},
        code="too_many_rows",
    )


def _clean_row(values) -> list:
    values = list(values)[:MAX_COLUMNS]
    return [value.strip() if isinstance(value, str) else value for value in values]


def _is_blank(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


class SafeXLSX(base_formats.XLSX):
    """The first sheet, row by row, with limits; blank rows are dropped."""

    def create_dataset(self, in_stream):
        import openpyxl

        try:
            with zipfile.ZipFile(io.BytesIO(in_stream)) as archive:
                unpacked = sum(entry.file_size for entry in archive.infolist())
        except _XLSX_ERRORS as error:
            raise _xlsx_unreadable(error) from error
        if unpacked > MAX_UNPACKED_BYTES:
            raise _unreadable(_("too large once unpacked"))
        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except _XLSX_ERRORS as error:
            raise _xlsx_unreadable(error) from error
        try:
            rows = book.active.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                raise RegistrationError(_("The file is empty."), code="empty_file")
            dataset = tablib.Dataset(headers=_headers(header))
            width = len(dataset.headers)
            for values in rows:
                if _is_blank(values):
                    continue
                if len(dataset) >= MAX_ROWS:
                    raise _too_many_rows()
                row = _clean_row(values)
                dataset.append((row + [None] * width)[:width])
            return dataset
        except _XLSX_ERRORS as error:
            raise _xlsx_unreadable(error) from error
        finally:
            book.close()


class SafeCSV(base_formats.CSV):
    """UTF-8 (with or without BOM) or Windows-1252; "," or ";" separated."""

    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            for encoding in ("utf-8-sig", "cp1252"):
                try:
                    in_stream = in_stream.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise _unreadable()
        if "\x00" in in_stream:
            raise _unreadable()
        first_line = in_stream.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        try:
            reader = csv.reader(io.StringIO(in_stream), delimiter=delimiter)
            header = next(reader, None)
            if header is None or _is_blank(header):
                raise RegistrationError(_("The file is empty."), code="empty_file")
            dataset = tablib.Dataset(headers=_headers(header))
            width = len(dataset.headers)
            for values in reader:
                if _is_blank(values):
                    continue
                if len(dataset) >= MAX_ROWS:
                    raise _too_many_rows()
                row = [value or None for value in _clean_row(values)]
                dataset.append((row + [None] * width)[:width])
        except csv.Error as error:
            raise _unreadable(str(error)) from error
        return dataset


def _headers(values) -> list[str]:
    headers = []
    for index, value in enumerate(list(values)[:MAX_COLUMNS], start=1):
        text = " ".join(str(value).split()) if value is not None else ""
        headers.append(text or f"#{index}")
    # Trailing unnamed columns (Excel's formatting leftovers) carry nothing.
    while headers and headers[-1].startswith("#"):
        headers.pop()
    if not headers:
        raise RegistrationError(_("The file has no header row."), code="empty_file")
    return headers


def file_format(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FORMATS:
        raise RegistrationError(
            _("Upload an .xlsx or .csv file (this one is “%(name)s”).") % {"name": name},
            code="unsupported_format",
        )
    return extension


def read_dataset(content: bytes, *, file_format: str) -> tablib.Dataset:
    if len(content) > MAX_UPLOAD_BYTES:
        raise RegistrationError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="file_too_large",
        )
    reader = SafeXLSX() if file_format == "xlsx" else SafeCSV()
    return reader.create_dataset(content)
