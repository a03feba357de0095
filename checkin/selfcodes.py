"""The projector's rotating code: an HMAC of the session, a time step and a
server secret (docs/selfcheckin.md).

Nothing is stored: the projector asks for the code of the current step, the
participant's phone brings back the step and its MAC, and the server checks
them by computing the MAC again. The current and the previous step are
accepted (a phone that read the code just before it changed, plus the trip
to the server); anything older is refused, so a photo of the code sent to a
friend is useless once the code has changed twice.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "checkin.selfcodes"
MAC_LENGTH = 16  # hex digits: 64 bits, for a code that lives 20 seconds
ACCEPTED_STEPS = 2  # the current step and the one before it


class CodeState:
    VALID = "valid"
    EXPIRED = "expired"  # a real code, older than the previous step
    FORGED = "forged"  # no code of ours (or of another session)


def _secret() -> str:
    return settings.SELF_CHECKIN_SECRET or settings.SECRET_KEY


def current_step(*, rotation_seconds: int, now: float | None = None) -> int:
    return int((time.time() if now is None else now) // rotation_seconds)


def code_mac(*, session_id: int, step: int, rotation_seconds: int) -> str:
    message = f"{session_id}:{rotation_seconds}:{step}"
    return salted_hmac(SALT, message, secret=_secret(), algorithm="sha256").hexdigest()[:MAC_LENGTH]


@dataclass(frozen=True)
class ProjectorCode:
    """The code to show now: its path, and how long it stays on the screen."""

    step: int
    path: str
    seconds_left: float


def projector_code(*, session_id: int, rotation_seconds: int, now: float | None = None):
    now = time.time() if now is None else now
    step = current_step(rotation_seconds=rotation_seconds, now=now)
    mac = code_mac(session_id=session_id, step=step, rotation_seconds=rotation_seconds)
    path = reverse(
        "checkin:self_checkin", kwargs={"session_id": session_id, "step": step, "mac": mac}
    )
    return ProjectorCode(step=step, path=path, seconds_left=(step + 1) * rotation_seconds - now)


def code_check(
    *, session_id: int, step: int, mac: str, rotation_seconds: int, now: float | None = None
) -> str:
    """CodeState of a code brought back by a phone."""
    if not isinstance(mac, str) or len(mac) != MAC_LENGTH:
        return CodeState.FORGED
    expected = code_mac(session_id=session_id, step=step, rotation_seconds=rotation_seconds)
    if not constant_time_compare(expected, mac.lower()):
        return CodeState.FORGED
    age = current_step(rotation_seconds=rotation_seconds, now=now) - step
    if 0 <= age < ACCEPTED_STEPS:
        return CodeState.VALID
    return CodeState.EXPIRED
