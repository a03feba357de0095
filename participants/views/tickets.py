"""A participant's own tickets: the list, one ticket with its big QR code, the
QR image, the PDF, cancelling; and their profile."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View
from django.views.generic import DetailView, FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from bimtek.forms import ServiceErrorMixin
from participants import extensions, selectors
from participants.errors import RegistrationError
from participants.forms import ProfileForm
from participants.models.registrations import RegistrationStatus
from participants.services.people import participant_update_from
from participants.services.privacy import (
    message_choices_open,
    registration_announcements_resubscribe,
    registration_announcements_unsubscribe,
    registration_whatsapp_consent,
    registration_whatsapp_withdraw,
)
from participants.services.registrations import cancel_refusal, registration_cancel
from participants.tickets import qr_png, qr_svg, ticket_pdf


class TicketListView(PermissionRequiredMixin, ListView):
    """Participants. Their own registrations, newest event first."""

    permission_required = "participants.access_tickets"
    template_name = "participants/ticket_list.html"
    context_object_name = "registrations"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return selectors.registrations_of_user(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registrations = list(context["registrations"])
        # The panels of each ticket (certificates, evaluations) use these.
        extensions.share_panel_registrations(self.request, registrations)
        context["tickets"] = [
            (registration, _qr_for(registration)) for registration in registrations
        ]
        return context


def _qr_for(registration) -> str:
    # No door to show it at: an unapproved registration, a cancelled event.
    if not registration.is_approved or registration.event.is_cancelled:
        return ""
    return qr_svg(registration.token, label=_("QR code of your ticket"))


class OwnTicketMixin(LoginRequiredMixin):
    """The ticket's holder (an organiser sees tickets on the organiser pages).
    Anyone else's ticket answers 404: its existence is not revealed."""

    permission = "participants.view_registration"

    def get_ticket(self):
        if not hasattr(self, "_ticket"):
            ticket = selectors.ticket_for_user(user=self.request.user, pk=self.kwargs["pk"])
            if ticket is None or not self.request.user.has_perm(self.permission, ticket):
                raise Http404
            self._ticket = ticket
        return self._ticket


class TicketDetailView(OwnTicketMixin, DetailView):
    """The ticket's holder. One ticket, its QR code big for the door."""

    template_name = "participants/ticket_detail.html"
    context_object_name = "registration"

    def get_object(self, queryset=None):
        return self.get_ticket()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.object
        # The page's panels (certificates, evaluations) compute this ticket only.
        extensions.share_panel_registrations(self.request, [registration])
        context["qr"] = _qr_for(registration)
        registration.message_choices = message_choices_open(registration)
        context["can_cancel"] = cancel_refusal(
            registration, registration.event
        ) is None and self.request.user.has_perm("participants.cancel_registration", registration)
        sessions = list(registration.event.sessions.all().order_by("starts_at", "position", "id"))
        marks = extensions.agenda_marks_for(registration, sessions)
        for session in sessions:
            session.event = registration.event
            session.marks = marks.get(session.pk, [])
        context["sessions"] = sessions
        context["some_sessions_do_not_count"] = any(
            not session.counts_for_certificate for session in sessions
        )
        if registration.status == RegistrationStatus.WAITLISTED:
            context["waitlist_position"] = selectors.waitlist_position(registration)
        return context

    def render_to_response(self, context, **response_kwargs):
        # The page shows the ticket's QR code: no shared or stored copies.
        response = super().render_to_response(context, **response_kwargs)
        response["Cache-Control"] = "private, no-store"
        return response


class TicketQrView(OwnTicketMixin, View):
    """The ticket's holder. The QR code as SVG or PNG (approved tickets only)."""

    def get(self, request, pk: int, fmt: str):
        ticket = self.get_ticket()
        if not ticket.is_approved or fmt not in ("svg", "png"):
            raise Http404
        if fmt == "svg":
            response = HttpResponse(qr_svg(ticket.token), content_type="image/svg+xml")
        else:
            response = HttpResponse(qr_png(ticket.token), content_type="image/png")
            response["Content-Disposition"] = f'inline; filename="qr-{ticket.event.code}.png"'
        response["Cache-Control"] = "private, no-store"
        return response


