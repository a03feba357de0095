"""wa.me click-to-chat links: the organiser's own WhatsApp opens with the
message filled in, for one person at a time."""

from urllib.parse import quote

from django.core.exceptions import ValidationError

from participants.phones import phone_normalise


def wa_number(phone: str) -> str:
    """The digits wa.me wants (6281234567890), "" when not a valid number."""
    try:
        return phone_normalise(phone).lstrip("+")
    except ValidationError:
        return ""


def wa_link(phone: str, text: str) -> str:
    number = wa_number(phone)
    return f"https://wa.me/{number}?text={quote(text, safe='')}" if number else ""
