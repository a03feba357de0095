"""Ticket tokens: what a ticket's QR code holds.

160 random bits written in RFC 4648 base32 without padding: 32 characters
from A–Z and 2–7. The alphabet is QR "alphanumeric" mode (a smaller, easier to
scan code) and survives keyboard-wedge scanners, which type what they read
and may flip the letter case; we compare in upper case. A token never holds an
id or personal data (design brief contract); see docs/tokens.md.
"""

import base64
import re
import secrets

TOKEN_BYTES = 20
TOKEN_LENGTH = 32
_TOKEN_RE = re.compile(r"^[A-Z2-7]{32}$")


def new_ticket_token() -> str:
    return base64.b32encode(secrets.token_bytes(TOKEN_BYTES)).decode("ascii")


def normalise_token(raw: object) -> str | None:
    """The token in canonical form, or None when it cannot be one of ours.

    Accepts what scanners produce: surrounding spaces or newlines, lower case.
    Anything else (other lengths, other characters, non-text) is None.
    """
    if not isinstance(raw, str) or len(raw) > 256:
        return None
    candidate = raw.strip().upper()
    return candidate if _TOKEN_RE.match(candidate) else None
