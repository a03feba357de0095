"""Ticket tokens: what a ticket's QR code holds.

160 random bits written in RFC 4648 base32 without padding: 32 characters
from A–Z and 2–7. The alphabet is QR "alphanumeric" mode (a smaller, easier to
scan code) and survives keyboard-wedge scanners, which type what they read
and may flip the letter case; we compare in upper case. A token never holds an
id or personal data (design brief contract); see docs/tokens.md.
"""

import base64
import hashlib
import re
import secrets

from django.utils.crypto import salted_hmac

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


# --- Offline door rosters ------------------------------------------------------
# A door device keeps a list of an event's tickets to judge scans without a
# network. It never holds the tokens: only SHA-256 of a per-event salt and the
# token, cut to 128 bits (docs/offline.md). The device hashes what it scans
# the same way and looks the hash up.
ROSTER_HASH_LENGTH = 32  # hex characters: 128 bits


def roster_salt(event_id: int) -> str:
    """The event's salt for roster hashes: derived from SECRET_KEY, so it is
    stable without being stored, differs between events, and changes (making
    devices download the roster afresh) when the key is rotated."""
    return salted_hmac("participants.roster", str(event_id)).hexdigest()[:32]


def roster_token_hash(salt: str, token: str) -> str:
    return hashlib.sha256((salt + token).encode("ascii")).hexdigest()[:ROSTER_HASH_LENGTH]
