"""The HTML of Django's and django-bootstrap5's form templates, written in
Python: the same bytes, without a template render per widget (docs/profile.md,
"The sign-up form"). Each writer takes the ``widget`` dict of a widget's
``get_context`` and prints what its template prints; tests/bimtek/
test_field_renderer.py compares them with the templates, byte for byte.

``widget_html`` renders a bound field's widget as ``BoundField.as_widget``
does, or returns None when the widget is not one of the plain cases (a widget
with its own template or ``render``, another form renderer): the caller then
lets Django render it."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import Input
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django_bootstrap5.css import merge_css_classes
from django_bootstrap5.templatetags.django_bootstrap5 import (
    bootstrap_server_side_validation_class,
)
from django_bootstrap5.text import text_value

_WIDGETS = "django/forms/widgets/"
# The templates that are only {% include "django/forms/widgets/input.html" %}.
INPUT_TEMPLATES = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
TEXTAREA_TEMPLATE = f"{_WIDGETS}textarea.html"
SELECT_TEMPLATE = forms.Select.template_name
SELECT_OPTION_TEMPLATE = forms.Select.option_template_name
BOOTSTRAP_CHOICES_TEMPLATE = "django_bootstrap5/widgets/radio_select.html"


def text(value) -> str:
    """As ``{{ value }}`` prints it (localized, then escaped unless safe)."""
    value = localize(value)
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def formatted(value) -> str:
    """As ``{{ value|stringformat:'s' }}`` prints it."""
    if isinstance(value, tuple):
        value = str(value)
    text_ = "%s" % value  # noqa: UP031 (the filter's own formatting)
    return conditional_escape(mark_safe(text_) if isinstance(value, SafeData) else text_)


def attrs_html(attrs: dict, skip: str = "") -> str:
    """As django/forms/widgets/attrs.html prints them (``skip``: a name left out,
    as bootstrap's choice template leaves out "class")."""
    parts = []
    for name, value in attrs.items():
        if value is False or name == skip:
            continue
        parts.append(f" {text(name)}" if value is True else f' {text(name)}="{formatted(value)}"')
    return "".join(parts)


def input_html(widget: dict) -> str:
    value = widget["value"]
    value_html = "" if value is None else f' value="{formatted(value)}"'
    return (
        f'<input type="{text(widget["type"])}" name="{text(widget["name"])}"'
        f"{value_html}{attrs_html(widget['attrs'])}>"
    )


def textarea_html(widget: dict) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{text(widget["name"])}"{attrs_html(widget["attrs"])}>\n'
        f"{text(value) if value else ''}</textarea>"
    )


def select_html(widget: dict) -> str:
    parts = [f'<select name="{text(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{formatted(option["value"])}"{attrs_html(option["attrs"])}>'
                f"{text(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def bootstrap_choices_html(widget: dict) -> str:
    """django_bootstrap5/widgets/radio_select.html (radios and checkboxes)."""
    attrs = widget["attrs"]
    input_class = merge_css_classes(
        "form-check-input", bootstrap_server_side_validation_class(widget)
    )
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{text(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{text(attrs["class"])}"')
    parts.append(">\n    ")
    for group, options, _index in widget["optgroups"]:
        parts.append("\n        ")
        if group:
            parts.append(f"\n            <div>{text(group)}</div>")
        parts.append("\n        ")
        for option in options:
            value = option["value"]
            value_html = "" if value is None else f' value="{formatted(value)}"'
            option_id = option["attrs"].get("id")
            parts.append(
                f'\n            <div class="form-check">\n'
                f'                <input class="{text(input_class)}"\n'
                f'                       type="{text(option["type"])}"\n'
                f'                       name="{text(option["name"])}"\n'
                f"                        {value_html}\n"
                f"                        {attrs_html(option['attrs'], skip='class')}>\n"
                f'                <label class="form-check-label" for="'
                f'{"" if option_id is None else text(option_id)}">{text(option["label"])}</label>\n'
                f"            </div>\n        "
            )
        parts.append("\n    ")
    parts.append("\n</div>")
    return "".join(parts)


def label_html(content, label_for, label_class) -> str:
    """django_bootstrap5.forms.render_label (flatatt sorts: class, then for)."""
    attrs = f' class="{conditional_escape(label_class)}"' if label_class else ""
    if label_for:
        attrs += f' for="{conditional_escape(label_for)}"'
    return f"<label{attrs}>{conditional_escape(text_value(content))}</label>"


def help_text_html(help_text: str, auto_id) -> str:
    """django_bootstrap5/field_help_text.html (help_text: safe, as the template's |safe)."""
    if not help_text:
        return ""
    return f'<div id="{text(f"{auto_id}_helptext")}" class="form-text">{help_text}</div>\n'


def errors_html(errors: list, auto_id) -> str:
    """django_bootstrap5/field_errors.html (errors: escaped already)."""
    if not errors:
        return ""
    items = "".join(
        f'\n            <div class="invalid-feedback d-block">{text(error)}</div>\n        '
        for error in errors
    )
    return f'\n    <div id="{text(auto_id)}_error" class="w-100">\n        {items}\n    </div>\n\n'


def _writer(widget):
    template = widget.template_name
    if isinstance(widget, Input) and template in INPUT_TEMPLATES:
        return input_html
    if isinstance(widget, forms.Textarea) and template == TEXTAREA_TEMPLATE:
        return textarea_html
    if (
        isinstance(widget, forms.Select)
        and template == SELECT_TEMPLATE
        and widget.option_template_name == SELECT_OPTION_TEMPLATE
    ):
        return select_html
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)) and (
        template == BOOTSTRAP_CHOICES_TEMPLATE
    ):
        return bootstrap_choices_html
    return None


def _plain(widget) -> bool:
    """Rendered by Django's ``Widget.render``, or by a ``render`` that says it
    prints the same HTML (its class's ``django_html_render``, as FastSelect)."""
    kind = type(widget)
    return kind._render is forms.Widget._render and (
        kind.render is forms.Widget.render
        or kind.render is getattr(kind, "django_html_render", None)
    )


def widget_html(bound: forms.BoundField, attrs: dict) -> str | None:
    """``bound.as_widget(attrs=attrs)`` for the plain cases; else None."""
    widget = bound.field.widget
    writer = _writer(widget)
    if writer is None or not _plain(widget) or type(bound.form.renderer) is not DjangoTemplates:
        return None
    if bound.field.localize:
        widget.is_localized = True
    attrs = bound.build_widget_attrs(attrs, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context = widget.get_context(bound.html_name, bound.value(), attrs)
    return mark_safe(writer(context["widget"]))  # every part escaped by the writer
