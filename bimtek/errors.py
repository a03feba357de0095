class EventError(Exception):
    """A refused change to an event, its agenda, its door staff or an institution.

    ``code`` is machine-readable (tests assert it, views may map it); ``field``
    names the form field the message belongs to, when there is one, so a form
    can show it next to that field.
    """

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
