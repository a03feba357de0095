"""Organiser pages: the event's automatic messages (registration
confirmations, reminders, certificate notices…), each recipient's delivery,
and sending the failed ones again — which writes them anew (the ticket PDF
as it is now)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from broadcasts.automatic import automatic_message
from broadcasts.views import BroadcastEventMixin, deliveries_page
from outbox.models import Delivery
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
        rows = Delivery.objects.filter(message=message).order_by("-pk")
        context.update(deliveries_page(self.request, message, rows), message=message)
        return context


class AutomaticMessageResendView(AutomaticMessageMixin, View):
    """Organisers. Queue the failed deliveries again (POST); each is written
    anew when it is sent."""

    def post(self, request, *args, **kwargs):
        count = deliveries_resend_failed(message=self.get_message())
        messages.success(request, _("%(count)s failed message(s) queued again.") % {"count": count})
        return redirect(self.message_url())
