from bimtek.errors import DomainError


class RegistrationError(DomainError):
    """A refused change to a participant, registration, invitation or import.
    The codes are listed in docs/registration.md."""
