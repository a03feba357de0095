"""Organiser pages of an event's certificates (Panitia)."""

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.generic import TemplateView

from bimtek.views.organiser import OrganiserEventMixin
from certificates import images, rendering, selectors, services
from certificates import messages as texts_for
from certificates.errors import CertificateError
from certificates.forms import (
    SIGNATURE_IMAGES,
    CertificateSettingsForm,
    ExceptionForm,
    JobForm,
    ReasonForm,
)
from certificates.models import Certificate, CertificateSettings
from participants.models import Registration
from participants.models.registrations import RegistrationRole, RegistrationStatus


class CertificateEventMixin(OrganiserEventMixin):
    """Organisers of the event (``certificates.manage_certificates``)."""

    permission_required = "certificates.manage_certificates"
    event_tab = "certificates"

    def get_settings(self) -> CertificateSettings:
        if not hasattr(self, "_settings"):
            self._settings = services.certificate_settings_ensure(event=self.get_event())
        return self._settings

    def list_url(self) -> str:
        return reverse("certificates:organiser_list", kwargs={"code": self.get_event().code})


class CertificateListView(CertificateEventMixin, TemplateView):
    """Organisers. Every registration with its attendance, eligibility and
    certificate; the bulk run with its progress."""

    template_name = "certificates/certificate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        settings = self.get_settings()
        filter_by = self.request.GET.get("filter", "")
        search = self.request.GET.get("q", "").strip()[:100]
        all_rows = selectors.certificate_rows(event=event, settings=settings)
        rows = (
            selectors.certificate_rows(
                event=event, settings=settings, filter_by=filter_by, search=search
            )
            if (filter_by or search)
            else all_rows
        )
        context.update(
            settings=settings,
            rule=texts_for.rule_description(settings.eligibility_rule, settings.min_percent),
            counts=selectors.certificate_counts(all_rows),
            rows=[
                (
                    row,
                    texts_for.progress_summary(row.progress),
                    texts_for.reason_message(row.progress, row.registration.role),
                )
                for row in rows
            ],
            filter_by=filter_by,
            search=search,
            filters=texts_for.list_filters(),
            jobs=selectors.latest_jobs(event),
            job_form=JobForm(),
        )
        counts = context["counts"]
        # Said before the run: what the file will weigh (valid + to issue).
        context["expected_sizes"] = rendering.output_sizes(
            settings, counts["issued"] + counts["to_issue"]
        )
        return context


class CertificateSettingsView(CertificateEventMixin, TemplateView):
    """Organisers. The event's certificate rule, template and signatory, with
    a live preview."""

    template_name = "certificates/certificatesettings_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        settings = self.get_settings()
        form = context.setdefault("form", CertificateSettingsForm(instance=settings))
        context["settings"] = settings
        code = self.get_event().code

        def url_for(name: str) -> str:
            return (
                reverse("certificates:settings_image", kwargs={"code": code, "field": name})
                + f"?v={int(settings.updated_at.timestamp())}"
            )

        context["image_fields"] = form.image_fields(url_for)
        context["signature_fields"] = {
            number: form.image_fields(url_for, [name])[0]
            for number, name in SIGNATURE_IMAGES.items()
        }
        return context

    def post(self, request, *args, **kwargs):
        settings = self.get_settings()
        # The form validates a copy: ModelForm writes cleaned values into its
        # instance, and the service must see what changed.
        form = CertificateSettingsForm(
            request.POST, request.FILES, instance=CertificateSettings.objects.get(pk=settings.pk)
        )
        if form.is_valid():
            try:
                services.certificate_settings_update(
                    actor=request.user,
                    settings=settings,
                    changes=form.changes(),
                    uploads=form.uploads(),
                    clear=form.cleared(),
                )
            except ValidationError as error:
                settings.refresh_from_db()
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Certificate settings saved."))
                return redirect("certificates:settings", code=self.get_event().code)
        else:
            settings.refresh_from_db()
        # 200 with the errors shown, as every form page here (no browser console error)
        return self.render_to_response(self.get_context_data(form=form))


