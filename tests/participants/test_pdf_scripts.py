"""Names in every script: the ticket prints them whole, and what cannot be
printed is refused at entry — on the forms and in the spreadsheet import —
with a message that names the character."""

import pytest
from django.utils import translation

from participants.forms import PersonForm
from participants.imports.services import participant_import_upload
from participants.names import name_clean, printable_validate, text_normalise
from participants.nip import nip_normalise
from participants.tickets import ticket_pdf
from tests.factories import InstitutionFactory, RegistrationFactory, organiser_user
from tests.pdfscripts import IDS, NAMES, assert_no_notdef, assert_prints, needs_pdftotext
from tests.spreadsheets import person_row, xlsx_bytes

# Egyptian hieroglyphs: no font of the PDFs has them.
UNPRINTABLE = "\U00013000"


@needs_pdftotext
@pytest.mark.django_db
@pytest.mark.parametrize(("script", "name"), NAMES, ids=IDS)
def test_ticket_prints_the_whole_name(script, name):
    registration = RegistrationFactory(
        participant__full_name=name, participant__jabatan=name, participant__title_back=""
    )

    data = ticket_pdf(registration, sessions=[])

    assert_prints(data, name)
    assert_no_notdef(data)


@needs_pdftotext
@pytest.mark.django_db
def test_ticket_keeps_long_rear_titles_by_shrinking_then_wrapping():
    registration = RegistrationFactory(
        participant__title_front="Prof. Dr. Ir. H.",
        participant__full_name="Raden Mas Bagus Hadiningrat Kusumawardhana Suryaningrat",
        participant__title_back="S.Kom., M.T.I., Ph.D., IPU., ASEAN Eng.",
    )

    data = ticket_pdf(registration, sessions=[])

    assert_prints(data, registration.participant.display_name)


def test_full_width_letters_and_digits_are_normalised():
    assert text_normalise("Ｂｕｄｉ　Ｓａｎｔｏｓｏ　２") == "Budi Santoso 2"
    assert text_normalise("Nguye\u0302\u0303n") == "Nguyễn"  # composed, as the fonts have it
    assert text_normalise("ﻣﺤﻤﺪ") == "محمد"  # presentation forms pasted from a PDF


def test_unprintable_character_is_named_in_the_message():
    with translation.override("id"), pytest.raises(Exception) as excinfo:
        printable_validate(f"Budi {UNPRINTABLE} Santoso")

    assert excinfo.value.code == "unprintable"
    message = excinfo.value.messages[0]
    assert UNPRINTABLE in message and "U+13000" in message
    assert "tidak dapat dicetak" in message


def test_invisible_control_character_is_named_by_its_code():
    with pytest.raises(Exception) as excinfo:
        name_clean("Budi\u200bSantoso")

    assert "U+200B" in excinfo.value.messages[0]


@pytest.mark.parametrize(("script", "name"), NAMES, ids=IDS)
def test_every_script_of_the_list_is_accepted(script, name):
    assert name_clean(name) == name


def _person_form(**data):
    values = {
        "full_name": "Budi Santoso",
        "employment": "non_asn",
        "email": "budi@example.org",
        "phone": "0812-3456-7890",
    }
    values.update(data)
    return PersonForm(data=values)


@pytest.mark.django_db
def test_form_refuses_a_name_it_cannot_print():
    form = _person_form(full_name=f"Budi {UNPRINTABLE}")

    assert not form.is_valid()
    assert "U+13000" in form.errors["full_name"][0]


@pytest.mark.django_db
def test_form_stores_full_width_names_normalised():
    form = _person_form(full_name="Ｂｕｄｉ　Ｓａｎｔｏｓｏ", title_back="Ｓ．Ｋｏｍ．")

    form.is_valid()

    assert form.cleaned_data["full_name"] == "Budi Santoso"
    assert form.cleaned_data["title_back"] == "S.Kom."


@pytest.mark.django_db
def test_form_accepts_a_nip_typed_in_full_width_digits():
    form = _person_form(employment="pns", nip="１９８５０３１２ ２０１００１ １ ００２")

    form.is_valid()

    assert "nip" not in form.errors
    assert form.cleaned_data["nip"] == "198503122010011002"


def test_nip_normalise_makes_full_width_digits_ascii():
    assert nip_normalise("１９８５０３１２２０１００１１００２") == "198503122010011002"


@pytest.mark.django_db
def test_import_refuses_an_unprintable_name_and_normalises_the_rest(event):
    InstitutionFactory(name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
    rows = [
        person_row(0, institution="Diskominfo", **{"Nama lengkap": "Ｓｉｔｉ　陳淑芬"}),
        person_row(1, institution="Diskominfo", **{"Nama lengkap": f"Budi {UNPRINTABLE}"}),
    ]

    upload = participant_import_upload(
        event=event, name="daftar.xlsx", content=xlsx_bytes(rows), actor=organiser_user()
    )

    errors = {row["row"]: row["errors"] for row in upload.report["error_rows"]}
    assert list(errors) == [3]
    column, message = errors[3][0]
    assert column == "Nama lengkap" and "U+13000" in message