class TicketPdfView(OwnTicketMixin, View):
    """The ticket's holder. The printable one-page PDF (approved tickets only)."""

    def get(self, request, pk: int):
        ticket = self.get_ticket()
        if not ticket.is_approved:
            raise Http404
        response = HttpResponse(ticket_pdf(ticket), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="tiket-{ticket.event.code}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response


class TicketCancelView(OwnTicketMixin, DetailView):
    """The ticket's holder. Asks to confirm, then cancels the registration."""

    permission = "participants.cancel_registration"
    template_name = "participants/ticket_cancel.html"
    context_object_name = "registration"

    def get_object(self, queryset=None):
        return self.get_ticket()

    def get(self, request, *args, **kwargs):
        ticket = self.get_ticket()
        refusal = cancel_refusal(ticket, ticket.event)
        if refusal is not None:
            messages.error(request, refusal.message)
            return redirect(ticket.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, pk: int):
        ticket = self.get_ticket()
        try:
            registration_cancel(registration=ticket, actor=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect(ticket.get_absolute_url())
        messages.success(request, _("Your registration is cancelled. Thank you for telling us."))
        return redirect("participants:ticket_list")


class ProfileUpdateView(ServiceErrorMixin, LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Signed-in people with a profile. Their names, titles, NIP, position,
    institution and phone, used for every event and their certificates."""

    permission_required = "participants.change_own_profile"
    template_name = "participants/profile_form.html"
    form_class = ProfileForm

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.get_participant() is None:
            messages.info(request, _("Your profile is made when you register for an event."))
            return redirect("events:home")
        return super().dispatch(request, *args, **kwargs)

    def get_participant(self):
        """The profile, read once per request (the check, the form, its
        initial values, the page and the service all use it)."""
        if not hasattr(self, "_participant"):
            self._participant = selectors.participant_of_user(self.request.user)
        return self._participant

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["current_institution"] = self.get_participant().institution
        return kwargs

    def get_initial(self):
        return ProfileForm.initial_from(self.get_participant())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participant"] = self.get_participant()
        return context

    def form_valid(self, form):
        self.run_service(
            form,
            participant_update_from,
            participant=self.get_participant(),
            data=form.person_data(),
            actor=self.request.user,
            language=translation.get_language(),
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("Your profile is saved."))
        return redirect(reverse("participants:profile"))


class TicketChoiceView(OwnTicketMixin, View):
    """The ticket's holder changes one of their choices about this event's
    messages (POST), on the ticket page or on "My data": ``service`` records
    it under ``message_choice_refusal``'s rule, ``done`` says so, and the
    person goes back to the page they came from (``next``, this site only)."""

    service = None
    done = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.get_ticket()  # someone else's ticket: 404 whatever the method
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, pk: int):
        ticket = self.get_ticket()
        try:
            type(self).service(registration=ticket, actor=request.user)
        except RegistrationError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _(self.done))
        return redirect(self.back_url(ticket))

    def back_url(self, ticket) -> str:
        back = self.request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return back
        return ticket.get_absolute_url()


class TicketWhatsappWithdrawView(TicketChoiceView):
    """Withdraws the holder's consent to WhatsApp messages."""

    service = registration_whatsapp_withdraw
    done = gettext_noop("Done: the organiser's messages about this event reach you by e-mail only.")


class TicketAnnouncementsUnsubscribeView(TicketChoiceView):
    """Receives no more announcements about this event (essential notices still go)."""

    service = registration_announcements_unsubscribe
    done = gettext_noop(
        "Done: you will not receive announcements about this event any more. "
        "Essential notices (a change of schedule or place, your ticket) still reach you."
    )


class TicketAnnouncementsResubscribeView(TicketChoiceView):
    """Receives the event's announcements again after unsubscribing."""

    service = registration_announcements_resubscribe
    done = gettext_noop("Done: the organiser's announcements about this event reach you again.")


class TicketWhatsappConsentView(TicketChoiceView):
    """Agrees to WhatsApp messages about this event."""

    service = registration_whatsapp_consent
    done = gettext_noop(
        "Done: the organiser may send you information about this event by WhatsApp."
    )
