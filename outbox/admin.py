from django.contrib import admin

from outbox.models import Delivery, Message, Suppression


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "topic", "kind", "created_by", "created_at"]
    search_fields = ["subject", "topic", "key"]
    readonly_fields = ["topic", "key", "kind", "subject", "body", "created_by", "created_at"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "status", "sent_at", "message"]
    list_filter = ["channel", "status", "builder"]
    search_fields = ["name", "email", "phone", "provider_id"]
    raw_id_fields = ["message", "marked_by"]


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["address", "reason", "created_at"]
    search_fields = ["address"]
