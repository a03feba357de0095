"""The reads and writes of every scan, as hand-written SQL.

A scan must cost at most ~6 ms of server CPU (design brief). Building these
two joined queries with the ORM cost 1.1–1.7 ms of Python each (query
compilation), the same query sent as text costs under 0.15 ms: that is the
largest single saving on the hot path, so these two — and only these — are
written by hand. Table and column names come from the models' _meta, values
go through the fields' own database converters (so SQLite and PostgreSQL give
the same Python values), and the results are ordinary model instances.
The ORM versions they replace are in the tests (tests/participants/
test_door_sql.py) as the reference they must agree with. A scan's door
session also reads its ticket, and on PostgreSQL reserves the id of the
check-in it may get, so that the admission is one statement
(``door_sql_chain.insert_admission``; tests/checkin/test_door_sql_admission.py).
See docs/checkin.md.
"""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session as StoredSession
from django.db import connection
from django.db.models.expressions import Col

from accounts.roles import Role
from bimtek.models import Event, EventStaff, Institution, Session, Team
from checkin import door_values
from checkin.models import CheckIn, CheckInWindowOverride, ScanLog
from checkin.permissions import DoorAccess
from participants.models import Participant, Registration


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


class _Columns:
    """Columns of one model in a SELECT, and how to turn them back into an instance."""

    def __init__(self, model, alias: str, names: list[str]):
        # In the model's field order: Model.from_db() expects values that way.
        order = {field.name: i for i, field in enumerate(model._meta.concrete_fields)}
        self.model, self.alias, self.names = model, alias, sorted(names, key=order.__getitem__)
        self.fields = [model._meta.get_field(name) for name in self.names]

    def columns(self) -> list[str]:
        return [f"{self.alias}.{connection.ops.quote_name(f.column)}" for f in self.fields]

    def sql(self) -> str:
        return ", ".join(self.columns())

    def converters(self) -> list:
        result = []
        for field in self.fields:
            expression = Col(self.alias, field)
            backend = connection.ops.get_db_converters(expression)
            result.append((backend + field.get_db_converters(connection), expression))
        return result

    def build(self, values: list, converters: list):
        converted = []
        for value, (functions, expression) in zip(values, converters, strict=True):
            for function in functions:
                value = function(value, expression, connection)
            converted.append(value)
        attnames = [field.attname for field in self.fields]
        return self.model.from_db(connection.alias, attnames, converted)


SESSION = _Columns(
    Session, "s", ["id", "event", "title", "starts_at", "ends_at", "checkin_opens_minutes"]
)
EVENT = _Columns(Event, "e", ["id", "title", "code", "timezone", "checkin_opens_minutes", "status"])
OVERRIDE = _Columns(CheckInWindowOverride, "o", ["id", "session", "opens_at", "closes_at"])


def _signin_sql() -> str:
    """Whether the session row and the user a scan's sign-in was taken from
    memory are unchanged (checkin.api.signed_in)."""
    user = get_user_model()
    return (
        f"EXISTS (SELECT 1 FROM {_t(StoredSession)} ds"
        f" INNER JOIN {_t(user)} su ON su.{_c(user, 'id')} = %(user)s"
        f" WHERE ds.{_c(StoredSession, 'session_key')} = %(signin_key)s"
        f" AND ds.{_c(StoredSession, 'session_data')} = %(signin_text)s"
        f" AND ds.{_c(StoredSession, 'expire_date')} > %(signin_now)s"
        f" AND su.{_c(user, 'password')} = %(signin_password)s"
        f" AND su.{_c(user, 'is_active')} = %(signin_is_active)s"
        f" AND su.{_c(user, 'is_superuser')} = %(signin_is_superuser)s)"
    )


