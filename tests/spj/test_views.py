"""The SPJ pages: organisers of the event's team only; the speakers' data,
the documents, the templates (a bad upload is a message, never a 500)."""

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bimtek.models import AuditEntry
from spj.models import DocumentTemplate, Person
from tests import factories

pytestmark = pytest.mark.django_db


def _url(name, event, **kwargs):
    return reverse(f"spj:{name}", kwargs={"code": event.code, **kwargs})


@pytest.mark.parametrize("role", ["anonymous", "participant", "steward", "other_organiser"])
def test_only_the_events_organisers_see_the_speakers_data(client, spj_event, role):
    event = spj_event["event"]
    users = {
        "participant": lambda: factories.participant_user(),
        "steward": lambda: factories.EventStaffFactory(event=event).user,
        "other_organiser": lambda: factories.organiser_user(
            teams=[factories.TeamFactory(name="Bappeda")]
        ),
    }
    if role in users:
        client.force_login(users[role]())
    person = Person.objects.get(name="Dr. Budi Santoso")

    for url in (
        _url("overview", event),
        _url("person_edit", event, pk=person.pk),
        _url("document", event, doc="daftar_honorarium", ext="pdf"),
        _url("pack", event),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert b"2171010101700001" not in response.content


def test_overview_lists_speakers_with_their_honorarium(client, spj_event, organiser):
    client.force_login(organiser)

    response = client.get(_url("overview", spj_event["event"]))

    assert response.status_code == 200
    text = response.text
    assert "Dr. Budi Santoso" in text and "Rp3.060.000" in text
    assert "Rp5.475.000" in text  # the net total
    assert "Andi Pratama" in text


def test_a_person_of_another_event_is_not_found(client, spj_event, organiser):
    other = factories.EventFactory()
    stranger = Person.objects.create(event=other, name="Orang Lain")
    client.force_login(organiser)

    response = client.get(_url("person_edit", spj_event["event"], pk=stranger.pk))

    assert response.status_code == 404


def test_organiser_fills_in_a_speaker_from_the_agenda(client, spj_event, organiser):
    event = spj_event["event"]
    Person.objects.filter(name="Rina Wulandari").delete()
    client.force_login(organiser)

    form = client.get(_url("person_create", event) + "?name=Rina%20Wulandari")
    response = client.post(
        _url("person_create", event),
        {
            "name": "Rina Wulandari",
            "employment": "non_pns",
            "npwp": "09.254.294.3-407.000",
            "nik": "",
            "rate_basis": "per_jp",
            "rate": "1000000",
        },
    )

    assert 'value="Rina Wulandari"' in form.text
    assert response.status_code == 302
    person = Person.objects.get(event=event, name="Rina Wulandari")
    assert person.npwp == "092542943407000"
    entry = AuditEntry.objects.filter(action="spj.person_created").get()
    assert "092542943407000" not in str(entry.changes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nik": "123"}, "16"),
        ({"npwp": "12345"}, "NPWP"),
        ({"employment": "pns", "golongan": ""}, "golongan"),
        ({"rate": "-5"}, "0"),
        ({"name": "dr. budi santoso"}, "sudah memiliki data"),
        ({"name": "Budi \U00013000"}, "U+13000"),
        ({"nip": "12ab"}, "NIP hanya berisi angka"),
        ({"nip": "19800101200501100"}, "yang ini 17 digit"),
        ({"nip": "1980 0101 2005 01 1 001 99"}, "yang ini 20 digit"),
        ({"employment": "pns", "golongan": "III", "nip": "198001012005013001"}, "Digit ke-15"),
    ],
)
def test_bad_speaker_data_is_a_message(client, spj_event, organiser, data, message):
    client.force_login(organiser)
    body = {"name": "Baru", "employment": "non_pns", "rate_basis": "per_jp", **data}

    response = client.post(_url("person_create", spj_event["event"]), body)

    assert response.status_code == 400
    assert message in response.text
    assert not Person.objects.filter(name="Baru").exists()


def test_a_nip_typed_with_spaces_or_full_width_digits_is_kept_as_18_digits(
    client, spj_event, organiser
):
    client.force_login(organiser)
    body = {"employment": "pns", "golongan": "III", "rate_basis": "per_jp"}

    spaced = client.post(
        _url("person_create", spj_event["event"]),
        {**body, "name": "Baru", "nip": "1980 0101 200501 1 001"},
    )
    wide = client.post(
        _url("person_create", spj_event["event"]),
        {**body, "name": "Lain", "nip": "\uff11\uff19\uff18\uff10\uff10\uff11\uff10\uff11"
         "\uff12\uff10\uff10\uff15\uff10\uff11\uff11\uff10\uff10\uff12"},
    )  # fmt: skip

    assert spaced.status_code == 302 and wide.status_code == 302
    assert Person.objects.get(name="Baru").nip == "198001012005011001"
    assert Person.objects.get(name="Lain").nip == "198001012005011002"


