"""What the door is told, in the staff's language: the API maps each result
and reason code of a check-in answer to a headline and a detail line.

The scanner page gets the same words (``answer_words``) to answer scans it
judges itself while offline exactly as the server would (docs/offline.md)."""

from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from bimtek import formatting
from checkin.models.checkins import ScanResult
from checkin.services.attempts import DOUBLE_ADMISSION, CheckInAnswer
from participants.models.registrations import RegistrationRole, RegistrationStatus

# answer_words() per language: translating its ~25 strings for every scan
# cost ~0.2 ms of CPU, several per cent of a scan (docs/benchmarks.md).
_WORDS: dict[str, dict] = {}


def answer_words() -> dict:
    """Every headline and detail of a door answer, in the active language;
    ``%(name)s`` placeholders are filled in by whoever answers. The dict is
    shared: read it, do not change it."""
    language = get_language() or ""
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = _translated_words()
    return words


def _translated_words() -> dict:
    return {
        "welcome": pgettext("door answer", "Welcome"),
        "roles": {
            role.value: str(role.label)
            for role in RegistrationRole
            if role != RegistrationRole.PARTICIPANT
        },
        "already": _("Already checked in"),
        "firstAtBy": _("First checked in at %(time)s by %(staff)s."),
        "firstAt": _("First checked in at %(time)s."),
        "doubleAdmission": _(
            "Also admitted at another door while offline; the organiser has been told."
        ),
        "reissuedTitle": _("Ticket replaced"),
        "reissued": _("This ticket was reissued; ask for the newest ticket in “My tickets”."),
        "malformedTitle": _("Not a Bimtek ticket"),
        "malformed": _("This code is not a ticket of this system."),
        "unknownTitle": _("Unknown ticket"),
        "unknown": _("No registration has this code."),
        "notAdmitted": _("Not admitted"),
        "statuses": {
            RegistrationStatus.PENDING.value: _("The registration is still awaiting approval."),
            RegistrationStatus.WAITLISTED.value: _("This person is on the waiting list."),
            RegistrationStatus.REJECTED.value: _("The registration was rejected."),
            RegistrationStatus.CANCELLED.value: _("The registration was cancelled."),
        },
        "notApproved": _("The registration is not approved."),
        "otherEventTitle": _("Other event"),
        "otherEvent": _("This ticket is for “%(event)s”."),
        "tooEarlyTitle": _("Check-in not open yet"),
        "tooEarly": _("Check-in opens at %(time)s."),
        "tooEarlyDay": _("Check-in opens on %(day)s at %(time)s."),
        # The day, written as bimtek.formatting writes it, for the device's
        # own answers ("Senin, 8 Juli 2019").
        "weekdays": formatting.WEEKDAYS[_calendar_language()],
        "months": formatting.MONTHS[_calendar_language()],
        "closedTitle": _("Check-in closed"),
        "closed": _("Check-in closed at %(time)s."),
    }


def _calendar_language() -> str:
    return "en" if (get_language() or "").startswith("en") else "id"


def answer_texts(answer: CheckInAnswer, *, tz) -> tuple[str, str]:
    """(headline, detail) for the full-screen answer on the scanner."""
    words = answer_words()
    result, reason = answer.result, answer.reason
    if result == ScanResult.OK:
        if reason == DOUBLE_ADMISSION:
            return words["welcome"], words["doubleAdmission"]
        return words["welcome"], words["roles"].get(answer.role, "")
    if result == ScanResult.ALREADY_CHECKED_IN:
        time = _time(answer.checked_in_at, tz) if answer.checked_in_at else ""
        if answer.checked_in_by:
            detail = words["firstAtBy"] % {"time": time, "staff": answer.checked_in_by}
        else:
            detail = words["firstAt"] % {"time": time}
        return words["already"], detail
    if result == ScanResult.INVALID:
        if reason == "reissued":
            return words["reissuedTitle"], words["reissued"]
        if reason == "malformed":
            return words["malformedTitle"], words["malformed"]
        return words["unknownTitle"], words["unknown"]
    if result == ScanResult.NOT_APPROVED:
        return words["notAdmitted"], words["statuses"].get(reason, words["notApproved"])
    if result == ScanResult.WRONG_EVENT:
        return words["otherEventTitle"], words["otherEvent"] % {"event": answer.event_title}
    if result == ScanResult.OUTSIDE_WINDOW:
        if reason == "too_early" and answer.window_opens_at:
            time = _time(answer.window_opens_at, tz)
            if _same_day(answer.window_opens_at, answer.scanned_at, tz):
                return words["tooEarlyTitle"], words["tooEarly"] % {"time": time}
            day = formatting.format_date(answer.window_opens_at, tz=tz)
            return words["tooEarlyTitle"], words["tooEarlyDay"] % {"day": day, "time": time}
        if answer.window_closes_at:
            return words["closedTitle"], words["closed"] % {
                "time": _time(answer.window_closes_at, tz)
            }
        return words["closedTitle"], ""
    return result, ""


def _same_day(value, other, tz) -> bool:
    """Whether two moments fall on one calendar day at the venue; a scan
    with no time of its own is taken as now."""
    other = other or timezone.now()
    return timezone.localtime(value, tz).date() == timezone.localtime(other, tz).date()


def _time(value, tz) -> str:
    text = formatting.format_time(value, tz=tz)
    abbreviation = formatting.zone_abbreviation(tz)
    return f"{text} {abbreviation}" if abbreviation else text
