"""The participant's own competency-development record."""

from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from competency import selectors


class CompetencyRecordView(PermissionRequiredMixin, TemplateView):
    """Participants. Their own record only: it reads the signed-in user's
    registrations and takes no identifier, so nobody else's can be asked for."""

    permission_required = "competency.view_own_record"
    template_name = "competency/competency_record.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = selectors.record_for_user(self.request.user)
        context["target"] = selectors.yearly_target()
        return context
