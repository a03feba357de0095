from bimtek.errors import DomainError


class SpjError(DomainError):
    """A refused change to an event's accountability pack (speakers, rates,
    templates); ``code`` is machine-readable."""
