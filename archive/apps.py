from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """One event's complete data as a ZIP of CSV and XLSX files for the
    archive (docs/archive.md). Like ``demo`` it sits above every other app:
    it reads events, registrations, attendance and certificates alike."""

    name = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        from archive import (
            integrations,
            permissions,  # noqa: F401  (registers the rules)
        )

        integrations.register()
