"""Django settings, URLs and view of the page floor (bench/floor_app.py):
the least a Django page can cost under the product's gunicorn settings — a
view rendering a small template with a form (CSRF token, five fields), and
the same form sent back, validated and redirected. No database, no
sessions, no authentication: what every page of Bimtek pays at least.

Not part of the product; only the benchmarks load it."""

from pathlib import Path

from django import forms
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path

SECRET_KEY = "bench-floor-secret-key-not-for-production-0123456789abcdef"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.floor_settings"
INSTALLED_APPS: list[str] = []
DATABASES: dict = {}
USE_TZ = True
LANGUAGE_CODE = "id"
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "floor_templates"],
        "OPTIONS": {"context_processors": ["django.template.context_processors.csrf"]},
    }
]


class FloorForm(forms.Form):
    name = forms.CharField(max_length=100)
    email = forms.EmailField()
    phone = forms.CharField(max_length=30)
    institution = forms.CharField(max_length=200)
    agree = forms.BooleanField()


def page(request):
    form = FloorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return HttpResponseRedirect("/page/")
    return render(request, "floor.html", {"form": form, "title": "Floor"})


urlpatterns = [path("page/", page)]
