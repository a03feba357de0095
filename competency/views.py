"""The participant's own competency-development record; the institution
report and its exports (HR viewers, organisers)."""

import tempfile
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from bimtek.services.audit import audit_export
from certificates.errors import CertificateError
from competency import certificate_zip, exports, report, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class CompetencyRecordView(PermissionRequiredMixin, TemplateView):
    """Participants. Their own record only: it reads the signed-in user's
    registrations and takes no identifier, so nobody else's can be asked for."""

    permission_required = "competency.view_own_record"
    template_name = "competency/competency_record.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = selectors.record_for_user(self.request.user)
        context["target"] = selectors.yearly_target()
        return context


class ReportMixin(PermissionRequiredMixin):
    """HR viewers, organisers, administrators; each sees only their scope
    (competency.report.certificate_scope)."""

    permission_required = "competency.view_report"

    def get_permission_object(self):
        return None

    def filters(self) -> dict:
        today = timezone.localdate()
        try:
            year = int(self.request.GET.get("year") or today.year)
        except ValueError:
            year = today.year
        if not 2000 <= year <= today.year + 1:
            year = today.year
        try:
            institution_id = int(self.request.GET.get("institution") or 0) or None
        except ValueError:
            institution_id = None
        search = " ".join(self.request.GET.get("q", "").split())[:100]
        return {"year": year, "institution_id": institution_id, "search": search}

    def rows(self, filters: dict) -> list[report.AsnRow]:
        return report.asn_rows(report.report_certificates(user=self.request.user, **filters))


class CompetencyReportView(ReportMixin, TemplateView):
    template_name = "competency/competency_report.html"
    paginate_by = 100

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = self.filters()
        rows = self.rows(filters)
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        today = timezone.localdate()
        context.update(
            {
                "filters": filters,
                "page_obj": page,
                "paginator": page.paginator,
                "is_paginated": page.has_other_pages(),
                "rows": page.object_list,
                "row_count": len(rows),
                "missing_nip": sum(1 for row in rows if not row.participant.nip),
                "target": selectors.yearly_target(),
                "years": range(today.year + 1, today.year - 6, -1),
                "institutions": report.institutions_in_scope(self.request.user),
                "query": urlencode(
                    {
                        key: value
                        for key, value in (
                            ("year", filters["year"]),
                            ("institution", filters["institution_id"] or ""),
                            ("q", filters["search"]),
                        )
                        if value
                    }
                ),
            }
        )
        return context


class CompetencyReportExportView(ReportMixin, View):
    """The recap (``kind="recap"``) or the SIASN riwayat kursus (``"siasn"``) as XLSX."""

    def get(self, request, kind: str):
        if kind not in ("recap", "siasn"):
            raise Http404
        filters = self.filters()
        rows = self.rows(filters)
        if kind == "siasn":
            data = exports.siasn_xlsx(rows)
            name = f"riwayat-kursus-siasn-{filters['year']}.xlsx"
        else:
            data = exports.recap_xlsx(rows, year=filters["year"], target=selectors.yearly_target())
            name = f"rekap-jp-{filters['year']}.xlsx"
        audit_export(
            actor=request.user,
            kind=f"competency_{kind}",
            rows=sum(len(row.courses) for row in rows),
            target=request.user,
            fmt="xlsx",
        )
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class CompetencyReportZipView(ReportMixin, View):
    """The certificate PDFs of the rows in scope, one ZIP, for the SIASN
    upload; refused above certificate_zip.MAX_CERTIFICATES."""

    def get(self, request):
        filters = self.filters()
        rows = self.rows(filters)
        back = redirect(f"{reverse('competency:report')}?{request.GET.urlencode()}")
        count = certificate_zip.certificate_count(rows)
        if count == 0:
            messages.info(request, _("No certificate to download in this selection."))
            return back
        if count > certificate_zip.MAX_CERTIFICATES:
            messages.error(
                request,
                _(
                    "%(count)s certificates are too many for one ZIP (at most %(max)s): "
                    "choose an institution or search by name or NIP."
                )
                % {"count": count, "max": certificate_zip.MAX_CERTIFICATES},
            )
            return back
        out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        try:
            written = certificate_zip.write_zip(rows, out)
        except CertificateError as error:
            out.close()
            messages.error(request, error.message)
            return back
        out.seek(0)
        audit_export(
            actor=request.user,
            kind="competency_certificates",
            rows=written,
            target=request.user,
            fmt="zip",
        )
        response = FileResponse(
            out,
            as_attachment=True,
            filename=f"sertifikat-siasn-{filters['year']}.zip",
            content_type="application/zip",
        )
        response["Cache-Control"] = "no-store"
        return response
