from django.contrib import admin

from competency.models import HrViewer


@admin.register(HrViewer)
class HrViewerAdmin(admin.ModelAdmin):
    """Administrators grant the HR viewer role per institution."""

    list_display = ("user", "institution", "granted_by", "granted_at")
    search_fields = ("user__email", "institution__name")
    autocomplete_fields = ("user", "institution")
    readonly_fields = ("granted_by", "granted_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
