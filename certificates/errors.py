from bimtek.errors import DomainError


class CertificateError(DomainError):
    """A refused certificate operation; ``code`` is machine-readable (views map
    it to a message, tests assert it)."""
