"""Self-registration from the public event page, and the privacy notice."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from bimtek.forms import ServiceErrorMixin
from bimtek.models import Event
from bimtek.selectors import event_by_code
from participants import selectors
from participants.forms import SelfRegistrationForm
from participants.services.registrations_self import registration_register_self


class RegistrationCreateView(
    ServiceErrorMixin, LoginRequiredMixin, PermissionRequiredMixin, FormView
):
    """Signed-in people (anonymous visitors are sent to log in or sign up and
    come back here). The form of a public event; the person's profile is
    filled in from last time and saved for next time."""

    permission_required = "participants.register"
    template_name = "participants/registration_form.html"
    form_class = SelfRegistrationForm

    def get_event(self) -> Event:
        if not hasattr(self, "_event"):
            event = event_by_code(self.kwargs["code"])
            if event is None or not self.request.user.has_perm("bimtek.view_event", event):
                raise Http404
            self._event = event
        return self._event

    def get_permission_object(self):
        return self.get_event()

    def get_state(self):
        """The person's registration state, once per request: the check in
        ``dispatch`` and the page both read it (two queries, not four)."""
        if not hasattr(self, "_state"):
            self._state = selectors.registration_state(
                event=self.get_event(), user=self.request.user
            )
        return self._state

    def registered_redirect(self):
        """Someone already registered is sent to their ticket, not to the form."""
        state = self.get_state()
        if state.state != "registered":
            return None
        messages.info(self.request, _("You are already registered for this event."))
        return redirect(state.registration.get_absolute_url())

    def dispatch(self, request, *args, **kwargs):
        # A sent form asks only when it is refused (form_invalid): a valid one
        # goes to the service, which reads the person's registration under
        # the event's lock and refuses a second one; reading it here as well
        # (with the seats count) cost two statements per sign-up.
        if request.user.is_authenticated and request.method != "POST":
            answer = self.registered_redirect()
            if answer is not None:
                return answer
        return super().dispatch(request, *args, **kwargs)

    def get_participant(self):
        if not hasattr(self, "_participant"):
            self._participant = selectors.participant_for_form(self.request.user)
        return self._participant

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "POST":
            # The person's own institution (even unconfirmed) is a valid
            # choice; a sent form reads the profile only to check an
            # unconfirmed one (the service reads it under lock anyway).
            kwargs["current_institution"] = self.own_institution_pk
        else:
            participant = self.get_participant()
            kwargs["current_institution"] = participant.institution if participant else None
        return kwargs

    def own_institution_pk(self) -> int | None:
        participant = self.get_participant()
        return participant.institution_id if participant else None

    def get_initial(self):
        if self.request.method == "POST":
            return {}  # a bound form shows what was sent
        return SelfRegistrationForm.initial_from(self.get_participant())

    def form_invalid(self, form):
        return self.registered_redirect() or super().form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        participant = self.get_participant()
        context["event"] = event
        context["state"] = self.get_state()
        context["email"] = participant.email if participant else self.request.user.email
        context["returning"] = participant is not None
        return context

    def form_valid(self, form):
        registration = self.run_service(
            form,
            registration_register_self,
            user=self.request.user,
            event=self.get_event(),
            data=form.person_data(),
            consent=form.cleaned_data["consent"],
            whatsapp_consent=form.cleaned_data["whatsapp_consent"],
            language=get_language() or "",
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _status_message(registration))
        return redirect(registration.get_absolute_url())


def _status_message(registration) -> str:
    if registration.status == "approved":
        return _("You are registered. Your ticket is below and on its way to your e-mail.")
    if registration.status == "waitlisted":
        return _(
            "The event is full: you are on the waiting list. We will e-mail you if a seat "
            "becomes free."
        )
    return _("Thank you. The organiser will review your registration and e-mail you.")


class PrivacyNoticeView(TemplateView):
    """Public. What personal data we keep, why, for how long (UU PDP)."""

    template_name = "participants/privacy.html"
