"""The daftar hadir prints names (and positions, institutions, event texts)
in every script whole, with a real glyph for every character."""

import pytest

from checkin.exports import attendance_sheet_pdf
from tests import factories
from tests.pdfscripts import IDS, NAMES, assert_no_notdef, assert_prints, needs_pdftotext

pytestmark = [pytest.mark.django_db, needs_pdftotext]


@pytest.mark.parametrize(("script", "name"), NAMES, ids=IDS)
def test_daftar_hadir_prints_the_whole_name(event, session, script, name):
    factories.RegistrationFactory(
        event=event, participant__full_name=name, participant__nip="198503122010011002"
    )

    data = attendance_sheet_pdf(session=session)

    assert_prints(data, name)
    assert_no_notdef(data)


def test_daftar_hadir_prints_every_script_in_one_sheet(event, session):
    for _script, name in NAMES:
        factories.RegistrationFactory(
            event=event, participant__full_name=name, participant__jabatan=name
        )
    session.title = "Pembukaan 開幕 الافتتاح"
    session.save()

    data = attendance_sheet_pdf(session=session)

    for _script, name in NAMES:
        assert_prints(data, name)
    assert_prints(data, "開幕")
    assert_no_notdef(data)
