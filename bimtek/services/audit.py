"""The audit trail: who changed what, when — written explicitly by services."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models

from bimtek import chain
from bimtek.models import AuditEntry, Event

AUDIT_CHAIN = chain.HashChain(
    key="audit", model=AuditEntry, scope="event", event_lookup="event", order=10
)


def audit_value(value: Any) -> Any:
    """A field value as JSON: dates and times in ISO 8601 (aware datetimes keep
    their offset), related objects by their name, the rest as they are."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def field_changes(
    before: dict[str, Any], after: dict[str, Any], fields: Iterable[str]
) -> dict[str, dict[str, Any]]:
    """``{"venue": {"from": "Aula", "to": "Gedung Daerah"}, …}`` for the fields that changed."""
    return {
        name: {"from": audit_value(before[name]), "to": audit_value(after[name])}
        for name in fields
        if before[name] != after[name]
    }


def audit_record(
    *,
    actor,
    action: str,
    target,
    event: Event | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail, at the end of its event's hash
    chain (``bimtek.chain``). ``target`` is any model instance."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        event=event,
        action=action,
        object_type=target._meta.label,
        object_id=str(target.pk or ""),
        summary=str(summary)[:300],
        changes=changes or {},
    )
    return chain.chain_append(entry, chain=AUDIT_CHAIN)


def audit_export(
    *, actor, kind: str, rows: int, event: Event | None = None, target=None, fmt: str = ""
) -> AuditEntry:
    """Personal data left the site as a file: who took which one, with how
    many rows (``export.<kind>``; the app that exports registers its label)."""
    return audit_record(
        actor=actor,
        action=f"export.{kind}",
        target=target if target is not None else event,
        event=event,
        summary=f"{fmt.upper()} · {rows}" if fmt else str(rows),
        changes={"rows": rows, "format": fmt},
    )
