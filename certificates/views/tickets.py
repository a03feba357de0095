"""A participant's own certificate, from "My tickets"."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from certificates import rendering, selectors, services
from certificates.errors import CertificateError
from certificates.views.organiser import pdf_response
from participants.models import Registration


class TicketCertificateView(PermissionRequiredMixin, View):
    """The ticket's holder (and organisers). GET downloads the issued
    certificate; POST issues it first when the holder is eligible and
    downloads are open. Someone else's ticket answers 404."""

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

    def downloads_closed(self, registration) -> bool:
        """Until the organiser opens downloads, only organisers get the PDF."""
        settings = selectors.certificate_settings_for(registration.event)
        return not settings.downloads_open and not self.request.user.has_perm(
            "certificates.manage_certificates", registration.event
        )

    def get(self, request, *args, **kwargs):
        registration = self.get_registration()
        certificate = selectors.valid_certificate_for(registration)
        if certificate is None or self.downloads_closed(registration):
            raise Http404
        return self._download(certificate)

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        if self.downloads_closed(registration):
            messages.error(request, _("Certificates of this event cannot be downloaded yet."))
            return redirect("participants:ticket_list")
        try:
            certificate = services.certificate_get_or_issue(
                actor=request.user, registration=registration
            )
        except CertificateError as error:
            messages.error(request, error.message)
            return redirect("participants:ticket_list")
        return self._download(certificate)

    def _download(self, certificate):
        settings = selectors.certificate_settings_for(certificate.event)
        data = rendering.certificate_pdf(certificate, settings=settings)
        return pdf_response(data, certificate)
