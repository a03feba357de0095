class DomainError(Exception):
    """A refused change, raised by a service: every app's error derives from it.

    ``code`` is machine-readable (tests assert it, views and the API map it);
    ``message`` is already in the user's language; ``field`` names the form
    field the message belongs to, when there is one, so a form shows it next to
    that field (``bimtek.forms.ServiceErrorMixin``).
    """

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class EventError(DomainError):
    """A refused change to an event, its agenda, its door staff or an institution."""
