from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """One event's complete data as a ZIP of CSV and XLSX files for the
    archive (docs/archive.md). Like ``demo`` it sits above every other app:
    it reads events, registrations, attendance and certificates alike."""

    name = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        from archive import permissions  # noqa: F401  (registers the rules)
        from bimtek import extensions

        extensions.event_links.register(
            extensions.EventLink(
                key="archive",
                label=_("Archive"),
                url_name="archive:event_archive",
                permission="archive.export_event",
                icon="bi-archive",
                order=90,
            )
        )
