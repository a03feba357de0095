"""Door staff: where they work."""

from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from participants import selectors


class DoorHomeView(PermissionRequiredMixin, ListView):
    """Door staff and organisers. The events this person may check people in at."""

    permission_required = "participants.access_door"
    template_name = "participants/door_home.html"
    context_object_name = "events"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return selectors.door_events_for(self.request.user)
