"""Database expressions for the figures of the event list (sessions, total JP),
so they are annotations — one query for the whole list — and agree with
``Session.jp`` in Python (tests check both on SQLite and PostgreSQL)."""

from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce


class DurationMinutes(Func):
    """Whole minutes between two datetime expressions (rounded down)."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):  # pragma: no cover - other DBs
        raise NotImplementedError(f"DurationMinutes is not written for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra_context):
        # Datetimes are stored as UTC text; strftime('%s') gives epoch seconds.
        return self.as_sql_template(
            compiler,
            connection,
            # '%%s' reaches the driver as a literal %s (not a parameter).
            "((CAST(strftime('%%s', {end}) AS INTEGER)"
            " - CAST(strftime('%%s', {start}) AS INTEGER)) / 60)",
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql_template(
            compiler,
            connection,
            "CAST(FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 60) AS integer)",
        )

    def as_sql_template(self, compiler, connection, template):
        start, end = self.get_source_expressions()
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        sql = template.format(start=start_sql, end=end_sql)
        # end appears first in every template above
        return sql, (*end_params, *start_params)


def session_jp_expression():
    """``Session.jp`` as SQL, for a Session queryset."""
    return Case(
        When(jp_override__isnull=False, then=F("jp_override")),
        default=DurationMinutes(F("starts_at"), F("ends_at")) / F("event__minutes_per_jp"),
        output_field=IntegerField(),
    )


def annotate_session_count(events: QuerySet, name: str = "session_count") -> QuerySet:
    from bimtek.models import Session

    count = (
        Session.objects.filter(event=OuterRef("pk"))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return events.annotate(**{name: Coalesce(Subquery(count), Value(0))})


def annotate_total_jp(events: QuerySet, name: str = "total_jp") -> QuerySet:
    """JP of the sessions that count for the certificate."""
    from bimtek.models import Session

    total = (
        Session.objects.filter(event=OuterRef("pk"), counts_for_certificate=True)
        .order_by()
        .values("event")
        .annotate(jp_sum=Sum(session_jp_expression()))
        .values("jp_sum")
    )
    return events.annotate(**{name: Coalesce(Subquery(total), Value(0))})
