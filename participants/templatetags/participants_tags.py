from django import template

from bimtek import extensions

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    """{{ entry.action|audit_action }}: "registration.reissue" -> "Ticket reissued"."""
    return extensions.audit_action_label(code)
