from django.urls import path

from competency import views

app_name = "competency"

urlpatterns = [
    path("my-competency/", views.CompetencyRecordView.as_view(), name="record"),
    path("competency/report/", views.CompetencyReportView.as_view(), name="report"),
    path(
        "competency/report/<str:kind>.xlsx",
        views.CompetencyReportExportView.as_view(),
        name="report_export",
    ),
]
