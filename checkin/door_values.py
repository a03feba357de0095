"""The values of the scan's inserts (checkin.door_sql), prepared for the
database without going through each field's generic path where the field's
type is known.

``save()`` prepares a value with ``field.get_db_prep_save(field.pre_save(
instance, add), connection)``: a chain of method calls that, for the plain
fields of a check-in and its scan-log entry, hands back the attribute as it
is. Those calls were ~8 % of a scan (docs/profile.md). Here each field gets,
once per process and database vendor, a preparer: for a plain CharField, a
foreign key or an id, the attribute itself when it already is what the
field's methods would give back (a string, an int, None); for a
DateTimeField without automatic values on PostgreSQL (whose driver takes
the datetime as it is), an aware datetime. Anything else — another field
type, a value of another type, a naive datetime, SQLite — goes through the
field's own methods, so the result is always what ``save()`` would send.
``tests/checkin/test_door_values.py`` compares the two for both models.
"""

import datetime as dt

from django.db import connection, models

_PREPARERS: dict = {}


def _generic(field, add: bool):
    def prepare(instance):
        return field.get_db_prep_save(field.pre_save(instance, add), connection)

    return prepare


def _text(field, add: bool):
    # CharField.to_python hands a string (a TextChoices member too) back as it is.
    attname, generic = field.attname, _generic(field, add)

    def prepare(instance):
        value = getattr(instance, attname)
        if value is None or isinstance(value, str):
            return value
        return generic(instance)

    return prepare


def _integer(field, add: bool):
    # Exactly an int: int() of a bool or a string would change it.
    attname, generic = field.attname, _generic(field, add)

    def prepare(instance):
        value = getattr(instance, attname)
        if value is None or type(value) is int:
            return value
        return generic(instance)

    return prepare


def _datetime(field, add: bool):
    attname, generic = field.attname, _generic(field, add)

    def prepare(instance):
        value = getattr(instance, attname)
        if type(value) is dt.datetime and value.tzinfo is not None:
            return value
        return generic(instance)

    return prepare


def _preparer(field, add: bool):
    kind = type(field)
    if kind is models.CharField:
        return _text(field, add)
    if kind in (models.AutoField, models.BigAutoField):
        return _integer(field, add)
    if kind is models.ForeignKey and type(field.target_field) in (
        models.AutoField,
        models.BigAutoField,
    ):
        return _integer(field, add)
    if (
        kind is models.DateTimeField
        and not field.auto_now
        and not (add and field.auto_now_add)
        and connection.vendor == "postgresql"
    ):
        return _datetime(field, add)
    return _generic(field, add)


def preparers(model, fields: list, *, add: bool) -> list:
    """One preparer per field of ``fields`` (fields of ``model``), in order."""
    key = (connection.vendor, model._meta.label, tuple(f.attname for f in fields), add)
    if key not in _PREPARERS:
        _PREPARERS[key] = [_preparer(field, add) for field in fields]
    return _PREPARERS[key]


def values(instance, fields: list, *, add: bool) -> list:
    """The database values of ``fields`` for ``instance``, as ``save()`` would send them."""
    return [prepare(instance) for prepare in preparers(type(instance), fields, add=add)]
