from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


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
        from bimtek import (
            converters,
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )

        post_migrate.connect(
            _ensure_reference_data, sender=self, dispatch_uid="bimtek.reference_data"
        )
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="bimtek.cache_table")
        # Before any URLconf is imported: every app's paths use <id:pk>.
        converters.register()
        integrations.register()
