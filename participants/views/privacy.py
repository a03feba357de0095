"""A person's own data ("My data": download, ask for erasure) and the
organiser's list of erasure requests (docs/security.md)."""

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from bimtek.selectors import events_for_organiser
from participants import selectors
from participants.errors import RegistrationError
from participants.models import ErasureRequest
from participants.models.privacy import ErasureStatus
from participants.services.privacy import (
    erasure_request_complete,
    erasure_request_create,
    message_choices_open,
    participant_data,
)


class OwnDataMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Signed-in people with a profile, about their own data only."""

    permission_required = "participants.change_own_profile"

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and selectors.participant_of_user(request.user) is None:
            messages.info(request, _("Your profile is made when you register for an event."))
            return redirect("events:home")
        return super().dispatch(request, *args, **kwargs)

    def get_participant(self):
        return selectors.participant_of_user(self.request.user)


class OwnDataView(OwnDataMixin, TemplateView):
    """Signed-in people with a profile: what is kept about them, a download of
    it, and the request to erase it."""

    template_name = "participants/own_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        participant = self.get_participant()
        context["participant"] = participant
        context["open_request"] = participant.erasure_requests.filter(
            status=ErasureStatus.OPEN
        ).first()
        # "Messages": each of the person's registrations with their choices
        # about its messages, changed by the ticket page's views and rule.
        registrations = list(selectors.registrations_of_user(self.request.user))
        for registration in registrations:
            registration.message_choices = message_choices_open(registration)
        context["registrations"] = registrations
        return context

    def post(self, request, *args, **kwargs):
        try:
            erasure_request_create(
                participant=self.get_participant(),
                actor=request.user,
                reason=request.POST.get("reason", ""),
            )
        except RegistrationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Your request is sent. The organiser will erase your data.")
            )
        return redirect("participants:own_data")


class OwnDataDownloadView(OwnDataMixin, View):
    """Signed-in people with a profile: their data as JSON (audited)."""

    def get(self, request, *args, **kwargs):
        data = participant_data(participant=self.get_participant(), actor=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="data-saya.json"'
        return response


class ErasureRequestListView(PermissionRequiredMixin, ListView):
    """Organisers. Erasure requests, the open ones first; each completed here."""

    permission_required = "participants.manage_erasure_requests"
    template_name = "participants/organiser/erasurerequest_list.html"
    paginate_by = 50

    def get_queryset(self):
        # Need-to-know: the requests of people registered at the organiser's
        # teams' events (every request for an administrator).
        events = events_for_organiser(self.request.user)
        return (
            ErasureRequest.objects.filter(participant__registrations__event__in=events)
            .distinct()
            .select_related("participant__institution", "completed_by")
            .order_by("-status", "requested_at", "id")
        )


class ErasureRequestCompleteView(PermissionRequiredMixin, View):
    """Organisers. Complete one open request (POST)."""

    permission_required = "participants.manage_erasure_requests"

    def post(self, request, pk: int):
        erasure = get_object_or_404(ErasureRequest, pk=pk)
        if not request.user.has_perm("participants.change_participant", erasure.participant):
            raise Http404
        try:
            erasure_request_complete(request=erasure, actor=request.user)
        except RegistrationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The personal data is erased."))
        return redirect("participants:erasure_requests")
