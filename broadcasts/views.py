"""Organiser pages: messages to an event's registrants (Panitia)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from bimtek.forms import ServiceErrorMixin
from bimtek.views.organiser import OrganiserEventMixin
from broadcasts import services, unsubscribe
from broadcasts.automatic import automatic_messages, with_labels
from broadcasts.errors import BroadcastError
from broadcasts.forms import ComposeForm, TemplateForm
from broadcasts.models import Broadcast, BroadcastChannel, MessageKind, MessageTemplate
from broadcasts.walinks import wa_link
from outbox import reasons
from outbox.errors import OutboxError
from outbox.models import Channel, Delivery, DeliveryStatus
from outbox.selectors import delivery_counts
from outbox.services import deliveries_resend_failed, delivery_mark_sent
from participants.models.registrations import RegistrationStatus

PAGE_SIZE = 100


class BroadcastEventMixin(OrganiserEventMixin):
    """Organisers of the event's team (``broadcasts.send_messages``)."""

    permission_required = "broadcasts.send_messages"
    event_tab = "messages"

    def get_broadcast(self) -> Broadcast:
        if not hasattr(self, "_broadcast"):
            self._broadcast = get_object_or_404(
                Broadcast.objects.select_related("message", "event"),
                pk=self.kwargs["pk"],
                event=self.get_event(),
            )
        return self._broadcast


class BroadcastListView(BroadcastEventMixin, TemplateView):
    """Organisers. The messages sent to this event's registrants, with how far each got."""

    template_name = "broadcasts/broadcast_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        done = Q(
            message__deliveries__status__in=[
                DeliveryStatus.SENT,
                DeliveryStatus.DELIVERED,
                DeliveryStatus.READ,
            ]
        )
        failed = Q(message__deliveries__status__in=[DeliveryStatus.FAILED, DeliveryStatus.BOUNCED])
        context["broadcasts"] = (
            Broadcast.objects.filter(event=self.get_event())
            .select_related("message", "created_by", "event")
            .annotate(
                sent=Count("message__deliveries", filter=done),
                failed=Count("message__deliveries", filter=failed),
            )
        )
        context["templates"] = MessageTemplate.objects.filter(event=self.get_event())
        context["automatic"] = with_labels(automatic_messages(self.get_event()))
        return context


