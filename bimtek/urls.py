"""Root URLconf: the one place (with settings) that knows every app.

It names the other apps' URL modules by string and imports none of them, so
the events app keeps importing only from below it (tests/test_architecture.py)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from bimtek import api as bimtek_api
from bimtek.views.health import healthz

api_patterns = [
    # The door's scans first: URL resolution tries patterns in order.
    path("", include("checkin.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include("certificates.api_urls")),
    # Last: any other path under /api/v1/ answers JSON, not an HTML page.
    # (?s) and \Z: a path holding a newline is an unknown path too.
    re_path(r"^(?P<path>(?s:.*))\Z", bimtek_api.not_found, name="not_found"),
]

# A database outage answers 503 "try again", also when a middleware hit it
# (bimtek/views/errors.py); everything else gets Django's plain 500 page.
handler500 = "bimtek.views.errors.server_error"
# allauth's rate limits answer with this (allauth.core.internal.ratelimit.respond_429):
# a page in the user's language saying how long to wait (docs/security.md).
handler429 = "bimtek.views.errors.too_many_requests"

urlpatterns = [
    # First: a scan resolved after the ~140 patterns of the pages cost ~6 % of
    # its CPU (docs/profile.md); nothing else starts with api/v1/.
    path("api/v1/", include((api_patterns, "api"))),
    path("", include("bimtek.urls_public")),
    path("organiser/", include("bimtek.urls_organiser")),
    path("", include("participants.urls")),
    path("", include("checkin.urls")),
    path("", include("certificates.urls")),
    path("", include("competency.urls")),
    path("", include("evaluations.urls")),
    path("", include("spj.urls")),
    path("", include("archive.urls")),
    path("", include("outbox.urls")),
    path("", include("broadcasts.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    # Also answered by bimtek.middleware.HealthCheckMiddleware before host checks.
    path("healthz", healthz, name="healthz"),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True),
    ),
]
