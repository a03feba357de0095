"""A participant's own tickets."""

from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from participants import selectors


class TicketListView(PermissionRequiredMixin, ListView):
    """Participants. Their own registrations, newest event first."""

    permission_required = "participants.access_tickets"
    template_name = "participants/ticket_list.html"
    context_object_name = "registrations"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return selectors.registrations_of_user(self.request.user)
