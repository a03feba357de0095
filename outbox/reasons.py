"""Why a delivery failed, as stored in ``Delivery.error``: a fixed reason
(English, marked for translation with gettext_noop) and, after ": ", the
technical detail (the exception's text), which is not translated.

``describe`` splits a stored error into the reason in the reader's language
and the detail; an error that starts with no known reason (a provider's own
text) is all detail.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _noop

BOUNCED_BEFORE = _noop("address bounced before: not sent")
INTERRUPTED = _noop("interrupted: the worker stopped while sending; it may have arrived")
SERVER_UNREACHABLE = _noop("mail server unreachable")
NOT_WRITTEN = _noop("could not be written")
REFUSED_FOR_NOW = _noop("address refused for now")
REFUSED = _noop("address refused")
BOUNCED_LATER = _noop("bounced later")
NO_BUILDER = _noop("no builder is registered for it")
NO_MOBILE = _noop("no mobile number")
UNEXPECTED_ANSWER = _noop("unexpected answer from the API")
GAVE_UP = _noop("gave up after several attempts")
NOT_SENT = _noop("not sent")

# Longest first: "address refused for now" before "address refused".
REASONS = sorted(
    [
        BOUNCED_BEFORE,
        "address bounced before",  # rows written before the reasons had a home
        INTERRUPTED,
        SERVER_UNREACHABLE,
        NOT_WRITTEN,
        REFUSED_FOR_NOW,
        REFUSED,
        BOUNCED_LATER,
        NO_BUILDER,
        NO_MOBILE,
        UNEXPECTED_ANSWER,
        GAVE_UP,
    ],
    key=len,
    reverse=True,
)


def with_detail(reason: str, detail: str = "") -> str:
    """What is stored: the reason, then the detail after ": " (300 characters)."""
    return (f"{reason}: {detail}" if detail else reason)[:300]


def describe(error: str) -> tuple[str, str]:
    """(the reason in the active language, the technical detail)."""
    if not error:
        return "", ""
    for reason in REASONS:
        if error == reason:
            return gettext(BOUNCED_BEFORE if reason.startswith("address bounced") else reason), ""
        if error.startswith(reason + ": "):
            return gettext(reason), error[len(reason) + 2 :]
    return gettext(NOT_SENT), error
