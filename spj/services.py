"""Writes of the accountability pack: the people (speakers, committee) and
their data, the event's SPJ settings, the team's Word templates, and the
erasure of speakers' personal data with the event's retention."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek.models import Event, Team
from bimtek.services import audit_record
from certificates import images
from spj.documents import context as document_context
from spj.documents import word
from spj.errors import SpjError
from spj.models import MAX_PHOTOS, DocumentTemplate, Employment, PackSettings, Person, Photo

# Never written to the audit trail: only that they changed.
PERSONAL_FIELDS = ("nik", "npwp", "bank_account", "nip", "bank_account_holder")


def digits_normalise(value: str) -> str:
    """An NIK or NPWP as typed ("09.254.294.3-407.000") → its digits."""
    return re.sub(r"[\s.\-/]", "", value or "")


@transaction.atomic
def person_save(*, person: Person, actor, changed: list[str] | None = None) -> Person:
    """Validate and save a speaker's or committee member's record (new or
    changed); the audit trail names the fields changed, never their values."""
    person.name = " ".join(person.name.split())
    person.nik = digits_normalise(person.nik)
    person.npwp = digits_normalise(person.npwp)
    person.bank_account = digits_normalise(person.bank_account)
    if person.nik and not re.fullmatch(r"\d{16}", person.nik):
        raise SpjError(_("An NIK has 16 digits."), code="nik_invalid", field="nik")
    if person.npwp and not re.fullmatch(r"\d{15}|\d{16}", person.npwp):
        raise SpjError(_("An NPWP has 15 or 16 digits."), code="npwp_invalid", field="npwp")
    if person.employment == Employment.PNS and not person.golongan:
        raise SpjError(
            _("A civil servant's golongan decides the tax: choose it."),
            code="golongan_missing",
            field="golongan",
        )
    if person.employment == Employment.NON_PNS:
        person.golongan = ""
    created = person.pk is None
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action="spj.person_created" if created else "spj.person_changed",
        target=person,
        event=person.event,
        summary=person.name,
        changes={"fields": sorted(changed or [])},
    )
    return person


@transaction.atomic
def person_delete(*, person: Person, actor) -> None:
    audit_record(
        actor=actor,
        action="spj.person_deleted",
        target=person,
        event=person.event,
        summary=person.name,
    )
    person.delete()


@transaction.atomic
def pack_settings_save(*, pack: PackSettings, actor, changed: list[str] | None = None):
    pack.full_clean()
    pack.save()
    audit_record(
        actor=actor,
        action="spj.settings_changed",
        target=pack,
        event=pack.event,
        changes={"fields": sorted(changed or [])},
    )
    return pack


@transaction.atomic
def template_upload(
    *, team: Team, kind: str, filename: str, content: bytes, event: Event, actor
) -> DocumentTemplate:
    """Replace the team's template of ``kind``, after filling it once with
    ``event``'s data: a template that cannot be filled, or that asks for a
    placeholder the document does not have, is refused with the reason."""
    sample = document_context.context_for(kind, event=event)
    word.render(content, sample)
    unknown = word.unknown_placeholders(content, sample)
    if unknown:
        raise SpjError(
            _("The template uses placeholders this document does not have: %(names)s.")
            % {"names": ", ".join(unknown[:20])},
            code="template_unknown_placeholder",
        )
    template, _created = DocumentTemplate.objects.update_or_create(
        team=team,
        kind=kind,
        defaults={"filename": filename[:200], "content": content, "uploaded_by": actor},
    )
    audit_record(
        actor=actor,
        action="spj.template_uploaded",
        target=template,
        event=event,
        summary=f"{kind}: {filename[:100]}",
    )
    return template


@transaction.atomic
def template_reset(*, team: Team, kind: str, event: Event, actor) -> bool:
    """Back to the built-in template; False when the team had none of its own."""
    template = DocumentTemplate.objects.filter(team=team, kind=kind).first()
    if template is None:
        return False
    audit_record(
        actor=actor, action="spj.template_reset", target=template, event=event, summary=kind
    )
    template.delete()
    return True


def people_erase(*, registrations=None, events=None) -> int:
    """The erasure listener (participants.extensions.erasure_listeners): with
    the events past their retention, their speakers' NIK, NPWP, NIP and bank
    account go. A person's own erasure request concerns participants, not
    speakers (``registrations``): nothing here."""
    if events is None:
        return 0
    people = Person.objects.filter(event__in=events, data_erased_at__isnull=True)
    return people.update(
        nik="",
        npwp="",
        nip="",
        bank_name="",
        bank_account="",
        bank_account_holder="",
        data_erased_at=timezone.now(),
    )


@transaction.atomic
def photo_add(*, event: Event, upload, caption: str, actor) -> Photo:
    """A documentation photo, validated and re-encoded as JPEG (certificates'
    image checks: size, pixels, format); at most MAX_PHOTOS per event."""
    Event.objects.select_for_update().filter(pk=event.pk).first()
    if Photo.objects.filter(event=event).count() >= MAX_PHOTOS:
        raise SpjError(
            _("An event keeps at most %(count)s photos: delete one first.") % {"count": MAX_PHOTOS},
            code="too_many_photos",
        )
    try:
        stored = images.normalise_image(upload, kind="background")
    except ValidationError as error:
        raise SpjError(" ".join(error.messages), code="photo_invalid", field="image") from error
    photo = Photo.objects.create(
        event=event, caption=caption[:200], content=images.compact_background(stored.read())
    )
    audit_record(actor=actor, action="spj.photo_added", target=photo, event=event, summary=caption)
    return photo


@transaction.atomic
def photo_delete(*, photo: Photo, actor) -> None:
    audit_record(
        actor=actor,
        action="spj.photo_deleted",
        target=photo,
        event=photo.event,
        summary=photo.caption,
    )
    photo.delete()
