"""The TTF fonts embedded in every PDF the site prints (tickets, daftar hadir,
certificates): DejaVu, copied from npm into ``vendor/fonts`` by the setup, so
any name the fonts cover prints — "Nguyễn", "Đặng", "Łukasz" — where
reportlab's built-in Helvetica (Latin-1 only) would leave blanks."""

from pathlib import Path

from django.conf import settings
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

SANS = "BimtekSans"
SANS_BOLD = "BimtekSans-Bold"
SANS_OBLIQUE = "BimtekSans-Oblique"
SANS_BOLD_OBLIQUE = "BimtekSans-BoldOblique"
SERIF_BOLD = "BimtekSerif-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_OBLIQUE: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_OBLIQUE: "DejaVuSans-BoldOblique.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
}
_registered = False


class FontsMissing(RuntimeError):
    """The TTF fonts were not copied from npm (run `make setup`)."""


def font_dir() -> Path:
    return Path(settings.CERTIFICATE_FONT_DIR)


def register_fonts() -> None:
    """Register the fonts once per process (reportlab keeps them globally),
    with the sans family's bold and oblique faces mapped for ``<b>``/``<i>``
    in Paragraphs."""
    global _registered
    if _registered:
        return
    directory = font_dir()
    for name, filename in _FILES.items():
        path = directory / filename
        if not path.is_file():
            raise FontsMissing(
                f"{path} is missing: run `make setup` (npm ci + scripts/copy_vendor.mjs)"
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    for bold, italic, face in (
        (0, 0, SANS),
        (1, 0, SANS_BOLD),
        (0, 1, SANS_OBLIQUE),
        (1, 1, SANS_BOLD_OBLIQUE),
    ):
        addMapping(SANS, bold, italic, face)
    _registered = True
