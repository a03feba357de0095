"""Writes of the accountability pack: the people (speakers, committee) and
their data, the event's SPJ settings, the team's Word templates, and the
erasure of speakers' personal data with the event's retention."""

import datetime as dt
import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bimtek import formatting
from bimtek.models import Event, Team
from bimtek.services import audit_record
from certificates import images, texts
from outbox.models import Channel
from outbox.services import Recipient, message_create
from participants.nip import nip_normalise, nip_validate
from spj import selectors
from spj.documents import context as document_context
from spj.documents import word
from spj.errors import SpjError
from spj.models import (
    MAX_PHOTOS,
    DataRequest,
    DocumentTemplate,
    Employment,
    MinutesCounter,
    MinutesNumber,
    PackSettings,
    Person,
    Photo,
)

# Never written to the audit trail: only that they changed.
PERSONAL_FIELDS = ("nik", "npwp", "bank_account", "nip", "bank_account_holder")


def digits_normalise(value: str) -> str:
    """An NIK or NPWP as typed ("09.254.294.3-407.000") → its digits."""
    return re.sub(r"[\s.\-/]", "", value or "")


def _person_check(person: Person) -> None:
    """The rules of a person's data, whoever typed it (the organiser, or the
    speaker through their link): digits of NIK, NPWP and account; the NIP
    (participants.nip, docs/nip.md); a PNS's golongan."""
    person.name = " ".join(person.name.split())
    person.nip = nip_normalise(person.nip) or ""
    if person.nip:
        try:
            # Not a PNS here may be a PPPK, whose middle block is not a month.
            nip_validate(person.nip, pns=person.employment == Employment.PNS)
        except ValidationError as error:
            raise SpjError(error.messages[0], code=error.code, field="nip") from error
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


SECRET_FIELDS = ("nik", "npwp", "bank_account")


def _secrets_keep(person: Person, stored: dict, *, no_npwp: bool) -> None:
    """NIK, NPWP and the account number left empty keep what is stored (the
    speaker's form never shows them back): a speaker fixing one field must not
    wipe an NPWP the organiser typed, which would raise the tax by 20 per cent.
    Only "I have no NPWP" clears the NPWP; with it, an NPWP other than the
    stored one (the organiser's form shows the stored one) is a contradiction."""
    typed = digits_normalise(person.npwp)
    if no_npwp and typed and typed != digits_normalise(stored.get("npwp")):
        raise SpjError(
            _("Either type the NPWP or tick “I have no NPWP”, not both."),
            code="npwp_both",
            field="npwp",
        )
    for name in SECRET_FIELDS:
        if name == "npwp" and no_npwp:
            person.npwp = ""
        elif not (getattr(person, name) or "").strip() and stored.get(name):
            setattr(person, name, stored[name])


def secrets_stored(person: Person) -> dict:
    """The secret fields as stored in the database (empty for a new record)."""
    if person.pk is None:
        return {}
    return Person.objects.filter(pk=person.pk).values(*SECRET_FIELDS).first() or {}


