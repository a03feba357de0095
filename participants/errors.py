class RegistrationError(Exception):
    """A refused registration change; ``code`` is machine-readable."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
