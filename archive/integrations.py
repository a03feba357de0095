"""What archive adds to lower apps' pages (registered in ArchiveConfig.ready()):
the "Arsip" tab of an event's organiser menu."""

from django.utils.translation import gettext_lazy as _

from bimtek import extensions


def register() -> None:
    extensions.audit_labels_register(actions={"event.archive": _("Archive downloaded")})
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
