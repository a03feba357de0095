"""Institutions typed in by participants, for organisers to confirm or merge."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from bimtek.models import Institution
from participants import selectors
from participants.errors import RegistrationError
from participants.forms import InstitutionConfirmForm, InstitutionMergeForm
from participants.services.institutions import institution_confirm, institution_merge


class InstitutionsMixin(PermissionRequiredMixin):
    """Organisers (``participants.manage_institutions``)."""

    permission_required = "participants.manage_institutions"

    def get_permission_object(self):
        return None


class InstitutionReviewView(InstitutionsMixin, ListView):
    """Organisers. Institutions participants typed in, newest first, each with
    a form to confirm it (correcting its name or category) or merge it into
    the right one."""

    template_name = "participants/organiser/institution_review.html"
    context_object_name = "institutions"
    paginate_by = 50

    def get_queryset(self):
        return selectors.institutions_unconfirmed()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The choices are read once for the page, not once per form.
        categories = list(InstitutionConfirmForm.base_fields["category"].choices)
        targets = list(InstitutionMergeForm.base_fields["target"].choices)
        rows = []
        for institution in context["institutions"]:
            confirm = InstitutionConfirmForm(
                prefix=f"i{institution.pk}",
                initial={"name": institution.name, "category": institution.category_id},
            )
            confirm.fields["category"].choices = categories
            merge = InstitutionMergeForm(prefix=f"m{institution.pk}")
            merge.fields["target"].choices = [t for t in targets if t[0] != institution.pk]
            rows.append((institution, confirm, merge))
        context["rows"] = rows
        return context


class InstitutionActionView(InstitutionsMixin, View):
    """Organisers. Confirm or merge one unconfirmed institution (POST)."""

    def post(self, request, pk: int):
        institution = Institution.objects.filter(pk=pk, is_confirmed=False).first()
        if institution is None:
            raise Http404
        action = request.POST.get("action")
        try:
            if action == "confirm":
                form = InstitutionConfirmForm(request.POST, prefix=f"i{pk}")
                if not form.is_valid():
                    raise ValidationError(_("Give the institution a name and a category."))
                institution_confirm(
                    institution=institution,
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    category=form.cleaned_data["category"],
                )
                messages.success(
                    request, _("%(name)s is confirmed.") % {"name": form.cleaned_data["name"]}
                )
            elif action == "merge":
                form = InstitutionMergeForm(request.POST, prefix=f"m{pk}")
                if not form.is_valid():
                    raise ValidationError(_("Choose the institution to merge into."))
                target = form.cleaned_data["target"]
                moved = institution_merge(source=institution, target=target, actor=request.user)
                messages.success(
                    request,
                    ngettext(
                        "%(source)s merged into %(target)s (%(count)s person moved).",
                        "%(source)s merged into %(target)s (%(count)s people moved).",
                        moved,
                    )
                    % {"source": institution.name, "target": target.name, "count": moved},
                )
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except RegistrationError as error:
            messages.error(request, error.message)
        return redirect("participants:institution_review")
