"""The organiser's bulk certificate run: start it, follow it, download its file."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View

from bimtek.services import audit_export
from certificates import services, tasks
from certificates.errors import CertificateError
from certificates.forms import JobForm
from certificates.models import CertificateJob, JobStatus
from certificates.views.organiser import CertificateEventMixin


class CertificateJobStartView(CertificateEventMixin, View):
    """Organisers. Start the bulk run (issue all eligible, then ZIP or PDF)."""

    def post(self, request, *args, **kwargs):
        form = JobForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose ZIP or PDF, and an order."))
            return redirect(self.list_url())
        try:
            services.certificate_job_start(
                actor=request.user,
                event=self.get_event(),
                output=form.cleaned_data["output"],
                order=form.cleaned_data["order"] or "number",
                task=tasks.run_certificate_job,
            )
        except CertificateError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The certificates are being prepared. This page shows the progress."),
            )
        return redirect(self.list_url() + "#bulk")


class CertificateJobStatusView(CertificateEventMixin, View):
    """Organisers. A bulk run's progress as JSON (polled by the list page)."""

    def get(self, request, *args, **kwargs):
        job = get_object_or_404(CertificateJob, pk=kwargs["pk"], event=self.get_event())
        return JsonResponse(job_status(job) | job.signing_progress)


def job_status(job: CertificateJob) -> dict:
    done = job.status == JobStatus.DONE and bool(job.file)
    interrupted = services.job_abandoned(job)
    return {
        "id": job.pk,
        "status": "interrupted" if interrupted else job.status,
        "status_label": pgettext("job status", "Interrupted")
        if interrupted
        else str(job.get_status_display()),
        "total": job.total,
        "processed": job.processed,
        "issued": job.issued,
        "to_issue": job.to_issue,
        "file_size": filesizeformat(job.file_size) if done else "",
        "percent": job.percent,
        "finished": interrupted or not job.is_active,
        "error": _(
            "The worker running it stopped. Start the bulk run again: it continues "
            "without issuing anything twice."
        )
        if interrupted
        else job.error,
        "download_url": reverse(
            "certificates:job_download", kwargs={"code": job.event.code, "pk": job.pk}
        )
        if done
        else "",
    }


class CertificateJobDownloadView(CertificateEventMixin, View):
    """Organisers. The ZIP or PDF of a finished bulk run."""

    def get(self, request, *args, **kwargs):
        job = get_object_or_404(
            CertificateJob, pk=kwargs["pk"], event=self.get_event(), status=JobStatus.DONE
        )
        if not job.file or not default_storage.exists(job.file.name):
            raise Http404
        filename = job.file.name.rsplit("/", 1)[-1]
        content_type = "application/zip" if filename.endswith(".zip") else "application/pdf"
        audit_export(
            actor=request.user,
            kind="certificates",
            rows=job.total,
            event=job.event,
            target=job,
            fmt=filename.rsplit(".", 1)[-1],
        )
        return FileResponse(
            default_storage.open(job.file.name, "rb"),
            as_attachment=True,
            filename=filename,
            content_type=content_type,
        )
