"""Attendance as files: who came and who is missing per session, attendance
across sessions (XLSX and CSV), and the printable daftar hadir (PDF) that
Indonesian offices file with their accountability reports (SPJ)."""

import io
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from bimtek import formatting, pdf_fonts, spreadsheets
from bimtek.models import Event, Session
from bimtek.pdf_text import Piece, TextBlock
from checkin.selectors import attendance as selectors

# reportlab's default pure-Python ASCII85 encoding is ten times slower (design brief).
rl_config.useA85 = 0

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def table_file(headers: Sequence[str], rows: Iterable[Sequence], *, fmt: str, title: str) -> bytes:
    """A name typed as "=HYPERLINK(…)" stays text and a phone number or NIP
    stays the value it is (``bimtek.spreadsheets``)."""
    if fmt == "csv":
        dataset = tablib.Dataset(headers=list(headers), title=title[:31])
        for row in rows:
            dataset.append(spreadsheets.csv_row(row))
        # A BOM makes Excel read the file as UTF-8 (names with é, ü…).
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return spreadsheets.xlsx_table(headers, rows, title=title)


def _local(value, tz) -> str:
    if value is None:
        return ""
    return timezone.localtime(value, tz).strftime("%Y-%m-%d %H:%M")


def present_rows(*, session: Session):
    tz = session.event.tzinfo
    headers = [
        _("No."),
        _("Name"),
        _("NIP"),
        _("Institution"),
        _("Category"),
        _("Position"),
        _("Checked in at"),
        _("Method"),
        _("Checked in by"),
        _("Device"),
        _("Reason"),
    ]
    rows = []
    for number, checkin in enumerate(selectors.session_present(session=session), start=1):
        participant = checkin.registration.participant
        staff = checkin.checked_in_by
        rows.append(
            [
                number,
                participant.display_name,
                participant.nip or "",
                participant.institution.name,
                participant.institution.category.display_name,
                participant.jabatan,
                _local(checkin.checked_in_at, tz),
                checkin.get_method_display(),
                (staff.display_name or staff.email) if staff else "",
                checkin.device,
                checkin.reason,
            ]
        )
    return headers, rows


def missing_rows(*, session: Session):
    headers = [
        _("No."),
        _("Name"),
        _("NIP"),
        _("Institution"),
        _("Category"),
        _("Position"),
        _("E-mail address"),
        _("Mobile number"),
        _("Role"),
    ]
    rows = []
    for number, registration in enumerate(selectors.session_missing(session=session), start=1):
        participant = registration.participant
        rows.append(
            [
                number,
                participant.display_name,
                participant.nip or "",
                participant.institution.name,
                participant.institution.category.display_name,
                participant.jabatan,
                participant.email,
                participant.phone,
                registration.get_role_display(),
            ]
        )
    return headers, rows


def matrix_rows(*, event: Event):
    sessions, people = selectors.event_attendance_matrix(event=event)
    tz = event.tzinfo
    headers = [_("No."), _("Name"), _("NIP"), _("Institution"), _("Status")]
    headers += [
        f"{formatting.format_date(s.starts_at, weekday=False, tz=tz)} "
        f"{formatting.format_time(s.starts_at, tz=tz)} {s.title}"
        for s in sessions
    ]
    headers += [_("Sessions attended"), _("Counting sessions attended"), _("JP attended")]
    rows = []
    for number, person in enumerate(people, start=1):
        participant = person.registration.participant
        rows.append(
            [
                number,
                participant.display_name,
                participant.nip or "",
                participant.institution.name,
                person.registration.get_status_display(),
                *[
                    formatting.format_time(c.checked_in_at, tz=tz) if c else ""
                    for c in person.checkins
                ],
                person.attended,
                person.attended_counting,
                person.jp,
            ]
        )
    return headers, rows


# --- daftar hadir -----------------------------------------------------------


def _venue(session: Session) -> str:
    venue = session.event.venue
    if session.room and session.room.lower() not in venue.lower():
        return f"{session.room}, {venue}"
    return venue


