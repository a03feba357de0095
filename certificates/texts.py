"""Certificate texts with placeholders, and certificate numbers.

Texts use ``{name}``-style placeholders (Python format syntax restricted to
plain names; ``{{`` prints a brace). The number pattern accepts
``{seq}`` with an optional zero-padded width (``{seq:03}``), ``{roman_month}``,
``{month}``, ``{year}`` and ``{event_code}``. Both are checked when the
organiser saves the settings, so rendering never fails at issue time.

Certificates are Indonesian official documents: the default wording below is
Bahasa Indonesia whatever the interface language (it is data the organiser
edits, not an interface string).
"""

import datetime as dt
import re
import string

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

TEXT_PLACEHOLDERS = (
    "name",
    "nip",
    "pangkat",
    "jabatan",
    "institution",
    "role",
    "event",
    "organiser",
    "dates",
    "place",
    "city",
    "jp",
    "jp_total",
    "jp_attended",
)
NUMBER_PLACEHOLDERS = ("seq", "roman_month", "month", "year", "event_code")

# How {role} is printed (certificates are in Bahasa Indonesia).
ROLE_WORDS = {
    "peserta": "Peserta",
    "narasumber": "Narasumber",
    "moderator": "Moderator",
    "panitia": "Panitia",
}

DEFAULT_TITLE = "SERTIFIKAT"
DEFAULT_INTRO = "diberikan kepada:"
DEFAULT_SUBLINE = "{institution}"
DEFAULT_BODY = {
    "peserta": (
        "Atas partisipasinya sebagai {role} pada {event} yang diselenggarakan oleh "
        "{organiser} pada tanggal {dates} di {place}, selama {jp} jam pelajaran (JP)."
    ),
    "narasumber": (
        "Atas kesediaannya sebagai {role} pada {event} yang diselenggarakan oleh "
        "{organiser} pada tanggal {dates} di {place}."
    ),
    "moderator": (
        "Atas kesediaannya sebagai {role} pada {event} yang diselenggarakan oleh "
        "{organiser} pada tanggal {dates} di {place}."
    ),
    "panitia": (
        "Atas partisipasi dan dedikasinya sebagai {role} pada {event} yang diselenggarakan "
        "oleh {organiser} pada tanggal {dates} di {place}."
    ),
}
DEFAULT_NUMBER_PATTERN = "{seq:03}/SERT/BIMTEK/{roman_month}/{year}"

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
_SEQ_SPEC = re.compile(r"^0[1-9]$")


# The certificate prints eight lines of a body text (~100 characters each);
# the limit leaves room for placeholders and keeps every text's print time
# bounded (docs/security.md).
BODY_MAX_LENGTH = 1000
BODY_TOO_LONG = _(
    "At most %(limit_value)d characters: the certificate prints only eight lines of this "
    "text (this one has %(show_value)d)."
)


class BodyLengthValidator(MaxLengthValidator):
    message = BODY_TOO_LONG

    def __init__(self, limit_value=BODY_MAX_LENGTH, message=None):
        super().__init__(limit_value, message)


def roman_month(month: int) -> str:
    return _ROMAN[month - 1]


def _fields(text: str) -> list[tuple[str, str, str | None]]:
    """(name, format spec, conversion) of each placeholder; ValueError on broken braces."""
    return [
        (name, spec or "", conversion)
        for _literal, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    ]


def placeholder_help(names: tuple[str, ...]) -> str:
    return ", ".join("{" + name + "}" for name in names)


def validate_text(text: str) -> None:
    """Only the known placeholders, written plainly."""
    try:
        fields = _fields(text)
    except ValueError:
        raise ValidationError(
            _("Unbalanced braces. Write {{ and }} for a literal brace."), code="braces"
        ) from None
    unknown = sorted(
        {name or "{}" for name, spec, conversion in fields if name not in TEXT_PLACEHOLDERS}
        | {name for name, spec, conversion in fields if spec or conversion}
    )
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Allowed: %(allowed)s."),
            code="placeholder",
            params={
                "names": ", ".join(unknown),
                "allowed": placeholder_help(TEXT_PLACEHOLDERS),
            },
        )


def render_text(text: str, values: dict[str, object]) -> str:
    """Fill in a validated text; missing values print as nothing."""
    return text.format_map({name: values.get(name, "") for name in TEXT_PLACEHOLDERS})


def validate_number_pattern(pattern: str) -> None:
    try:
        fields = _fields(pattern)
    except ValueError:
        raise ValidationError(
            _("Unbalanced braces in the numbering pattern."), code="braces"
        ) from None
    names = [name for name, _spec, _conversion in fields]
    bad = sorted(
        {
            name or "{}"
            for name, spec, conversion in fields
            if name not in NUMBER_PLACEHOLDERS
            or conversion
            or (spec and (name != "seq" or not _SEQ_SPEC.match(spec)))
        }
    )
    if bad:
        raise ValidationError(
            _("Unknown placeholder in the numbering pattern: %(names)s. Allowed: %(allowed)s."),
            code="placeholder",
            params={
                "names": ", ".join(bad),
                "allowed": placeholder_help(NUMBER_PLACEHOLDERS) + ", {seq:03}",
            },
        )
    if names.count("seq") != 1:
        raise ValidationError(
            _("The numbering pattern must contain {seq} exactly once (e.g. {seq:03})."),
            code="seq",
        )


def render_number(pattern: str, *, seq: int, on: dt.date, event_code: str) -> str:
    return pattern.format(
        seq=seq,
        roman_month=roman_month(on.month),
        month=f"{on.month:02d}",
        year=on.year,
        event_code=event_code.upper(),
    )
