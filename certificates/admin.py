from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from certificates.models import (
    Certificate,
    CertificateJob,
    CertificateSettings,
    EligibilityException,
)


@admin.register(CertificateSettings)
class CertificateSettingsAdmin(ObjectPermissionsModelAdmin):
    list_display = ["event", "eligibility_rule", "min_percent", "downloads_open", "updated_at"]
    list_select_related = ["event"]
    search_fields = ["event__title", "event__code"]
    raw_id_fields = ["event"]


@admin.register(Certificate)
class CertificateAdmin(ObjectPermissionsModelAdmin):
    """Read-only: certificates change only through revoke and reissue."""

    list_display = ["number", "event", "registration", "issued_at", "revoked_at"]
    list_filter = ["event"]
    search_fields = ["number", "code", "registration__participant__full_name"]
    list_select_related = ["event", "registration__participant"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(EligibilityException)
class EligibilityExceptionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["registration", "decision", "reason", "decided_by", "decided_at"]
    raw_id_fields = ["registration"]
    list_select_related = ["registration__participant"]


@admin.register(CertificateJob)
class CertificateJobAdmin(ObjectPermissionsModelAdmin):
    list_display = ["event", "output", "status", "processed", "total", "created_at"]
    list_filter = ["status", "output"]
    list_select_related = ["event"]
