"""The event's archive page for organisers, and its download."""

import tempfile

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.views.generic import TemplateView

from archive import selectors
from archive.services import event_archive_write
from archive.tables import TABLES
from bimtek.views.organiser import OrganiserEventMixin


class EventArchiveView(OrganiserEventMixin, TemplateView):
    """Organisers (``archive.export_event``). GET: what the archive of the
    event holds and who took one before; POST: the ZIP, built now (it holds
    every participant's personal data, so taking it is recorded in the
    audit trail)."""

    permission_required = "archive.export_event"
    template_name = "archive/event_archive.html"
    event_tab = "archive"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        context.update(
            figures=selectors.archive_figures(event),
            history=selectors.archive_history(event),
            tables=TABLES,
        )
        return context

    def post(self, request, *args, **kwargs):
        # Not a with-block: the file is closed once it has been sent (_chunks).
        spool = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            result = event_archive_write(
                event=self.get_event(), destination=spool, actor=request.user
            )
            size = spool.tell()
            spool.seek(0)
        except BaseException:
            spool.close()
            raise
        response = StreamingHttpResponse(_chunks(spool), content_type="application/zip")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=result.filename
        )
        response["Content-Length"] = str(size)
        response["Cache-Control"] = "private, no-store"
        return response


def _chunks(spool, size: int = 256 * 1024):
    """The built archive, piece by piece; the temporary file goes when done."""
    try:
        while chunk := spool.read(size):
            yield chunk
    finally:
        spool.close()