@method_decorator(xframe_options_sameorigin, name="dispatch")
@method_decorator(csp_replace({"frame-ancestors": [SELF]}), name="dispatch")
class CertificatePreviewView(CertificateEventMixin, View):
    """Organisers. A preview PDF: GET shows the saved settings, POST the
    unsaved form (the settings page posts it into its preview frame)."""

    def get(self, request, *args, **kwargs):
        role = request.GET.get("role", RegistrationRole.PARTICIPANT)
        return self._render(self.get_settings(), role=role)

    def post(self, request, *args, **kwargs):
        settings = CertificateSettings.objects.get(pk=self.get_settings().pk)
        form = CertificateSettingsForm(request.POST, request.FILES, instance=settings)
        if not form.is_valid():
            errors = "; ".join(
                f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errs)}"
                for field, errs in form.errors.items()
            )
            return HttpResponse(
                _("The preview cannot be drawn: %(errors)s") % {"errors": errors},
                content_type="text/plain; charset=utf-8",
            )
        uploaded = {}
        for name, upload in form.uploads().items():
            if upload:
                uploaded[name] = images.normalise_image(
                    upload, kind="background" if name == "background" else name
                ).read()
        for name in form.cleared():
            uploaded[name] = b""
        return self._render(
            form.instance,
            role=form.cleaned_data.get("preview_role") or RegistrationRole.PARTICIPANT,
            uploaded=uploaded,
        )

    def _render(self, settings, *, role, uploaded=None):
        event = self.get_event()
        if role not in RegistrationRole.values:
            role = RegistrationRole.PARTICIPANT
        registration = (
            Registration.objects.filter(event=event, role=role, status=RegistrationStatus.APPROVED)
            .select_related("participant", "participant__institution")
            .order_by("id")
            .first()
        ) or rendering.sample_registration(event, role)
        sessions = selectors.countable_sessions(event)
        try:
            data = rendering.preview_pdf(
                settings=settings,
                registration=registration,
                jp_total=sum(s.jp for s in sessions),
                uploaded=uploaded,
            )
        except CertificateError as error:  # render_too_slow
            return HttpResponse(
                _("The preview cannot be drawn: %(errors)s") % {"errors": error.message},
                content_type="text/plain; charset=utf-8",
            )
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        response["Cache-Control"] = "no-store"
        return response


class CertificateSettingsImageView(CertificateEventMixin, View):
    """Organisers. One uploaded design image (shown on the settings page)."""

    def get(self, request, *args, **kwargs):
        field = kwargs["field"]
        if field not in CertificateSettings.IMAGE_FIELDS:
            raise Http404
        field_file = getattr(self.get_settings(), field)
        if not field_file or not default_storage.exists(field_file.name):
            raise Http404
        content_type = "image/jpeg" if field_file.name.endswith(".jpg") else "image/png"
        response = FileResponse(
            default_storage.open(field_file.name, "rb"), content_type=content_type
        )
        response["Cache-Control"] = "private, max-age=300"
        return response


