"""What the door is told, in the staff's language: the API maps each result
and reason code of a check-in answer to a headline and a detail line."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bimtek import formatting
from participants.models.checkins import ScanResult
from participants.models.registrations import RegistrationRole, RegistrationStatus
from participants.services.checkins import CheckInAnswer


def answer_texts(answer: CheckInAnswer, *, tz) -> tuple[str, str]:
    """(headline, detail) for the full-screen answer on the scanner."""
    result, reason = answer.result, answer.reason
    if result == ScanResult.OK:
        headline = pgettext("door answer", "Welcome")
        if answer.role and answer.role != RegistrationRole.PARTICIPANT:
            return headline, RegistrationRole(answer.role).label
        return headline, ""
    if result == ScanResult.ALREADY_CHECKED_IN:
        time = _time(answer.checked_in_at, tz) if answer.checked_in_at else ""
        if answer.checked_in_by:
            detail = _("First checked in at %(time)s by %(staff)s.") % {
                "time": time,
                "staff": answer.checked_in_by,
            }
        else:
            detail = _("First checked in at %(time)s.") % {"time": time}
        return _("Already checked in"), detail
    if result == ScanResult.INVALID:
        if reason == "reissued":
            return _("Ticket replaced"), _(
                "This ticket was reissued; ask for the newest ticket in “My tickets”."
            )
        if reason == "malformed":
            return _("Not a Bimtek ticket"), _("This code is not a ticket of this system.")
        return _("Unknown ticket"), _("No registration has this code.")
    if result == ScanResult.NOT_APPROVED:
        details = {
            RegistrationStatus.PENDING: _("The registration is still awaiting approval."),
            RegistrationStatus.WAITLISTED: _("This person is on the waiting list."),
            RegistrationStatus.REJECTED: _("The registration was rejected."),
            RegistrationStatus.CANCELLED: _("The registration was cancelled."),
        }
        return _("Not admitted"), details.get(reason, _("The registration is not approved."))
    if result == ScanResult.WRONG_EVENT:
        return _("Other event"), _("This ticket is for “%(event)s”.") % {
            "event": answer.event_title
        }
    if result == ScanResult.OUTSIDE_WINDOW:
        if reason == "too_early" and answer.window_opens_at:
            return _("Check-in not open yet"), _("Check-in opens at %(time)s.") % {
                "time": _time(answer.window_opens_at, tz)
            }
        if answer.window_closes_at:
            return _("Check-in closed"), _("Check-in closed at %(time)s.") % {
                "time": _time(answer.window_closes_at, tz)
            }
        return _("Check-in closed"), ""
    return result, ""


def _time(value, tz) -> str:
    text = formatting.format_time(value, tz=tz)
    abbreviation = formatting.zone_abbreviation(tz)
    return f"{text} {abbreviation}" if abbreviation else text
