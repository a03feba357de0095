"""The public verification API, included by the root URLconf under /api/v1/
(namespace ``api``)."""

from django.urls import path

from certificates.api import CertificateVerifyAPIView

urlpatterns = [
    path(
        "certificates/<str:code>/",
        CertificateVerifyAPIView.as_view(),
        name="certificate_verify",
    ),
]
