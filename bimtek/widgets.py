"""Form widgets and the field renderer, printing the same HTML as Django's
and django-bootstrap5's templates with less CPU.

``FastSelect`` is ``forms.Select`` writing its options in Python: Django's
select template includes a template per option, and on the sign-up form
(institutions and ranks grouped, ~150 options) those includes were the
largest single cost of the page (docs/profile.md). The HTML is exactly what
``forms.Select`` renders (tests/bimtek/test_widgets.py compares them);
a subclass that changes the templates gets Django's rendering.

``FieldRenderer`` (the ``BOOTSTRAP5`` setting, every ``{% bootstrap_field %}``
of the site) writes the common widgets, the label, the help text and the errors in
Python (bimtek.widget_html), byte for byte what the templates print
(tests/bimtek/test_field_renderer.py)."""

from django import forms
from django.utils.safestring import mark_safe
from django_bootstrap5 import renderers as _bootstrap

from bimtek import widget_html


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        if (
            self.template_name != widget_html.SELECT_TEMPLATE
            or self.option_template_name != widget_html.SELECT_OPTION_TEMPLATE
        ):
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        return mark_safe(widget_html.select_html(widget))  # every part escaped

    # The same HTML as Widget.render: the field renderer may write it itself.
    django_html_render = render


class FieldRenderer(_bootstrap.FieldRenderer):
    """django-bootstrap5's field renderer without the green "valid" mark: after
    a refused submit only the refused fields are marked, in red. (A green tick
    on the others reads as "accepted", yet nothing was saved.)

    The widget, label, help text and errors are written in Python where they are the
    plain cases; anything else (a widget or template of its own) goes through
    bootstrap's and Django's templates as before. ``templates = True`` on a
    subclass renders everything through the templates (the tests' reference)."""

    templates = False

    def get_server_side_validation_classes(self):
        return "is-invalid" if self.field_errors else ""

    def get_field_html(self):
        if self.templates:
            return super().get_field_html()
        self.add_widget_attrs()
        try:
            html = widget_html.widget_html(self.field, self.widget.attrs)
            if html is None:
                html = self.field.as_widget(attrs=self.widget.attrs)
        finally:
            self.restore_widget_attrs()
        return html

    def get_label_html(self, horizontal=False):
        if self.templates or self.show_label == "skip":
            return super().get_label_html(horizontal=horizontal)
        label_class = self.get_label_class(horizontal=horizontal)
        return mark_safe(widget_html.label_html(self.label, self.field.id_for_label, label_class))

    def get_help_html(self):
        if self.templates or self.field_help_text_template != _TEMPLATES.field_help_text_template:
            return super().get_help_html()
        return mark_safe(widget_html.help_text_html(self.help_text, self.field.auto_id))

    def get_errors_html(self):
        if self.templates or self.field_errors_template != _TEMPLATES.field_errors_template:
            return super().get_errors_html()
        return mark_safe(widget_html.errors_html(self.field_errors, self.field.auto_id))


_TEMPLATES = _bootstrap.FieldRenderer
