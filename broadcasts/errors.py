from bimtek.errors import DomainError


class BroadcastError(DomainError):
    """A refused message to registrants (unknown placeholder, nobody chosen…)."""
