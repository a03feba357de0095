class RegistrationError(Exception):
    """A refused change to a participant, registration, invitation or import.

    ``code`` is machine-readable (tests assert it, views map it to a message);
    ``message`` is already in the user's language. The codes are listed in
    docs/registration.md."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


class CheckInError(RegistrationError):
    """A door request that cannot be judged (not a refused scan: those are
    answers, see participants.services.checkins). Codes: ``reason_required``,
    ``client_id_reused``, ``not_found``, ``undo_expired``, ``window_invalid``."""
