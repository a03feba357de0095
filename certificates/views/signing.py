"""Public. "Check a file": upload a certificate PDF on its verification page
and learn whether it is the signed file issued for that code (docs/tte.md)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views import View

from certificates import ratelimit
from certificates.forms import CheckFileForm
from certificates.signatures import FileVerdict, check_file
from certificates.views.public import find_certificate, too_many, verify_context

CHECKS_PER_MINUTE = 10

VERDICTS = {
    FileVerdict.SAME: (
        "success",
        gettext_lazy(
            "This file is the certificate issued for this code, and its electronic "
            "signature is intact."
        ),
    ),
    FileVerdict.SIGNED_ELSEWHERE: (
        "warning",
        gettext_lazy(
            "This file is signed and unchanged since signing, but it is not the file "
            "issued for this code."
        ),
    ),
    FileVerdict.ALTERED: (
        "danger",
        gettext_lazy(
            "This file was changed after it was signed: its signature is not intact. "
            "Do not trust it."
        ),
    ),
    FileVerdict.UNSIGNED: ("warning", gettext_lazy("This file carries no electronic signature.")),
    FileVerdict.NOT_PDF: ("danger", gettext_lazy("This file is not a readable PDF.")),
}


class CheckFileView(View):
    """Public. Rate-limited per client address (429)."""

    def get(self, request, code: str):
        return redirect("certificates:verify", code=code)

    def post(self, request, code: str):
        if not ratelimit.allow(
            request, scope="certificate-check-file", limit=CHECKS_PER_MINUTE, window=60
        ):
            return too_many(request)
        certificate = find_certificate(code)
        if certificate is None or certificate.code != code:
            return redirect("certificates:verify", code=code)
        form = CheckFileForm(request.POST, request.FILES)
        context = verify_context(certificate) | {"check_form": form}
        if form.is_valid():
            verdict, reports = check_file(certificate, form.cleaned_data["file"].read())
            tone, message = VERDICTS[verdict]
            context |= {
                "file_check": {"verdict": verdict, "tone": tone, "message": message},
                "file_reports": reports,
            }
        return render(
            request,
            "certificates/certificate_verify.html",
            context,
            status=200 if form.is_valid() else 400,
        )
