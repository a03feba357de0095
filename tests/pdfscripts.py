"""Names in every script, and reading a PDF back to check them: its text
(pdftotext, which reads the ActualText of shaped Arabic and puts
right-to-left text back in reading order) and its glyphs (none may be
.notdef, the empty box)."""

import io
import os
import re
import shutil
import subprocess
import tempfile

import pypdf
import pytest
from pypdf.generic import ContentStream
from reportlab.pdfbase import pdfmetrics

# (script, name as typed and stored)
NAMES = [
    ("latin-diacritics", "Nguyễn Thị Đặng Thu Hương"),
    ("latin-more", "Łukasz Żółkiewski Ångström Ñúñez"),
    ("arabic", "محمد عبد الله"),
    ("arabic-lam-alef", "لانا إلياس"),
    ("chinese", "陳淑芬"),
    ("chinese-simplified", "王建国"),
    ("japanese", "山田 たろう カタカナ"),
    ("korean", "김민준"),
    ("mixed-latin-chinese", "Budi Santoso 陳國華"),
    ("mixed-latin-arabic", "Siti محمد"),
    ("long-rear-titles", "Prof. Dr. Ir. Raden Mas Bagus Hadiningrat, S.Kom., M.T.I., Ph.D."),
]
IDS = [script for script, _name in NAMES]

_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# Skipped on a machine without poppler-utils; CI (CI=true) installs it, so there
# a missing pdftotext fails instead of hiding the tests.
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason="pdftotext (poppler-utils) is not installed: apt-get install poppler-utils",
)


def pdftotext(data: bytes) -> str:
    """The text as a reader copies it, bidi control marks dropped."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        )
    return _BIDI_CONTROLS.sub("", result.stdout)


def squeeze(text: str) -> str:
    """Without whitespace: where a right-to-left run meets a left-to-right one
    readers place the space between them either side."""
    return "".join(text.split())


def assert_prints(data: bytes, name: str) -> None:
    """The exact name can be read back from the PDF (for one-script names
    with their spaces; mixed-direction names without whitespace)."""
    text = pdftotext(data)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    joined = " ".join(" ".join(text.split()).split())
    has_rtl = any("\u0590" <= char <= "\u08ff" for char in name)
    has_ltr = any(char.isascii() and char.isalpha() for char in name)
    if has_rtl and has_ltr:
        assert squeeze(name) in squeeze(text), text
    else:
        assert name in lines or name in joined, text


def _to_unicode(font) -> dict[int, str]:
    stream = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    stream = stream.split("beginbfchar", 1)[1].split("endbfchar", 1)[0]
    return {
        int(code, 16): bytes.fromhex(text).decode("utf-16-be")
        for code, text in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]*)>", stream)
    }


def _registered_fonts() -> dict[str, object]:
    """Registered TrueType fonts by their PostScript name (rendering happened
    in this process, so shaped glyphs' private code points are known too)."""
    return {
        font.face.name.decode(): font
        for font in pdfmetrics._fonts.values()
        if getattr(font, "_dynamicFont", False)
    }


def glyphs_used(data: bytes) -> dict[str, set[int]]:
    """Per embedded TrueType font: the glyph ids (in the full font) its text
    operators draw, found through the subset's ToUnicode map."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    registered = _registered_fonts()
    used: dict[str, set[int]] = {}
    for page in reader.pages:
        subsets = {}
        for key, ref in page["/Resources"]["/Font"].items():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None or "/FontFile2" not in descriptor.get_object():
                continue  # reportlab's unused Helvetica; drawing with it is caught below
            base = str(font["/BaseFont"]).lstrip("/")
            subsets[key] = (base, registered[base.split("+", 1)[1]], _to_unicode(font))
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                current = subsets.get(operands[0], (f"{operands[0]} (not embedded)", None, {}))
            elif operator in (b"Tj", b"TJ") and current is not None:
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                base, live, to_unicode = current
                for item in strings:
                    if not isinstance(item, (bytes, str)) or not item:
                        continue
                    raw = item.original_bytes if hasattr(item, "original_bytes") else item
                    glyphs = used.setdefault(base, set())
                    for code in raw:
                        text = to_unicode.get(code, "")
                        glyph = live.face.charToGlyph.get(ord(text), 0) if live and text else 0
                        glyphs.add(glyph)
    return used


def assert_no_notdef(data: bytes) -> None:
    """Every glyph drawn exists in an embedded font: none is glyph 0 (.notdef),
    none is drawn in a font that is not embedded."""
    used = glyphs_used(data)
    assert used, "no text drawn"
    empty = sorted(base for base, glyphs in used.items() if 0 in glyphs)
    assert not empty, f".notdef drawn in {empty}"