def test_document_downloads_are_files_and_audited(client, spj_event, organiser):
    event = spj_event["event"]
    client.force_login(organiser)

    pdf = client.get(_url("document", event, doc="tanda_terima", ext="pdf"))
    word = client.get(_url("document", event, doc="berita_acara", ext="docx"))
    unknown = client.get(_url("document", event, doc="rahasia", ext="pdf"))

    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "tanda_terima_" in pdf["Content-Disposition"]
    assert docx.Document(io.BytesIO(word.content)).paragraphs
    assert unknown.status_code == 404
    assert AuditEntry.objects.filter(action="export.spj.tanda_terima").count() == 1


def test_the_pack_is_one_zip(client, spj_event, organiser):
    client.force_login(organiser)

    response = client.get(_url("pack", spj_event["event"]))

    assert response["Content-Disposition"].startswith('attachment; filename="paket_spj_')
    assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 14


def _docx(body: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(body)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a word file", "bukan dokumen Word"),
        (_docx("{{ kegiatan.nama "), "tidak dapat diisi"),
        (_docx("{{ rahasia_negara }}"), "rahasia_negara"),
        (_docx("{% for %}"), "tidak dapat diisi"),
    ],
)
def test_a_bad_template_is_a_clear_message(client, spj_event, organiser, content, message):
    event = spj_event["event"]
    client.force_login(organiser)

    response = client.post(
        _url("template_upload", event),
        {"kind": "berita_acara", "file": SimpleUploadedFile("t.docx", content)},
        follow=True,
    )

    assert response.status_code == 200
    assert message in response.text
    assert not DocumentTemplate.objects.exists()


def test_an_uploaded_template_replaces_the_built_in_one_and_can_be_reset(
    client, spj_event, organiser
):
    event = spj_event["event"]
    client.force_login(organiser)

    client.post(
        _url("template_upload", event),
        {
            "kind": "berita_acara",
            "file": SimpleUploadedFile("ba.docx", _docx("BA {{ kegiatan.nama }}")),
        },
    )
    used = client.get(_url("document", event, doc="berita_acara", ext="docx"))
    client.post(_url("template_reset", event, doc="berita_acara"))

    assert docx.Document(io.BytesIO(used.content)).paragraphs[0].text == (
        "BA Bimtek Keamanan Informasi"
    )
    assert not DocumentTemplate.objects.exists()


def test_the_built_in_template_can_be_downloaded(client, spj_event, organiser):
    client.force_login(organiser)

    response = client.get(_url("template_default", spj_event["event"], doc="daftar_honorarium"))

    assert "{%tr for r in baris %}" in "".join(
        cell.text
        for table in docx.Document(io.BytesIO(response.content)).tables
        for row in table.rows
        for cell in row.cells
    )


def test_settings_fill_the_signatories(client, spj_event, organiser):
    event = spj_event["event"]
    client.force_login(organiser)

    response = client.post(
        _url("settings", event),
        {"head_name": "Teguh Ahmad", "head_position": "Kepala Dinas", "chair_name": "Andi"},
    )
    word = client.get(_url("document", event, doc="berita_acara", ext="docx"))

    assert response.status_code == 302
    cells = [
        c.text
        for t in docx.Document(io.BytesIO(word.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert any("Teguh Ahmad" in c for c in cells)


def _overview_queries(client, event) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url("overview", event))
    assert response.status_code == 200
    return len(queries)


def test_overview_costs_the_same_queries_for_more_speakers(client, spj_event, organiser):
    event = spj_event["event"]
    client.force_login(organiser)
    few = _overview_queries(client, event)
    for n in range(3):
        factories.SessionFactory(event=event, speakers=f"Narasumber {n}", moderator=f"Mod {n}")
        Person.objects.create(event=event, name=f"Narasumber {n}", rate=1000)
        Person.objects.create(event=event, name=f"Panitia {n}", is_committee=True)

    many = _overview_queries(client, event)

    assert many == few


def test_settings_nips_follow_the_nip_rule(client, spj_event, organiser):
    """The treasurer's and the chair's NIP: spaces allowed and removed, a wrong
    one refused with the NIP rule's message (participants.nip)."""
    from spj.models import PackSettings

    event = spj_event["event"]
    client.force_login(organiser)

    bad = client.post(
        _url("settings", event),
        {"treasurer_name": "Sari", "treasurer_nip": "1985 0312 201001 3 003"},
    )
    assert bad.status_code == 400 or bad.status_code == 200
    assert "Digit ke-15" in bad.text or "jenis kelamin" in bad.text
    assert not PackSettings.objects.filter(event=event, treasurer_nip__startswith="1985").exists()

    good = client.post(
        _url("settings", event),
        {
            "treasurer_name": "Sari",
            "treasurer_nip": "1985 0312 201001 2 003",
            "chair_nip": "19800101.200501.1.001",
        },
    )
    assert good.status_code == 302
    pack = PackSettings.objects.get(event=event)
    assert pack.treasurer_nip == "198503122010012003" and pack.chair_nip == "198001012005011001"
