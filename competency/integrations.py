"""What competency adds to lower apps' pages (registered in
CompetencyConfig.ready()): the "Riwayat kompetensi" and "Laporan JP" entries of the navigation
bar, the labels of its exports in the audit trail."""

from django.utils.translation import gettext_lazy as _

from accounts import navigation
from bimtek import extensions


def register() -> None:
    extensions.audit_labels_register(
        actions={
            "export.competency_recap": _("JP recap of ASN downloaded"),
            "export.competency_siasn": _("SIASN riwayat kursus file downloaded"),
        }
    )
    navigation.nav_items.register(
        navigation.NavItem(
            key="competency_report",
            label=_("JP report"),
            url_name="competency:report",
            permission="competency.view_report",
            icon="bi-clipboard-data",
            order=40,
        )
    )
    navigation.nav_items.register(
        navigation.NavItem(
            key="competency",
            label=_("Competency record"),
            url_name="competency:record",
            permission="competency.view_own_record",
            icon="bi-mortarboard",
            order=35,
        )
    )
