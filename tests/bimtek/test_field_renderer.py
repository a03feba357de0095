"""bimtek.widgets.FieldRenderer writes the common widgets, help texts and
errors in Python (bimtek.widget_html): the HTML must be byte for byte what
django-bootstrap5's and Django's templates print, in every state of a form."""

import datetime
import decimal

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import override_settings
from django_bootstrap5.forms import render_field

from bimtek import widget_html
from bimtek.widgets import FastSelect, FieldRenderer
from participants.forms import ProfileForm, SelfRegistrationForm
from tests import factories


class TemplateFieldRenderer(FieldRenderer):
    """The reference: the same renderer, everything through the templates."""

    templates = True


CHOICES = [
    ("", "— none —"),
    ("PNS", [("III/a", 'Penata <b> & "kutip"'), ("III/b", "Penata Muda Tk. I")]),
    ("x", "Lain"),
]


class EveryWidgetForm(forms.Form):
    text = forms.CharField(label="Nama <b>", help_text="Contoh: <i>Budi</i> & co", max_length=20)
    optional = forms.CharField(required=False, widget=forms.TextInput(attrs={"data-x": True}))
    email = forms.EmailField(help_text="Alamat")
    number = forms.IntegerField(min_value=1, max_value=5)
    amount = forms.DecimalField(required=False, localize=True)
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(required=False, widget=forms.TextInput(attrs={"inputmode": "tel"}))
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    pick = forms.ChoiceField(choices=CHOICES)
    fast = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect, help_text="Satu")
    ticks = forms.MultipleChoiceField(
        choices=CHOICES[1:], required=False, widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Setuju & <lanjut>", help_text="Wajib")
    maybe = forms.BooleanField(required=False)
    upload = forms.FileField(required=False)  # bootstrap's template: rendered by it
    secret = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("optional") == "bad":
            self.add_error("optional", "Satu <salah>")
            self.add_error("optional", "Dua & salah")
        return data


VALID = {
    "text": 'Bu"di <x>',
    "email": "a@b.id",
    "number": "3",
    "amount": "1,5",
    "date": "2026-12-07",
    "pick": "III/a",
    "fast": "x",
    "many": ["III/a", "x"],
    "radio": "III/b",
    "ticks": ["x"],
    "agree": "on",
    "note": "baris\n<dua>",
    "password": "rahasia",
    "secret": "s",
}
INVALID = {
    "text": "x" * 30,
    "optional": "bad",
    "email": "bukan",
    "number": "9",
    "pick": "zzz",
    "radio": "zzz",
    "ticks": ["zzz"],
    "date": "kemarin",
}
FORMS = {
    "unbound": lambda: EveryWidgetForm(),
    "initial": lambda: EveryWidgetForm(
        initial={"text": "Awal", "number": 2, "date": datetime.date(2026, 1, 2), "radio": "x"}
    ),
    "valid": lambda: EveryWidgetForm(data=VALID),
    "invalid": lambda: EveryWidgetForm(data=INVALID),
    "no ids": lambda: EveryWidgetForm(data=INVALID, auto_id=False),
    "prefix": lambda: EveryWidgetForm(data={}, prefix="p"),
    "decimal": lambda: EveryWidgetForm(initial={"amount": decimal.Decimal("1234.5")}),
}
OPTIONS = [
    {},
    {"show_label": False, "set_placeholder": False},
    {"show_label": "skip", "label": "Lain <i>"},
    {"layout": "horizontal", "show_help": False},
    {"layout": "floating", "size": "lg"},
    {"layout": "inline", "addon_before": "Rp", "field_class": "w-50"},
]


def both(field, **options):
    fast = render_field(field, field_renderer=FieldRenderer, **options)
    reference = render_field(field, field_renderer=TemplateFieldRenderer, **options)
    return str(fast), str(reference)


@pytest.mark.filterwarnings("ignore:addon_before and addon_after have no effect")
@pytest.mark.parametrize("state", FORMS)
@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "default")
def test_every_field_prints_what_the_templates_print(state, options):
    form = FORMS[state]()
    form.is_valid() if form.is_bound else None
    for field in form:
        fast, reference = both(field, **options)
        assert fast == reference, field.name


def test_the_common_widgets_take_the_python_path_and_others_do_not():
    form = EveryWidgetForm(data=INVALID)
    form.is_valid()
    fast = {f.name for f in form if widget_html.widget_html(f, dict(f.field.widget.attrs))}
    # The radios and ticks use bootstrap's template once its renderer has set it.
    assert fast == set(EveryWidgetForm.base_fields) - {"upload", "radio", "ticks"}
    render_field(form["radio"], field_renderer=FieldRenderer)
    assert widget_html.widget_html(form["radio"], {}) is not None
    assert widget_html.widget_html(form["upload"], {}) is None


def test_a_widget_with_its_own_template_is_left_to_django():
    class Starred(forms.TextInput):
        template_name = "django/forms/widgets/textarea.html"

    class Form(forms.Form):
        name = forms.CharField(widget=Starred)

    assert widget_html.widget_html(Form()["name"], {}) is None
    fast, reference = both(Form(data={"name": "x"})["name"])
    assert fast == reference


def test_errors_keep_the_red_mark_and_describe_the_field_no_green_tick():
    form = EveryWidgetForm(data=INVALID)
    form.is_valid()
    html, _ = both(form["email"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert '<div id="id_email_error" class="w-100">' in html
    assert '<div class="invalid-feedback d-block">' in html
    valid, _ = both(form["maybe"])
    assert "is-valid" not in valid


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", [SelfRegistrationForm, ProfileForm])
@pytest.mark.parametrize("bound", ["unbound", "refused", "accepted"])
def test_the_person_form_renders_as_with_the_templates(form_class, bound, rf):
    institution = factories.InstitutionFactory(name="Dinas <Kominfo> & Statistik")
    data = {
        "refused": {"full_name": "", "nip": "12", "employment": "PNS", "consent": ""},
        "accepted": {
            "full_name": "Budi",
            "employment": "NON_ASN",
            "institution": str(institution.pk),
            "phone": "081234567890",
            "consent": "on",
        },
    }.get(bound)
    form = form_class(data=data, current_institution=institution)
    if data is not None:
        form.is_valid()
    context = {"form": form, "show_email_as": "a@b.id"}
    fast = render_to_string("participants/_person_fields.html", context)
    reference_setting = {"field_renderers": {"default": f"{__name__}.TemplateFieldRenderer"}}
    with override_settings(BOOTSTRAP5=reference_setting):
        reference = render_to_string("participants/_person_fields.html", context)
    assert fast == reference
    assert fast.count("<input") >= 8


def test_the_input_templates_written_in_python_are_djangos_plain_input():
    """Every template name input_html stands for only includes input.html
    (a Django upgrade that changes one makes this fail)."""
    from django.forms.renderers import get_default_renderer

    engine = get_default_renderer().engine
    for name in sorted(widget_html.INPUT_TEMPLATES):
        source = engine.get_template(name).template.source
        assert source.strip() == '{% include "django/forms/widgets/input.html" %}', name
