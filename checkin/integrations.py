"""What checkin adds to lower apps' pages through their registries
(registered in CheckinConfig.ready()): the door in the navigation, the
organiser's "Presensi" tab and the event list's attendance figure."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts import navigation
from bimtek import extensions
from checkin.models import CheckIn


def _annotate_present(events):
    # People checked in at least once: a subquery, so it adds no join to the
    # other counters' and the list stays one query.
    present = (
        CheckIn.objects.filter(session__event=OuterRef("pk"))
        .order_by()
        .values("session__event")
        .annotate(people=Count("registration", distinct=True))
        .values("people")
    )
    return events.annotate(
        present_people=Coalesce(Subquery(present, output_field=IntegerField()), 0)
    )


def register() -> None:
    navigation.nav_items.register(
        navigation.NavItem(
            key="door",
            label=_("Check-in"),
            url_name="checkin:door_home",
            permission="checkin.access_door",
            icon="bi-qr-code-scan",
            order=20,
        )
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="attendance",
            label=_("Attendance"),
            url_name="checkin:attendance",
            permission="checkin.view_attendance",
            icon="bi-person-check",
            order=40,
        )
    )
    extensions.event_counters.register(
        extensions.EventCounter(
            key="present_people",
            label=_("Attended"),
            annotate=_annotate_present,
            order=40,
        )
    )
