"""The pieces every SPJ PDF is made of: titles, label/value blocks, ruled
tables with a signature column, signature blocks. Every text goes through
``bimtek.pdf_text`` (``TextBlock``), so names in any script print whole
(docs/fonts.md); the page numbers come from the daftar hadir's canvas."""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import KeepTogether, LongTable, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as _TableStyle

from bimtek import pdf_fonts
from bimtek.pdf_text import Piece, TextBlock, fit
from bimtek.pdf_text import width as text_width
from bimtek.pdf_text import wrap as text_wrap

GRID = colors.HexColor("#6c757d")
HEAD = colors.HexColor("#e9ecef")


class _NumberedCanvas(pdf_canvas.Canvas):
    """Writes "Halaman 2 dari 5" once the number of pages is known, at the
    right of the page whatever its orientation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_pages = []

    def showPage(self):
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self.setFont(pdf_fonts.SANS, 8)
            self.drawRightString(
                self._pagesize[0] - 15 * mm,
                10 * mm,
                f"Halaman {self._pageNumber} dari {total}",
            )
            super().showPage()
        super().save()


def text(value, *, bold: bool = False, size: float = 9, align: str = "left") -> TextBlock:
    face = pdf_fonts.SANS_BOLD if bold else pdf_fonts.SANS
    return TextBlock(Piece(str(value), face, size), align=align)


class WholeWords(TextBlock):
    """A TextBlock that never breaks a word ("Narasumbe/r") or, with
    ``one_line``, never wraps at all (an amount: "Rp3.600.00/0"): the text is
    set smaller, down to ``min_size``, until it fits the cell."""

    def __init__(self, *pieces: Piece, align: str = "left", one_line: bool = False,
                 min_size: float = 5.5) -> None:  # fmt: skip
        super().__init__(*pieces, align=align)
        self.one_line = one_line
        self.min_size = min_size

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._lines = []
        for piece in self.pieces:
            if self.one_line:
                size, _lines = fit(
                    piece.text, face=piece.face, max_size=piece.size,
                    min_size=self.min_size, max_width=avail_width,
                )  # fmt: skip
                fitted = Piece(piece.text, piece.face, size)
                self._lines.append((piece.text, fitted))
                continue
            longest = max(piece.text.split() or [""], key=lambda w: text_width(w, piece.face, 1))
            size = piece.size
            while size > self.min_size and text_width(longest, piece.face, size) > avail_width:
                size -= 0.5
            fitted = Piece(piece.text, piece.face, size)
            self._lines += [
                (line, fitted) for line in text_wrap(piece.text, piece.face, size, avail_width)
            ]
        self.height = sum(self._leading(piece) for _line, piece in self._lines)
        return self.width, self.height


def amount(value, *values, bold: bool = False, size: float = 8.5) -> WholeWords:
    """An amount on one line, right-aligned (smaller lines under it: its
    percentage)."""
    face = pdf_fonts.SANS_BOLD if bold else pdf_fonts.SANS
    pieces = [Piece(str(value), face, size)]
    pieces += [Piece(str(v), pdf_fonts.SANS, size - 1.5) for v in values if v]
    return WholeWords(*pieces, align="right", one_line=True)


def words(*values, size: float = 8.5) -> WholeWords:
    """As ``lines``, wrapped between words only."""
    pieces = [Piece(str(values[0]), pdf_fonts.SANS, size)] if values else []
    pieces += [Piece(str(v), pdf_fonts.SANS, size - 1.5) for v in values[1:] if v]
    return WholeWords(*pieces)


def lines(*values, size: float = 8.5) -> TextBlock:
    """Values one under the other in a cell (the first in the normal size,
    the others smaller): a name and its NIP."""
    pieces = [Piece(str(values[0]), pdf_fonts.SANS, size)] if values else []
    pieces += [Piece(str(v), pdf_fonts.SANS, size - 1.5) for v in values[1:] if v]
    return TextBlock(*pieces)


def title(*headings: str) -> list:
    story = [text(headings[0], bold=True, size=13, align="centre")]
    story += [text(h, bold=True, size=10, align="centre") for h in headings[1:] if h]
    return [*story, Spacer(1, 5 * mm)]


def paragraphs(value: str, *, size: float = 9.5) -> list:
    """A text typed by the organiser, one flowable per paragraph (so a long
    one breaks across pages between paragraphs)."""
    return [
        TextBlock(Piece(part.strip(), pdf_fonts.SANS, size, size * 1.45))
        for part in value.splitlines()
        if part.strip()
    ]


def heading(value: str) -> list:
    return [Spacer(1, 3 * mm), text(value, bold=True, size=10.5), Spacer(1, 1.5 * mm)]


def details(pairs: list[tuple[str, str]], *, label_width: float = 32 * mm) -> Table:
    table = Table(
        [[text(label), text(":"), text(value)] for label, value in pairs if value],
        colWidths=[label_width, 4 * mm, None],
    )
    table.setStyle(
        _TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def grid(
    rows: list[list], widths: list[float], *, footer_rows: int = 0, padding: float | None = None
) -> LongTable:
    """A ruled table, its first row a header repeated on every page;
    ``padding``: the cells' left and right padding in points (a wide table)."""
    table = LongTable(rows, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEAD),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 1), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 5),
    ]
    if footer_rows:
        style.append(("BACKGROUND", (0, -footer_rows), (-1, -1), HEAD))
    if padding is not None:
        style += [
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ]
    table.setStyle(_TableStyle(style))
    return table


def header_row(*labels: str, size: float = 8.5) -> list:
    return [text(label, bold=True, size=size, align="centre") for label in labels]


def signature_line(number: int, *, width: float = 42 * mm) -> Table:
    """Paper forms alternate signatures left and right so neighbours do not
    overlap (as the participants' daftar hadir)."""
    line = f"{number}. " + "." * (14 if width >= 40 * mm else 8)
    left, right = (line, "") if number % 2 else ("", line)
    table = Table([[text(left, size=8), text(right, size=8)]], colWidths=[width / 2] * 2)
    table.setStyle(
        _TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    )
    return table


def signatures(blocks: list[tuple[str, str, str, str]], *, width: float) -> KeepTogether:
    """Signature blocks side by side: (above, position, name, NIP) each; the
    name is left as a dotted line when unknown."""
    columns = len(blocks) or 1
    cells = []
    for above, position, name, nip in blocks:
        cells.append(
            TextBlock(
                Piece(above, pdf_fonts.SANS, 9.5),
                Piece(position, pdf_fonts.SANS, 9.5),
                Piece(" ", pdf_fonts.SANS, 9.5, 20 * mm),
                Piece(name or "(" + "." * 40 + ")", pdf_fonts.SANS_BOLD, 9.5),
                Piece(nip, pdf_fonts.SANS, 9),
                align="centre",
            )
        )
    table = Table([cells], colWidths=[width / columns] * columns)
    table.setStyle(_TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return KeepTogether([Spacer(1, 6 * mm), table])


def build(story: list, *, title: str, author: str, wide: bool = False) -> bytes:
    buffer = io.BytesIO()
    pdf_fonts.register_fonts()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if wide else A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=author,
    )
    document.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def frame_width(*, wide: bool = False) -> float:
    return (landscape(A4) if wide else A4)[0] - 30 * mm
