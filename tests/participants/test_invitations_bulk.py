"""Invitations in bulk (issue 14, "Around the edges"): every OPD × 2 places
from a category's template or an uploaded list, a preview first, every row
error named, institutions already invited skipped and listed, nothing
half-written."""

import io

import pytest
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from bimtek.spreadsheets import xlsx_table
from participants.models import Invitation
from participants.services.invitations_bulk import (
    TEMPLATE_HEADERS,
    invitations_bulk_create,
    invitations_bulk_plan,
)
from tests.factories import (
    EventFactory,
    InstitutionFactory,
    InvitationFactory,
    category,
    organiser_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services' messages are read in English here (the pages, in the
    site's default Bahasa Indonesia, are checked in it)."""
    with translation.override("en"):
        yield


def _xlsx(rows) -> bytes:
    return xlsx_table(TEMPLATE_HEADERS, rows, title="Undangan")


@pytest.fixture
def event():
    return EventFactory(code="bimtek-sc-1", registration_mode="both")


@pytest.fixture
def opds():
    opd = category("opd")
    return {
        name: InstitutionFactory(name=name, category=opd)
        for name in ("Dinas Perhubungan", "Dinas Pendidikan", "Dinas Kesehatan")
    }


def test_plan_lists_what_will_be_created_and_skips_the_invited(event, opds):
    InvitationFactory(event=event, institution=opds["Dinas Kesehatan"])
    content = _xlsx(
        [
            ["Dinas Perhubungan", "Rina Marlina", "Umum.Dishub@Example.org", 2],
            ["dinas pendidikan", "Agus Salim", "umum.disdik@example.org", "3"],
            ["Dinas Kesehatan", "Wati", "umum.dinkes@example.org", 2],
        ]
    )

    plan = invitations_bulk_plan(event=event, content=content, file_format="xlsx")

    assert plan.ok
    assert [(r.row, r.institution_name, r.contact_email, r.quota) for r in plan.to_create] == [
        (2, "Dinas Perhubungan", "umum.dishub@example.org", 2),
        (3, "Dinas Pendidikan", "umum.disdik@example.org", 3),
    ]
    assert [r.institution_name for r in plan.already_invited] == ["Dinas Kesehatan"]
    assert plan.places == 5
    assert Invitation.objects.filter(event=event).count() == 1  # nothing written


def test_plan_names_every_row_error_and_creates_nothing(event, opds):
    content = _xlsx(
        [
            ["Dinas Perhubungan", "Rina Marlina", "umum.dishub@example.org", 2],
            ["Dinas Pariwisata", "Budi", "budi@example.org", 2],
            ["Dinas Pendidikan", "", "bukan-email", 0],
            ["Dinas Perhubungan", "Rina", "rina@example.org", 2],
        ]
    )

    plan = invitations_bulk_plan(event=event, content=content, file_format="xlsx")

    assert not plan.ok
    errors = dict(plan.errors)
    assert sorted(errors) == [3, 4, 5]
    assert "“Dinas Pariwisata” is not in the institution list" in errors[3]
    assert "contact person is missing" in errors[4]
    assert "“bukan-email” is not an e-mail address" in errors[4]
    assert "from 1 to 1000" in errors[4]
    assert "Dinas Perhubungan is already on row 2" in errors[5]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("daftar.xlsx", b"PK\x03\x04 truncated", "cannot be read as a spreadsheet"),
        ("daftar.csv", b"Instansi;Jumlah tempat\nDinas Perhubungan;2\n", "lacks the column"),
        (
            "daftar.csv",
            b"Instansi,Nama narahubung,E-mail narahubung,Jumlah tempat\n",
            "no institutions",
        ),
    ],
)
def test_plan_answers_a_broken_file_with_a_file_message(event, name, content, message):
    plan = invitations_bulk_plan(event=event, content=content, file_format=name.rsplit(".")[-1])

    assert [row for row, _message in plan.errors] == [None]
    assert message in plan.errors[0][1]


def test_open_only_event_takes_no_bulk_invitation(opds):
    event = EventFactory(registration_mode="open")
    content = _xlsx([["Dinas Perhubungan", "Rina", "rina@example.org", 2]])

    plan = invitations_bulk_plan(event=event, content=content, file_format="xlsx")

    assert not plan.ok
    assert "open registration only" in plan.errors[0][1]


def test_create_skips_an_institution_invited_meanwhile(
    event, opds, django_capture_on_commit_callbacks
):
    content = _xlsx(
        [
            ["Dinas Perhubungan", "Rina Marlina", "umum.dishub@example.org", 2],
            ["Dinas Pendidikan", "Agus Salim", "umum.disdik@example.org", 2],
        ]
    )
    plan = invitations_bulk_plan(event=event, content=content, file_format="xlsx")
    InvitationFactory(event=event, institution=opds["Dinas Pendidikan"])

    with django_capture_on_commit_callbacks(execute=True):
        created = invitations_bulk_create(event=event, rows=plan.to_create, actor=None)

    assert [i.institution.name for i in created] == ["Dinas Perhubungan"]
    assert [m.to for m in mail.outbox] == [["umum.dishub@example.org"]]


