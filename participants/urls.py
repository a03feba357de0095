from django.urls import path

from participants.views import (
    imports,
    institutions,
    invitations,
    invitations_bulk,
    organiser,
    privacy,
    register,
    tickets,
)

app_name = "participants"

organiser_event = "organiser/events/<slug:code>/"

urlpatterns = [
    # Participants
    path(
        "events/<slug:code>/register/", register.RegistrationCreateView.as_view(), name="register"
    ),
    path("privacy/", register.PrivacyNoticeView.as_view(), name="privacy"),
    path("tickets/", tickets.TicketListView.as_view(), name="ticket_list"),
    path("tickets/<id:pk>/", tickets.TicketDetailView.as_view(), name="ticket_detail"),
    path(
        "tickets/<id:pk>/qr.<str:fmt>",
        tickets.TicketQrView.as_view(),
        name="ticket_qr",
    ),
    path("tickets/<id:pk>/ticket.pdf", tickets.TicketPdfView.as_view(), name="ticket_pdf"),
    path("tickets/<id:pk>/cancel/", tickets.TicketCancelView.as_view(), name="ticket_cancel"),
    path(
        "tickets/<id:pk>/whatsapp/withdraw/",
        tickets.TicketWhatsappWithdrawView.as_view(),
        name="ticket_whatsapp_withdraw",
    ),
    path(
        "tickets/<id:pk>/whatsapp/consent/",
        tickets.TicketWhatsappConsentView.as_view(),
        name="ticket_whatsapp_consent",
    ),
    path(
        "tickets/<id:pk>/announcements/unsubscribe/",
        tickets.TicketAnnouncementsUnsubscribeView.as_view(),
        name="ticket_announcements_unsubscribe",
    ),
    path(
        "tickets/<id:pk>/announcements/resubscribe/",
        tickets.TicketAnnouncementsResubscribeView.as_view(),
        name="ticket_announcements_resubscribe",
    ),
    path("profile/", tickets.ProfileUpdateView.as_view(), name="profile"),
    path("my-data/", privacy.OwnDataView.as_view(), name="own_data"),
    path("my-data/data-saya.json", privacy.OwnDataDownloadView.as_view(), name="own_data_download"),
    path(
        "organiser/erasure-requests/",
        privacy.ErasureRequestListView.as_view(),
        name="erasure_requests",
    ),
    path(
        "organiser/erasure-requests/<int:pk>/complete/",
        privacy.ErasureRequestCompleteView.as_view(),
        name="erasure_request_complete",
    ),
    # An institution's contact, by the invitation link
    path(
        "invitations/<str:token>/",
        invitations.InvitationDetailView.as_view(),
        name="invitation_detail",
    ),
    path(
        "invitations/<str:token>/delegates/<id:pk>/cancel/",
        invitations.DelegateCancelView.as_view(),
        name="delegate_cancel",
    ),
    # Organisers
    path(
        organiser_event + "participants/",
        organiser.RegistrationListView.as_view(),
        name="organiser_list",
    ),
    path(
        organiser_event + "participants/add/",
        organiser.RegistrationAddView.as_view(),
        name="organiser_add",
    ),
    path(
        organiser_event + "participants/bulk/",
        organiser.RegistrationBulkView.as_view(),
        name="organiser_bulk",
    ),
    path(
        organiser_event + "participants/promote/",
        organiser.WaitlistPromoteView.as_view(),
        name="waitlist_promote",
    ),
    path(
        organiser_event + "participants/export.<str:fmt>",
        organiser.RegistrationExportView.as_view(),
        name="organiser_export",
    ),
    path(
        organiser_event + "participants/<id:pk>/",
        organiser.RegistrationDetailView.as_view(),
        name="organiser_detail",
    ),
    path(
        organiser_event + "participants/<id:pk>/action/",
        organiser.RegistrationActionView.as_view(),
        name="organiser_action",
    ),
    path(
        organiser_event + "participants/<id:pk>/profile/",
        organiser.ParticipantUpdateView.as_view(),
        name="organiser_profile",
    ),
    path(
        organiser_event + "invitations/",
        invitations.InvitationListView.as_view(),
        name="invitation_list",
    ),
    path(
        organiser_event + "invitations/bulk/",
        invitations_bulk.InvitationBulkView.as_view(),
        name="invitation_bulk",
    ),
    path(
        organiser_event + "invitations/bulk/template.xlsx",
        invitations_bulk.InvitationBulkTemplateView.as_view(),
        name="invitation_bulk_template",
    ),
    path(
        organiser_event + "invitations/bulk/confirm/",
        invitations_bulk.InvitationBulkConfirmView.as_view(),
        name="invitation_bulk_confirm",
    ),
    path(
        organiser_event + "invitations/<id:pk>/",
        invitations.InvitationUpdateView.as_view(),
        name="invitation_update",
    ),
    path(
        organiser_event + "invitations/<id:pk>/action/",
        invitations.InvitationActionView.as_view(),
        name="invitation_action",
    ),
    path(organiser_event + "import/", imports.ImportUploadView.as_view(), name="import_upload"),
    path(
        organiser_event + "import/<id:pk>/",
        imports.ImportPreviewView.as_view(),
        name="import_preview",
    ),
    path(
        organiser_event + "import/template.<str:fmt>",
        imports.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path(
        "organiser/institutions/review/",
        institutions.InstitutionReviewView.as_view(),
        name="institution_review",
    ),
    path(
        "organiser/institutions/review/<id:pk>/",
        institutions.InstitutionActionView.as_view(),
        name="institution_action",
    ),
]
