"""Mobile numbers, normalised with the phonenumbers library.

People write Indonesian numbers as 0812-3456-7890, 62812 3456 7890 or
+62 812-3456-7890; all of them are stored as +6281234567890 (E.164). Numbers
of other countries are accepted in international form (+65…) and stored as
E.164 too.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def phone_invalid(text: str) -> ValidationError:
    """The one refusal of a number that is not one, whatever was typed
    ("abc", "12", a pasted paragraph), on every form and import: what was
    typed and how to write it."""
    shown = text if len(text) <= 40 else text[:40] + "…"
    return ValidationError(
        _("%(value)s is not a valid phone number. Write it like 0812-3456-7890."),
        code="phone_invalid",
        params={"value": shown},
    )


def phone_normalise(raw: str | None) -> str:
    """The number in E.164 form ("" when empty); ValidationError when it is not
    a valid mobile number."""
    text = (raw or "").strip()
    if not text:
        return ""
    if len(text) > 40:
        raise phone_invalid(text)
    compact = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    # "62812…" without the plus is an Indonesian number in international form.
    if compact.startswith("62") and not compact.startswith("+"):
        compact = "+" + compact
    try:
        number = phonenumbers.parse(compact or text, "ID")
    except phonenumbers.NumberParseException as error:
        raise phone_invalid(text) from error
    if not phonenumbers.is_valid_number(number):
        raise phone_invalid(text)
    if number.country_code == 62 and phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(
            _("%(value)s is not an Indonesian mobile number (they start with 08)."),
            code="phone_not_mobile",
            params={"value": text},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(value: str) -> str:
    """+6281234567890 -> "+62 812-3456-7890" (international format)."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone_local(value: str) -> str:
    """+6281234567890 -> "0812-3456-7890", as Indonesian reports write it; other
    countries' numbers in international form."""
    if not value:
        return ""
    if value.startswith("+628") and value[1:].isdigit():
        # Indonesian mobile numbers (stored normalised): 0812-3456-7890, without
        # asking phonenumbers 10,000 times for an export.
        local = "0" + value[3:]
        return f"{local[:4]}-{local[4:8]}-{local[8:]}"
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException:
        return value
    if number.country_code == 62:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
