"""What broadcasts adds to lower apps' pages (registered in
BroadcastsConfig.ready()): the event menu's "Messages" tab, the history's
sentences, and the link in the edit page's warning to tell registrants."""

from django.utils.translation import gettext_lazy as _

from bimtek import extensions
from broadcasts.changes import change_notice_link

AUDIT_ACTIONS = {"broadcast.send": _("Message sent to registrants")}


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
    extensions.event_change_notice_links.register(
        extensions.EventNoticeLink(key="tell_registrants", link=change_notice_link)
    )
