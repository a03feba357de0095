import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from participants.services.privacy import personal_data_erase_expired
from spj import selectors
from spj.models import Person
from tests import factories

pytestmark = pytest.mark.django_db


def test_speakers_come_from_the_sessions_texts_whatever_the_spacing(spj_event):
    event = spj_event["event"]
    factories.SessionFactory(event=event, speakers="  dr.  budi   SANTOSO ")

    speakers = selectors.speakers_of_event(event=event)

    assert [s.name for s in speakers] == ["Dr. Budi Santoso", "Rina Wulandari", "Siti Aminah"]
    budi = speakers[0]
    assert budi.person.nip == "197001012000031001"
    assert len(budi.spoke) == 3
    assert speakers[2].roles == "Moderator"


def test_honoraria_by_jp_and_by_session_with_each_tax_case(spj_event):
    found = selectors.honoraria(event=spj_event["event"])

    by_name = {line.person.name: line.amounts for line in found.lines}
    # 4 JP × 900 000 = 3 600 000, PNS IV 15 % = 540 000
    assert (by_name["Dr. Budi Santoso"].gross, by_name["Dr. Budi Santoso"].tax) == (
        3_600_000,
        540_000,
    )
    # 2 JP × 1 000 000 = 2 000 000, non-PNS without NPWP 3 % = 60 000
    assert by_name["Rina Wulandari"].tax == 60_000
    # 1 session × 500 000, PNS III 5 % = 25 000
    assert by_name["Siti Aminah"].net == 475_000
    assert found.gross == Decimal(6_100_000)
    assert found.net == Decimal(6_100_000 - 540_000 - 60_000 - 25_000)


def test_a_speaker_without_a_rate_is_listed_apart(spj_event):
    event = spj_event["event"]
    Person.objects.filter(name="Rina Wulandari").update(rate=None)
    factories.SessionFactory(event=event, speakers="Narasumber Baru")

    found = selectors.honoraria(event=event)

    assert [s.name for s in found.without_rate] == ["Rina Wulandari", "Narasumber Baru"]


def test_personal_data_is_encrypted_in_the_database(spj_event):
    person = Person.objects.get(name="Dr. Budi Santoso")
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, npwp, bank_account FROM spj_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()

    assert all(value.startswith("gAAAA") for value in stored)
    assert "2171010101700001" not in "".join(stored)
    assert person.nik == "2171010101700001"


def test_speakers_personal_data_goes_with_the_events_retention(spj_event):
    personal_data_erase_expired(now=timezone.now() - dt.timedelta(days=1))
    kept = Person.objects.get(name="Dr. Budi Santoso")
    personal_data_erase_expired(now=timezone.now() + dt.timedelta(days=3650))
    erased = Person.objects.get(name="Dr. Budi Santoso")

    assert kept.nik == "2171010101700001"
    assert (erased.nik, erased.npwp, erased.bank_account, erased.nip) == ("", "", "", "")
    assert erased.data_erased_at is not None
    assert erased.rate == Decimal("900000")  # the honorarium stays accountable
