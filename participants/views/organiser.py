"""Organisers' pages about an event's people: the participant list with
search, filters and bulk approval; one registration; adding someone; export."""

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from bimtek.forms import ServiceErrorMixin
from bimtek.services import audit_export
from bimtek.views.organiser import OrganiserEventMixin
from participants import selectors
from participants.errors import RegistrationError
from participants.exports import (
    GuardedCSV,
    RegistrationExportResource,
    StreamingXLSX,
    export_filename,
    export_queryset,
)
from participants.forms import (
    BulkActionForm,
    OrganiserPersonForm,
    OrganiserProfileForm,
    RegistrationFilterForm,
)
from participants.models.registrations import RegistrationSource
from participants.services.people import participant_update_from
from participants.services.registrations import (
    registration_add_person,
    registration_approve,
    registration_cancel,
    registration_reissue_ticket,
    registration_reject,
    registration_resend_email,
    registrations_bulk_change,
    waitlist_promote,
)


class ParticipantsEventMixin(OrganiserEventMixin):
    """Organisers (``participants.manage_registrations`` on the event)."""

    permission_required = "participants.manage_registrations"
    event_tab = "participants"

    def list_url(self) -> str:
        return reverse("participants:organiser_list", kwargs={"code": self.get_event().code})


class RegistrationListView(ParticipantsEventMixin, ListView):
    """Organisers. The event's participants: search by name, NIP or e-mail;
    filter by status, role, source, institution category and institution;
    sort; 50 a page; counts on top; bulk approve, reject or cancel."""

    template_name = "participants/organiser/registration_list.html"
    context_object_name = "registrations"
    paginate_by = 50

    def get_filter_form(self) -> RegistrationFilterForm:
        if not hasattr(self, "_filter_form"):
            self._filter_form = RegistrationFilterForm(self.request.GET, event=self.get_event())
        return self._filter_form

    def get_queryset(self):
        return selectors.registrations_for_organiser(
            event=self.get_event(), filters=self.get_filter_form().filters()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        context["filter_form"] = self.get_filter_form()
        context["counts"] = selectors.registration_counts(event)
        context["unconfirmed_institutions"] = selectors.institutions_unconfirmed().count()
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        context["can_promote"] = context["counts"].by_status["waitlisted"] > 0 and (
            event.capacity is None or context["counts"].seats_taken < event.capacity
        )
        return context


class RegistrationBulkView(ParticipantsEventMixin, View):
    """Organisers. Approve, reject or cancel the ticked registrations, or
    every registration matching the list's filters (``scope=matching``: read
    again from the filters here, not from the ids on the page). Rejecting and
    cancelling e-mail everyone at once, so they are confirmed first: by the
    browser's question (js/participants.js sets ``confirmed``) or, without
    it, on a page that asks."""

    CONFIRMED_ACTIONS = ("reject", "cancel")

    def post(self, request, code: str):
        event = self.get_event()
        query = request.POST.get("next_query", "")
        back = self.list_url() + (f"?{query}" if query else "")
        matching = request.POST.get("scope") == "matching"
        if matching:
            filters = RegistrationFilterForm(QueryDict(query), event=event).filters()
            ids = list(
                selectors.registrations_for_organiser(event=event, filters=filters)
                .order_by()
                .values_list("pk", flat=True)
            )
            data = request.POST.copy()
            data.setlist("registrations", [str(pk) for pk in ids])
        else:
            ids = [int(v) for v in request.POST.getlist("registrations") if v.isdigit()]
            data = request.POST
        form = BulkActionForm(data, registration_ids=ids)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        action = form.cleaned_data["action"]
        count = len(form.cleaned_data["registrations"])
        # The list may have changed since the page showed "all N matching".
        changed = matching and request.POST.get("matching_count", str(count)) != str(count)
        confirmed = request.POST.get("confirmed") == "1"
        if changed or (action in self.CONFIRMED_ACTIONS and not confirmed):
            return render(
                request,
                "participants/organiser/registration_bulk_confirm.html",
                {
                    "event": event,
                    "view": self,
                    "action": action,
                    "action_label": dict(form.fields["action"].choices)[action],
                    "count": count,
                    "matching": matching,
                    "changed": changed,
                    "registration_ids": form.cleaned_data["registrations"],
                    "next_query": query,
                    "back": back,
                },
            )
        result = registrations_bulk_change(
            event=event,
            registration_ids=form.cleaned_data["registrations"],
            action=form.cleaned_data["action"],
            actor=request.user,
        )
        if result.done:
            messages.success(
                request,
                ngettext(
                    "%(count)s registration changed.",
                    "%(count)s registrations changed.",
                    len(result.done),
                )
                % {"count": len(result.done)},
            )
        if result.waitlisted:
            messages.warning(
                request,
                ngettext(
                    "%(count)s person went to the waiting list: the event is full.",
                    "%(count)s people went to the waiting list: the event is full.",
                    len(result.waitlisted),
                )
                % {"count": len(result.waitlisted)},
            )
        if result.refused:
            messages.warning(
                request,
                ngettext(
                    "%(count)s registration could not take this action (wrong status).",
                    "%(count)s registrations could not take this action (wrong status).",
                    len(result.refused),
                )
                % {"count": len(result.refused)},
            )
        return redirect(back)


class WaitlistPromoteView(ParticipantsEventMixin, View):
    """Organisers. Give free seats to the waiting list (after raising the capacity)."""

    def post(self, request, code: str):
        promoted = waitlist_promote(event=self.get_event(), actor=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s person moved from the waiting list to a seat.",
                "%(count)s people moved from the waiting list to a seat.",
                len(promoted),
            )
            % {"count": len(promoted)},
        )
        # From the event's overview ("give the free seats… now"): back there.
        back = request.GET.get("next", "")
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(back)
        return redirect(self.list_url())


