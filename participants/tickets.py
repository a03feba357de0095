"""The ticket: its QR code (SVG for the page, PNG for e-mails, vector runs in
the PDF) and the printable one-page PDF.

The QR code holds only the registration's opaque token (docs/tokens.md).
Error correction level M and a 4-module quiet zone: readable from a cracked
phone screen held at an angle, still small (version 2–3 for 32 characters in
alphanumeric mode).
"""

import functools
import io
from xml.sax.saxutils import escape

import qrcode
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from bimtek import formatting, pdf_fonts, pdf_text
from bimtek.pdf_qr import draw_qr
from bimtek.qr import qr_code
from participants.models import Registration

# reportlab's default ASCII85 encoding of images is pure Python and makes a
# page with an image ~10x slower; raw binary streams are what we want.
rl_config.useA85 = 0


def _qr(token: str) -> qrcode.QRCode:
    # The project's one QR code maker (bimtek.qr: a fixed mask, the codewords
    # computed directly); tests/participants/test_tickets.py decodes the SVG
    # and the PNG.
    return qr_code(token, border=4)


def qr_svg(token: str, *, label: str = "") -> str:
    """An inline SVG that scales to its box (no fixed size, no id), black on
    white whatever the page's colours. Kept per process: a token's code
    never changes (a reissued ticket has a new token), and building it cost
    ~5 ms with qrcode's mask search and SVG factory (now well under 1 ms) — twice per
    "My tickets" page, after an event thousands of times."""
    return _qr_svg(token, label)


@functools.lru_cache(maxsize=4096)  # ~3 KB each: at most ~12 MB per process
def _qr_svg(token: str, label: str) -> str:
    # Written here from the module matrix (border included), one rectangle per
    # run of dark modules in a row: qrcode's SVG factory drew one per module.
    matrix = _qr(token).get_matrix()
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                end = x
                while end < size and row[end]:
                    end += 1
                runs.append(f"M{x},{y}h{end - x}v1h-{end - x}z")
                x = end
            else:
                x += 1
    title = f"<title>{escape(label)}</title>" if label else ""
    return (
        '<svg class="ticket-qr-svg" role="img" shape-rendering="crispEdges" version="1.1" '
        f'viewBox="0 0 {size} {size}" xmlns="http://www.w3.org/2000/svg">{title}'
        '<rect fill="white" x="0" y="0" width="100%" height="100%"/>'
        f'<path d="{"".join(runs)}" fill="#000000"/></svg>'
    )