# --- pages ----------------------------------------------------------------------------


def _upload(client, event, content: bytes, name: str = "undangan.xlsx"):
    return client.post(
        reverse("participants:invitation_bulk", kwargs={"code": event.code}),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_upload_previews_then_confirm_invites_and_sends(
    client, event, opds, django_capture_on_commit_callbacks
):
    InvitationFactory(event=event, institution=opds["Dinas Kesehatan"])
    client.force_login(organiser_user())
    content = _xlsx(
        [
            ["Dinas Perhubungan", "Rina Marlina", "umum.dishub@example.org", 2],
            ["Dinas Pendidikan", "Agus Salim", "umum.disdik@example.org", 2],
            ["Dinas Kesehatan", "Wati", "umum.dinkes@example.org", 2],
        ]
    )

    preview = _upload(client, event, content)

    assert preview.status_code == 200
    assert Invitation.objects.filter(event=event).count() == 1
    assert "Dinas Perhubungan" in preview.text and "umum.disdik@example.org" in preview.text
    assert 'data-testid="bulk-skipped"' in preview.text
    token = preview.context["preview"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participants:invitation_bulk_confirm", kwargs={"code": event.code}),
            {"preview": token},
        )
    assert response["Location"] == reverse(
        "participants:invitation_list", kwargs={"code": event.code}
    )
    assert sorted(
        Invitation.objects.filter(event=event).values_list("institution__name", flat=True)
    ) == ["Dinas Kesehatan", "Dinas Pendidikan", "Dinas Perhubungan"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "umum.disdik@example.org",
        "umum.dishub@example.org",
    ]


def test_upload_with_row_errors_offers_no_confirmation(client, event, opds):
    client.force_login(organiser_user())
    content = _xlsx(
        [
            ["Dinas Perhubungan", "Rina Marlina", "umum.dishub@example.org", 2],
            ["Dinas Pariwisata", "Budi", "budi@example.org", 2],
        ]
    )

    response = _upload(client, event, content)

    assert 'data-testid="bulk-errors"' in response.text
    assert "Baris 3" in response.text
    assert 'data-testid="bulk-confirm"' not in response.text
    assert not Invitation.objects.filter(event=event).exists()


def test_upload_refuses_another_format_on_the_field(client, event):
    client.force_login(organiser_user())

    response = _upload(client, event, b"%PDF-1.4", name="undangan.pdf")

    assert response.status_code == 200
    assert "undangan.pdf" in response.text
    assert not Invitation.objects.exists()


def test_a_tampered_or_other_events_preview_is_refused(client, event, opds):
    other = EventFactory(registration_mode="both")
    client.force_login(organiser_user())
    forged = signing.dumps(
        {"event": other.pk, "rows": []}, salt="participants.invitations_bulk", compress=True
    )

    for token in ("not-a-preview", forged):
        response = client.post(
            reverse("participants:invitation_bulk_confirm", kwargs={"code": event.code}),
            {"preview": token},
            follow=True,
        )
        assert "Unggah berkasnya lagi" in response.text or "Upload the file again" in response.text
    assert not Invitation.objects.exists()


def test_template_lists_every_institution_of_the_category_not_yet_invited(client, event, opds):
    InvitationFactory(event=event, institution=opds["Dinas Kesehatan"])
    InstitutionFactory(name="Bank Riau Kepri", category=category("perbankan"))
    client.force_login(organiser_user())

    response = client.get(
        reverse("participants:invitation_bulk_template", kwargs={"code": event.code}),
        {"category": category("opd").pk, "quota": "2"},
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == TEMPLATE_HEADERS
    assert [row[0] for row in rows[1:]] == ["Dinas Pendidikan", "Dinas Perhubungan"]
    assert {str(row[3]) for row in rows[1:]} == {"2"}


def test_filled_template_goes_back_in(client, event, opds, django_capture_on_commit_callbacks):
    client.force_login(organiser_user())
    template = client.get(
        reverse("participants:invitation_bulk_template", kwargs={"code": event.code}),
        {"category": category("opd").pk, "quota": "2"},
    )
    book = load_workbook(io.BytesIO(template.content))
    sheet = book.active
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=1):
        row[1].value = f"Kasubbag Umum {number}"
        row[2].value = f"umum{number}@example.org"
    buffer = io.BytesIO()
    book.save(buffer)

    preview = _upload(client, event, buffer.getvalue())

    assert len(preview.context["plan"].to_create) == 3
    assert preview.context["plan"].places == 6
