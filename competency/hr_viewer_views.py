"""The organiser-facing page granting and revoking the HR viewer role
(user × institution): administrators, and organisers holding
competency.add_hrviewer (competency.manage_hr_viewers)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from bimtek.forms import ServiceErrorMixin
from bimtek.models import Institution
from competency import hr_viewers
from competency.models import HrViewer


class HrViewerForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail of the account"), max_length=254)
    institution = forms.ModelChoiceField(
        label=gettext_lazy("Institution"), queryset=Institution.objects.order_by("name")
    )


class ManageMixin(PermissionRequiredMixin):
    permission_required = "competency.manage_hr_viewers"

    def get_permission_object(self):
        return None


class HrViewerListView(ManageMixin, ServiceErrorMixin, TemplateView):
    template_name = "competency/hr_viewers.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", HrViewerForm())
        context["viewers"] = HrViewer.objects.select_related(
            "user", "institution", "granted_by"
        ).order_by("institution__name", "user__email")
        return context

    def post(self, request):
        form = HrViewerForm(request.POST)
        if form.is_valid():
            viewer = self.run_service(
                form,
                hr_viewers.hr_viewer_grant,
                actor=request.user,
                email=form.cleaned_data["email"],
                institution=form.cleaned_data["institution"],
            )
            if viewer is not None:
                messages.success(
                    request,
                    _("%(email)s now sees the JP of %(institution)s.")
                    % {"email": viewer.user.email, "institution": viewer.institution.name},
                )
                return redirect("competency:hr_viewers")
        return self.render_to_response(self.get_context_data(form=form))


class HrViewerRevokeView(ManageMixin, View):
    def post(self, request, pk: int):
        viewer = get_object_or_404(HrViewer.objects.select_related("user", "institution"), pk=pk)
        email, institution = viewer.user.email, viewer.institution.name
        hr_viewers.hr_viewer_revoke(actor=request.user, viewer=viewer)
        messages.success(
            request,
            _("%(email)s no longer sees the JP of %(institution)s.")
            % {"email": email, "institution": institution},
        )
        return redirect("competency:hr_viewers")
