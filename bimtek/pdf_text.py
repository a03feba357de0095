"""Lines of text on a PDF in any script: word wrap, a name shrunk then
wrapped to fit, and a table-cell flowable, all measured and drawn through
``pdf_fonts`` (per-character font fallback, Arabic shaped right to left).

Names and texts are drawn as plain strings, never reportlab Paragraph
markup, so ``<b>`` or ``&`` in a name prints literally."""

from dataclasses import dataclass

from reportlab.platypus import Flowable

from bimtek import pdf_fonts


def width(text: str, face: str, size: float) -> float:
    return pdf_fonts.text_width(text, face, size)


def wrap(text: str, face: str, size: float, max_width: float) -> list[str]:
    """Greedy word wrap; a word longer than the line is broken by characters
    (a CJK name has no spaces)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if width(candidate, face, size) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while width(word, face, size) > max_width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and width(word[:cut], face, size) > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def fit(
    text: str, *, face: str, max_size: float, min_size: float, max_width: float
) -> tuple[float, list[str]]:
    """``text`` on one line at the largest size that fits (down to min_size);
    longer texts wrap at min_size. Nothing is cut."""
    size = max_size
    while size > min_size and width(text, face, size) > max_width:
        size -= 1
    if width(text, face, size) <= max_width:
        return size, [text]
    return min_size, wrap(text, face, min_size, max_width)


def draw(canvas, x: float, y: float, text: str, face: str, size: float, align: str = "left"):
    return pdf_fonts.draw(canvas, x, y, text, face, size, align)


@dataclass(frozen=True)
class Piece:
    text: str
    face: str = pdf_fonts.SANS
    size: float = 8.5
    leading: float = 0


class TextBlock(Flowable):
    """Pieces of text one under the other, each wrapped to the cell's width:
    the Paragraph of a table cell, for texts in any script."""

    def __init__(self, *pieces: Piece, align: str = "left", color=None) -> None:
        super().__init__()
        self.pieces = [piece for piece in pieces if piece.text]
        self.align = align
        self.color = color
        self._lines: list[tuple[str, Piece]] = []

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self._lines = [
            (line, piece)
            for piece in self.pieces
            for line in wrap(piece.text, piece.face, piece.size, avail_width)
        ]
        self.height = sum(self._leading(piece) for _line, piece in self._lines)
        return self.width, self.height

    @staticmethod
    def _leading(piece: Piece) -> float:
        return piece.leading or piece.size * 1.25

    def draw(self):
        canvas = self.canv
        if self.color is not None:
            canvas.setFillColor(self.color)
        y = self.height
        x = {"left": 0, "centre": self.width / 2, "right": self.width}[self.align]
        for line, piece in self._lines:
            y -= self._leading(piece)
            pdf_fonts.draw(
                canvas, x, y + piece.size * 0.22, line, piece.face, piece.size, self.align
            )
