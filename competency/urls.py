from django.urls import path

from competency import views

app_name = "competency"

urlpatterns = [
    path("my-competency/", views.CompetencyRecordView.as_view(), name="record"),
]
