from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from participants.extensions import ticket_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def render_ticket_panels(context, registration) -> str:
    """{% render_ticket_panels registration %}: the panels other apps add to a ticket."""
    request = context["request"]
    parts = []
    for panel in ticket_panels.all():
        panel_context = panel.context(request, registration)
        if panel_context is not None:
            parts.append(render_to_string(panel.template_name, panel_context, request=request))
    return mark_safe("".join(parts))  # each part is a rendered, autoescaped template
