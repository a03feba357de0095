class RegistrationError(Exception):
    """A refused registration change; ``code`` is machine-readable."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class CheckInError(RegistrationError):
    """A door request that cannot be judged (not a refused scan: those are
    answers, see participants.services.checkins). Codes: ``reason_required``,
    ``client_id_reused``, ``not_found``, ``undo_expired``, ``window_invalid``."""
