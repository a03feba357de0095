from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class JobOutput(models.TextChoices):
    ZIP = "zip", _("One PDF per person (ZIP file, the background compressed for sending)")
    PDF = "pdf", _("One PDF for printing, one page per certificate")


class JobOrder(models.TextChoices):
    """The order of the certificates in the file (the pile to hand out)."""

    NUMBER = "number", _("By certificate number")
    NAME = "name", _("By name")
    INSTITUTION = "institution", _("By institution, then name")


class JobStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("job status", "Waiting")
    RUNNING = "running", pgettext_lazy("job status", "Running")
    DONE = "done", pgettext_lazy("job status", "Done")
    FAILED = "failed", pgettext_lazy("job status", "Failed")


ACTIVE_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


def _job_upload_to(instance, filename: str) -> str:
    return f"certificates/{instance.event_id}/jobs/{instance.pk}/{filename}"


class CertificateJob(models.Model):
    """A bulk run: issue every eligible certificate of an event, then write
    them all into one ZIP or one print PDF. Runs as a background task; the
    page polls its counters."""

    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="certificate_jobs",
    )
    output = models.CharField(_("output"), max_length=5, choices=JobOutput)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus, default=JobStatus.QUEUED
    )
    order = models.CharField(_("order"), max_length=12, choices=JobOrder, default=JobOrder.NUMBER)
    to_issue = models.PositiveIntegerField(_("certificates to issue"), default=0)
    total = models.PositiveIntegerField(_("certificates to write"), default=0)
    processed = models.PositiveIntegerField(_("certificates written"), default=0)
    issued = models.PositiveIntegerField(_("newly issued"), default=0)
    signed = models.PositiveIntegerField(_("newly signed"), default=0)
    signing_ms = models.PositiveBigIntegerField(
        _("milliseconds spent signing"), default=0, help_text=_("Of this run's signatures.")
    )
    file = models.FileField(_("file"), upload_to=_job_upload_to, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A killed worker cannot say it stopped: the run that holds the job
    # touches heartbeat_at as it goes and names itself in runner, so another
    # run can tell a dead job from a slow one (docs/faults.md).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    runner = models.CharField(
        _("run by"),
        max_length=150,
        blank=True,
        help_text=_("The worker process running the job: host, process id and start time."),
    )
    attempt = models.PositiveSmallIntegerField(
        _("attempt"), default=0, help_text=_("How many times a worker has taken up this run.")
    )

    class Meta:
        verbose_name = _("certificate job")
        verbose_name_plural = _("certificate jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(status__in=["queued", "running"]),
                name="certificates_one_active_job_per_event",
            ),
            models.CheckConstraint(
                condition=models.Q(processed__lte=models.F("total")),
                name="certificates_job_progress_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.output} {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def ms_per_signature(self) -> int | None:
        return round(self.signing_ms / self.signed) if self.signed else None

    @property
    def signing_progress(self) -> dict:
        """The signing figures of the page's progress line (docs/tte.md)."""
        return {"signed": self.signed, "ms_per_signature": self.ms_per_signature or "–"}

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == JobStatus.DONE else 0
        return min(100, self.processed * 100 // self.total)
