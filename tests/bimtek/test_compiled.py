"""Querysets compiled once per shape (bimtek/compiled.py): the same rows and
values as the queryset itself, for every call of a shape, not the first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bimtek.compiled import raw_by_shape
from bimtek.models import Session
from tests import factories

pytestmark = pytest.mark.django_db


def _sessions(event_ids, ids):
    return (
        Session.objects.filter(event_id__in=event_ids, counts_for_certificate=True)
        .exclude(pk__in=ids)
        .only("event_id", "starts_at", "jp_override")
        .order_by("starts_at", "pk")
    )


def _values(sessions):
    return [(s.pk, s.event_id, s.starts_at, s.jp_override) for s in sessions]


def test_each_call_reads_its_own_ids_with_the_fields_converted():
    first, second = factories.EventFactory(), factories.EventFactory()
    a = factories.SessionFactory.create_batch(3, event=first)
    b = factories.SessionFactory.create_batch(3, event=second, jp_override=3)
    factories.SessionFactory(event=second, counts_for_certificate=False)

    for event_ids, ids in (([first.pk], [a[0].pk]), ([second.pk], [b[2].pk])):
        raw = list(raw_by_shape("test.sessions", _sessions, event_ids, ids))
        assert _values(raw) == _values(_sessions(event_ids, ids))
        assert len(raw) == 2

    wider = list(raw_by_shape("test.sessions", _sessions, [first.pk, second.pk], [b[0].pk]))
    assert _values(wider) == _values(_sessions([first.pk, second.pk], [b[0].pk]))
    assert wider[0].starts_at.tzinfo is not None  # a datetime, as the ORM gives it


def test_a_shape_is_compiled_once_and_runs_one_statement():
    session = factories.SessionFactory()
    raw_by_shape("test.once", _sessions, [session.event_id], [0]).__iter__()

    with CaptureQueriesContext(connection) as captured:
        rows = list(raw_by_shape("test.once", _sessions, [session.event_id], [-5]))

    assert [row.pk for row in rows] == [session.pk]
    assert len(captured.captured_queries) == 1


def test_a_builder_that_does_not_pass_its_ids_as_parameters_is_refused():
    with pytest.raises(ValueError, match="every id"):
        raw_by_shape("test.refused", lambda event_ids: Session.objects.all(), [1])


def test_an_empty_id_list_reads_nothing_as_the_queryset_does():
    factories.SessionFactory()
    with CaptureQueriesContext(connection) as captured:
        rows = list(raw_by_shape("test.empty", _sessions, [], []))
    assert rows == []
    assert captured.captured_queries == []