class _NumberedCanvas(pdf_canvas.Canvas):
    """Writes "Halaman 2 dari 5" once the number of pages is known."""

    def __init__(self, *args, page_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages = []
        self._page_label = page_label

    def showPage(self):
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self.setFont(pdf_fonts.SANS, 8)
            self.drawRightString(
                A4[0] - 15 * mm,
                10 * mm,
                self._page_label % {"page": self._pageNumber, "total": total},
            )
            super().showPage()
        super().save()


def attendance_sheet_pdf(*, session: Session, sheet: list | None = None) -> bytes:
    """The daftar hadir of one session: every approved participant (and anyone
    else who was checked in) with institution, check-in time and a signature
    column, numbered signatures alternating left and right as on paper forms."""
    event = session.event
    tz = event.tzinfo
    styles = getSampleStyleSheet()
    pdf_fonts.register_fonts()
    small = ParagraphStyle(
        "small", parent=styles["Normal"], fontName=pdf_fonts.SANS, fontSize=8.5, leading=10.5
    )
    head = ParagraphStyle(
        "head", parent=small, fontName=pdf_fonts.SANS_BOLD, alignment=TA_CENTER, textColor="white"
    )
    title = ParagraphStyle(
        "title",
        parent=styles["Title"],
        fontName=pdf_fonts.SANS_BOLD,
        fontSize=14,
        leading=17,
        spaceAfter=2 * mm,
    )
    meta = ParagraphStyle(
        "meta", parent=styles["Normal"], fontName=pdf_fonts.SANS, fontSize=9.5, leading=12.5
    )

    def p(text, style=small):
        return Paragraph(escape(str(text)), style)

    story = [
        Paragraph(escape(_("ATTENDANCE LIST")), title),
        TextBlock(Piece(event.title, pdf_fonts.SANS_BOLD, 9.5, 12.5), align="centre"),
        Spacer(1, 4 * mm),
    ]
    details = [
        (_("Session"), session.title),
        (_("Day, date"), formatting.format_date(session.starts_at, tz=tz)),
        (_("Time"), formatting.format_time_range(session.starts_at, session.ends_at, tz=tz)),
        (_("Venue"), _venue(session)),
        (_("Organiser"), event.organiser_unit),
    ]
    info = Table(
        [
            [p(label, meta), p(":", meta), TextBlock(Piece(value, pdf_fonts.SANS, 9.5, 12.5))]
            for label, value in details
        ],
        colWidths=[30 * mm, 4 * mm, None],
    )
    info.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    story += [info, Spacer(1, 4 * mm)]

    rows = [
        [
            p(_("No."), head),
            p(_("Name / NIP"), head),
            p(_("Institution / position"), head),
            p(_("Time"), head),
            p(_("Signature"), head),
        ]
    ]
    # The view reads the rows itself to count them for the audit trail.
    if sheet is None:
        sheet = selectors.session_attendance_sheet(session=session)
    for number, (registration, checkin) in enumerate(sheet, start=1):
        participant = registration.participant
        # Names and institutions in any script: drawn through pdf_fonts, not Paragraph markup.
        name = TextBlock(
            Piece(participant.display_name),
            Piece(f"NIP {participant.nip}" if participant.nip else "", size=7.5),
        )
        institution = TextBlock(
            Piece(participant.institution.name), Piece(participant.jabatan, size=7.5)
        )
        time = formatting.format_time(checkin.checked_in_at, tz=tz) if checkin else ""
        # Paper forms alternate signatures left and right so neighbours do not overlap.
        line = f"{number}. " + "." * 14
        signature, signature_right = (line, "") if number % 2 else ("", line)
        rows.append(
            [
                p(number),
                name,
                institution,
                p(time),
                Table(
                    [[p(signature), p(signature_right)]],
                    colWidths=[22 * mm, 22 * mm],
                    style=[
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ],
                ),
            ]
        )
    sheet = LongTable(
        rows,
        colWidths=[10 * mm, 53 * mm, 54 * mm, 17 * mm, 46 * mm],
        repeatRows=1,
    )
    sheet.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#2b3035")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#6c757d")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (3, 1), (3, -1), "CENTER"),
                ("TOPPADDING", (0, 1), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f3f4f6")]),
            ]
        )
    )
    story += [sheet, Spacer(1, 8 * mm)]

    place_date = f"{event.city}, {formatting.format_date(session.starts_at, weekday=False, tz=tz)}"
    signature_block = Table(
        [
            [p(""), p(place_date, meta)],
            [p(""), p(_("Organising committee,"), meta)],
            [p(""), Spacer(1, 18 * mm)],
            [p(""), p("(" + "." * 50 + ")", meta)],
            [p(""), p(_("NIP") + ".", meta)],
        ],
        colWidths=[100 * mm, 80 * mm],
    )
    story.append(KeepTogether(signature_block))

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=_("Attendance list — %(session)s") % {"session": session.title},
        author=event.organiser_unit,
    )
    page_label = _("Page %(page)s of %(total)s")
    document.build(
        story,
        canvasmaker=lambda *args, **kwargs: _NumberedCanvas(*args, page_label=page_label, **kwargs),
    )
    return buffer.getvalue()
