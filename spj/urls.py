from django.urls import path

from spj import views

app_name = "spj"

PREFIX = "organiser/events/<slug:code>/spj/"

urlpatterns = [
    path(PREFIX, views.SpjOverviewView.as_view(), name="overview"),
    path(f"{PREFIX}settings/", views.PackSettingsView.as_view(), name="settings"),
    path(f"{PREFIX}people/new/", views.PersonCreateView.as_view(), name="person_create"),
    path(f"{PREFIX}people/<id:pk>/", views.PersonUpdateView.as_view(), name="person_edit"),
    path(f"{PREFIX}people/<id:pk>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path(f"{PREFIX}people/request/", views.DataRequestView.as_view(), name="data_request"),
    path("spj/speaker/<str:token>/", views.SpeakerDataView.as_view(), name="speaker_data"),
    path(f"{PREFIX}berita-acara/number/", views.MinutesNumberView.as_view(), name="minutes_number"),
    path(f"{PREFIX}paket.zip", views.PackDownloadView.as_view(), name="pack"),
    path(
        f"{PREFIX}documents/<str:doc>.<str:ext>",
        views.DocumentDownloadView.as_view(),
        name="document",
    ),
    path(f"{PREFIX}photos/", views.PhotoAddView.as_view(), name="photo_add"),
    path(f"{PREFIX}photos/<id:pk>/image.jpg", views.PhotoImageView.as_view(), name="photo_image"),
    path(f"{PREFIX}photos/<id:pk>/delete/", views.PhotoDeleteView.as_view(), name="photo_delete"),
    path(f"{PREFIX}templates/", views.TemplateUploadView.as_view(), name="template_upload"),
    path(
        f"{PREFIX}templates/<str:doc>/default.docx",
        views.TemplateDefaultView.as_view(),
        name="template_default",
    ),
    path(
        f"{PREFIX}templates/<str:doc>/reset/",
        views.TemplateResetView.as_view(),
        name="template_reset",
    ),
]
