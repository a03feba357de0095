from bimtek.errors import DomainError


class EvaluationError(DomainError):
    """A refused questionnaire or answer operation; ``code`` is machine-readable
    (views map it to a message, tests assert it)."""
