"""Door staff of an event (the "Petugas" tab)."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, View

from bimtek import selectors, services
from bimtek.errors import EventError
from bimtek.forms import ServiceErrorMixin, StaffAddForm, StaffRoleForm
from bimtek.models import EventStaff
from bimtek.views.organiser import OrganiserEventMixin


class StaffMixin(OrganiserEventMixin):
    """Organisers (``bimtek.manage_staff`` on the event)."""

    permission_required = "bimtek.manage_staff"
    event_tab = "staff"

    def get_assignment(self) -> EventStaff:
        return get_object_or_404(EventStaff, pk=self.kwargs["pk"], event=self.get_event())

    def back(self):
        return redirect("organiser:staff", code=self.get_event().code)


class StaffListView(ServiceErrorMixin, StaffMixin, FormView):
    """Organisers. Who works the door of this event, and the form to add
    someone by e-mail address."""

    template_name = "bimtek/organiser/staff.html"
    form_class = StaffAddForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        staff = list(selectors.event_staff_list(self.get_event()))
        context["staff"] = [
            (
                assignment,
                StaffRoleForm(initial={"role": assignment.role}, prefix=f"r{assignment.pk}"),
            )
            for assignment in staff
        ]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        added = self.run_service(
            form,
            services.event_staff_add,
            actor=self.request.user,
            event=self.get_event(),
            email=data["email"],
            role=data["role"],
            display_name=data["display_name"],
        )
        if form.errors:
            return self.form_invalid(form)
        assignment, created = added
        if created:
            message = _(
                "An account was made for %(email)s and an e-mail with a link to set "
                "the password is on its way."
            )
        else:
            message = _("%(email)s is now door staff of this event; they were told by e-mail.")
        messages.success(self.request, message % {"email": assignment.user.email})
        return self.back()


class StaffRoleView(StaffMixin, View):
    """Organisers. POST: change a door-staff member's role."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        form = StaffRoleForm(request.POST, prefix=f"r{assignment.pk}")
        if not form.is_valid():
            messages.error(request, _("Choose a door role."))
            return self.back()
        try:
            services.event_staff_change_role(
                actor=request.user, assignment=assignment, role=form.cleaned_data["role"]
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("The role of %(email)s was changed.") % {"email": assignment.user.email}
            )
        return self.back()


class StaffRemoveView(StaffMixin, View):
    """Organisers. POST: take away someone's door rights at this event."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        services.event_staff_remove(actor=request.user, assignment=assignment)
        messages.success(
            request,
            _("%(email)s no longer works the door of this event.")
            % {"email": assignment.user.email},
        )
        return self.back()


class StaffNotifyView(StaffMixin, View):
    """Organisers. POST: send the assignment e-mail again."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        assignment = self.get_assignment()
        services.event_staff_notify(actor=request.user, assignment=assignment)
        messages.success(
            request, _("The e-mail to %(email)s was sent again.") % {"email": assignment.user.email}
        )
        return self.back()
