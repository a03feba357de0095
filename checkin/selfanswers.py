"""What a participant is told after a self check-in, in their language: the
door's own headline and detail for each answer (``checkin.api.messages``),
and the answers only self check-in has (a code that changed, self check-in
off, too many attempts). Shown full screen in green, amber or red."""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from checkin.api.messages import answer_texts
from checkin.models.checkins import ScanResult
from checkin.services.attempts import CheckInAnswer


class SelfRefusal:
    """Answers given before anything is judged (nothing is logged)."""

    CODE_EXPIRED = "code_expired"
    CODE_INVALID = "code_invalid"
    DISABLED = "disabled"
    RATE_LIMITED = "rate_limited"
    SIGN_IN_EXPIRED = "sign_in_expired"
    LOCATION_MISSING = "location_missing"
    LOCATION_FAR = "location_far"
    TRY_AGAIN = "try_again"


# What a check-in refused by the service (``CheckInError``) shows, by its code;
# any other code (a conflict when a whole room scans at once) asks to try again.
LOCATION_REFUSALS = {
    "location_missing": SelfRefusal.LOCATION_MISSING,
    "location_far": SelfRefusal.LOCATION_FAR,
}


def error_refusal(code: str) -> str:
    return LOCATION_REFUSALS.get(code, SelfRefusal.TRY_AGAIN)


TONES = {ScanResult.OK: "ok", ScanResult.ALREADY_CHECKED_IN: "warn"}
ICONS = {
    "ok": "bi-check-circle-fill",
    "warn": "bi-exclamation-circle-fill",
    "error": "bi-x-octagon-fill",
}


@dataclass
class SelfAnswer:
    result: str
    headline: str
    detail: str = ""
    name: str = ""
    institution: str = ""
    session_title: str = ""

    @property
    def tone(self) -> str:
        return TONES.get(self.result, "error")

    @property
    def icon(self) -> str:
        return ICONS[self.tone]

    def to_data(self) -> dict:
        return asdict(self)

    @classmethod
    def from_data(cls, data: dict) -> "SelfAnswer":
        return cls(**{key: str(data.get(key, "")) for key in cls.__dataclass_fields__})


def refusal_answer(code: str, *, session_title: str = "") -> SelfAnswer:
    headline, detail = {
        SelfRefusal.CODE_EXPIRED: (
            _("The code has changed"),
            _("The code has changed; scan it again from the screen."),
        ),
        SelfRefusal.CODE_INVALID: (
            _("Not a check-in code"),
            _("This link is not a check-in code of this system."),
        ),
        SelfRefusal.DISABLED: (
            _("Self check-in is off"),
            _("This session does not use self check-in; check in at the door."),
        ),
        SelfRefusal.RATE_LIMITED: (
            _("Too many attempts"),
            _("Wait a minute, then scan the code on the screen again."),
        ),
        SelfRefusal.SIGN_IN_EXPIRED: (
            _("The code has changed"),
            _("Signing in took too long; scan the code on the screen again."),
        ),
        SelfRefusal.LOCATION_MISSING: (
            _("Location needed"),
            _(
                "Self check-in for this session needs your phone's location. Allow this "
                "site to read it and scan the code again, or check in at the door or the kiosk."
            ),
        ),
        SelfRefusal.LOCATION_FAR: (
            _("Not at the venue"),
            _(
                "Your phone is not near the venue, so you cannot check yourself in. "
                "Check in at the door or the kiosk."
            ),
        ),
        SelfRefusal.TRY_AGAIN: (
            _("Not recorded yet"),
            _("Too many check-ins arrived at once; try again in a moment."),
        ),
    }[code]
    return SelfAnswer(result=code, headline=headline, detail=detail, session_title=session_title)


class Via:
    """How the participant checked in: which answers they may see."""

    PHONE = "phone"  # the projector's code, signed in as themselves
    TICKET = "ticket"  # their ticket's code at a kiosk
    EMAIL = "email"  # an e-mail address typed at a kiosk


def self_answer(answer: CheckInAnswer, *, tz, session_title: str, via: str) -> SelfAnswer:
    """The door's answer as the participant sees it: their own name, never
    the door staff's; nobody's name or institution after an e-mail address
    typed at a kiosk (whoever typed it may not be its owner)."""
    if answer.result == ScanResult.INVALID and via == Via.PHONE:
        headline, detail = _("Not registered"), _("You have no registration for this event.")
    elif answer.result == ScanResult.INVALID and via == Via.EMAIL:
        headline = _("Not found")
        detail = _("No registration of this event has this e-mail address; ask the door staff.")
    else:
        if answer.result == ScanResult.ALREADY_CHECKED_IN:
            answer.checked_in_by = ""
        headline, detail = answer_texts(answer, tz=tz)
    person = via != Via.EMAIL and answer.result != ScanResult.INVALID
    return SelfAnswer(
        result=answer.result,
        headline=headline,
        detail=detail,
        name=answer.display_name if person else "",
        institution=answer.institution if person else "",
        session_title=session_title,
    )
