"""What broadcasts adds to lower apps' pages (registered in
BroadcastsConfig.ready()): the event menu's "Messages" tab, the history's
sentences, the link in the edit page's warning to tell registrants, and the
messages sent to a person in their own data download ("My data")."""

from django.utils.translation import gettext_lazy as _

from bimtek import extensions
from bimtek.services import audit_value
from broadcasts.changes import change_notice_link
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


def register() -> None:
    participant_extensions.personal_data_sections.register(
        participant_extensions.PersonalDataSection(key="messages", rows=own_messages, order=40)
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
