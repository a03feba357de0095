"""A participant's tickets: only their own, the QR code, the PDF, cancelling."""

import io
from datetime import timedelta

import pytest
import zxingcpp
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from participants.models.registrations import RegistrationStatus
from tests.certificates.pdfcheck import qr_texts
from tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    participant_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder():
    return participant_user(email="pemilik@example.org")


@pytest.fixture
def ticket(holder):
    return RegistrationFactory(participant__user=holder, participant__full_name="Siti <i>Rahma</i>")


TICKET_URLS = [
    ("participants:ticket_detail", {}),
    ("participants:ticket_qr", {"fmt": "svg"}),
    ("participants:ticket_qr", {"fmt": "png"}),
    ("participants:ticket_pdf", {}),
    ("participants:ticket_cancel", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), TICKET_URLS)
def test_a_participant_cannot_see_anothers_ticket(client, ticket, name, kwargs):
    client.force_login(participant_user())

    response = client.get(reverse(name, kwargs={"pk": ticket.pk, **kwargs}))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), TICKET_URLS)
def test_the_holder_opens_every_part_of_their_ticket(client, holder, ticket, name, kwargs):
    client.force_login(holder)

    response = client.get(reverse(name, kwargs={"pk": ticket.pk, **kwargs}))

    assert response.status_code == 200


def test_cancelling_someone_elses_ticket_is_404_and_changes_nothing(client, ticket):
    client.force_login(participant_user())

    response = client.post(reverse("participants:ticket_cancel", kwargs={"pk": ticket.pk}))

    ticket.refresh_from_db()
    assert response.status_code == 404
    assert ticket.status == RegistrationStatus.APPROVED


def test_anonymous_visitor_is_sent_to_log_in(client, ticket):
    response = client.get(reverse("participants:ticket_detail", kwargs={"pk": ticket.pk}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 200), ("door_staff", 403), ("organiser", 403)],
)
def test_my_tickets_is_for_participants(client, user_for_role, role, status):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = client.get(reverse("participants:ticket_list"))

    assert response.status_code == status


def test_ticket_page_shows_a_big_qr_of_the_token_and_links_the_calendar(client, holder, ticket):
    SessionFactory(event=ticket.event, title="Pembukaan")
    client.force_login(holder)

    response = client.get(ticket.get_absolute_url())

    assert 'data-testid="ticket-qr"' in response.text
    assert "<svg" in response.text and 'id="qr-path"' not in response.text
    assert reverse("events:event_ics", kwargs={"code": ticket.event.code}) in response.text
    assert reverse("participants:ticket_pdf", kwargs={"pk": ticket.pk}) in response.text
    assert "Siti &lt;i&gt;Rahma&lt;/i&gt;" in response.text
    assert "Pembukaan" in response.text
    assert ticket.token not in response.text  # only drawn in the QR code, never printed


def test_qr_png_decodes_to_the_ticket_token(client, holder, ticket):
    client.force_login(holder)

    response = client.get(reverse("participants:ticket_qr", kwargs={"pk": ticket.pk, "fmt": "png"}))

    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert barcode.text == ticket.token


def test_pdf_ticket_is_one_page_with_the_name_and_the_qr(client, holder, ticket):
    SessionFactory.create_batch(3, event=ticket.event)
    client.force_login(holder)

    response = client.get(reverse("participants:ticket_pdf", kwargs={"pk": ticket.pk}))

    reader = PdfReader(io.BytesIO(response.content))
    assert response["Content-Type"] == "application/pdf"
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Siti <i>Rahma</i>" in text
    assert ticket.event.title in text
    # Printed as a printer would (the code is vector runs, not an image).
    assert qr_texts(response.content) == [ticket.token]


@pytest.mark.parametrize(("language", "word"), [("id", "Tiket"), ("en", "Ticket")])
def test_pdf_ticket_title_follows_the_language(client, holder, ticket, language, word):
    client.force_login(holder)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(reverse("participants:ticket_pdf", kwargs={"pk": ticket.pk}))

    metadata = PdfReader(io.BytesIO(response.content)).metadata
    assert metadata.title == f"{word} — {ticket.event.title}"


def test_pdf_ticket_prints_names_beyond_latin_1(client, holder):
    registration = RegistrationFactory(
        participant__user=holder,
        participant__full_name="Nguyễn Thị Ánh Tuyết",
        participant__institution__name="Dinas Łódź Ğüneş",
    )
    client.force_login(holder)

    response = client.get(reverse("participants:ticket_pdf", kwargs={"pk": registration.pk}))

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "Dinas Łódź Ğüneş" in text


@pytest.mark.parametrize("status", [RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED])
def test_no_qr_before_approval(client, holder, status):
    registration = RegistrationFactory(participant__user=holder, status=status)
    client.force_login(holder)

    page = client.get(registration.get_absolute_url())
    pdf = client.get(reverse("participants:ticket_pdf", kwargs={"pk": registration.pk}))

    assert page.status_code == 200 and "<svg" not in page.text
    assert pdf.status_code == 404


def test_a_reissued_ticket_shows_the_new_qr(client, holder, ticket):
    from participants.services.registrations import registration_reissue_ticket

    old = ticket.token
    registration_reissue_ticket(registration=ticket, actor=None)
    client.force_login(holder)

    response = client.get(reverse("participants:ticket_qr", kwargs={"pk": ticket.pk, "fmt": "png"}))

    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert barcode.text != old


def test_the_holder_cancels_after_confirming(client, holder, ticket):
    client.force_login(holder)

    confirm = client.get(reverse("participants:ticket_cancel", kwargs={"pk": ticket.pk}))
    response = client.post(reverse("participants:ticket_cancel", kwargs={"pk": ticket.pk}))

    ticket.refresh_from_db()
    assert confirm.status_code == 200
    assert response.status_code == 302
    assert ticket.status == RegistrationStatus.CANCELLED


