"""A person's deliveries ("My data", their erasure) are found by index, not
by reading the whole deliveries table (migration outbox 0005)."""

import pytest
from django.db import connection

from outbox.selectors import deliveries_addressed_to

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_a_persons_deliveries_are_read_by_index():
    query = deliveries_addressed_to(
        keys=["registration:17", "registration:18"], emails=["Siti@Example.org"]
    )
    with connection.cursor() as cursor:
        # On an empty table a sequential scan is always cheapest: forbid it to
        # see whether an index can answer every branch of the OR.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = "\n".join(row[0] for row in _explain(cursor, query))
    assert "outbox_delivery_key_prefix" in plan
    assert "outbox_delivery_email_upper" in plan
    assert "Seq Scan on outbox_delivery" not in plan


def _explain(cursor, query):
    sql, params = query.order_by().values("pk").query.sql_with_params()
    cursor.execute(f"EXPLAIN {sql}", params)
    return cursor.fetchall()
