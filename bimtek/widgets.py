"""Form widgets that render the same HTML as Django's, with less CPU.

``FastSelect`` is ``forms.Select`` writing its options in Python: Django's
select template includes a template per option, and on the sign-up form
(institutions and ranks grouped, ~150 options) those includes were the
largest single cost of the page (docs/profile.md). The HTML is exactly what
``forms.Select`` renders (tests/bimtek/test_widgets.py compares them);
a subclass that changes the templates gets Django's rendering."""

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django_bootstrap5 import renderers as _bootstrap

_SELECT = forms.Select.template_name
_OPTION = forms.Select.option_template_name


def _text(value) -> str:
    """As ``{{ value }}`` prints it (localized, then escaped unless safe)."""
    value = localize(value)
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _format(value) -> str:
    """As ``{{ value|stringformat:'s' }}`` prints it."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % value  # noqa: UP031 (the filter's own formatting)
    return conditional_escape(mark_safe(text) if isinstance(value, SafeData) else text)


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html prints them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_format(value)}"')
    return "".join(parts)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        if self.template_name != _SELECT or self.option_template_name != _OPTION:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{_format(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{_text(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part escaped above


class FieldRenderer(_bootstrap.FieldRenderer):
    """django-bootstrap5's field renderer without the green "valid" mark: after
    a refused submit only the refused fields are marked, in red. (A green tick
    on the others reads as "accepted", yet nothing was saved.)"""

    def get_server_side_validation_classes(self):
        return "is-invalid" if self.field_errors else ""
