class EventError(Exception):
    """A refused change to an event or its agenda. ``code`` is machine-readable;
    views turn the message into a user message, tests assert the code."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
