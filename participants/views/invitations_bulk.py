"""Invitations in bulk (organisers): the template (filled with a category's
institutions), the upload and its preview, the confirmation."""

from dataclasses import asdict

from django import forms
from django.contrib import messages
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic.base import ContextMixin

from bimtek.models import InstitutionCategory
from participants.errors import RegistrationError
from participants.imports.spreadsheets import MAX_UPLOAD_BYTES, file_format
from participants.services.invitations import invitations_refusal
from participants.services.invitations_bulk import (
    MAX_QUOTA,
    BulkRow,
    invitations_bulk_create,
    invitations_bulk_plan,
    invitations_bulk_template,
)
from participants.views.organiser import ParticipantsEventMixin

SALT = "participants.invitations_bulk"
PREVIEW_MAX_AGE = 3600  # seconds a preview may wait for its confirmation


class BulkTemplateForm(forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("Institution category"),
        queryset=InstitutionCategory.objects.order_by("sort_order", "name"),
        required=False,
        empty_label=gettext_lazy("None: an empty template"),
        help_text=gettext_lazy(
            "Every confirmed institution of the category not yet invited gets a row."
        ),
    )
    quota = forms.IntegerField(
        label=gettext_lazy("Places per institution"), min_value=1, max_value=MAX_QUOTA, initial=2
    )


class BulkUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx or .csv)"),
        help_text=gettext_lazy(
            "Columns: Instansi, Nama narahubung, E-mail narahubung, Jumlah tempat."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        try:
            file_format(upload.name)
        except RegistrationError as error:
            raise forms.ValidationError(error.message) from error
        return upload


class BulkMixin(ParticipantsEventMixin, ContextMixin):
    event_tab = "invitations"

    def bulk_url(self) -> str:
        return reverse("participants:invitation_bulk", kwargs={"code": self.get_event().code})

    def render_page(self, *, template_form=None, upload_form=None, plan=None, status=200):
        event = self.get_event()
        context = {
            "template_form": template_form or BulkTemplateForm(),
            "upload_form": upload_form or BulkUploadForm(),
            "plan": plan,
            "preview": None,
            "invitations_refusal": invitations_refusal(event),
        }
        if plan is not None and plan.ok:
            context["preview"] = signing.dumps(
                {"event": event.pk, "rows": [asdict(row) for row in plan.to_create]},
                salt=SALT,
                compress=True,
            )
        return TemplateResponse(
            self.request,
            "participants/organiser/invitation_bulk.html",
            self.get_context_data(**context),
            status=status,
        )


class InvitationBulkView(BulkMixin, View):
    """Organisers. Invite many institutions from a spreadsheet: upload, see
    what will be created, skipped and refused, then confirm."""

    def get(self, request, code: str):
        return self.render_page()

    def post(self, request, code: str):
        form = BulkUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(upload_form=form)
        upload = form.cleaned_data["file"]
        plan = invitations_bulk_plan(
            event=self.get_event(), content=upload.read(), file_format=file_format(upload.name)
        )
        return self.render_page(upload_form=form, plan=plan)


class InvitationBulkTemplateView(BulkMixin, View):
    """Organisers. The XLSX template, filled with a category's institutions."""

    def get(self, request, code: str):
        form = BulkTemplateForm(request.GET)
        if not form.is_valid():
            return self.render_page(template_form=form)
        content = invitations_bulk_template(
            event=self.get_event(),
            category=form.cleaned_data["category"],
            quota=form.cleaned_data["quota"],
        )
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="undangan-instansi.xlsx"'
        return response


class InvitationBulkConfirmView(BulkMixin, View):
    """Organisers. Create and send the invitations of a preview (POST)."""

    def post(self, request, code: str):
        event = self.get_event()
        try:
            data = signing.loads(
                request.POST.get("preview", ""), salt=SALT, max_age=PREVIEW_MAX_AGE
            )
            if data["event"] != event.pk:
                raise signing.BadSignature
            rows = [BulkRow(**row) for row in data["rows"]]
        except (signing.BadSignature, KeyError, TypeError):
            messages.error(request, _("This preview has expired. Upload the file again."))
            return redirect(self.bulk_url())
        try:
            created = invitations_bulk_create(event=event, rows=rows, actor=request.user)
        except RegistrationError as error:
            messages.error(request, error.message)
            return redirect(self.bulk_url())
        messages.success(
            request,
            ngettext(
                "%(count)d institution is invited; its link was sent.",
                "%(count)d institutions are invited; their links were sent.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect("participants:invitation_list", code=event.code)
