"""Extension points through which higher apps add to participants' pages.

participants never imports certificates; certificates registers here from
its ``integrations.register()`` (an ``accounts.registry.Registry``):

* ``ticket_panels``: sections of a participant's ticket (e.g. attendance
  progress and the certificate download). Each panel is a template rendered
  with the context its ``context`` function returns, or skipped when that
  function returns None.
"""

from collections.abc import Callable
from dataclasses import dataclass

from accounts.registry import Registry


@dataclass(frozen=True)
class TicketPanel:
    key: str
    template_name: str
    # (request, registration) -> template context, or None to show nothing
    context: Callable[..., dict | None]
    order: int = 100


ticket_panels: Registry[TicketPanel] = Registry("ticket_panels")
