"""Which font prints which character, on every PDF the site prints (tickets,
daftar hadir, certificates). docs/fonts.md says why these fonts.

A *face* (``SANS``, ``SANS_BOLD``, ``SERIF_BOLD``…) is what the layout asks
for; behind it is a chain of TrueType fonts, tried per character: DejaVu
(Latin with every diacritic, Greek, Cyrillic), Noto Naskh Arabic, Noto Sans
SC (Chinese, Japanese kana, full-width forms), Noto Sans KR (Hangul).
Arabic-script characters go to the Arabic font first (DejaVu has unshaped
Arabic letters in another style). ``runs`` splits a line into pieces of one
font each, in visual order, Arabic reordered (python-bidi) and shaped
(HarfBuzz, through reportlab's own ``shapeStr``); ``unprintable`` is what
the name validator asks. All fonts are embedded as subsets; the CJK fonts
(~10 MB each) are loaded only when a text needs them.
"""

import functools
import itertools
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bidi import get_display
from django.conf import settings
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    ShapedStr,
    TTFont,
    TTFontFace,
    shapeStr,
)

SANS = "BimtekSans"
SANS_BOLD = "BimtekSans-Bold"
SANS_OBLIQUE = "BimtekSans-Oblique"
SANS_BOLD_OBLIQUE = "BimtekSans-BoldOblique"
SERIF_BOLD = "BimtekSerif-Bold"

ARABIC = "BimtekArabic"
ARABIC_BOLD = "BimtekArabic-Bold"
CJK = "BimtekCJK"
CJK_BOLD = "BimtekCJK-Bold"
HANGUL = "BimtekHangul"
HANGUL_BOLD = "BimtekHangul-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_OBLIQUE: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_OBLIQUE: "DejaVuSans-BoldOblique.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    ARABIC: "NotoNaskhArabic-Regular.ttf",
    ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf",
    CJK: "NotoSansSC-Regular.ttf",
    CJK_BOLD: "NotoSansSC-Bold.ttf",
    HANGUL: "NotoSansKR-Regular.ttf",
    HANGUL_BOLD: "NotoSansKR-Bold.ttf",
}
# face -> (its own font, Arabic, CJK, Hangul). Oblique faces fall back to
# upright fonts: no oblique Arabic or CJK exists worth the megabytes.
CHAINS = {
    SANS: (SANS, ARABIC, CJK, HANGUL),
    SANS_BOLD: (SANS_BOLD, ARABIC_BOLD, CJK_BOLD, HANGUL_BOLD),
    SANS_OBLIQUE: (SANS_OBLIQUE, ARABIC, CJK, HANGUL),
    SANS_BOLD_OBLIQUE: (SANS_BOLD_OBLIQUE, ARABIC_BOLD, CJK_BOLD, HANGUL_BOLD),
    SERIF_BOLD: (SERIF_BOLD, ARABIC_BOLD, CJK_BOLD, HANGUL_BOLD),
}
FACES = tuple(CHAINS)
_ARABIC_FONTS = frozenset({ARABIC, ARABIC_BOLD})

_lock = threading.RLock()
_registered = False
_coverage: dict[str, frozenset[str]] = {}  # font name -> the characters its cmap maps


# Font files (subset, compressed) kept per font: certificates of Latin names
# share a handful of subsets; ~20-40 KB each, so at most a few MB in all.
FONT_FILE_CACHE = 32
_font_file_lock = threading.Lock()


class FontsMissing(RuntimeError):
    """The TTF fonts were not copied from npm (run `make setup`)."""


def font_dir() -> Path:
    return Path(settings.CERTIFICATE_FONT_DIR)


class _Face(TTFontFace):
    """A font's face (its file) whose subset font files are built and
    compressed once per set of characters (``_font_file``) instead of once per
    document: certificates in Latin script share subset 0 (ASCII plus the few
    other characters used), so a download no longer pays ``makeSubset`` and
    zlib for it (docs/profile.md). The same objects as reportlab's own
    ``addSubsetObjects``."""

    def addSubsetObjects(self, doc, fontname, subset):
        raw, compressed = self._font_file(tuple(subset))
        font_file = pdfdoc.PDFStream()
        font_file.dictionary["Length1"] = len(raw)
        if doc.compression:
            font_file.content = compressed
            font_file.dictionary["Filter"] = pdfdoc.PDFArray(
                [pdfdoc.PDFName(pdfdoc.PDFZCompress.pdfname)]
            )
        else:
            font_file.content = raw
        reference = doc.Reference(font_file, f"fontFile:{self.filename}({fontname})")
        flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
        descriptor = pdfdoc.PDFDictionary(
            {
                "Type": "/FontDescriptor",
                "Ascent": self.ascent,
                "CapHeight": self.capHeight,
                "Descent": self.descent,
                "Flags": flags,
                "FontBBox": pdfdoc.PDFArray(self.bbox),
                "FontName": pdfdoc.PDFName(fontname),
                "ItalicAngle": self.italicAngle,
                "StemV": self.stemV,
                "FontFile2": reference,
                "MissingWidth": self.defaultWidth,
            }
        )
        return doc.Reference(descriptor, "fontDescriptor:" + fontname)

    def _font_file(self, subset: tuple[int, ...]) -> tuple[bytes, bytes]:
        with _font_file_lock:
            cache = self.__dict__.setdefault("_font_files", {})
            found = cache.get(subset)
        if found is None:
            raw = self.makeSubset(list(subset))
            found = (raw, pdfdoc.PDFZCompress.encode(raw))
            with _font_file_lock:
                if len(cache) >= FONT_FILE_CACHE:
                    del cache[next(iter(cache))]  # the oldest
                cache[subset] = found
        return found


