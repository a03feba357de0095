"""Model instances from a hand-written SELECT, for the few reads of a busy
page whose ORM compilation costs more CPU than PostgreSQL spends running
them (docs/profile.md, "Page chrome and the form's reads"). Table and column
names come from the models' ``_meta``; every value goes through the field's
own database converters, so SQLite and PostgreSQL give the Python values the
ORM gives (checkin/door_sql.py does the same for the scan's reads)."""

from django.db import connections
from django.db.models.expressions import Col


def table(model, using: str = "default") -> str:
    return connections[using].ops.quote_name(model._meta.db_table)


def column(model, name: str, using: str = "default") -> str:
    return connections[using].ops.quote_name(model._meta.get_field(name).column)


class Columns:
    """All concrete columns of one model under a table alias, and how to turn
    them back into an instance."""

    def __init__(self, model, alias: str, using: str = "default"):
        self.model, self.alias, self.using = model, alias, using
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [field.attname for field in self.fields]
        connection = connections[using]
        self.sql = ", ".join(f"{alias}.{connection.ops.quote_name(f.column)}" for f in self.fields)
        self.converters = []
        for field in self.fields:
            expression = Col(alias, field)
            functions = connection.ops.get_db_converters(expression)
            self.converters.append((functions + field.get_db_converters(connection), expression))

    def __len__(self) -> int:
        return len(self.fields)

    def build(self, values):
        connection = connections[self.using]
        converted = []
        for value, (functions, expression) in zip(values, self.converters, strict=True):
            for function in functions:
                value = function(value, expression, connection)
            converted.append(value)
        return self.model.from_db(self.using, self.attnames, converted)
