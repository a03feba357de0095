"""The back of a certificate: the agenda attended ("Daftar materi").

Printed after the front page when the design asks for it (the snapshot then
holds ``agenda``, see ``certificates.jp``): each session attended that counts
for the certificate, its narasumber, date and JP, and the total. Drawn with
the same text functions as the front (``bimtek.pdf_fonts`` / ``pdf_text``),
so every script prints; a long agenda continues on further pages with the
column headings repeated. The headings are Bahasa Indonesia whatever the
interface language, like the rest of the certificate.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.pdfgen import canvas as rl_canvas

from bimtek import pdf_fonts, pdf_text

FONT = pdf_fonts.SANS
FONT_BOLD = pdf_fonts.SANS_BOLD
SIZE = 10
LEADING = 12.5
MAX_CELL_LINES = 3


@dataclass(frozen=True)
class AgendaRow:
    title: str
    speakers: str
    date: str
    jp: int


def rows_from(data: Iterable[dict] | None) -> tuple[AgendaRow, ...]:
    """The snapshot's agenda as rows (a snapshot without one: none)."""
    rows = []
    for item in data or ():
        if not isinstance(item, dict):
            continue
        jp = item.get("jp", 0)
        rows.append(
            AgendaRow(
                title=str(item.get("title", "")),
                speakers=str(item.get("speakers", "")),
                date=str(item.get("date", "")),
                jp=jp if isinstance(jp, int) else 0,
            )
        )
    return tuple(rows)


def _columns(text_width: float) -> list[tuple[str, float, str]]:
    """(heading, width, alignment) of each column."""
    fixed = {"No.": 32, "Tanggal": 112, "JP": 40}
    rest = text_width - sum(fixed.values())
    return [
        ("No.", fixed["No."], "centre"),
        ("Materi", rest * 0.58, "left"),
        ("Narasumber", rest * 0.42, "left"),
        ("Tanggal", fixed["Tanggal"], "left"),
        ("JP", fixed["JP"], "centre"),
    ]


def draw_agenda(
    canvas: rl_canvas.Canvas,
    *,
    rows: Sequence[AgendaRow],
    name: str,
    number: str,
    pagesize: tuple[float, float],
) -> None:
    """Draw the agenda from the current (fresh) page on; the caller ends the
    last page. Call inside the renderer's CPU budget (``pdf_text.cpu_limit``)."""
    width, height = pagesize
    margin = 56
    text_width = width - 2 * margin
    columns = _columns(text_width)
    pad = 4

    def heading(y: float) -> float:
        canvas.setFillColorRGB(0.1, 0.1, 0.12)
        pdf_fonts.draw(canvas, width / 2, y, "DAFTAR MATERI", FONT_BOLD, 16, "centre")
        y -= 18
        for line in pdf_text.wrap(f"{name} — Nomor: {number}", FONT, 10, text_width, max_lines=2):
            pdf_fonts.draw(canvas, width / 2, y, line, FONT, 10, "centre")
            y -= 13
        y -= 10
        return table_header(y)

    def table_header(y: float) -> float:
        canvas.setLineWidth(0.6)
        canvas.line(margin, y + LEADING, width - margin, y + LEADING)
        x = margin
        for title, column_width, align in columns:
            _cell(canvas, x, y, column_width, pad, title, FONT_BOLD, align)
            x += column_width
        y -= 6
        canvas.line(margin, y + LEADING - 2, width - margin, y + LEADING - 2)
        return y - LEADING + 4

    y = heading(height - 64)
    bottom = 64
    for index, row in enumerate(rows, start=1):
        pdf_text.check_time()
        cells = [
            [str(index)],
            _lines(row.title, columns[1][1] - 2 * pad),
            _lines(row.speakers or "—", columns[2][1] - 2 * pad),
            _lines(row.date, columns[3][1] - 2 * pad),
            [str(row.jp)],
        ]
        row_height = max(len(lines) for lines in cells) * LEADING + 4
        if y - row_height < bottom:
            canvas.showPage()
            y = table_header(height - 64)
        x = margin
        for (_title, column_width, align), lines in zip(columns, cells, strict=True):
            line_y = y
            for line in lines:
                _cell(canvas, x, line_y, column_width, pad, line, FONT, align)
                line_y -= LEADING
            x += column_width
        y -= row_height
        canvas.setLineWidth(0.3)
        canvas.line(margin, y + LEADING - 2, width - margin, y + LEADING - 2)
    if y - LEADING * 2 < bottom:
        canvas.showPage()
        y = height - 64
    total = sum(row.jp for row in rows)
    jp_x = margin + sum(column_width for _t, column_width, _a in columns[:-1])
    pdf_fonts.draw(canvas, jp_x - pad, y, "Jumlah", FONT_BOLD, SIZE, "right")
    _cell(canvas, jp_x, y, columns[-1][1], pad, str(total), FONT_BOLD, "centre")
    canvas.setLineWidth(0.6)
    canvas.line(margin, y - 4, width - margin, y - 4)


def _lines(text: str, max_width: float) -> list[str]:
    return pdf_text.wrap(text, FONT, SIZE, max_width, max_lines=MAX_CELL_LINES) or [""]


def _cell(canvas, x: float, y: float, column_width: float, pad: float, text, face, align) -> None:
    if align == "centre":
        pdf_fonts.draw(canvas, x + column_width / 2, y, text, face, SIZE, "centre")
    else:
        pdf_fonts.draw(canvas, x + pad, y, text, face, SIZE)
