from django.urls import path

from archive import views

app_name = "archive"

urlpatterns = [
    path(
        "organiser/events/<slug:code>/archive/",
        views.EventArchiveView.as_view(),
        name="event_archive",
    ),
]