class _Font(TTFont):
    """A TrueType font whose ToUnicode map writes characters beyond U+FFFF
    (rare Chinese name characters) as UTF-16 surrogate pairs, which
    reportlab's own map gets wrong. Shaped Arabic glyphs are covered by an
    ActualText span instead (``draw``)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.face.__class__ = _Face  # reportlab builds the face itself; same state

    def addObjects(self, doc) -> None:
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        bases = {
            (SUBSETN(number) + b"+" + self.face.name + self.face.subfontNameX).decode("pdfdoc")
            for number in range(len(subsets))
        }
        for font in doc.idToObject["BasicFonts"].dict.values():
            if getattr(font, "BaseFont", None) in bases and isinstance(
                font.Widths, pdfdoc.PDFArray
            ):
                font.Widths = _formatted_widths(tuple(font.Widths.sequence))
        for number, subset in enumerate(subsets):
            if max(subset, default=0) <= 0xFFFF:
                continue  # reportlab's own map is right
            base = (SUBSETN(number) + b"+" + self.face.name + self.face.subfontNameX).decode(
                "pdfdoc"
            )
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if isinstance(stream, pdfdoc.PDFStream):
                stream.content = _to_unicode_cmap(base, subset)


class _Formatted(pdfdoc.PDFObject):
    """A PDF value written once: the same bytes in every document."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document) -> bytes:
        return self.data