class RegistrationExportView(ParticipantsEventMixin, View):
    """Organisers. The (filtered) participant list as XLSX or CSV."""

    FORMATS = {"xlsx": StreamingXLSX, "csv": GuardedCSV}

    def get(self, request, code: str, fmt: str):
        if fmt not in self.FORMATS:
            raise Http404
        event = self.get_event()
        form = RegistrationFilterForm(request.GET, event=event)
        queryset = export_queryset(
            selectors.registrations_for_organiser(event=event, filters=form.filters())
        )
        file_format = self.FORMATS[fmt]()
        # A report for a government office: in Bahasa Indonesia whatever the UI language.
        with translation.override("id"):
            dataset = RegistrationExportResource(event=event).export(queryset)
            content = file_format.export_data(dataset)
        if isinstance(content, str):
            content = ("\ufeff" + content).encode("utf-8")  # Excel reads UTF-8 with a BOM
        audit_export(
            actor=request.user, kind="participants", rows=len(dataset), event=event, fmt=fmt
        )
        response = HttpResponse(content, content_type=file_format.get_content_type())
        response["Content-Disposition"] = f'attachment; filename="{export_filename(event, fmt)}"'
        return response


class RegistrationAddView(ServiceErrorMixin, ParticipantsEventMixin, FormView):
    """Organisers. Add one person (a speaker, a moderator, the committee, a
    participant who phoned in): approved at once unless the seats are gone."""

    template_name = "participants/organiser/registration_add.html"
    form_class = OrganiserPersonForm

    def form_valid(self, form):
        event = self.get_event()
        registration = self.run_service(
            form,
            registration_add_person,
            event=event,
            data=form.person_data(),
            role=form.cleaned_data["role"],
            source=RegistrationSource.ORGANISER,
            actor=self.request.user,
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(name)s is registered (%(status)s).")
            % {
                "name": registration.participant.display_name,
                "status": registration.get_status_display(),
            },
        )
        return redirect(self.list_url())


class OrganiserRegistrationMixin(ParticipantsEventMixin):
    def get_registration(self):
        if not hasattr(self, "_registration"):
            registration = selectors.registration_for_organiser(
                event=self.get_event(), pk=self.kwargs["pk"]
            )
            if registration is None:
                raise Http404
            self._registration = registration
        return self._registration


class RegistrationDetailView(OrganiserRegistrationMixin, DetailView):
    """Organisers. One person's registration: profile, status, history, and
    the actions (approve, reject, cancel, reissue the ticket, resend e-mail)."""

    template_name = "participants/organiser/registration_detail.html"
    context_object_name = "registration"

    def get_object(self, queryset=None):
        return self.get_registration()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = selectors.registration_history(self.object)[:50]
        context["revoked_tokens"] = self.object.revoked_tokens.count()
        return context


ACTIONS = {
    "approve": (registration_approve, gettext_lazy("Approved.")),
    "reject": (registration_reject, gettext_lazy("Rejected.")),
    "cancel": (registration_cancel, gettext_lazy("Cancelled.")),
    "reissue": (
        registration_reissue_ticket,
        gettext_lazy("A new ticket was made; the old QR code no longer works."),
    ),
    "resend": (registration_resend_email, gettext_lazy("The e-mail is on its way.")),
}


class RegistrationActionView(OrganiserRegistrationMixin, View):
    """Organisers. One action on one registration (POST)."""

    def post(self, request, code: str, pk: int):
        registration = self.get_registration()
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("Unknown action."))
        else:
            service, done = ACTIONS[action]
            try:
                service(registration=registration, actor=request.user)
            except RegistrationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, str(done))
        return redirect(
            reverse(
                "participants:organiser_detail",
                kwargs={"code": self.get_event().code, "pk": registration.pk},
            )
        )


class ParticipantUpdateView(ServiceErrorMixin, OrganiserRegistrationMixin, FormView):
    """Organisers. Correct a person's profile (their names and titles go on
    certificates); every change goes to the audit trail."""

    template_name = "participants/organiser/participant_form.html"
    form_class = OrganiserProfileForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["current_institution"] = self.get_registration().participant.institution
        return kwargs

    def get_initial(self):
        return OrganiserProfileForm.initial_from(self.get_registration().participant)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["registration"] = self.get_registration()
        return context

    def form_valid(self, form):
        registration = self.get_registration()
        self.run_service(
            form,
            participant_update_from,
            participant=registration.participant,
            data=form.person_data(),
            actor=self.request.user,
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("The profile is saved."))
        return redirect(
            reverse(
                "participants:organiser_detail",
                kwargs={"code": self.get_event().code, "pk": registration.pk},
            )
        )
