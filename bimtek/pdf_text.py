"""Lines of text on a PDF in any script: word wrap, a name shrunk then
wrapped to fit, and a table-cell flowable, all measured and drawn through
``pdf_fonts`` (per-character font fallback, Arabic shaped right to left).

Names and texts are drawn as plain strings, never reportlab Paragraph
markup, so ``<b>`` or ``&`` in a name prints literally."""

import contextlib
import contextvars
import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass

from reportlab.platypus import Flowable

from bimtek import pdf_fonts


def width(text: str, face: str, size: float) -> float:
    return pdf_fonts.text_width(text, face, size)


# --- A CPU budget for laying out text ---------------------------------------
# A text a user wrote is laid out in a request or a worker thread; gunicorn's
# timeout does not stop a busy thread. Layout loops call ``check_time()``,
# which raises once the thread has used its budget of CPU time.


class RenderTooSlow(Exception):
    """Laying out a document used more CPU time than ``cpu_limit`` allowed."""


_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "pdf_text_deadline", default=None
)


@contextlib.contextmanager
def cpu_limit(seconds: float | None) -> Iterator[None]:
    """Within the block, ``check_time()`` raises ``RenderTooSlow`` once this
    thread has spent ``seconds`` of CPU time (None: no limit). Nested limits:
    the earlier deadline wins."""
    if seconds is None:
        yield
        return
    deadline = time.thread_time() + seconds
    outer = _deadline.get()
    token = _deadline.set(deadline if outer is None else min(outer, deadline))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.thread_time() > deadline:
        raise RenderTooSlow


# --- Wrapping, linear in the length of the text ------------------------------


@functools.lru_cache(maxsize=65536)
def _char_width_1000(char: str, face: str) -> float:
    return pdf_fonts.text_width(char, face, 1000)


def _break_word(word: str, face: str, size: float, max_width: float) -> list[str]:
    """A word wider than the line in pieces that fit, greedily character by
    character (each character measured once, from a cache): linear in the
    word's length. The last piece is what remains for the next words."""
    limit = max_width * 1000 / size
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, char in enumerate(word):
        char_width = _char_width_1000(char, face)
        if used + char_width > limit and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
            check_time()
        used += char_width
    pieces.append(word[start:])
    return [piece for chunk in pieces for piece in _shaped_fit(chunk, face, size, max_width)]


def _shaped_fit(piece: str, face: str, size: float, max_width: float) -> list[str]:
    """Shaped scripts (Arabic) are wider or narrower joined than letter by
    letter: a piece that does not fit after all is cut where it does
    (a binary search, so still n log n at worst)."""
    if len(piece) <= 1 or piece.isascii() or width(piece, face, size) <= max_width:
        return [piece]
    low, high = 1, len(piece) - 1  # the longest prefix that fits, at least one character
    while low < high:
        middle = (low + high + 1) // 2
        if width(piece[:middle], face, size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return [piece[:low], *_shaped_fit(piece[low:], face, size, max_width)]


def wrap(
    text: str, face: str, size: float, max_width: float, *, max_lines: int | None = None
) -> list[str]:
    """Greedy word wrap; a word longer than the line is broken by characters
    (a CJK name has no spaces). Each word is measured once and a line's
    width is kept as a running sum (words are shaped apart: a space joins
    nothing), so the time is linear in the text's length. ``max_lines``:
    stop once that many lines are laid out."""
    lines: list[str] = []
    space = width(" ", face, size)
    for paragraph in text.splitlines() or [""]:
        line, line_width = "", 0.0
        for word in paragraph.split():
            check_time()
            word_width = width(word, face, size)
            if line and line_width + space + word_width <= max_width:
                line, line_width = f"{line} {word}", line_width + space + word_width
                continue
            if not line and word_width <= max_width:
                line, line_width = word, word_width
                continue
            if line:
                lines.append(line)
            if word_width > max_width and len(word) > 1:
                *full, word = _break_word(word, face, size, max_width)
                lines.extend(full)
                word_width = width(word, face, size)
            line, line_width = word, word_width
            if max_lines is not None and len(lines) >= max_lines:
                return lines[:max_lines]
        lines.append(line)
        if max_lines is not None and len(lines) >= max_lines:
            return lines[:max_lines]
    return lines


def fit(
    text: str, *, face: str, max_size: float, min_size: float, max_width: float
) -> tuple[float, list[str]]:
    """``text`` on one line at the largest size that fits (down to min_size);
    longer texts wrap at min_size. Nothing is cut. The text is measured once."""
    width_1000 = width(text, face, 1000)
    size = max_size
    while size > min_size and width_1000 * size / 1000 > max_width:
        size -= 1
    if width_1000 * size / 1000 <= max_width:
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
