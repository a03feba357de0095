from django.urls import path

from certificates.views import jobs, organiser, public, signing, tickets

app_name = "certificates"

_event = "organiser/events/<slug:code>/certificates/"

urlpatterns = [
    # Public verification (the printed QR code points here).
    path("v/", public.VerifyLookupView.as_view(), name="verify_lookup"),
    path("v/<str:code>/", public.VerifyView.as_view(), name="verify"),
    path("v/<str:code>/check/", signing.CheckFileView.as_view(), name="verify_check"),
    # The participant's own certificate.
    path("tickets/<id:pk>/certificate/", tickets.TicketCertificateView.as_view(), name="ticket"),
    # Organisers.
    path(_event, organiser.CertificateListView.as_view(), name="organiser_list"),
    path(f"{_event}settings/", organiser.CertificateSettingsView.as_view(), name="settings"),
    path(
        f"{_event}settings/preview.pdf",
        organiser.CertificatePreviewView.as_view(),
        name="preview",
    ),
    path(
        f"{_event}settings/images/<str:field>/",
        organiser.CertificateSettingsImageView.as_view(),
        name="settings_image",
    ),
    path(
        f"{_event}registrations/<id:pk>/",
        organiser.RegistrationCertificateView.as_view(),
        name="registration",
    ),
    path(
        f"{_event}registrations/<id:pk>/exception/",
        organiser.ExceptionSetView.as_view(),
        name="exception",
    ),
    path(
        f"{_event}registrations/<id:pk>/issue/",
        organiser.CertificateIssueView.as_view(),
        name="issue",
    ),
    path(f"{_event}<id:pk>/pdf/", organiser.CertificatePdfView.as_view(), name="pdf"),
    path(f"{_event}<id:pk>/revoke/", organiser.CertificateRevokeView.as_view(), name="revoke"),
    path(f"{_event}<id:pk>/reissue/", organiser.CertificateReissueView.as_view(), name="reissue"),
    path(f"{_event}jobs/", jobs.CertificateJobStartView.as_view(), name="job_start"),
    path(f"{_event}jobs/<id:pk>/", jobs.CertificateJobStatusView.as_view(), name="job_status"),
    path(
        f"{_event}jobs/<id:pk>/download/",
        jobs.CertificateJobDownloadView.as_view(),
        name="job_download",
    ),
]
