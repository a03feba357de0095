"""Names as people type them, made printable: one normaliser and one
validator for every form and the spreadsheet import (docs/fonts.md).

NFKC turns what phones paste — full-width ``Ｂｕｄｉ``, ``１２``, the
ideographic space, Arabic presentation forms, ligatures like ``ﬁ`` — into
the ordinary characters, and composes letters with their accents. A
character that no font of the PDFs can print is refused by name, so the
ticket, the daftar hadir and the certificate never show an empty box.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bimtek import pdf_fonts


def text_normalise(raw: str | None) -> str:
    """NFKC, with runs of whitespace collapsed to one space and the ends trimmed."""
    if not raw:
        return ""
    return " ".join(unicodedata.normalize("NFKC", str(raw)).split())


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".strip()


def printable_validate(text: str) -> None:
    """Raise ValidationError (code ``unprintable``) naming the first character
    of ``text`` that no font of the PDFs can print."""
    missing = pdf_fonts.unprintable(text)
    if missing:
        char = missing[0]
        raise ValidationError(
            _(
                "The character “%(char)s” (%(code)s) cannot be printed on tickets and "
                "certificates. Please write the name without it."
            ),
            code="unprintable",
            params={"char": char if char.isprintable() else "", "code": _describe(char)},
        )


def name_clean(raw: str | None) -> str:
    """The normalised text, or ValidationError when it cannot be printed."""
    text = text_normalise(raw)
    printable_validate(text)
    return text
