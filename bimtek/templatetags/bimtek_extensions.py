"""Template tags that render what higher apps registered in bimtek.extensions."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from bimtek import extensions

register = template.Library()


@register.simple_tag(takes_context=True)
def event_menu(context, event) -> list:
    """{% event_menu event as links %}: [(EventLink, url), …] this user may open."""
    return extensions.links_for(context["request"].user, event)


@register.simple_tag(takes_context=True)
def render_event_panels(context, event) -> str:
    """{% render_event_panels event %}: the public event page's panels."""
    request = context["request"]
    parts = []
    for panel in extensions.event_public_panels.all():
        panel_context = panel.context(request, event)
        if panel_context is not None:
            parts.append(render_to_string(panel.template_name, panel_context, request=request))
    return mark_safe("".join(parts))  # each part is a rendered, autoescaped template
