"""What the events app registers (from BimtekConfig.ready()): its entry in
the navigation, its own tabs of an event's organiser menu and the figures
of the organiser's event list that it computes itself. Higher apps add
theirs from their own integrations modules."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import navigation
from bimtek import extensions, queries


def register() -> None:
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