class BroadcastComposeView(BroadcastEventMixin, ServiceErrorMixin, FormView):
    """Organisers. Choose the recipients, write the message, preview it for
    one of them, send it."""

    template_name = "broadcasts/broadcast_compose.html"
    form_class = ComposeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["event"] = self.get_event()
        return kwargs

    def get_template(self) -> MessageTemplate | None:
        """The saved template chosen with ?template=<id> (this event's only)."""
        chosen = self.request.GET.get("template", "")
        if not chosen.isdigit():
            return None
        return MessageTemplate.objects.filter(event=self.get_event(), pk=int(chosen)).first()

    def get_initial(self):
        template = self.get_template()
        if template is not None:
            return {
                "statuses": [RegistrationStatus.APPROVED],
                "kind": template.kind,
                "channel": template.channel,
                "subject": template.subject,
                "body": template.body,
            }
        # The edit page's change notice opens this page with the change written
        # in, as an essential notice (it reaches those who unsubscribed too).
        kind = self.request.GET.get("kind", "")
        return {
            "statuses": [RegistrationStatus.APPROVED],
            "kind": kind if kind in MessageKind.values else MessageKind.ANNOUNCEMENT,
            "subject": self.request.GET.get("subject", "")[:200],
            "body": self.request.GET.get("body", "")[:5000],
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["confirm_above"] = settings.BROADCAST_CONFIRM_ABOVE
        context["templates"] = MessageTemplate.objects.filter(event=self.get_event())
        context["chosen_template"] = self.get_template()
        return context

    def form_valid(self, form):
        event = self.get_event()
        draft = form.draft()
        if "send" not in self.request.POST:
            preview = self.run_service(form, services.broadcast_preview, event=event, draft=draft)
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        # Sending is a second step: the page showed the preview first.
        broadcast = self.run_service(
            form,
            services.broadcast_send,
            event=event,
            actor=self.request.user,
            draft=draft,
            confirmed=form.cleaned_data["confirm"],
        )
        if broadcast is None:
            preview = None
            if "confirm" in form.errors:  # many recipients: show them, ask to confirm
                preview = services.broadcast_preview(event=event, draft=draft)
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        messages.success(self.request, _("The message is being sent."))
        return redirect(broadcast.get_absolute_url())


class BroadcastDetailView(BroadcastEventMixin, TemplateView):
    """Organisers. One message: its progress, each recipient's delivery, the
    wa.me links to send by hand, resending the failed ones."""

    template_name = "broadcasts/broadcast_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        broadcast = self.get_broadcast()
        context.update(
            deliveries_page(
                self.request,
                broadcast.message,
                Delivery.objects.filter(message=broadcast.message).order_by("pk"),
            )
        )
        context.update(
            broadcast=broadcast,
            rows=[
                (
                    delivery,
                    wa_link(delivery.phone, delivery.body)
                    if delivery.channel == Channel.WA_LINK
                    else "",
                )
                for delivery in context["page_obj"]
            ],
            no_consent=_no_whatsapp_consent(broadcast),
        )
        return context


def deliveries_page(request, message, rows) -> dict:
    """A message's counts and one page of its deliveries (``rows``),
    filtered by ?status=: the context of a message's page."""
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        rows = rows.filter(status=status)
    paginator = Paginator(rows, PAGE_SIZE)
    counts = delivery_counts(message)
    return {
        "counts": counts,
        # Of the failed, those interrupted while sending: "send again" may
        # give them a second copy.
        "may_have_arrived": Delivery.objects.filter(
            message=message, status=DeliveryStatus.FAILED, error=reasons.INTERRUPTED
        ).count()
        if counts[DeliveryStatus.FAILED]
        else 0,
        "status_counts": [(value, label, counts[value]) for value, label in DeliveryStatus.choices],
        "paginator": paginator,
        "is_paginated": paginator.num_pages > 1,
        "page_obj": paginator.get_page(request.GET.get("page")),
        "status": status,
        "statuses": DeliveryStatus.choices,
    }


def _no_whatsapp_consent(broadcast: Broadcast) -> list[Delivery]:
    """In a WhatsApp message, those who gave a mobile number but not their
    consent to WhatsApp: they got the e-mail (broadcasts.services.recipient_for)."""
    if broadcast.channel == BroadcastChannel.EMAIL:
        return []
    return list(
        Delivery.objects.filter(message=broadcast.message, channel=Channel.EMAIL)
        .exclude(phone="")
        .order_by("name", "pk")
        .only("pk", "name", "email", "status")
    )


class BroadcastProgressView(BroadcastEventMixin, View):
    """Organisers. The delivery counts as JSON, polled by the progress bar."""

    def get(self, request, *args, **kwargs):
        return JsonResponse(delivery_counts(self.get_broadcast().message))


class BroadcastResendView(BroadcastEventMixin, View):
    """Organisers. Queue the failed deliveries again (POST)."""

    def post(self, request, *args, **kwargs):
        broadcast = self.get_broadcast()
        count = deliveries_resend_failed(message=broadcast.message)
        messages.success(request, _("%(count)s failed message(s) queued again.") % {"count": count})
        return redirect(broadcast.get_absolute_url())


class DeliveryMarkSentView(BroadcastEventMixin, View):
    """Organisers. "Marked as sent": the organiser sent this wa.me message (POST)."""

    def post(self, request, *args, **kwargs):
        broadcast = self.get_broadcast()
        delivery = get_object_or_404(
            Delivery, pk=self.kwargs["delivery"], message=broadcast.message
        )
        try:
            delivery_mark_sent(delivery=delivery, actor=request.user)
        except OutboxError as error:  # not a wa.me delivery
            if _wants_json(request):
                return JsonResponse({"error": str(error), "code": error.code}, status=400)
            messages.error(request, _("Only a message sent by hand can be marked as sent."))
            return redirect(broadcast.get_absolute_url())
        if _wants_json(request):
            return JsonResponse({"status": DeliveryStatus.SENT})
        return redirect(f"{broadcast.get_absolute_url()}#delivery-{delivery.pk}")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class MessageTemplateFormMixin(BroadcastEventMixin, ServiceErrorMixin, FormView):
    template_name = "broadcasts/messagetemplate_form.html"
    form_class = TemplateForm

    def get_template(self) -> MessageTemplate | None:
        return None

    def get_initial(self):
        template = self.get_template()
        if template is None:
            return {"channel": BroadcastChannel.EMAIL, "kind": MessageKind.ANNOUNCEMENT}
        return {
            "name": template.name,
            "kind": template.kind,
            "channel": template.channel,
            "subject": template.subject,
            "body": template.body,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template"] = self.get_template()
        return context

    def form_valid(self, form):
        saved = self.run_service(
            form,
            services.template_save,
            event=self.get_event(),
            actor=self.request.user,
            template=self.get_template(),
            **form.cleaned_data,
        )
        if saved is None:
            return self.form_invalid(form)
        messages.success(self.request, _("Template “%(name)s” saved.") % {"name": saved.name})
        return redirect("broadcasts:list", code=self.get_event().code)


class MessageTemplateCreateView(MessageTemplateFormMixin):
    """Organisers. Save a message to pick again in compose."""


class MessageTemplateUpdateView(MessageTemplateFormMixin):
    """Organisers. Change a saved message template of this event."""

    def get_template(self) -> MessageTemplate:
        if not hasattr(self, "_template"):
            self._template = get_object_or_404(
                MessageTemplate, pk=self.kwargs["pk"], event=self.get_event()
            )
        return self._template


class MessageTemplateDeleteView(BroadcastEventMixin, View):
    """Organisers. Delete a saved message template (POST); messages already
    sent with it are not touched."""

    def post(self, request, *args, **kwargs):
        template = get_object_or_404(MessageTemplate, pk=self.kwargs["pk"], event=self.get_event())
        name = template.name
        services.template_delete(template=template, actor=request.user)
        messages.success(request, _("Template “%(name)s” deleted.") % {"name": name})
        return redirect("broadcasts:list", code=self.get_event().code)


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """Public (the signed token is the key). GET: asks to confirm (a link
    checker opening it changes nothing); POST: unsubscribes — the page's
    button, or a mail program's one-click "List-Unsubscribe=One-Click" POST
    (RFC 8058, which carries no CSRF token: the token authorises it)."""

    template_name = "broadcasts/unsubscribe.html"

    def get(self, request, token):
        registration = unsubscribe.registration_for(token)
        if registration is None:
            return self.invalid(request)
        return render(
            request,
            self.template_name,
            {
                "event": registration.event,
                "done": registration.announcements_unsubscribed_at is not None,
            },
        )

    def post(self, request, token):
        try:
            registration = services.broadcast_unsubscribe(token=token)
        except BroadcastError:
            return self.invalid(request)
        return render(request, self.template_name, {"event": registration.event, "done": True})

    def invalid(self, request):
        return render(request, self.template_name, {"invalid": True}, status=404)
