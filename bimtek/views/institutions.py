"""The institution list (instansi) on the organiser dashboard."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from bimtek import selectors, services
from bimtek.forms import InstitutionForm, ServiceErrorMixin
from bimtek.models import Institution, InstitutionCategory
from bimtek.views.organiser import OrganiserRequiredMixin


class InstitutionListView(OrganiserRequiredMixin, ListView):
    """Organisers. Every institution with its category, searchable and
    filtered by category."""

    permission_required = "bimtek.view_institution"
    template_name = "bimtek/organiser/institution_list.html"
    context_object_name = "institutions"
    paginate_by = 50

    def get_queryset(self):
        self.search = self.request.GET.get("q", "")[:100]
        self.category = self.request.GET.get("category", "")[:40]
        return selectors.institutions_for_dashboard(search=self.search, category=self.category)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            search=self.search,
            category=self.category,
            categories=list(InstitutionCategory.objects.order_by("sort_order", "name")),
            dashboard_tab="institutions",
        )
        return context


class InstitutionCreateView(ServiceErrorMixin, OrganiserRequiredMixin, FormView):
    """Organisers. Add an institution to the list."""

    permission_required = "bimtek.add_institution"
    template_name = "bimtek/organiser/institution_form.html"
    form_class = InstitutionForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(dashboard_tab="institutions", **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        institution = self.run_service(
            form,
            services.institution_create,
            actor=self.request.user,
            name=data["name"],
            short_name=data["short_name"],
            category=data["category"],
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("“%(name)s” was added.") % {"name": institution.name})
        return redirect("organiser:institution_list")


class InstitutionUpdateView(ServiceErrorMixin, OrganiserRequiredMixin, FormView):
    """Organisers. Rename an institution or change its category."""

    permission_required = "bimtek.change_institution"
    template_name = "bimtek/organiser/institution_form.html"
    form_class = InstitutionForm

    def get_institution(self) -> Institution:
        if not hasattr(self, "_institution"):
            self._institution = get_object_or_404(Institution, pk=self.kwargs["pk"])
        return self._institution

    def get_permission_object(self):
        return self.get_institution()

    def get_initial(self):
        return InstitutionForm.initial_for(self.get_institution())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            institution=self.get_institution(), dashboard_tab="institutions", **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        institution = self.run_service(
            form,
            services.institution_update,
            actor=self.request.user,
            institution=self.get_institution(),
            data={
                "name": data["name"],
                "short_name": data["short_name"],
                "category": data["category"],
            },
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("“%(name)s” was saved.") % {"name": institution.name})
        return redirect("organiser:institution_list")
