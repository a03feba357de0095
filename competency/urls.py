from django.urls import path

from competency import hr_viewer_views, views

app_name = "competency"

urlpatterns = [
    path("my-competency/", views.CompetencyRecordView.as_view(), name="record"),
    path("competency/report/", views.CompetencyReportView.as_view(), name="report"),
    path("competency/hr-viewers/", hr_viewer_views.HrViewerListView.as_view(), name="hr_viewers"),
    path(
        "competency/hr-viewers/<int:pk>/revoke/",
        hr_viewer_views.HrViewerRevokeView.as_view(),
        name="hr_viewer_revoke",
    ),
    path(
        "competency/report/certificates.zip",
        views.CompetencyReportZipView.as_view(),
        name="report_certificates",
    ),
    path(
        "competency/report/<str:kind>.xlsx",
        views.CompetencyReportExportView.as_view(),
        name="report_export",
    ),
]
