"""Root URLconf: the one place (with settings) that knows every app."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include("participants.api.urls")),
]

urlpatterns = [
    path("", include("bimtek.urls_public")),
    path("organiser/", include("bimtek.urls_organiser")),
    path("", include("participants.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("admin/", admin.site.urls),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True),
    ),
]
