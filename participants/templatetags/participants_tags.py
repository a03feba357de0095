from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

AUDIT_ACTIONS = {
    "registration.create": _("Registered"),
    "registration.approve": _("Approved"),
    "registration.reject": _("Rejected"),
    "registration.cancel": _("Cancelled"),
    "registration.promote": _("Moved from the waiting list to a seat"),
    "registration.reissue": _("Ticket reissued"),
    "registration.resend": _("E-mail sent again"),
}


@register.filter
def audit_action(code: str) -> str:
    """{{ entry.action|audit_action }}: "registration.reissue" -> "Ticket reissued"."""
    return str(AUDIT_ACTIONS.get(code, code))
