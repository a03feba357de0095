"""FastSelect prints exactly what Django's Select prints (its options
written in Python instead of a template include each)."""

import pytest
from django import forms

from bimtek.widgets import FastSelect
from participants.forms import SelfRegistrationForm
from tests import factories

CHOICES = [
    ("", "— none —"),
    ("PNS", [("III/a", 'Penata Muda <b> & "kutip"'), ("III/b", "Penata Muda Tk. I")]),
    ("PPPK", [(1, "IX"), (2, "X")]),
]


@pytest.mark.parametrize("value", [None, "", "III/a", 1, ["III/b", 2], "<script>"])
def test_same_html_as_djangos_select(value):
    attrs = {"class": "form-select", "data-flag": True, "hidden": False, "title": "a<b"}
    expected = forms.Select(choices=CHOICES, attrs=attrs).render("pangkat", value, {"id": "x"})

    assert FastSelect(choices=CHOICES, attrs=attrs).render("pangkat", value, {"id": "x"}) == (
        expected
    )


@pytest.mark.django_db
def test_the_sign_up_forms_selects_render_as_before():
    institution = factories.InstitutionFactory(name="Dinas <Kominfo> & Statistik")
    form = SelfRegistrationForm(
        data={"institution": str(institution.pk), "pangkat_golongan": "III/a"},
        current_institution=institution,
    )
    for name in ("institution", "pangkat_golongan", "new_institution_category"):
        field = form[name]
        assert isinstance(field.field.widget, FastSelect)
        plain = forms.Select(choices=field.field.choices, attrs=field.field.widget.attrs)

        assert field.as_widget() == field.as_widget(widget=plain), name