@transaction.atomic
def person_save(
    *, person: Person, actor, changed: list[str] | None = None, no_npwp: bool = False
) -> Person:
    """Validate and save a speaker's or committee member's record (new or
    changed); the audit trail names the fields changed, never their values.
    An empty secret field keeps the stored value (``_secrets_keep``)."""
    _secrets_keep(person, secrets_stored(person), no_npwp=no_npwp)
    _person_check(person)
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
    account go, with their e-mail address and any link sent to them. A
    person's own erasure request concerns participants, not speakers
    (``registrations``): nothing here."""
    if events is None:
        return 0
    people = Person.objects.filter(event__in=events, data_erased_at__isnull=True)
    DataRequest.objects.filter(person__in=people).delete()  # their links stop working
    return people.update(
        email="",
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


# Speakers fill in their own data --------------------------------------------

# What a speaker types in through their link: the organiser's fields of the
# person, less the name, the committee and the rate.
SELF_FILLED_FIELDS = (
    "institution",
    "position",
    "employment",
    "golongan",
    "nip",
    "nik",
    "npwp",
    "bank_name",
    "bank_account",
    "bank_account_holder",
)


def _request_mail(*, person: Person, link: str, expires_at) -> tuple[str, str]:
    event = person.event
    values = {
        "name": person.name,
        "event": event.title,
        "dates": formatting.format_date_range(event.start_date, event.end_date),
        "link": link,
        "until": formatting.format_date(timezone.localtime(expires_at).date()),
    }
    subject = _("Your data for the honorarium: %(event)s") % values
    body = (
        _(
            "Dear %(name)s,\n\n"
            "Thank you for speaking at %(event)s (%(dates)s). For the honorarium "
            "and its accountability documents (SPJ) the organisers need your "
            "NIK, NPWP, golongan and bank account. Please fill them in yourself "
            "with this link, which is for you alone:\n\n%(link)s\n\n"
            "The link works once, until %(until)s. Your data is stored "
            "encrypted, used only for this event's SPJ and erased with the "
            "event's personal data."
        )
        % values
    )
    return subject, body


def data_request_send(*, event: Event, name: str, email: str, actor) -> DataRequest:
    """E-mail a speaker or moderator of ``event`` (named ``name`` in its
    sessions) a link to a form for their own data, through the outbox. Their
    record is created when the organiser has none yet. Sending again
    replaces the link: the one sent before stops working."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise SpjError(
            _("Enter a valid e-mail address."), code="email_invalid", field="email"
        ) from None
    key = selectors.speaker_key(name or "")
    speaker = next(
        (s for s in selectors.speakers_of_event(event=event) if selectors.name_key(s.name) == key),
        None,
    )
    if speaker is None:
        raise SpjError(
            _("Only the speakers and moderators of this event's sessions get the form."),
            code="not_a_speaker",
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    expires_at = now + dt.timedelta(days=settings.SPJ_DATA_REQUEST_DAYS)
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        person = Person.objects.filter(event=event, pk=getattr(speaker.person, "pk", None)).first()
        if person is None:
            person = Person.objects.create(
                event=event, name=speaker.name, institution=speaker.institution, email=email
            )
            audit_record(
                actor=actor,
                action="spj.person_created",
                target=person,
                event=event,
                summary=person.name,
                changes={
                    "fields": ["email", "name"] + (["institution"] if speaker.institution else [])
                },
            )
        elif person.data_erased_at is not None:
            raise SpjError(_("This event's personal data has been erased."), code="data_erased")
        else:
            person.email = email
            person.save(update_fields=["email", "updated_at"])
        link = settings.SITE_URL.rstrip("/") + reverse("spj:speaker_data", kwargs={"token": token})
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _request_mail(person=person, link=link, expires_at=expires_at)
        message = message_create(
            topic=f"spj:{event.pk}",
            subject=subject,
            body=body,
            created_by=actor,
            recipients=[
                Recipient(
                    key=f"spj_person:{person.pk}",
                    name=person.name,
                    channel=Channel.EMAIL,
                    subject=subject,
                    body=body,
                    email=email,
                    language=settings.LANGUAGE_CODE,
                )
            ],
        )
        request, _created = DataRequest.objects.update_or_create(
            person=person,
            defaults={
                "token_hash": selectors.token_hash(token),
                "sent_at": now,
                "sent_by": actor,
                "expires_at": expires_at,
                "filled_at": None,
                "message": message,
            },
        )
        audit_record(
            actor=actor,
            action="spj.data_request_sent",
            target=person,
            event=event,
            summary=person.name,
            changes={"expires_at": expires_at.isoformat()},
        )
    return request


@transaction.atomic
def data_request_submit(*, request: DataRequest, data: dict) -> Person:
    """The speaker's own data, through their link: the same rules as the
    organiser's form (``_person_check``), once, before the link expires."""
    locked = (
        DataRequest.objects.select_for_update()
        .select_related("person__event")
        .filter(pk=request.pk)
        .first()
    )
    if locked is None or not locked.is_open(timezone.now()):
        raise SpjError(
            _("This link no longer works: ask the organisers for a new one."),
            code="link_closed",
        )
    person = locked.person
    stored = {name: getattr(person, name) for name in SELF_FILLED_FIELDS}
    for name in SELF_FILLED_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    _secrets_keep(person, stored, no_npwp=bool(data.get("no_npwp")))
    changed = [name for name in SELF_FILLED_FIELDS if getattr(person, name) != stored[name]]
    _person_check(person)
    person.full_clean()
    person.save()
    locked.filled_at = timezone.now()
    locked.save(update_fields=["filled_at"])
    audit_record(
        actor=None,
        action="spj.data_request_filled",
        target=person,
        event=person.event,
        summary=person.name,
        changes={"fields": sorted(changed)},
    )
    return person


# Berita acara numbers ----------------------------------------------------------


def minutes_pattern_validate(pattern: str) -> None:
    """The certificates' numbering placeholders (one ``{seq}``), and the
    year: numbers restart each year, so without it they would repeat."""
    texts.validate_number_pattern(pattern)
    if "{year}" not in pattern:
        raise ValidationError(
            _("The berita acara number must contain {year}: the numbers restart each year."),
            code="year",
        )


def minutes_number_assign(*, event: Event, actor, now: dt.datetime | None = None) -> MinutesNumber:
    """Give the event's berita acara its number, once: the next of its
    team's (office's) sequence in the year the event ends, rendered with the
    event's pattern. The counter row is locked (SELECT … FOR UPDATE) and
    the sequence is unique per team and year (constraint): two organisers
    pressing at once get two numbers, one event never gets two. Not before
    the event's last day: the berita acara says it has taken place."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        existing = MinutesNumber.objects.filter(event=event).first()
        if existing is not None:
            return existing
        if not selectors.minutes_can_be_numbered(event, now):
            raise SpjError(
                _(
                    "The berita acara states that the event has taken place: it can be "
                    "numbered from %(date)s, the event's last day."
                )
                % {"date": formatting.format_date(event.end_date)},
                code="minutes_too_early",
            )
        pattern = selectors.pack_settings_for(event).minutes_number_pattern
        try:
            minutes_pattern_validate(pattern)
        except ValidationError as error:
            raise SpjError(" ".join(error.messages), code="minutes_pattern_invalid") from error
        year = event.end_date.year
        MinutesCounter.objects.get_or_create(team_id=event.team_id, year=year)
        counter = MinutesCounter.objects.select_for_update().get(team_id=event.team_id, year=year)
        counter.last_sequence += 1
        counter.save(update_fields=["last_sequence"])
        number = texts.render_number(
            pattern, seq=counter.last_sequence, on=event.end_date, event_code=event.code
        )
        if MinutesNumber.objects.filter(team_id=event.team_id, number=number).exists():
            raise SpjError(
                _("The number %(number)s is taken: change the numbering pattern.")
                % {"number": number},
                code="minutes_number_taken",
            )
        numbered = MinutesNumber.objects.create(
            event=event,
            team_id=event.team_id,
            year=year,
            sequence=counter.last_sequence,
            number=number,
            assigned_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="spj.minutes_numbered",
            target=numbered,
            event=event,
            summary=number,
            changes={"year": year, "sequence": counter.last_sequence},
        )
    return numbered
