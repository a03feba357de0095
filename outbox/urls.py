from django.urls import path

from outbox import webhooks

app_name = "outbox"

urlpatterns = [
    path("webhooks/whatsapp/", webhooks.whatsapp_webhook, name="whatsapp_webhook"),
]
