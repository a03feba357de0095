"""The event read by code with hand-written SQL (bimtek.selectors.event_by_code):
the same event and values as ``Event.objects.get(code=…)``, the reference, on
SQLite and PostgreSQL."""

import pytest

from bimtek.models import Event
from bimtek.selectors import event_by_code
from tests import factories

pytestmark = pytest.mark.django_db


def _values(instance) -> dict:
    fields = type(instance)._meta.concrete_fields
    return {field.attname: getattr(instance, field.attname) for field in fields}


def test_event_by_code_is_the_event_the_orm_reads():
    factories.EventFactory(code="lain")
    event = factories.EventFactory(code="bimtek-2026", capacity=None)

    found = event_by_code("bimtek-2026")

    assert found.pk == event.pk
    assert _values(found) == _values(Event.objects.get(code="bimtek-2026"))
    assert found._state.adding is False and found._state.db == "default"
    assert event_by_code("tidak-ada") is None


def test_an_unknown_code_answers_404_on_the_form(client):
    client.force_login(factories.participant_user())
    assert client.get("/events/tidak-ada/register/").status_code == 404
