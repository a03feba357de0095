"""Institution invitations: the organiser's list, and the contact's page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from bimtek.forms import ServiceErrorMixin
from participants import selectors
from participants.errors import RegistrationError
from participants.forms import (
    DelegateConsentForm,
    DelegateForm,
    InvitationForm,
    InvitationUpdateForm,
)
from participants.models import Invitation, Registration
from participants.services.invitations import (
    invitation_cancel_delegate,
    invitation_create,
    invitation_register_delegate,
    invitation_revoke,
    invitation_send,
    invitation_update,
    invitations_refusal,
)
from participants.views.organiser import ParticipantsEventMixin


class InvitationListView(ServiceErrorMixin, ParticipantsEventMixin, FormView):
    """Organisers. The institutions invited to the event with their quota and
    how many delegates they registered; invite another one."""

    template_name = "participants/organiser/invitation_list.html"
    form_class = InvitationForm
    event_tab = "invitations"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.get_event()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitations"] = selectors.invitations_for_event(self.get_event())
        context["invitations_refusal"] = invitations_refusal(self.get_event())
        return context

    def form_valid(self, form):
        invitation = self.run_service(
            form,
            invitation_create,
            event=self.get_event(),
            actor=self.request.user,
            **form.cleaned_data,
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(institution)s is invited; the link went to %(email)s.")
            % {"institution": invitation.institution.name, "email": invitation.contact_email},
        )
        return redirect(self._list_url())

    def _list_url(self) -> str:
        return reverse("participants:invitation_list", kwargs={"code": self.get_event().code})


class OrganiserInvitationMixin(ParticipantsEventMixin):
    event_tab = "invitations"

    def get_invitation(self) -> Invitation:
        if not hasattr(self, "_invitation"):
            invitation = (
                Invitation.objects.filter(event=self.get_event(), pk=self.kwargs["pk"])
                .select_related("institution", "event")
                .first()
            )
            if invitation is None:
                raise Http404
            self._invitation = invitation
        return self._invitation

    def list_url(self) -> str:
        return reverse("participants:invitation_list", kwargs={"code": self.get_event().code})


class InvitationUpdateView(ServiceErrorMixin, OrganiserInvitationMixin, FormView):
    """Organisers. Change an invitation's quota or contact, see its delegates."""

    template_name = "participants/organiser/invitation_form.html"
    form_class = InvitationUpdateForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.get_event()
        kwargs["instance"] = self.get_invitation()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.get_invitation()
        context["invitation"] = invitation
        context["delegates"] = selectors.delegates_of(invitation)
        context["invitation_url"] = self.request.build_absolute_uri(invitation.get_absolute_url())
        return context

    def form_valid(self, form):
        self.run_service(
            form,
            invitation_update,
            invitation=self.get_invitation(),
            actor=self.request.user,
            **form.cleaned_data,
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("The invitation is saved."))
        return redirect(self.list_url())


class InvitationActionView(OrganiserInvitationMixin, View):
    """Organisers. Resend the link, or withdraw the invitation (POST)."""

    def post(self, request, code: str, pk: int):
        invitation = self.get_invitation()
        action = request.POST.get("action")
        try:
            if action == "resend":
                invitation_send(invitation=invitation, actor=request.user)
                messages.success(request, _("The link was sent again."))
            elif action == "revoke":
                invitation_revoke(invitation=invitation, actor=request.user)
                messages.success(request, _("The invitation is withdrawn; its link stops working."))
            else:
                messages.error(request, _("Unknown action."))
        except RegistrationError as error:
            messages.error(request, error.message)
        return redirect(self.list_url())


class InvitationContactMixin:
    """Whoever holds the invitation link (the institution's contact person):
    the 192-bit token in the URL is the key. A withdrawn or unknown link
    answers 404."""

    def get_invitation(self) -> Invitation:
        if not hasattr(self, "_invitation"):
            invitation = selectors.invitation_by_token(self.kwargs["token"])
            if invitation is None or not invitation.is_active:
                raise Http404
            self._invitation = invitation
        return self._invitation


class InvitationDetailView(ServiceErrorMixin, InvitationContactMixin, FormView):
    """The invitation link's holder (no account needed). The event, the
    quota, the delegates registered so far, and a form for one more."""

    template_name = "participants/invitation_detail.html"
    form_class = DelegateForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["institution"] = self.get_invitation().institution
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        invitation = self.get_invitation()
        delegates = list(selectors.delegates_of(invitation))
        used = sum(1 for delegate in delegates if delegate.is_active)
        remaining = max(invitation.quota - used, 0)
        form = context["form"]
        # A refused delegate keeps the form and what was typed, even when the
        # places ran out meanwhile (another tab, a colleague on the same link).
        refused = form.is_bound and bool(form.errors)
        context.update(
            invitation=invitation,
            event=invitation.event,
            delegates=delegates,
            used=used,
            remaining=remaining,
            show_form=bool(remaining) or refused,
            not_registered_name=(form.data.get("full_name", "").strip() if refused else ""),
            quota_ran_out=refused and not remaining,
            consent_form=kwargs.get("consent_form") or DelegateConsentForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        consent_form = DelegateConsentForm(request.POST)
        if not (form.is_valid() and consent_form.is_valid()):
            return self.render_to_response(
                self.get_context_data(form=form, consent_form=consent_form)
            )
        registration = self.run_service(
            form,
            invitation_register_delegate,
            invitation=self.get_invitation(),
            data=form.person_data(),
            language=get_language() or "",
            whatsapp_consent=form.cleaned_data["whatsapp_consent"],
        )
        if not form.errors:
            messages.success(
                request,
                _("%(name)s is registered (%(status)s); their ticket goes to %(email)s.")
                % {
                    "name": registration.participant.display_name,
                    "status": registration.get_status_display(),
                    "email": registration.participant.email,
                },
            )
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(form=form, consent_form=consent_form))


class DelegateCancelView(InvitationContactMixin, View):
    """The invitation link's holder. Withdraw one of the institution's delegates."""

    def post(self, request, token: str, pk: int):
        invitation = self.get_invitation()
        registration = Registration.objects.filter(pk=pk, invitation=invitation).first()
        if registration is None:
            raise Http404
        try:
            invitation_cancel_delegate(invitation=invitation, registration=registration)
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s is withdrawn; the place is free for someone else.")
                % {"name": registration.participant.display_name},
            )
        return redirect(invitation.get_absolute_url())
