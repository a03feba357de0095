"""What the events app registers (from BimtekConfig.ready()): its entry in
the navigation, its own tabs of an event's organiser menu and the figures
of the organiser's event list that it computes itself. Higher apps add
theirs from their own integrations modules."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import navigation
from bimtek import chain, extensions, queries
from bimtek.services.audit import AUDIT_CHAIN

AUDIT_KINDS = [
    ("event", _("Event"), 10),
    ("session", _("Agenda"), 20),
    ("staff", _("Door staff"), 30),
    ("institution", _("Institutions"), 90),
    ("export", _("Exports and downloads"), 95),
    ("privacy", _("Personal data"), 96),
]
AUDIT_ACTIONS = {
    "event.create": _("Event created"),
    "event.update": _("Event edited"),
    "event.publish": _("Event published"),
    "event.finish": _("Event marked finished"),
    "event.cancel": _("Event cancelled"),
    "event.delete": _("Event deleted"),
    "event.clone": _("Created as a copy"),
    "event.team_change": _("Given to another team"),
    "team.members": _("Team members changed"),
    "event.registration_close": _("Registration closed"),
    "event.registration_reopen": _("Registration reopened"),
    "session.create": _("Session added"),
    "session.update": _("Session edited"),
    "session.delete": _("Session deleted"),
    "session.reorder": _("Agenda reordered"),
    "staff.assign": _("Door staff added"),
    "staff.change_role": _("Door role changed"),
    "staff.remove": _("Door staff removed"),
    "staff.notify": _("Door staff e-mailed again"),
    "institution.create": _("Institution added"),
    "institution.update": _("Institution edited"),
}


def register() -> None:
    extensions.audit_labels_register(kinds=AUDIT_KINDS, actions=AUDIT_ACTIONS)
    chain.hash_chains.register(AUDIT_CHAIN)
    navigation.nav_items.register(
        navigation.NavItem(
            key="organiser",
            label=_("Manage events"),
            url_name="organiser:event_list",
            permission="bimtek.access_dashboard",
            icon="bi-calendar3",
            order=10,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="overview",
            label=_("Overview"),
            url_name="organiser:event_detail",
            permission="bimtek.change_event",
            icon="bi-speedometer2",
            order=10,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="agenda",
            label=_("Agenda"),
            url_name="organiser:agenda",
            permission="bimtek.change_session",
            icon="bi-list-ol",
            order=20,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="staff",
            label=_("Door staff"),
            url_name="organiser:staff",
            permission="bimtek.manage_staff",
            icon="bi-person-badge",
            order=70,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="history",
            label=_("History"),
            url_name="organiser:history",
            permission="bimtek.view_audit",
            icon="bi-clock-history",
            order=90,
        )
    )
    extensions.event_counters.register(
        extensions.EventCounter(
            key="session_count",
            label=_("Sessions"),
            annotate=queries.annotate_session_count,
            order=80,
        )
    )
    extensions.event_counters.register(
        extensions.EventCounter(
            key="total_jp",
            label=pgettext_lazy("lesson hours, abbreviated", "JP"),
            annotate=queries.annotate_total_jp,
            order=90,
        )
    )
