"""Broken and hostile XLSX files: every one answers a file-level message,
never a 500 (docs/import.md). An XLSX is a zip of XML parts: each part is
truncated, replaced by garbage, or given entity declarations in turn."""

import io
import zipfile

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from participants.errors import RegistrationError
from participants.imports.spreadsheets import read_dataset
from participants.models import Registration
from tests.factories import organiser_user
from tests.spreadsheets import person_row, xlsx_bytes

GOOD = xlsx_bytes([person_row(1, institution="Diskominfo")])
PARTS = zipfile.ZipFile(io.BytesIO(GOOD)).namelist()
BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
    b"</sheetData></worksheet>"
)
EXTERNAL_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def rewrite(member: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(GOOD))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            content = source.read(info.filename)
            archive.writestr(info.filename, change(content) if info.filename == member else content)
    return out.getvalue()


BROKEN = {
    **{f"truncated {part}": rewrite(part, lambda c: c[: len(c) // 2]) for part in PARTS},
    **{f"garbage {part}": rewrite(part, lambda c: b"\x00\xff<" * 50) for part in PARTS},
    "billion laughs in the sheet": rewrite("xl/worksheets/sheet1.xml", lambda c: BILLION_LAUGHS),
    "external entity in the sheet": rewrite("xl/worksheets/sheet1.xml", lambda c: EXTERNAL_ENTITY),
    "entity in the workbook": rewrite(
        "xl/workbook.xml", lambda c: c.replace(b"?>", b"?><!DOCTYPE x [<!ENTITY a 'b'>]>", 1)
    ),
    "end of the archive missing": GOOD[:-200],
    "zip cut short": GOOD[: len(GOOD) // 2],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_xlsx_is_a_coded_file_error_or_reads(name):
    try:
        dataset = read_dataset(BROKEN[name], file_format="xlsx")
    except RegistrationError as error:
        assert error.code in {"unreadable_file", "empty_file"}, error.code
        assert error.message
    else:
        # Parts openpyxl does not need (document properties, theme) may be lost
        # without harm; what it reads is still the sheet's data.
        assert "/etc/passwd" not in str(dataset.dict)
        assert not any("root:" in str(value) for row in dataset for value in row)


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_declarations_are_refused_by_name(content):
    with pytest.raises(RegistrationError) as excinfo:
        read_dataset(rewrite("xl/worksheets/sheet1.xml", lambda c: content), file_format="xlsx")

    assert excinfo.value.code == "unreadable_file"
    assert "entit" in excinfo.value.message.lower()


def test_truncated_sheet_says_the_file_is_damaged():
    data = rewrite("xl/worksheets/sheet1.xml", lambda c: c[: len(c) // 2])

    with translation.override("en"), pytest.raises(RegistrationError) as excinfo:
        read_dataset(data, file_format="xlsx")

    assert "damaged" in excinfo.value.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["truncated xl/worksheets/sheet1.xml", "billion laughs in the sheet"]
)
def test_the_import_page_answers_broken_files_with_a_message(client, event, name):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(organiser_user())
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("participants:import_upload", kwargs={"code": event.code}),
        {"file": SimpleUploadedFile("daftar.xlsx", BROKEN[name])},
        follow=True,
    )

    assert response.status_code == 200
    assert "cannot be read as a spreadsheet" in response.content.decode()
    assert not Registration.objects.exists()
