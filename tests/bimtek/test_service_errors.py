"""ServiceErrorMixin: a service's refusal shown on the form that asked for it."""

from django import forms
from django.core.exceptions import ValidationError

from bimtek.errors import DomainError
from bimtek.forms import ServiceErrorMixin


class TimesForm(forms.Form):
    title = forms.CharField()
    start_time = forms.CharField()

    field_map = {"starts_at": "start_time"}


def _refuse(error):
    def service(**kwargs):
        raise error

    return service


def _run(service, **kwargs):
    form = TimesForm(data={"title": "Pembukaan", "start_time": "08.00"})
    assert form.is_valid()
    return ServiceErrorMixin().run_service(form, service, **kwargs), form


def test_run_service_returns_the_result_and_leaves_the_form_clean():
    result, form = _run(lambda **kwargs: kwargs, title="x")

    assert result == {"title": "x"}
    assert not form.errors


def test_domain_error_goes_on_the_field_it_names_through_the_map():
    result, form = _run(_refuse(DomainError("Bentrok.", code="overlap", field="starts_at")))

    assert result is None
    assert form.errors == {"start_time": ["Bentrok."]}


def test_domain_error_without_a_known_field_goes_on_top():
    _result, form = _run(_refuse(DomainError("Ditolak.", code="refused", field="room")))

    assert form.non_field_errors() == ["Ditolak."]


def test_validation_error_goes_field_by_field():
    error = ValidationError({"title": ["Terlalu panjang."], "other": ["Salah."]})

    _result, form = _run(_refuse(error))

    assert form.errors["title"] == ["Terlalu panjang."]
    assert form.non_field_errors() == ["Salah."]
