"""What competency adds to lower apps' pages (registered in
CompetencyConfig.ready()): the "Riwayat kompetensi" and "Laporan JP" entries of the navigation
bar, the labels of its exports in the audit trail."""

from django.utils.translation import gettext_lazy as _

from accounts import navigation, permission_facts
from bimtek import extensions
from competency.permissions import HR_VIEWER_FACT


def register() -> None:
    extensions.audit_labels_register(
        actions={
            "export.competency_recap": _("JP recap of ASN downloaded"),
            "export.competency_siasn": _("SIASN riwayat kursus file downloaded"),
            "export.competency_certificates": _("Certificate PDFs of ASN downloaded (ZIP)"),
            "competency.hr_viewer_grant": _("HR viewer role granted"),
            "competency.hr_viewer_revoke": _("HR viewer role revoked"),
        }
    )
    # Read with the rest of a request's permission facts (competency.permissions.is_hr_viewer).
    permission_facts.user_facts.register(
        permission_facts.UserFact(
            key="hr_viewer", model="competency.HrViewer", attribute=HR_VIEWER_FACT
        )
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
            key="competency_hr_viewers",
            label=_("HR viewers"),
            url_name="competency:hr_viewers",
            permission="competency.manage_hr_viewers",
            icon="bi-person-badge",
            order=41,
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