class RegistrationCertificateView(CertificateEventMixin, TemplateView):
    """Organisers. One registration: attendance, exception, certificates."""

    template_name = "certificates/registration_certificate.html"

    def get_registration(self) -> Registration:
        return get_object_or_404(
            Registration.objects.select_related("participant", "participant__institution", "event"),
            pk=self.kwargs["pk"],
            event=self.get_event(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration = self.get_registration()
        progress = selectors.eligibility_for_registrations(
            event=self.get_event(), registrations=[registration], settings=self.get_settings()
        )[registration.pk]
        exception = progress.exception
        context.update(
            registration=registration,
            progress=progress,
            summary=texts_for.progress_summary(progress),
            reason=texts_for.reason_message(progress, registration.role),
            certificates=list(registration.certificates.order_by("-issued_at", "-id")),
            valid=selectors.valid_certificate_for(registration),
            exception_form=kwargs.get("exception_form")
            or ExceptionForm(
                initial={"decision": exception.decision, "reason": exception.reason}
                if exception
                else None
            ),
            revoke_form=kwargs.get("revoke_form") or ReasonForm(prefix="revoke"),
            reissue_form=kwargs.get("reissue_form") or ReasonForm(prefix="reissue"),
        )
        return context


class _ActionView(CertificateEventMixin, View):
    """POST-only organiser actions; errors come back as messages."""

    def registration_url(self, registration_id: int) -> str:
        return reverse(
            "certificates:registration",
            kwargs={"code": self.get_event().code, "pk": registration_id},
        )

    def get_registration(self) -> Registration:
        return get_object_or_404(
            Registration.objects.select_related("participant", "event"),
            pk=self.kwargs["pk"],
            event=self.get_event(),
        )

    def get_certificate(self) -> Certificate:
        return get_object_or_404(
            Certificate.objects.select_related("registration", "event"),
            pk=self.kwargs["pk"],
            event=self.get_event(),
        )

    def invalid(self, view_kwargs: dict):
        view = RegistrationCertificateView()
        view.setup(self.request, code=self.get_event().code, pk=view_kwargs.pop("registration_pk"))
        context = view.get_context_data(**view_kwargs)
        return view.render_to_response(context)


class ExceptionSetView(_ActionView):
    """Organisers. Grant or deny a certificate with a reason, or clear it."""

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        if "clear" in request.POST:
            services.eligibility_exception_clear(actor=request.user, registration=registration)
            messages.success(request, _("The exception was removed."))
            return redirect(self.registration_url(registration.pk))
        form = ExceptionForm(request.POST)
        if not form.is_valid():
            return self.invalid({"registration_pk": registration.pk, "exception_form": form})
        try:
            services.eligibility_exception_set(
                actor=request.user,
                registration=registration,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The exception was recorded."))
        return redirect(self.registration_url(registration.pk))


class CertificateIssueView(_ActionView):
    """Organisers. Issue one registration's certificate now."""

    def post(self, request, *args, **kwargs):
        registration = self.get_registration()
        try:
            certificate = services.certificate_issue(actor=request.user, registration=registration)
        except CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Certificate %(number)s issued.") % {"number": certificate.number}
            )
        return redirect(self.registration_url(registration.pk))


class CertificateRevokeView(_ActionView):
    """Organisers. Revoke a certificate (it then verifies as revoked)."""

    def post(self, request, *args, **kwargs):
        certificate = self.get_certificate()
        form = ReasonForm(request.POST, prefix="revoke")
        if not form.is_valid():
            return self.invalid(
                {"registration_pk": certificate.registration_id, "revoke_form": form}
            )
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Certificate %(number)s revoked.") % {"number": certificate.number}
            )
        return redirect(self.registration_url(certificate.registration_id))


class CertificateReissueView(_ActionView):
    """Organisers. Revoke and issue anew with today's data (a correction)."""

    def post(self, request, *args, **kwargs):
        certificate = self.get_certificate()
        form = ReasonForm(request.POST, prefix="reissue")
        if not form.is_valid():
            return self.invalid(
                {"registration_pk": certificate.registration_id, "reissue_form": form}
            )
        try:
            replacement = services.certificate_reissue(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Certificate %(old)s revoked and reissued as %(new)s.")
                % {"old": certificate.number, "new": replacement.number},
            )
        return redirect(self.registration_url(certificate.registration_id))


class CertificatePdfView(_ActionView):
    """Organisers. The PDF of any certificate of the event (revoked ones too,
    for the record)."""

    def get(self, request, *args, **kwargs):
        certificate = self.get_certificate()
        try:
            data = services.certificate_download_pdf(certificate, settings=self.get_settings())
        except CertificateError as error:  # render_too_slow, or the signer failed
            messages.error(request, error.message)
            return redirect(self.registration_url(certificate.registration_id))
        return pdf_response(data, certificate)


def pdf_response(data: bytes, certificate: Certificate) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"sertifikat-{certificate.sequence:05d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