def _door_session_sql(
    with_prior: bool, with_signin: bool = False, with_ticket: bool = False
) -> str:
    user_groups = get_user_model().groups.through
    members = Team.members.through
    prior = ""
    prior_join = ""
    if with_prior:
        prior = f", p.{_c(ScanLog, 'session')}, p.{_c(ScanLog, 'staff')}, p.{_c(ScanLog, 'answer')}"
        # "<> ''" as in the unique index's condition: without it PostgreSQL's
        # generic plan cannot use that (partial) index, so it planned the
        # query anew on every scan.
        prior_join = (
            f" LEFT JOIN {_t(ScanLog)} p ON p.{_c(ScanLog, 'client_id')} = %(client_id)s"
            f" AND p.{_c(ScanLog, 'client_id')} <> ''"
        )
    signin = f", {_signin_sql()}" if with_signin else ""
    ticket = ticket_join = ""
    if with_ticket:
        # The ticket scanned, read along (a derived table of its own query),
        # and on PostgreSQL a check-in id reserved when it may be admitted.
        width = _ticket_width()
        ticket = ", " + ", ".join(f"t.k{i}" for i in range(width)) + f", {_reserve_sql(with_prior)}"
        ticket_join = f" LEFT JOIN ({_ticket_sql('token', 'ticket', aliased=True)}) t ON 1 = 1"
    return (
        f"SELECT {SESSION.sql()}, {EVENT.sql()}, {OVERRIDE.sql()}, "
        f"(SELECT es.{_c(EventStaff, 'role')} FROM {_t(EventStaff)} es"
        f" WHERE es.{_c(EventStaff, 'event')} = s.{_c(Session, 'event')}"
        f" AND es.{_c(EventStaff, 'user')} = %(user)s), "
        f"EXISTS (SELECT 1 FROM {_t(user_groups)} ug"
        f" INNER JOIN {_t(Group)} g ON g.{_c(Group, 'id')} = ug.{_c(user_groups, 'group')}"
        f" WHERE ug.{_c(user_groups, get_user_model()._meta.model_name)} = %(user)s"
        f" AND (g.{_c(Group, 'name')} = %(administrators)s"
        f" OR (g.{_c(Group, 'name')} = %(organisers)s"
        f" AND EXISTS (SELECT 1 FROM {_t(members)} tm"
        f" WHERE tm.{_c(members, 'team')} = e.{_c(Event, 'team')}"
        f" AND tm.{_c(members, 'user')} = %(user)s)))), "
        # The end of the session's scan-log hash chain (checkin.services.attempts).
        f"(SELECT sl.{_c(ScanLog, 'record_hash')} FROM {_t(ScanLog)} sl"
        f" WHERE sl.{_c(ScanLog, 'session')} = s.{_c(Session, 'id')}"
        f" ORDER BY sl.{_c(ScanLog, 'id')} DESC LIMIT 1)"
        f"{signin}"
        f"{prior}"
        f"{ticket}"
        f" FROM {_t(Session)} s"
        f" INNER JOIN {_t(Event)} e ON e.{_c(Event, 'id')} = s.{_c(Session, 'event')}"
        f" LEFT JOIN {_t(CheckInWindowOverride)} o"
        f" ON o.{_c(CheckInWindowOverride, 'session')} = s.{_c(Session, 'id')}"
        f"{prior_join}"
        f"{ticket_join}"
        f" WHERE s.{_c(Session, 'id')} = %(session)s"
    )


def _reserve_sql(with_prior: bool) -> str:
    """A new check-in's id, taken from its sequence only when the ticket was
    found with no check-in here (and the attempt is not a retry): the
    admission is then written in one statement
    (``door_sql_chain.insert_admission``). On
    SQLite, NULL: ids come with each insert."""
    if connection.vendor != "postgresql":
        return "NULL"
    registration_id, here_id = (
        0,
        len(REGISTRATION.names) + len(PARTICIPANT.names) + len(INSTITUTION.names) + 1,
    )
    retry = f" AND p.{_c(ScanLog, 'session')} IS NULL" if with_prior else ""
    return (
        f"CASE WHEN t.k{registration_id} IS NOT NULL AND t.k{here_id} IS NULL{retry}"
        f" THEN nextval({_checkin_sequence()}::regclass) END"
    )


def _checkin_sequence() -> str:
    """The check-in ids' sequence, as a literal (looked up once per process:
    in the query, the lookup would run on every scan)."""

    def lookup():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [CheckIn._meta.db_table, CheckIn._meta.pk.column],
            )
            return cursor.fetchone()[0]

    return "'" + _sql("checkin_sequence", lookup).replace("'", "''") + "'"


_SQL_CACHE: dict = {}


def _sql(key, build):
    # Built on first use (the tables exist by then) and per database vendor.
    cache_key = (connection.vendor, key)
    if cache_key not in _SQL_CACHE:
        _SQL_CACHE[cache_key] = build()
    return _SQL_CACHE[cache_key]


