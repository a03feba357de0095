"""GET /api/v1/certificates/<code>/: the verification page as JSON."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from certificates import ratelimit
from certificates.models import Certificate
from certificates.signatures import certificate_signatures
from certificates.views.public import find_certificate


class SignatorySerializer(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField()
    pangkat = serializers.CharField()
    nip = serializers.CharField()


class SignatureSerializer(serializers.Serializer):
    """An electronic signature in the stored PDF, in signing order (docs/tte.md)."""

    position = serializers.IntegerField()
    signer = serializers.CharField(help_text="Subject of the signing certificate.")
    signed_at = serializers.DateTimeField(allow_null=True)
    level = serializers.CharField(help_text="PAdES level: B-B, or B-T with a timestamp.")
    intact = serializers.BooleanField(help_text="The signed bytes are unchanged.")
    trusted = serializers.BooleanField(help_text="The signer chains to a configured trust root.")


class CertificateVerificationSerializer(serializers.Serializer):
    """Exactly what the verification page shows."""

    code = serializers.CharField()
    status = serializers.ChoiceField(choices=["valid", "revoked"])
    revoked_at = serializers.DateTimeField(allow_null=True)
    number = serializers.CharField()
    issued_at = serializers.DateTimeField()
    title = serializers.CharField()
    name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    institution = serializers.CharField()
    event = serializers.CharField()
    organiser = serializers.CharField()
    dates = serializers.CharField()
    place = serializers.CharField()
    jp = serializers.IntegerField()
    subline = serializers.CharField()
    body = serializers.CharField()
    place_date = serializers.CharField()
    signatory = SignatorySerializer()
    signatory2 = SignatorySerializer(
        allow_null=True,
        help_text="The second signatory; null when the certificate has one signatory.",
    )
    verify_url = serializers.URLField()
    signed_electronically = serializers.BooleanField()
    signatures = SignatureSerializer(many=True)


def verification_data(certificate: Certificate) -> dict:
    printed = certificate.snapshot
    signatory = printed.get("signatory") or {}
    second = printed.get("signatory2")
    signatures = certificate_signatures(certificate)
    return {
        "code": certificate.code,
        "status": "revoked" if certificate.is_revoked else "valid",
        "revoked_at": certificate.revoked_at,
        "number": certificate.number,
        "issued_at": certificate.issued_at,
        "title": printed.get("title", ""),
        "name": printed.get("name", ""),
        "role": printed.get("role", ""),
        "role_label": printed.get("role_label", ""),
        "institution": printed.get("institution", ""),
        "event": printed.get("event", ""),
        "organiser": printed.get("organiser", ""),
        "dates": printed.get("dates", ""),
        "place": printed.get("place", ""),
        "jp": printed.get("jp", 0),
        "subline": printed.get("subline", ""),
        "body": printed.get("body", ""),
        "place_date": printed.get("place_date", ""),
        "signatory": {
            key: signatory.get(key, "") for key in ("name", "position", "pangkat", "nip")
        },
        "signatory2": (
            {key: second.get(key, "") for key in ("name", "position", "pangkat", "nip")}
            if second
            else None
        ),
        "verify_url": certificate.verify_url,
        "signed_electronically": bool(signatures),
        "signatures": [
            {
                "position": s.position,
                "signer": s.signer,
                "signed_at": s.signed_at,
                "level": s.level,
                "intact": s.intact,
                "trusted": s.trusted,
            }
            for s in signatures
        ],
    }


class CertificateVerifyAPIView(APIView):
    """Public. Verify a certificate by its code. 404 {"detail": "not found"}
    for unknown codes; 429 when the client makes too many attempts."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        responses={
            200: CertificateVerificationSerializer,
            404: inline_serializer("NotFound", {"detail": serializers.CharField()}),
            429: inline_serializer("TooMany", {"detail": serializers.CharField()}),
        },
        summary="Verify a certificate",
    )
    def get(self, request, code: str):
        if not ratelimit.verification_allowed(request):
            return Response(
                {"detail": _("Too many verification attempts. Please wait a minute.")},
                status=429,
                headers={"Retry-After": "60"},
            )
        certificate = find_certificate(code)
        if certificate is None:
            return Response({"detail": _("Not found.")}, status=404)
        return Response(CertificateVerificationSerializer(verification_data(certificate)).data)
