"""How each channel sends one delivery: ``send(delivery, ...)`` returns the
provider's id (or "") or raises ``SendError``."""


class SendError(Exception):
    """A delivery that could not be sent. ``bounced``: the address itself was
    refused (a hard bounce), so nothing more is sent to it. ``temporary``:
    surely not sent, and worth trying again later (the mail server could not
    be reached, or answered 4xx); an automatic delivery is retried by itself."""

    def __init__(self, message: str, *, bounced: bool = False, temporary: bool = False) -> None:
        super().__init__(message)
        self.bounced = bounced
        self.temporary = temporary