def door_session(
    *,
    session_id: int,
    user,
    client_id: str = "",
    signin: dict | None = None,
    token: str | None = None,
) -> Session | None:
    """See checkin.selectors.door.door_session."""
    with_ticket = token is not None
    key = ("door_session", bool(client_id), signin is not None, with_ticket)
    sql = _sql(key, lambda: _door_session_sql(bool(client_id), signin is not None, with_ticket))
    params = {
        **(signin or {}),
        "session": session_id,
        "user": user.pk,
        "organisers": Role.ORGANISER.value,
        "administrators": Role.ADMINISTRATOR.value,
        "client_id": client_id,
        "ticket": token,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    if with_ticket:
        n_t = _ticket_width() + 1  # the ticket's columns, then the reserved check-in id
        row, ticket_row = row[:-n_t], row[-n_t:]
        registration = _ticket_from_row(ticket_row[:-1]) if ticket_row[0] is not None else None
        if registration is not None:
            registration.checkin_id_reserved = ticket_row[-1]
    n_s, n_e, n_o = len(SESSION.names), len(EVENT.names), len(OVERRIDE.names)
    session = SESSION.build(row[:n_s], _sql("session_conv", SESSION.converters))
    event = EVENT.build(row[n_s : n_s + n_e], _sql("event_conv", EVENT.converters))
    override_values = row[n_s + n_e : n_s + n_e + n_o]
    role, organiser, chain_last = row[n_s + n_e + n_o : n_s + n_e + n_o + 3]
    # False: the sign-in taken from memory no longer holds (checkin.api.signed_in).
    session.signin_valid = bool(row[n_s + n_e + n_o + 3]) if signin is not None else True
    session.scan_chain_last = chain_last or ""
    session.event = event
    if override_values[0] is not None:
        session.checkin_override = OVERRIDE.build(
            override_values, _sql("override_conv", OVERRIDE.converters)
        )
    else:
        Session.checkin_override.related.set_cached_value(session, None)
    # The facts the door predicates decide on (checkin.permissions), read here
    # so the permission check costs no query of its own.
    session.door_access = DoorAccess(
        user_id=user.pk,
        event_id=event.pk,
        role=role,
        is_organiser=bool(user.is_superuser or organiser),
    )
    if client_id:
        prior_session, prior_staff, prior_answer = row[-3:]
        if isinstance(prior_answer, str):
            prior_answer = json.loads(prior_answer)
        session.prior_session_id = prior_session
        session.prior_staff_id = prior_staff
        session.prior_answer = prior_answer
    if with_ticket:
        # Taken once, by the first judgement of this token (attempts.registration_for).
        session.ticket_read = (token, registration)
    return session


REGISTRATION = _Columns(
    Registration, "r", ["id", "event", "participant", "role", "status", "token"]
)
PARTICIPANT = _Columns(
    Participant, "pa", ["id", "full_name", "title_front", "title_back", "jabatan", "institution"]
)
INSTITUTION = _Columns(Institution, "i", ["id", "name"])
HERE = _Columns(CheckIn, "c", ["id", "checked_in_at", "recorded_at", "method", "device"])


def _ticket_columns() -> list[str]:
    user = get_user_model()
    return [
        *REGISTRATION.columns(),
        *PARTICIPANT.columns(),
        *INSTITUTION.columns(),
        f"e.{_c(Event, 'title')}",
        *HERE.columns(),
        f"u.{_c(user, 'display_name')}",
        f"u.{_c(user, 'email')}",
    ]


def _ticket_width() -> int:
    # Once per process: building the column list took ~5 % of a scan.
    return _sql("ticket_width", lambda: len(_ticket_columns()))


def _ticket_sql(by: str, param: str = "value", aliased: bool = False) -> str:
    """The ticket query; ``aliased``: its columns named k0, k1, … (to be read
    as a derived table inside the door-session query)."""
    user = get_user_model()
    where = _c(Registration, "token") if by == "token" else _c(Registration, "id")
    columns = _ticket_columns()
    if aliased:
        columns = [f"{column} AS k{i}" for i, column in enumerate(columns)]
    return (
        f"SELECT {', '.join(columns)}"
        f" FROM {_t(Registration)} r"
        f" INNER JOIN {_t(Participant)} pa"
        f" ON pa.{_c(Participant, 'id')} = r.{_c(Registration, 'participant')}"
        f" INNER JOIN {_t(Institution)} i"
        f" ON i.{_c(Institution, 'id')} = pa.{_c(Participant, 'institution')}"
        f" INNER JOIN {_t(Event)} e ON e.{_c(Event, 'id')} = r.{_c(Registration, 'event')}"
        # "+ 0": the check-in is found through the unique (registration,
        # session) index. With the session alone as an index condition, a
        # generic plan made while the table was small (the start of a door
        # rush) read every check-in of the session on each scan.
        f" LEFT JOIN {_t(CheckIn)} c"
        f" ON c.{_c(CheckIn, 'registration')} = r.{_c(Registration, 'id')}"
        f" AND c.{_c(CheckIn, 'session')} + 0 = %(session)s"
        f" LEFT JOIN {_t(user)} u ON u.{_c(user, 'id')} = c.{_c(CheckIn, 'checked_in_by')}"
        f" WHERE r.{where} = %({param})s"
    )


def ticket(*, session_id: int, token: str | None = None, registration_id: int | None = None):
    """The registration with its participant, institution, event title and
    check-in for this session (``checkin_here_*``), or None."""
    by, value = ("token", token) if token is not None else ("id", registration_id)
    sql = _sql(("ticket", by), lambda: _ticket_sql(by))
    with connection.cursor() as cursor:
        cursor.execute(sql, {"session": session_id, "value": value})
        row = cursor.fetchone()
    if row is None:
        return None
    return _ticket_from_row(list(row))


def _ticket_from_row(row: list):
    n_r, n_p, n_i, n_h = (len(c.names) for c in (REGISTRATION, PARTICIPANT, INSTITUTION, HERE))
    registration = REGISTRATION.build(row[:n_r], _sql("reg_conv", REGISTRATION.converters))
    participant = PARTICIPANT.build(
        row[n_r : n_r + n_p], _sql("participant_conv", PARTICIPANT.converters)
    )
    participant.institution = INSTITUTION.build(
        row[n_r + n_p : n_r + n_p + n_i], _sql("institution_conv", INSTITUTION.converters)
    )
    registration.participant = participant
    at = n_r + n_p + n_i
    registration.event_title = row[at]
    here = row[at + 1 : at + 1 + n_h]
    if here[0] is not None:
        checkin = HERE.build(here, _sql("here_conv", HERE.converters))
        registration.checkin_here_id = checkin.pk
        registration.checkin_here_at = checkin.checked_in_at
        registration.checkin_here_recorded_at = checkin.recorded_at
        registration.checkin_here_method = checkin.method
        registration.checkin_here_device = checkin.device
    else:
        registration.checkin_here_id = registration.checkin_here_at = None
        registration.checkin_here_recorded_at = None
        registration.checkin_here_method = registration.checkin_here_device = ""
    registration.checkin_here_by_name, registration.checkin_here_by_email = row[-2:]
    return registration


def _insert_sql(model, fields: list, on_conflict_do_nothing: bool) -> str:
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    values = ", ".join(["%s"] * len(fields))
    conflict = " ON CONFLICT DO NOTHING" if on_conflict_do_nothing else ""
    return (
        f"INSERT INTO {_t(model)} ({columns}) VALUES ({values}){conflict}"
        f" RETURNING {_c(model, model._meta.pk.name)}"
    )


def insert(instance, *, on_conflict_do_nothing: bool = False) -> bool:
    """Insert a new row for ``instance`` as ``save(force_insert=True)`` would —
    the same columns, each value through its field's own ``pre_save`` and
    database preparation — without the ORM's query compilation (the two
    inserts of an admission were ~16 % of a scan's CPU). With
    ``on_conflict_do_nothing``, a row that a unique constraint refuses is not
    an error: nothing is written and the answer is False (one statement
    inserts and reports the conflict). Models without save() overrides or
    signals only (CheckIn, ScanLog)."""
    model = type(instance)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    sql = _sql(
        ("insert", model._meta.label, on_conflict_do_nothing),
        lambda: _insert_sql(model, fields, on_conflict_do_nothing),
    )
    params = door_values.values(instance, fields, add=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True


def stamp(instance) -> None:
    """Set the values a new row gets on insert (auto_now_add), as an insert would."""
    for field in type(instance)._meta.concrete_fields:
        if not field.primary_key:
            field.pre_save(instance, True)