def qr_png(token: str, *, box_size: int = 10) -> bytes:
    code = _qr(token)
    code.box_size = box_size
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _lines(
    pdf,
    text: str,
    *,
    x: float,
    y: float,
    width: float,
    font: str,
    size: float,
    leading: float | None = None,
    max_lines: int = 4,
) -> float:
    """Draw wrapped text (any script); return the y below it."""
    leading = leading or size * 1.25
    lines = pdf_text.wrap(text, font, size, width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
    for line in lines:
        pdf_text.draw(pdf, x, y, line, font, size)
        y -= leading
    return y


def _name(pdf, name: str, *, x: float, y: float, width: float) -> float:
    """The participant's name whole, titles included: shrunk to one line,
    then wrapped at the smallest size — never cut (as on the certificate)."""
    size, lines = pdf_text.fit(
        name, face=pdf_fonts.SANS_BOLD, max_size=18, min_size=12, max_width=width
    )
    for line in lines:
        pdf_text.draw(pdf, x, y, line, pdf_fonts.SANS_BOLD, size)
        y -= size * 1.25
    return y


def ticket_pdf(registration: Registration, *, sessions=None) -> bytes:
    """A one-page A4 ticket to print or keep on the phone, in the active language."""
    pdf_fonts.register_fonts()
    event = registration.event
    participant = registration.participant
    zone = event.tzinfo
    if sessions is None:
        # What the agenda prints, not the sessions' descriptions and settings.
        sessions = list(
            event.sessions.order_by("starts_at", "position", "id").only(
                "event_id", "title", "starts_at", "ends_at"
            )
        )
    width, height = A4
    margin = 18 * mm
    usable = width - 2 * margin
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    pdf.setTitle(_("Ticket — %(event)s") % {"event": event.title})
    pdf.setAuthor(event.organiser_unit)
    pdf.setSubject(participant.display_name)

    # Header band.
    pdf.setFillColor(colors.HexColor("#0d6efd"))
    pdf.rect(0, height - 32 * mm, width, 32 * mm, stroke=0, fill=1)
    pdf.setFillColor(colors.white)
    pdf_text.draw(
        pdf, margin, height - 12 * mm, _("PARTICIPANT TICKET").upper(), pdf_fonts.SANS_BOLD, 11
    )
    _lines(
        pdf,
        event.title,
        x=margin,
        y=height - 20 * mm,
        width=usable,
        font=pdf_fonts.SANS_BOLD,
        size=14,
        max_lines=2,
    )

    pdf.setFillColor(colors.black)
    y = height - 44 * mm
    y = _name(pdf, participant.display_name, x=margin, y=y, width=usable)
    details = [
        participant.institution.name,
        participant.jabatan,
        # No NIP: the door identifies by the QR code, and a ticket travels (privacy notice).
        f"{registration.get_role_display()} · {registration.get_status_display()}",
    ]
    for text in filter(None, details):
        y = _lines(pdf, text, x=margin, y=y - 1 * mm, width=usable, font=pdf_fonts.SANS, size=11)

    # The QR code, big, centred, with a clear margin (its quiet zone of four
    # modules inside the box): vector runs, as on the certificate — an image
    # cost a PNG written, read back and compressed again, ~a third of the PDF.
    qr_size = 78 * mm
    qr_top = y - 6 * mm
    draw_qr(pdf, registration.token, (width - qr_size) / 2, qr_top - qr_size, qr_size)
    y = qr_top - qr_size - 6 * mm
    pdf_text.draw(
        pdf,
        width / 2,
        y,
        _("Show this code at the registration desk of every session."),
        pdf_fonts.SANS,
        9,
        "centre",
    )
    y -= 10 * mm

    # When and where.
    facts = [
        (_("Dates"), formatting.format_date_range(event.start_date, event.end_date)),
        (_("Venue"), ", ".join(part for part in (event.venue, event.city) if part)),
        (_("Address"), " ".join(event.address.split())),
        (_("Organiser"), event.organiser_unit),
    ]
    label_width = 30 * mm
    for label, value in facts:
        if not value:
            continue
        pdf_text.draw(pdf, margin, y, label, pdf_fonts.SANS_BOLD, 10)
        y = _lines(
            pdf,
            value,
            x=margin + label_width,
            y=y,
            width=usable - label_width,
            font=pdf_fonts.SANS,
            size=10,
            max_lines=2,
        )
        y -= 1 * mm

    # The agenda, as much as fits.
    if sessions:
        y -= 3 * mm
        pdf_text.draw(pdf, margin, y, _("Agenda"), pdf_fonts.SANS_BOLD, 11)
        y -= 5 * mm
        shown = 0
        for session in sessions:
            if y < 28 * mm:
                break
            when = (
                formatting.format_date(session.starts_at, tz=zone, weekday=False)
                + " · "
                + formatting.format_time_range(session.starts_at, session.ends_at, tz=zone)
            )
            pdf_text.draw(pdf, margin, y, when, pdf_fonts.SANS, 9)
            y = _lines(
                pdf,
                session.title,
                x=margin + 62 * mm,
                y=y,
                width=usable - 62 * mm,
                font=pdf_fonts.SANS,
                size=9,
                max_lines=1,
            )
            y -= 0.5 * mm
            shown += 1
        if shown < len(sessions):
            pdf_text.draw(
                pdf,
                margin,
                y,
                _("The full agenda is on the event's page."),
                pdf_fonts.SANS_OBLIQUE,
                9,
            )

    # Footer.
    pdf.setStrokeColor(colors.lightgrey)
    pdf.line(margin, 20 * mm, width - margin, 20 * mm)
    pdf.setFillColor(colors.HexColor("#555555"))
    printed = _("Printed %(when)s. Keep this ticket to yourself: the code admits its holder.") % {
        "when": formatting.format_datetime(timezone.now(), tz=zone)
    }
    pdf_text.draw(pdf, margin, 15 * mm, printed, pdf_fonts.SANS, 8)
    pdf_text.draw(
        pdf, margin, 11 * mm, settings.SITE_URL + event.get_absolute_url(), pdf_fonts.SANS, 8
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
