"""The certificate panel on each ticket of "My tickets" (participants.extensions)."""

from certificates import messages as texts_for
from certificates import selectors
from participants.extensions import panel_registrations
from participants.models import Registration
from participants.models.registrations import RegistrationStatus

_CACHE = "_certificate_ticket_panels"


def ticket_panel_context(request, registration: Registration) -> dict | None:
    """Attendance progress, why not yet eligible, the download button (as
    ``selectors.certificate_availability`` decides). The first panel of a
    page computes every ticket of the user at once, so the page costs the
    same queries whatever the number of tickets."""
    if registration.status != RegistrationStatus.APPROVED:
        return None
    cache = getattr(request, _CACHE, None)
    if cache is None or registration.pk not in cache:
        registrations = panel_registrations(request, registration)
        cache = selectors.ticket_certificates(registrations)
        setattr(request, _CACHE, cache)
    availability = cache[registration.pk]
    progress = availability.progress
    return {
        "registration": registration,
        "availability": availability,
        "progress": progress,
        "summary": texts_for.progress_summary(progress),
        "reason": texts_for.reason_message(progress, registration.role),
        "certificate": availability.certificate,
        "revoked": availability.revoked_certificate,
    }
