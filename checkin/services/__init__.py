"""Writes of the door: ``attempts`` (what every attempt shares), ``scan``
(judged now), ``offline`` (judged on a device, reconciled), ``batch`` (the
API's entry points), ``corrections`` (undo, conflicts, window overrides),
``devices`` (API keys) and ``roster`` (offline roster downloads)."""
