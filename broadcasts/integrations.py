"""What broadcasts adds to lower apps' pages (registered in
BroadcastsConfig.ready()): the event menu's "Messages" tab, the history's
sentences, and the link in the edit page's warning to tell registrants."""

from django.utils.translation import gettext_lazy as _

from bimtek import extensions
from broadcasts.changes import change_notice_link

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


def register() -> None:
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
