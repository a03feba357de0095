"""Verification codes: what the QR code on a certificate points to.

20 characters drawn with ``secrets`` from the RFC 4648 base32 alphabet (A–Z,
2–7): 100 random bits, unguessable. Printed in groups of four
(``ABCD-EFGH-…``) for people who type it; the lookup accepts lower case,
spaces and hyphens. See docs/certificates.md.
"""

import re
import secrets

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CODE_LENGTH = 20  # 20 × 5 bits = 100 bits
_CODE_RE = re.compile(rf"^[A-Z2-7]{{{CODE_LENGTH}}}$")


def new_verification_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: object) -> str | None:
    """The canonical code, or None when the input cannot be one."""
    if not isinstance(raw, str) or len(raw) > 64:
        return None
    candidate = re.sub(r"[\s-]", "", raw).upper()
    return candidate if _CODE_RE.match(candidate) else None


def group_code(code: str) -> str:
    """ "ABCDEFGH…" -> "ABCD-EFGH-…" for print."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
