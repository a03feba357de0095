"""What broadcasts adds to lower apps' pages (registered in
BroadcastsConfig.ready()): the event menu's "Messages" tab, the history's
sentences, the link in the edit page's warning to tell registrants, the
messages sent to a person in their own data download ("My data"), and their
erasure with the person's data or after the event's retention."""

from django.utils.translation import gettext_lazy as _

from bimtek import extensions
from bimtek.services import audit_value
from broadcasts.changes import change_notice_link
from outbox.erasure import deliveries_erase
from outbox.models import Delivery
from outbox.selectors import deliveries_addressed_to, owning_key
from participants import extensions as participant_extensions

AUDIT_ACTIONS = {
    "broadcast.send": _("Message sent to registrants"),
    "broadcast.template_create": _("Message template saved"),
    "broadcast.template_update": _("Message template changed"),
    "broadcast.template_delete": _("Message template deleted"),
}


def copy_templates(*, source, event, days, actor) -> None:
    """A cloned event keeps its message templates (inside the clone's transaction)."""
    from broadcasts.services import templates_copy

    templates_copy(source=source, event=event)


def own_messages(participant) -> list[dict]:
    """ "My data": every outbox delivery addressed to the person, by their
    registrations' recipient keys (broadcasts and automatic mails alike) or
    by their e-mail address, with the text as it was sent to them."""
    events = {
        f"registration:{pk}": title
        for pk, title in participant.registrations.values_list("pk", "event__title")
    }
    emails = [participant.email]
    if participant.user_id:
        emails.append(participant.user.email)
    rows = []
    for delivery in deliveries_addressed_to(keys=events, emails=emails):
        event = events.get(owning_key(delivery.recipient_key, events))
        rows.append(
            {
                "event": event,
                "channel": delivery.channel,
                "address": delivery.email if delivery.email else delivery.phone,
                "subject": delivery.subject,
                "body": delivery.body,
                "status": delivery.status,
                "created_at": audit_value(delivery.message.created_at),
                "sent_at": audit_value(delivery.sent_at),
                "status_at": audit_value(delivery.status_at),
            }
        )
    return rows


def registration_keys(registrations) -> list[str]:
    """The outbox's recipient keys of these registrations (broadcasts' and
    participants' automatic mails; ``deliveries_addressed_to`` adds their
    suffixed forms)."""
    return [f"registration:{pk}" for pk in registrations.values_list("pk", flat=True)]


def event_topics(events) -> list[str]:
    """The outbox's topics of the messages about these events (broadcasts,
    participants' and certificates' automatic mails)."""
    return [f"event:{pk}" for pk in events.values_list("pk", flat=True)]


def messages_erase(*, registrations=None, events=None) -> int:
    """The erasure listener (participants.extensions.erasure_listeners), in
    the erasure's transaction: a person's erasure blanks the deliveries
    addressed to their registrations; an event past its retention, every
    delivery of the messages about it (like the codes scanned at its door:
    not needed after the event). Messages, statuses and times stay, so the
    organiser's counts stay true; one not sent yet never will be
    (``outbox.erasure.deliveries_erase``). Returns how many were blanked."""
    erased = 0
    if registrations is not None:
        keys = registration_keys(registrations)
        if keys:
            chosen = deliveries_addressed_to(keys=keys, emails=[]).order_by()
            erased += deliveries_erase(deliveries=chosen)
    if events is not None:
        topics = event_topics(events)
        if topics:
            chosen = Delivery.objects.filter(message__topic__in=topics)
            erased += deliveries_erase(deliveries=chosen)
    return erased


def register() -> None:
    participant_extensions.personal_data_sections.register(
        participant_extensions.PersonalDataSection(key="messages", rows=own_messages, order=40)
    )
    participant_extensions.erasure_listeners.register(
        participant_extensions.ErasureListener(key="messages", erase=messages_erase, order=60)
    )
    extensions.audit_labels_register(
        kinds=[("broadcast", _("Messages"), 90)], actions=AUDIT_ACTIONS
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="messages",
            label=_("Messages"),
            url_name="broadcasts:list",
            permission="broadcasts.send_messages",
            icon="bi-envelope",
            order=70,
        )
    )
    extensions.event_clone_listeners.register(
        extensions.EventCloneListener(key="message_templates", on_clone=copy_templates)
    )
    extensions.event_change_notice_links.register(
        extensions.EventNoticeLink(key="tell_registrants", link=change_notice_link)
    )
