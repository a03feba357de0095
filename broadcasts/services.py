"""Writes: send a message to the registrants a filter chooses.

The text is checked (placeholders), filled for each person in their language
and handed to the outbox, which sends it in the background at most once per
person; the event's history records who sent what to how many.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bimtek.services import audit_record
from broadcasts import placeholders, selectors, unsubscribe
from broadcasts.errors import BroadcastError
from broadcasts.models import Broadcast, BroadcastChannel, MessageKind, MessageTemplate
from outbox.automatic import event_topic
from outbox.channels import whatsapp
from outbox.models import Channel
from outbox.services import Recipient, message_create
from participants.emails import language_for
from participants.errors import RegistrationError
from participants.services.privacy import registration_announcements_unsubscribe


@dataclass(frozen=True)
class Draft:
    channel: str
    subject: str
    body: str
    chosen: selectors.RecipientFilter
    # An announcement carries an unsubscribe link and skips those who used
    # one; an essential notice (schedule, place, ticket) goes to everyone.
    kind: str = MessageKind.ANNOUNCEMENT


@dataclass(frozen=True)
class Preview:
    count: int
    recipient: Recipient | None
    by_channel: dict[str, int]  # Channel value -> how many get it that way
    no_consent: int = 0  # have a mobile number, but did not agree to WhatsApp
    unsubscribed: int = 0  # chosen, but unsubscribed from announcements: skipped


def text_validate(*, subject: str, body: str) -> None:
    """Refuse placeholders that do not exist, naming the valid ones."""
    unknown = placeholders.unknown_placeholders(subject + "\n" + body)
    if unknown:
        raise BroadcastError(
            _("Unknown placeholder(s): %(unknown)s. Valid ones: %(valid)s.")
            % {
                "unknown": ", ".join("{" + name + "}" for name in unknown),
                "valid": ", ".join("{" + name + "}" for name in placeholders.PLACEHOLDERS),
            },
            code="unknown_placeholder",
            field="body",
        )


def draft_validate(draft: Draft) -> None:
    text_validate(subject=draft.subject, body=draft.body)
    if draft.kind not in MessageKind.values:
        raise BroadcastError(
            _("Choose whether this is an announcement or an essential notice."),
            code="bad_kind",
            field="kind",
        )
    if draft.channel == BroadcastChannel.WHATSAPP and not whatsapp.is_configured():
        raise BroadcastError(
            _("The WhatsApp Business API is not configured on this server."),
            code="whatsapp_not_configured",
            field="channel",
        )


def recipient_for(registration, draft: Draft) -> Recipient:
    """The person's own text, on the channel the draft and their data allow."""
    participant = registration.participant
    language = language_for(registration)
    with translation.override(language):
        values = placeholders.values_for(registration, language=language)
    subject = placeholders.fill(draft.subject, values)
    body = placeholders.fill(draft.body, values)
    channel = Channel.EMAIL
    # UU PDP: WhatsApp (by API or by hand) only to those who agreed to it on
    # their registration; everyone else gets the e-mail.
    reachable = bool(participant.phone) and registration.whatsapp_consent
    if reachable and draft.channel == BroadcastChannel.WA_LINK:
        channel = Channel.WA_LINK
    elif reachable and draft.channel == BroadcastChannel.WHATSAPP:
        channel = Channel.WHATSAPP
    unsubscribe_url = ""
    if draft.kind == MessageKind.ANNOUNCEMENT:
        unsubscribe_url = unsubscribe.url_for(registration)
    if channel != Channel.EMAIL:
        body = f"*{subject}*\n\n{body}"  # WhatsApp has no subject line
        if unsubscribe_url:
            with translation.override(language):
                body += "\n\n" + _("No more announcements about this event: %(url)s") % {
                    "url": unsubscribe_url
                }
    return Recipient(
        key=f"registration:{registration.pk}",
        name=participant.display_name,
        channel=channel,
        subject=subject,
        body=body,
        email=participant.email,
        phone=participant.phone,
        language=language,
        unsubscribe_url=unsubscribe_url,
    )


def _chosen(*, event, draft: Draft):
    """The registrations the draft goes to, and how many of those the filter
    chose were left out because they unsubscribed from announcements."""
    rows = selectors.recipients(event=event, chosen=draft.chosen)
    if draft.kind != MessageKind.ANNOUNCEMENT:
        return rows, 0
    unsubscribed = Q(announcements_unsubscribed_at__isnull=False)
    return rows.exclude(unsubscribed), rows.filter(unsubscribed).count()


def broadcast_preview(*, event, draft: Draft) -> Preview:
    """How many the filter chooses, and the text as the first of them gets it."""
    draft_validate(draft)
    rows, unsubscribed = _chosen(event=event, draft=draft)
    first = rows.first()
    by_channel: dict[str, int] = {}
    no_consent = 0
    if draft.channel != BroadcastChannel.EMAIL:
        counts = rows.aggregate(
            total=Count("pk"),
            whatsapp=Count("pk", filter=_whatsapp_ok),
            no_consent=Count("pk", filter=~Q(participant__phone="") & Q(whatsapp_consent=False)),
        )
        channel = Channel.WA_LINK if draft.channel == BroadcastChannel.WA_LINK else Channel.WHATSAPP
        by_channel = {
            channel: counts["whatsapp"],
            Channel.EMAIL: counts["total"] - counts["whatsapp"],
        }
        no_consent = counts["no_consent"]
        total = counts["total"]
    else:
        total = rows.count()
        by_channel = {Channel.EMAIL: total}
    return Preview(
        count=total,
        recipient=recipient_for(first, draft) if first else None,
        by_channel=by_channel,
        no_consent=no_consent,
        unsubscribed=unsubscribed,
    )


