from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _ensure_reference_data(sender, using, **kwargs) -> None:
    # `flush` (used by transactional tests) empties the tables the data
    # migration filled and then sends post_migrate: fill them again.
    from bimtek.models import InstitutionCategory
    from bimtek.reference_data import ensure_institution_categories

    ensure_institution_categories(InstitutionCategory)


def _create_cache_table(sender, using, **kwargs) -> None:
    # The database cache holds the rate limits when there is no Redis
    # (settings.CACHES): `migrate` creates its table, as it does every other.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


_ORGANISER_MODELS = ["event", "session", "institution", "eventstaff"]


class BimtekConfig(AppConfig):
    """The events app: institutions, events, their agenda and door staff."""

    name = "bimtek"
    verbose_name = _("Events")
    role_permissions = {
        "Panitia": [
            f"bimtek.{action}_{model}"
            for model in _ORGANISER_MODELS
            for action in ("add", "change", "delete", "view")
        ]
        + ["bimtek.view_institutioncategory", "bimtek.view_auditentry"],
        "Petugas": ["bimtek.view_event", "bimtek.view_session"],
    }

    def ready(self) -> None:
        from accounts import navigation
        from bimtek import (
            converters,
            extensions,
            permissions,  # noqa: F401  (registers the rules)
        )

        post_migrate.connect(
            _ensure_reference_data, sender=self, dispatch_uid="bimtek.reference_data"
        )
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="bimtek.cache_table")
        # Before any URLconf is imported: every app's paths use <id:pk>.
        converters.register()

        navigation.register(
            navigation.NavItem(
                key="organiser",
                label=_("Manage events"),
                url_name="organiser:event_list",
                permission="bimtek.access_dashboard",
                icon="bi-calendar3",
                order=10,
            )
        )
        from bimtek import queries

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
