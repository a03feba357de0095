class OutboxError(Exception):
    """A refused outbox operation, with a machine-readable ``code``.

    (The outbox sits below bimtek, so it cannot derive from
    ``bimtek.errors.DomainError``; it has the same shape.)"""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return str(self.message)
