"""The evaluation panel on each ticket of "My tickets" (participants.extensions)."""

from evaluations import selectors
from participants.extensions import panel_registrations
from participants.models import Registration
from participants.models.registrations import RegistrationRole, RegistrationStatus

_CACHE = "_evaluation_ticket_panels"


def ticket_panel_context(request, registration: Registration) -> dict | None:
    """The event's questionnaires with their state for this person; the
    first panel of a page reads every ticket of the user at once."""
    if (
        registration.status != RegistrationStatus.APPROVED
        or registration.role != RegistrationRole.PARTICIPANT
    ):
        return None
    cache = getattr(request, _CACHE, None)
    if cache is None or registration.pk not in cache:
        registrations = panel_registrations(request, registration)
        cache = selectors.todos_for(registrations)
        setattr(request, _CACHE, cache)
    todos = cache.get(registration.pk) or []
    if not todos:
        return None
    return {"registration": registration, "todos": todos}
