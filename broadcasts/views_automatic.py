"""Organiser pages: the event's automatic messages (registration
confirmations, reminders, certificate notices…), each recipient's delivery,
and sending the failed ones again — which writes them anew (the ticket PDF
as it is now)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from broadcasts.automatic import automatic_message
from broadcasts.views import PAGE_SIZE, BroadcastEventMixin
from outbox.models import Delivery, DeliveryStatus
from outbox.selectors import delivery_counts
from outbox.services import deliveries_resend_failed


class AutomaticMessageMixin(BroadcastEventMixin):
    """Organisers of the event's team, as for the messages they send."""

    def get_message(self):
        if not hasattr(self, "_message"):
            self._message = automatic_message(self.get_event(), self.kwargs["pk"])
            if self._message is None:
                raise Http404
        return self._message

    def message_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "broadcasts:automatic_detail",
            kwargs={"code": self.get_event().code, "pk": self.get_message().pk},
        )


class AutomaticMessageDetailView(AutomaticMessageMixin, TemplateView):
    """Organisers. One automatic message: its counts, each recipient's
    delivery (what went out, or why it was not sent), resending the failed."""

    template_name = "broadcasts/automatic_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message = self.get_message()
        status = self.request.GET.get("status", "")
        rows = Delivery.objects.filter(message=message).order_by("-pk")
        if status in DeliveryStatus.values:
            rows = rows.filter(status=status)
        paginator = Paginator(
            rows.only(
                "pk",
                "name",
                "email",
                "status",
                "error",
                "subject",
                "body",
                "sent_at",
                "status_at",
                "retry_at",
                "attempts",
                "channel",
                "message_id",
            ),
            PAGE_SIZE,
        )
        page = paginator.get_page(self.request.GET.get("page"))
        counts = delivery_counts(message)
        context.update(
            message=message,
            counts=counts,
            status_counts=[
                (value, label, counts[value]) for value, label in DeliveryStatus.choices
            ],
            paginator=paginator,
            is_paginated=paginator.num_pages > 1,
            page_obj=page,
            deliveries=page,
            status=status,
            statuses=DeliveryStatus.choices,
        )
        return context


class AutomaticMessageResendView(AutomaticMessageMixin, View):
    """Organisers. Queue the failed deliveries again (POST); each is written
    anew when it is sent."""

    def post(self, request, *args, **kwargs):
        count = deliveries_resend_failed(message=self.get_message())
        messages.success(request, _("%(count)s failed message(s) queued again.") % {"count": count})
        return redirect(self.message_url())
