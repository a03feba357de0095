from bimtek.errors import DomainError


class CheckInError(DomainError):
    """A door request that cannot be judged (not a refused scan: those are
    answers, see checkin.services.scan). Codes: ``reason_required``,
    ``client_id_reused``, ``conflict``, ``not_found``, ``undo_expired``,
    ``window_invalid``; a self check-in refused by the venue's location check:
    ``location_missing``, ``location_far``."""