_whatsapp_ok = ~Q(participant__phone="") & Q(whatsapp_consent=True)


def broadcast_send(*, event, actor, draft: Draft, confirmed: bool = False) -> Broadcast:
    draft_validate(draft)
    with transaction.atomic():
        chosen, unsubscribed = _chosen(event=event, draft=draft)
        rows = list(chosen)
        if not rows and unsubscribed:
            raise BroadcastError(
                _(
                    "Everyone these filters choose unsubscribed from announcements: "
                    "nothing was sent. An essential notice still reaches them."
                ),
                code="all_unsubscribed",
            )
        if not rows:
            raise BroadcastError(
                _("Nobody matches these filters: nothing was sent."), code="no_recipients"
            )
        limit = settings.BROADCAST_CONFIRM_ABOVE
        if len(rows) > limit and not confirmed:
            raise BroadcastError(
                ngettext(
                    "This goes to %(count)s person: tick the confirmation to send it.",
                    "This goes to %(count)s people: tick the confirmation to send it.",
                    len(rows),
                )
                % {"count": len(rows)},
                code="confirm_needed",
                field="confirm",
            )
        message = message_create(
            topic=event_topic(event.pk),
            subject=draft.subject,
            body=draft.body,
            created_by=actor,
            recipients=[recipient_for(row, draft) for row in rows],
        )
        broadcast = Broadcast.objects.create(
            event=event,
            message=message,
            channel=draft.channel,
            kind=draft.kind,
            filters=draft.chosen.as_json(),
            recipient_count=len(rows),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="broadcast.send",
            target=broadcast,
            event=event,
            summary=f"{draft.subject} ({len(rows)})",
            changes={
                "channel": draft.channel,
                "kind": draft.kind,
                "filters": broadcast.filters,
                "recipients": len(rows),
                "unsubscribed_skipped": unsubscribed,
            },
        )
    return broadcast


def template_save(
    *,
    event,
    actor,
    name: str,
    channel: str,
    subject: str,
    body: str,
    kind: str = MessageKind.ANNOUNCEMENT,
    template: MessageTemplate | None = None,
) -> MessageTemplate:
    """Save a message template of ``event`` (a new one, or ``template``
    changed); its placeholders are checked as a message's are."""
    name = " ".join(name.split())
    if not name:
        raise BroadcastError(_("Give the template a name."), code="name_required", field="name")
    text_validate(subject=subject, body=body)
    if channel not in BroadcastChannel.values:
        raise BroadcastError(_("Choose how it is sent."), code="bad_channel", field="channel")
    if kind not in MessageKind.values:
        raise BroadcastError(
            _("Choose whether this is an announcement or an essential notice."),
            code="bad_kind",
            field="kind",
        )
    template = template or MessageTemplate(event=event)
    if template.event_id != event.pk:
        raise BroadcastError(_("This template belongs to another event."), code="other_event")
    created = template.pk is None
    template.name, template.channel, template.kind = name, channel, kind
    template.subject, template.body = subject, body
    try:
        with transaction.atomic():
            template.save()
            audit_record(
                actor=actor,
                action="broadcast.template_create" if created else "broadcast.template_update",
                target=template,
                event=event,
                summary=name,
            )
    except IntegrityError as error:
        raise BroadcastError(
            _("This event already has a template named “%(name)s”.") % {"name": name},
            code="duplicate_name",
            field="name",
        ) from error
    return template


def template_delete(*, template: MessageTemplate, actor) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="broadcast.template_delete",
            target=template,
            event=template.event,
            summary=template.name,
        )
        template.delete()


def templates_copy(*, source, event) -> int:
    """A cloned event gets its own copy of each of the source's templates
    (inside the clone's transaction)."""
    copies = [
        MessageTemplate(
            event=event,
            name=template.name,
            channel=template.channel,
            kind=template.kind,
            subject=template.subject,
            body=template.body,
        )
        for template in MessageTemplate.objects.filter(event=source).order_by("pk")
    ]
    MessageTemplate.objects.bulk_create(copies)
    return len(copies)


def broadcast_unsubscribe(*, token: str):
    """The person followed the unsubscribe link of an announcement: the
    registration it names gets no more announcements (essential notices
    still go). The registration; a ``bad_token`` error for a link not made here."""
    registration = unsubscribe.registration_for(token)
    if registration is None:
        raise BroadcastError(
            _("This unsubscribe link is not valid. Copy the whole link from the message."),
            code="bad_token",
        )
    try:
        registration_announcements_unsubscribe(registration=registration)
    except RegistrationError as refusal:  # erased since the link was checked
        raise BroadcastError(refusal.message, code=refusal.code) from refusal
    registration.refresh_from_db(fields=["announcements_unsubscribed_at"])
    return registration
