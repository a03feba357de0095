class CertificateError(Exception):
    """A refused certificate operation; ``code`` is machine-readable (views map
    it to a message, tests assert it)."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
