"""Extension points through which higher apps add to participants' pages.

participants never imports certificates; certificates registers here in its
``AppConfig.ready()``:

* ``ticket_panels``: sections of a participant's ticket (e.g. attendance
  progress and the certificate download). Each panel is a template rendered
  with the context its ``context`` function returns, or skipped when that
  function returns None.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TicketPanel:
    key: str
    template_name: str
    # (request, registration) -> template context, or None to show nothing
    context: Callable[..., dict | None]
    order: int = 100


_ticket_panels: dict[str, TicketPanel] = {}


def register_ticket_panel(panel: TicketPanel) -> None:
    _ticket_panels[panel.key] = panel


def ticket_panels() -> list[TicketPanel]:
    return sorted(_ticket_panels.values(), key=lambda p: (p.order, p.key))
