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