@functools.lru_cache(maxsize=FONT_FILE_CACHE)
def _formatted_widths(widths: tuple[int, ...]) -> _Formatted:
    """A subset's /Widths array as reportlab writes it (~250 numbers, a tenth
    of a certificate's CPU when formatted one by one per document)."""
    return _Formatted(pdfdoc.PDFArray(list(widths)).format(None))


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(base: str, subset: list[int]) -> str:
    entries = [f"<{index:02X}> <{_utf16_hex(chr(code))}>" for index, code in enumerate(subset)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({base}) /Ordering ({base}) /Supplement 0 >> def",
            f"/CMapName /{base} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def _load(name: str) -> None:
    """Register one font (once per process: reportlab keeps fonts globally)."""
    with _lock:
        if name in _coverage:
            return
        path = font_dir() / _FILES[name]
        if not path.is_file():
            raise FontsMissing(
                f"{path} is missing: run `make setup` (npm ci + scripts/copy_vendor.mjs)"
            )
        font = _Font(name, str(path))
        pdfmetrics.registerFont(font)
        # A snapshot: shaping later adds private-use entries to the live cmap.
        _coverage[name] = frozenset(map(chr, font.face.charToGlyph))


def register_fonts() -> None:
    """Register the faces' own fonts and the Arabic ones (small); the CJK
    fonts load on the first character that needs them. The sans family's
    bold and oblique faces are mapped for ``<b>``/``<i>`` in Paragraphs."""
    global _registered
    if _registered:
        return
    with _lock:
        for name in (*FACES, ARABIC, ARABIC_BOLD):
            _load(name)
        for bold, italic, face in (
            (0, 0, SANS),
            (1, 0, SANS_BOLD),
            (0, 1, SANS_OBLIQUE),
            (1, 1, SANS_BOLD_OBLIQUE),
        ):
            addMapping(SANS, bold, italic, face)
        _registered = True


def _covers(font: str, char: str) -> bool:
    if font not in _coverage:
        _load(font)
    return char in _coverage[font]


def is_arabic(char: str) -> bool:
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def _is_rtl(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


@functools.lru_cache(maxsize=65536)
def font_for(char: str, face: str = SANS) -> str | None:
    """The font of ``face``'s chain that prints ``char``, or None when none does."""
    register_fonts()
    chain = CHAINS[face]
    if is_arabic(char):
        chain = (chain[1], chain[0], *chain[2:])
    for font in chain:
        if _covers(font, char):
            return font
    return None


# Zero-width (non-)joiners are part of Persian and Urdu spelling.
_JOINERS = frozenset("\u200c\u200d")


def _is_printable_anyway(char: str) -> bool:
    # Line breaks and tabs are layout, never drawn as glyphs.
    return char in "\n\r\t"


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` that some face cannot print, in order, once each."""
    if text.isascii():
        return [char for char in dict.fromkeys(text) if not char.isprintable() and char != " "]
    register_fonts()
    own = [_coverage[face] for face in FACES]
    missing = []
    for char in dict.fromkeys(text):
        if _is_printable_anyway(char) or char in _JOINERS:
            continue
        if not char.isprintable() and char != " ":
            missing.append(char)  # control and format characters: invisible, unsearchable
        elif all(char in cover for cover in own):
            continue
        elif any(font_for(char, face) is None for face in FACES):
            missing.append(char)
    return missing


@dataclass(frozen=True)
class Run:
    """A piece of a line in one font, in drawing order (left to right)."""

    font: str
    text: str  # a reportlab ShapedStr for shaped Arabic
    width_1000: float  # width at size 1000, i.e. in thousandths of the size
    actual: str = (
        ""  # shaped runs: the letters, in visual order like the glyphs (readers reverse RTL)
    )

    def width(self, size: float) -> float:
        return self.width_1000 * size / 1000


def runs(text: str, face: str = SANS) -> tuple[Run, ...]:
    """``text`` (one line, logical order) as runs of one font each, in visual order."""
    register_fonts()
    if text.isascii():  # the common case, kept cheap: DejaVu has every ASCII letter
        return (Run(face, text, pdfmetrics.stringWidth(text, face, 1000)),)
    return _runs(text, face)


@functools.lru_cache(maxsize=4096)
def _runs(text: str, face: str) -> tuple[Run, ...]:
    if _coverage[face].issuperset(text) and not any(map(_is_rtl, text)):
        return (Run(face, text, pdfmetrics.stringWidth(text, face, 1000)),)
    # Every PDF is an Indonesian, left-to-right document: the line's base
    # direction is left to right (as the page shows the name), not the
    # first strong letter's, which put a name starting in Arabic backwards.
    visual = get_display(text, base_dir="L") if any(map(_is_rtl, text)) else text
    # unvalidated text: reportlab's empty box. Grouped, not concatenated char
    # by char: linear in the length of the text.
    pieces = [
        (font, "".join(chars))
        for font, chars in itertools.groupby(visual, key=lambda char: font_for(char, face) or face)
    ]
    result = []
    for font, piece in pieces:
        if font in _ARABIC_FONTS:
            result.extend(_arabic_runs(font, piece))
        else:
            result.append(Run(font, piece, pdfmetrics.stringWidth(piece, font, 1000)))
    return tuple(result)


def _arabic_runs(font: str, visual: str) -> list[Run]:
    """An Arabic-font piece in visual order: right-to-left letters are put
    back in logical order and shaped (HarfBuzz returns them in visual order);
    digits, which run left to right, are drawn as they are."""
    result = []
    start = 0
    for index in range(1, len(visual) + 1):
        if index < len(visual) and _rtl_like(visual[index]) == _rtl_like(visual[start]):
            continue
        piece = visual[start:index]
        if _rtl_like(piece[0]):
            shaped = _shape(font, piece[::-1])
            if isinstance(shaped, ShapedStr):
                width = sum(data.x_advance for data in shaped.__shapeData__)
            else:
                width = pdfmetrics.stringWidth(shaped, font, 1000)
            result.append(Run(font, shaped, width, actual=piece))
        else:
            result.append(Run(font, piece, pdfmetrics.stringWidth(piece, font, 1000)))
        start = index
    return result


def _rtl_like(char: str) -> bool:
    return unicodedata.bidirectional(char) not in ("EN", "AN", "L")


def _shape(font: str, logical: str) -> str:
    """Shape with HarfBuzz (reportlab's ``shapeStr``): joined forms, the
    lam-alef ligature, marks placed over their letters."""
    return shapeStr(logical, font, 1000, force=True)


def text_width(text: str, face: str, size: float) -> float:
    """The printed width of one line of ``text`` in ``face`` at ``size``."""
    if text.isascii():
        return pdfmetrics.stringWidth(text, face, size)
    return sum(run.width_1000 for run in runs(text, face)) * size / 1000


def draw(canvas, x: float, y: float, text: str, face: str, size: float, align: str = "left"):
    """Draw one line with per-character fallback; ``align`` is left, centre or right
    of ``x``. Returns the width drawn."""
    if text.isascii():
        canvas.setFont(face, size)
        width = pdfmetrics.stringWidth(text, face, size)
        x -= width / 2 if align == "centre" else width if align == "right" else 0
        canvas.drawString(x, y, text)
        return width
    pieces = runs(text, face)
    width = sum(run.width_1000 for run in pieces) * size / 1000
    if align == "centre":
        x -= width / 2
    elif align == "right":
        x -= width
    for run in pieces:
        canvas.setFont(run.font, size)
        if run.actual:
            # Shaped glyphs have no character of their own (one glyph may be
            # several letters, or a letter's dots): say what they read as.
            canvas._code.append(f"/Span <</ActualText <FEFF{_utf16_hex(run.actual)}>>> BDC")
        canvas.drawString(x, y, run.text)
        if run.actual:
            canvas._code.append("EMC")
        x += run.width(size)
    return width