def test_ticket_list_renders_every_ticket_with_its_state(client, holder):
    approved = RegistrationFactory(participant__user=holder)
    RegistrationFactory(
        participant=approved.participant, status=RegistrationStatus.WAITLISTED, event=EventFactory()
    )
    client.force_login(holder)

    response = client.get(reverse("participants:ticket_list"))

    assert response.text.count('data-testid="ticket-card"') == 2
    assert response.text.count("<svg") == 1  # a QR only for the approved one


def test_ticket_list_query_count_does_not_grow_with_tickets(
    client, holder, django_assert_max_num_queries
):
    from tests.factories import ParticipantFactory

    participant = ParticipantFactory(user=holder)
    RegistrationFactory(participant=participant)
    client.force_login(holder)
    url = reverse("participants:ticket_list")
    with django_assert_max_num_queries(20) as small:
        client.get(url)
    RegistrationFactory.create_batch(5, participant=participant)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)

    assert response.text.count('data-testid="ticket-card"') == 6


def test_unknown_qr_format_is_404(client, holder, ticket):
    client.force_login(holder)

    response = client.get(reverse("participants:ticket_qr", kwargs={"pk": ticket.pk, "fmt": "gif"}))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["participants:ticket_list", "participants:ticket_detail"])
def test_a_ticket_of_a_cancelled_event_says_so_and_shows_no_qr(client, holder, ticket, name):
    event = ticket.event
    event.status = "cancelled"
    event.cancellation_reason = "Gedung dipakai untuk <b>acara lain</b>"
    event.save(update_fields=["status", "cancellation_reason"])
    client.force_login(holder)

    response = client.get(reverse(name, kwargs={"pk": ticket.pk} if "detail" in name else {}))

    html = response.content.decode()
    assert "Panitia telah membatalkan kegiatan ini." in html
    assert "Gedung dipakai untuk &lt;b&gt;acara lain&lt;/b&gt;" in html
    assert "<svg" not in html
    assert reverse("participants:ticket_cancel", kwargs={"pk": ticket.pk}) not in html


def test_ticket_qr_svg_is_built_once_per_token(monkeypatch):
    from participants import tickets

    built = []
    real_qr = tickets._qr
    monkeypatch.setattr(tickets, "_qr", lambda token: built.append(token) or real_qr(token))
    tickets._qr_svg.cache_clear()

    first = tickets.qr_svg("A" * 32, label="Kode QR tiket Anda")
    second = tickets.qr_svg("A" * 32, label="Kode QR tiket Anda")
    other = tickets.qr_svg("B" * 32, label="Kode QR tiket Anda")

    assert first == second and first != other
    assert built == ["A" * 32, "B" * 32]


def test_a_finished_events_ticket_offers_no_cancel_and_the_cancel_page_says_why(
    client, holder, ticket
):
    event = ticket.event
    event.start_date = timezone.localdate() - timedelta(days=3)
    event.end_date = timezone.localdate() - timedelta(days=2)
    event.save(update_fields=["start_date", "end_date"])
    client.force_login(holder)

    page = client.get(ticket.get_absolute_url())
    confirm = client.get(
        reverse("participants:ticket_cancel", kwargs={"pk": ticket.pk}), follow=True
    )

    assert (
        reverse("participants:ticket_cancel", kwargs={"pk": ticket.pk}) not in page.content.decode()
    )
    assert confirm.redirect_chain[-1][0] == ticket.get_absolute_url()
    assert "Kegiatan ini sudah selesai" in confirm.content.decode()
    ticket.refresh_from_db()
    assert ticket.status != RegistrationStatus.CANCELLED


def _rasterise(svg: str, scale: int = 8) -> Image.Image:
    """The ticket's SVG as a browser draws it: a white square, then each
    "M x,y h w v 1 h -w z" rectangle of its one path in black."""
    import re

    from PIL import ImageDraw

    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    image = Image.new("L", (size * scale, size * scale), 255)
    draw = ImageDraw.Draw(image)
    path = re.search(r'<path d="([^"]*)"', svg).group(1)
    for x, y, width in re.findall(r"M(\d+),(\d+)h(\d+)v1h-\3z", path):
        x, y, width = int(x), int(y), int(width)
        draw.rectangle([x * scale, y * scale, (x + width) * scale - 1, (y + 1) * scale - 1], 0)
    assert re.fullmatch(r"(M\d+,\d+h(\d+)v1h-\2z)+", path)
    return image


def test_the_ticket_pages_svg_qr_decodes_to_the_token(client, holder, ticket):
    client.force_login(holder)

    response = client.get(reverse("participants:ticket_qr", kwargs={"pk": ticket.pk, "fmt": "svg"}))

    [barcode] = zxingcpp.read_barcodes(_rasterise(response.text))
    assert barcode.text == ticket.token
    assert 'viewBox="0 0 33 33"' in response.text  # version 2 with the 4-module quiet zone


def test_the_ticket_panels_read_no_ticket_again(
    client, holder, ticket, django_assert_max_num_queries
):
    """The certificate and evaluation panels of the ticket page compute the
    ticket the view read (participants.extensions.share_panel_registrations):
    the page reads the holder's registrations once, by its id."""
    client.force_login(holder)
    with django_assert_max_num_queries(40) as page:
        response = client.get(ticket.get_absolute_url())

    assert response.status_code == 200
    registration_reads = [
        query["sql"]
        for query in page.captured_queries
        if query["sql"].startswith('SELECT "participants_registration"."id"')
    ]
    assert len(registration_reads) == 1
    assert f'"participants_registration"."id" = {ticket.pk}' in registration_reads[0]
