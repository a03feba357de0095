"""Extension points through which higher apps add to participants' pages.

participants never imports certificates; certificates registers here from
its ``integrations.register()`` (an ``accounts.registry.Registry``):

* ``ticket_panels``: sections of a participant's ticket (e.g. attendance
  progress and the certificate download). Each panel is a template rendered
  with the context its ``context`` function returns, or skipped when that
  function returns None;
* ``ticket_agenda_marks``: what the ticket's agenda says about each session
  for this person (checkin: "Attended"). Each entry's ``marks(registration,
  sessions)`` returns {session id: a short text}; at most one query.
"""

from collections.abc import Callable
from dataclasses import dataclass

from accounts.registry import Registry


@dataclass(frozen=True)
class TicketPanel:
    key: str
    template_name: str
    # (request, registration) -> template context, or None to show nothing
    context: Callable[..., dict | None]
    order: int = 100


ticket_panels: Registry[TicketPanel] = Registry("ticket_panels")

_PAGE_REGISTRATIONS = "_ticket_panel_registrations"


class PageRegistrations(list):
    """The registrations of one page's panels, and ``memo``: what a panel's
    app read for all of them, kept for another panel of the same page (the
    evaluations' questionnaires serve the evaluation panel and the
    certificate step). Lives as long as the request."""

    def __init__(self, registrations=()) -> None:
        super().__init__(registrations)
        self.memo: dict = {}


def share_panel_registrations(request, registrations) -> None:
    """A view that has read its page's tickets (with their events) hands them
    to the panels, which then read none again."""
    setattr(request, _PAGE_REGISTRATIONS, PageRegistrations(registrations))


def panel_registrations(request, registration) -> PageRegistrations:
    """The registrations a panel computes at once: those the view shared
    (``share_panel_registrations``), else every ticket of the signed-in user
    (with its event); and ``registration``. Read once per request and shared
    by every panel, so a page of tickets costs one query for all panels
    together, whatever their number (none when the view shared its own)."""
    registrations = getattr(request, _PAGE_REGISTRATIONS, None)
    if registrations is None or registration.pk not in {r.pk for r in registrations}:
        from participants.models import Registration

        registrations = PageRegistrations()
        if request.user.is_authenticated:
            registrations.extend(
                Registration.objects.filter(participant__user=request.user).select_related("event")
            )
        if registration.pk not in {r.pk for r in registrations}:
            registrations.append(registration)
        setattr(request, _PAGE_REGISTRATIONS, registrations)
    return registrations


@dataclass(frozen=True)
class AgendaMarks:
    key: str
    # (registration, sessions) -> {session_id: short text}; at most one query
    marks: Callable[..., dict[int, str]]
    order: int = 100


ticket_agenda_marks: Registry[AgendaMarks] = Registry("ticket_agenda_marks")


def agenda_marks_for(registration, sessions) -> dict[int, list[str]]:
    """Every registered mark of each session, in the registries' order."""
    result: dict[int, list[str]] = {}
    for entry in ticket_agenda_marks.all():
        for session_id, text in entry.marks(registration, sessions).items():
            result.setdefault(session_id, []).append(str(text))
    return result


@dataclass(frozen=True)
class PersonalDataSection:
    """A part of a person's own data download ("My data"), from the app that
    holds it: check-ins, certificates."""

    key: str
    rows: Callable[..., list[dict]]  # (participant) -> JSON-ready rows
    order: int = 100


@dataclass(frozen=True)
class ErasureListener:
    """Erases what a higher app keeps about people (the door's scanned codes),
    inside the erasure's transaction; returns how many values it erased."""

    key: str
    # (*, registrations: QuerySet | None, events: QuerySet | None) -> int
    erase: Callable[..., int]
    order: int = 100


personal_data_sections: Registry[PersonalDataSection] = Registry("personal_data_sections")
erasure_listeners: Registry[ErasureListener] = Registry("erasure_listeners")
