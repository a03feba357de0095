import datetime as dt
from decimal import Decimal

import pytest

from spj.models import Employment, Person, RateBasis
from tests import factories

WIB = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def spj_event():
    """An event of the default team with two sessions of 90 minutes (2 JP
    each): a PNS IV speaker in both, a non-PNS speaker without NPWP and a
    moderator in the first; a committee member."""
    event = factories.EventFactory(title="Bimtek Keamanan Informasi")
    day = event.start_date
    first = factories.SessionFactory(
        event=event,
        title="Kebijakan SPBE",
        speakers="Dr. Budi Santoso\nRina Wulandari",
        moderator="Siti Aminah",
        starts_at=dt.datetime.combine(day, dt.time(8, 0), tzinfo=WIB),
        ends_at=dt.datetime.combine(day, dt.time(9, 30), tzinfo=WIB),
    )
    second = factories.SessionFactory(
        event=event,
        title="Manajemen Risiko",
        speakers="Dr. Budi Santoso",
        starts_at=dt.datetime.combine(day, dt.time(10, 0), tzinfo=WIB),
        ends_at=dt.datetime.combine(day, dt.time(11, 30), tzinfo=WIB),
    )
    Person.objects.create(
        event=event,
        name="Dr. Budi Santoso",
        institution="Diskominfo Provinsi",
        employment=Employment.PNS,
        golongan="IV",
        nip="197001012000031001",
        npwp="092542943407000",
        nik="2171010101700001",
        bank_name="Bank Riau Kepri",
        bank_account="1234567890",
        rate=Decimal("900000"),
    )
    Person.objects.create(event=event, name="Rina Wulandari", rate=Decimal("1000000"))
    Person.objects.create(
        event=event,
        name="Siti Aminah",
        employment=Employment.PNS,
        golongan="III",
        rate=Decimal("500000"),
        rate_basis=RateBasis.PER_SESSION,
    )
    Person.objects.create(
        event=event, name="Andi Pratama", is_committee=True, committee_role="Ketua"
    )
    return {"event": event, "sessions": [first, second]}


@pytest.fixture
def organiser(spj_event):
    return factories.organiser_user(teams=[spj_event["event"].team])
