"""Importing an invitation list: upload, check, confirm; and the template."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView

from bimtek.forms import ServiceErrorMixin
from participants import selectors
from participants.errors import RegistrationError
from participants.forms import ImportUploadForm
from participants.imports.services import (
    participant_import_commit,
    participant_import_discard,
    participant_import_report,
    participant_import_upload,
)
from participants.imports.template import import_template
from participants.models import ParticipantImport
from participants.models.imports import ImportStatus
from participants.views.organiser import ParticipantsEventMixin


class ImportMixin(ParticipantsEventMixin):
    event_tab = "import"

    def upload_url(self) -> str:
        return reverse("participants:import_upload", kwargs={"code": self.get_event().code})


class ImportUploadView(ServiceErrorMixin, ImportMixin, FormView):
    """Organisers. Upload an invitation list (XLSX or CSV) to check it."""

    template_name = "participants/organiser/import_upload.html"
    form_class = ImportUploadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["imports"] = selectors.imports_for_event(self.get_event())[:10]
        return context

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        record = self.run_service(
            form,
            participant_import_upload,
            event=self.get_event(),
            name=upload.name,
            content=upload.read(),
            actor=self.request.user,
            send_emails=form.cleaned_data["send_emails"],
        )
        if form.errors:
            return self.form_invalid(form)
        return redirect(
            reverse(
                "participants:import_preview",
                kwargs={"code": self.get_event().code, "pk": record.pk},
            )
        )


class ImportPreviewView(ImportMixin, DetailView):
    """Organisers. What the file holds: every bad row with its errors, what
    will happen to the good ones; confirm to import them all."""

    template_name = "participants/organiser/import_preview.html"
    context_object_name = "upload"

    def get_object(self, queryset=None):
        upload = ParticipantImport.objects.filter(
            event=self.get_event(), pk=self.kwargs["pk"]
        ).first()
        if upload is None:
            raise Http404
        return upload

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = participant_import_report(upload=self.object, language=get_language())
        context["report"] = report
        context["can_commit"] = (
            report is not None and report.ok and self.object.status == ImportStatus.PREVIEWED
        )
        return context

    def post(self, request, code: str, pk: int):
        upload = self.get_object()
        if request.POST.get("action") == "discard":
            participant_import_discard(upload=upload, actor=request.user)
            messages.info(request, _("The file is discarded; nothing was imported."))
            return redirect(self.upload_url())
        try:
            report = participant_import_commit(upload=upload, actor=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        if not report.committed:
            messages.error(
                request,
                _("Nothing was imported: the file has errors. Fix them and upload it again."),
            )
            return redirect(request.path)
        messages.success(
            request,
            ngettext("%(count)s person imported.", "%(count)s people imported.", report.to_register)
            % {"count": report.to_register},
        )
        return redirect(
            reverse("participants:organiser_list", kwargs={"code": self.get_event().code})
            + "?sort=-registered"
        )


class ImportTemplateView(ImportMixin, View):
    """Organisers. The empty invitation list to fill in (XLSX with a guide and
    the list of institutions, or CSV)."""

    def get(self, request, code: str, fmt: str):
        if fmt not in ("xlsx", "csv"):
            raise Http404
        content, content_type = import_template(fmt)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="template-peserta.{fmt}"'
        return response
