"""Extension points through which higher apps add to certificate eligibility.

certificates never imports the apps above it; they register here from their
``integrations.register()`` (an ``accounts.registry.Registry``):

* ``eligibility_steps``: one more thing a person must have done before their
  certificate (an evaluation, a post-test with a minimum score). Each step's
  ``states(event, registrations)`` answers ``{registration id: StepState}``
  for the registrations it applies to (at most a few queries for all of
  them); a registration absent from the answer is not concerned by the step.
  An attendance that meets the rule is not enough while a step is not done;
  an organiser's exception ("granted") still decides alone.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise

from accounts.registry import Registry


@dataclass(frozen=True)
class StepState:
    label: str | Promise  # "Event evaluation"
    done: bool
    detail: str | Promise = ""  # "Score 60, at least 70 needed"


@dataclass(frozen=True)
class EligibilityStep:
    key: str
    # (registrations) -> {registration id: StepState}
    states: Callable[..., dict[int, StepState]]
    order: int = 100


eligibility_steps: Registry[EligibilityStep] = Registry("eligibility_steps")


def step_states(registrations: Sequence) -> dict[int, tuple[StepState, ...]]:
    """Every registered step's state of each registration."""
    result: dict[int, list[StepState]] = {}
    if not registrations:
        return {}
    for step in eligibility_steps.all():
        for registration_id, state in step.states(registrations).items():
            result.setdefault(registration_id, []).append(state)
    return {key: tuple(states) for key, states in result.items()}
