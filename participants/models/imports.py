from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", pgettext_lazy("import status", "Checked, not yet imported")
    COMMITTED = "committed", pgettext_lazy("import status", "Imported")
    DISCARDED = "discarded", pgettext_lazy("import status", "Discarded")


class ParticipantImport(models.Model):
    """One uploaded invitation list: checked first (a dry run that lists every
    bad row), then imported in one transaction when the organiser confirms.

    The file is kept only until then: it holds personal data, so it is deleted
    once imported or discarded (docs/import.md)."""

    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participant_imports",
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=10)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus, default=ImportStatus.PREVIEWED
    )
    send_emails = models.BooleanField(_("e-mail each person their ticket"), default=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_row_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    new_participant_count = models.PositiveIntegerField(_("new profiles"), default=0)
    registered_count = models.PositiveIntegerField(_("registered"), default=0)
    skipped_count = models.PositiveIntegerField(_("already registered"), default=0)
    report = models.JSONField(_("check report"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant import")
        verbose_name_plural = _("participant imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name
