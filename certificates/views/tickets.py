"""A participant's own certificate, from "My tickets"."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from certificates import selectors, services
from certificates.errors import CertificateError
from certificates.views.organiser import pdf_response
from participants.models import Registration


class TicketCertificateView(PermissionRequiredMixin, View):
    """The ticket's holder (and organisers). GET downloads the issued
    certificate; POST issues it first. For the holder both follow
    ``selectors.certificate_availability`` (eligible, downloads open, not
    revoked). Someone else's ticket answers 404."""

    permission_required = "certificates.download_certificate"

    def get_registration(self) -> Registration:
        if not hasattr(self, "_registration"):
            self._registration = get_object_or_404(
                Registration.objects.select_related(
                    "event", "participant", "participant__institution"
                ),
                pk=self.kwargs["pk"],
            )
        return self._registration

    def get_permission_object(self):
        return self.get_registration()

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404  # a ticket's existence is nobody else's business
        return super().handle_no_permission()

    def as_organiser(self, registration) -> bool:
        """Organisers are not bound by the holder's rule (downloads closed,
        a revoked certificate): they get the PDF whenever one is valid."""
        return self.request.user.has_perm("certificates.manage_certificates", registration.event)

    def get(self, request, *args, **kwargs):
        registration = self.get_registration()
        if self.as_organiser(registration):
            certificate = selectors.valid_certificate_for(registration)
        else:
            availability = selectors.certificate_availability(registration)
            certificate = availability.certificate if availability.available else None
        if certificate is None:
            raise Http404
        return self._download(certificate)

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        try:
            certificate = services.certificate_get_or_issue(
                actor=request.user,
                registration=registration,
                as_organiser=self.as_organiser(registration),
            )
        except CertificateError as error:
            messages.error(request, error.message)
            return redirect("participants:ticket_list")
        return self._download(certificate)

    def _download(self, certificate):
        settings = selectors.certificate_settings_for(certificate.event)
        try:
            data = services.certificate_download_pdf(certificate, settings=settings)
        except CertificateError as error:  # render_too_slow, or the signer failed
            messages.error(self.request, error.message)
            return redirect("participants:ticket_list")
        return pdf_response(data, certificate)
