"""Public certificate verification (anyone, no login): /v/<code>/."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from certificates import ratelimit, selectors
from certificates.codes import normalise_code
from certificates.forms import CheckFileForm, VerifyLookupForm
from certificates.models import Certificate
from certificates.signatures import certificate_signatures


def too_many(request):
    response = render(
        request,
        "certificates/verify_limited.html",
        {
            "message": _(
                "Too many verification attempts from your network. Please wait a minute "
                "and try again."
            )
        },
        status=429,
    )
    response["Retry-After"] = "60"
    return response


def find_certificate(code: str) -> Certificate | None:
    canonical = normalise_code(code)
    if canonical is None:
        return None
    return Certificate.objects.select_related("event").filter(code=canonical).first()


def verify_context(certificate: Certificate) -> dict:
    return {
        "certificate": certificate,
        "printed": certificate.snapshot,
        "replacement": selectors.certificate_replacement(certificate),
        "signatures": certificate_signatures(certificate),
    }


class VerifyLookupView(View):
    """Public. A form to type the code printed under the QR code."""

    def get(self, request):
        form = VerifyLookupForm(request.GET or None)
        if form.is_bound and form.is_valid():
            canonical = normalise_code(form.cleaned_data["code"])
            if canonical:
                return redirect("certificates:verify", code=canonical)
            form.add_error("code", _("A verification code has 20 letters and digits."))
        return render(request, "certificates/certificate_verify_lookup.html", {"form": form})


class VerifyView(View):
    """Public. Whether a certificate is valid or revoked, and everything
    printed on it — nothing else. Unknown codes: a plain "not found" (404).
    Rate-limited per client address (429)."""

    def get(self, request, code: str):
        if not ratelimit.verification_allowed(request):
            return too_many(request)
        certificate = find_certificate(code)
        if certificate is None:
            return render(
                request,
                "certificates/certificate_verify.html",
                {"certificate": None, "form": VerifyLookupForm()},
                status=404,
            )
        if certificate.code != code:
            return redirect("certificates:verify", code=certificate.code)
        return render(
            request,
            "certificates/certificate_verify.html",
            verify_context(certificate) | {"check_form": CheckFileForm()},
        )
