"""Institutions (instansi) and their categories."""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bimtek.errors import EventError
from bimtek.models import Institution, InstitutionCategory
from bimtek.services.audit import audit_record, field_changes

INSTITUTION_FIELDS = ("name", "short_name", "category", "is_confirmed")


def _normalise(name: str) -> str:
    return " ".join((name or "").split())


def _check_name_free(name: str, *, exclude_pk: int | None = None) -> None:
    others = Institution.objects.filter(name__iexact=name)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise EventError(
            _("The institution “%(name)s” is already in the list.") % {"name": name},
            code="institution_exists",
            field="name",
        )


def _save(institution: Institution) -> None:
    """Save; a name added by a concurrent request meanwhile is answered like
    one added before (the case-insensitive unique constraint decides)."""
    try:
        with transaction.atomic():
            institution.save()
    except IntegrityError:
        _check_name_free(institution.name, exclude_pk=institution.pk)
        raise


def institution_get_or_create(
    *, name: str, category: InstitutionCategory, short_name: str = "", confirmed: bool = True
) -> tuple[Institution, bool]:
    """Find an institution by name, ignoring case and surrounding spaces."""
    name = _normalise(name)
    existing = Institution.objects.filter(name__iexact=name).first()
    if existing:
        return existing, False
    institution = Institution(
        name=name, short_name=short_name, category=category, is_confirmed=confirmed
    )
    institution.full_clean()
    institution.save()
    return institution, True


@transaction.atomic
def institution_create(
    *, actor, name: str, category: InstitutionCategory, short_name: str = ""
) -> Institution:
    """An organiser adds an institution to the list (confirmed)."""
    name = _normalise(name)
    _check_name_free(name)
    institution = Institution(
        name=name, short_name=_normalise(short_name), category=category, is_confirmed=True
    )
    institution.full_clean()
    _save(institution)
    audit_record(
        actor=actor,
        action="institution.create",
        target=institution,
        summary=institution.name,
        changes={"category": {"from": None, "to": str(category)}},
    )
    return institution


@transaction.atomic
def institution_update(*, actor, institution: Institution, data: dict[str, Any]) -> Institution:
    unknown = set(data) - set(INSTITUTION_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    institution = Institution.objects.select_for_update().get(pk=institution.pk)
    before = {name: getattr(institution, name) for name in INSTITUTION_FIELDS}
    for name, value in data.items():
        setattr(institution, name, value)
    institution.name = _normalise(institution.name)
    institution.short_name = _normalise(institution.short_name)
    after = {name: getattr(institution, name) for name in INSTITUTION_FIELDS}
    changes = field_changes(before, after, INSTITUTION_FIELDS)
    if not changes:
        return institution
    if "name" in changes:
        _check_name_free(institution.name, exclude_pk=institution.pk)
    institution.full_clean()
    _save(institution)
    audit_record(
        actor=actor,
        action="institution.update",
        target=institution,
        summary=institution.name,
        changes=changes,
    )
    return institution
