"""Bulk runs: issue every eligible certificate of an event, then write them
all into one ZIP or one print PDF, in a background task.

A run survives its worker being killed (docs/faults.md). Issuing is
idempotent by construction — each certificate is issued in its own
transaction under the event's counter lock, and the database allows one
valid certificate per registration — so running again issues only what is
missing and never gives a number twice. What this module adds is knowing
that a run died: the worker that takes a job up names itself in
``runner`` (host, process id, process start time) and touches
``heartbeat_at`` as it goes. A job still marked "running" whose runner is
gone (same host: the process no longer exists) or silent for
``STALE_AFTER`` (another host) is *abandoned*: starting the bulk run again
(the organiser's button, or ``manage.py resume_certificate_jobs`` when a
worker starts) marks it interrupted and starts a new run that continues.
A run that finds its job taken over by another stops without writing.

The task that runs a job (``certificates.tasks.run_certificate_job``) is
passed in by whoever starts one (the organiser's view, the resume command):
the tasks module imports these services to do the work, so importing it
back from here would make a cycle.
"""

import datetime as dt
import logging
import os
import socket
import tempfile
from pathlib import Path
from typing import Protocol

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models.fields.json import KT
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bimtek.models import Event
from bimtek.services import audit_record
from certificates import rendering, selectors
from certificates.errors import CertificateError
from certificates.models import Certificate, CertificateJob, JobOrder, JobStatus
from certificates.models.jobs import ACTIVE_STATUSES
from certificates.services.issuing import (
    _delete_files,
    certificate_issue,
    certificate_settings_ensure,
)
from certificates.services.job_signing import check_signer, sign_all, write_signed_zip
from certificates.signing.config import signing_enabled
from participants.models import Registration
from participants.models.registrations import RegistrationStatus

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 25
CHUNK = 500
KEEP_FILES = 2  # finished bulk files kept per event (a ZIP of 10,000 is GBs)
# A running job that has not shown a sign of life for this long is taken
# for dead (a worker on another machine that vanished). Progress is saved
# every 25 certificates, so only storing a huge file comes near it.
STALE_AFTER = dt.timedelta(minutes=5)


class JobTakenOver(Exception):
    """Another run has taken up this job: stop without writing anything."""


class JobTask(Protocol):
    """What starting a job needs of its task (a django-tasks ``Task``)."""

    def enqueue(self, *, job_id: int) -> object: ...


# --- Who runs a job, and is it still alive ------------------------------------


def _process_started(pid: int) -> str | None:
    """The process's start time (clock ticks since boot), None if it does not
    exist. With the pid it names one process, even after the pid is reused."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def runner_id() -> str:
    """This process: "host:pid:start" (the start time only where /proc exists)."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_started(pid) or ''}"[:150]


def runner_alive(runner: str) -> bool | None:
    """True or False for a runner on this host; None when it cannot be told
    from here (another host, or no /proc): then only the heartbeat decides."""
    host, _sep, rest = runner.partition(":")
    pid, _sep, started = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit() or not started:
        return None
    return _process_started(int(pid)) == started


def job_abandoned(job: CertificateJob, *, now: dt.datetime | None = None) -> bool:
    """A job marked running whose worker is gone."""
    if job.status != JobStatus.RUNNING:
        return False
    if runner_alive(job.runner) is False:
        return True
    now = now or timezone.now()
    last_sign = job.heartbeat_at or job.started_at or job.created_at
    return last_sign < now - STALE_AFTER


# --- Starting and resuming -------------------------------------------------------


def _enqueue(job: CertificateJob, *, task: JobTask) -> None:
    transaction.on_commit(lambda: task.enqueue(job_id=job.pk))


def _interrupt(job: CertificateJob, *, actor) -> None:
    """Close an abandoned run; what it issued stays issued."""
    CertificateJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED,
        error=_("Interrupted: the worker running it stopped. The next run continued it.")[:300],
        finished_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="certificate.bulk_interrupted",
        target=job,
        event=job.event,
        summary=f"{job.get_output_display()} ({job.issued})",
        changes={"runner": job.runner, "attempt": job.attempt, "issued": job.issued},
    )


def _create_job(
    *, actor, event: Event, output: str, task: JobTask, created_by=None, order: str = ""
) -> CertificateJob:
    """``created_by``: whom the run is for, when someone else (the resume
    command) starts it; by default the actor. The counts to issue and to
    write are known from the start (the page shows "0 of 134 issued")."""
    owner = created_by or actor
    to_issue, valid = _to_do(event)
    job = CertificateJob(
        event=event,
        output=output,
        order=order or JobOrder.NUMBER,
        to_issue=to_issue,
        total=valid + to_issue,
        created_by=owner if getattr(owner, "is_authenticated", False) else None,
        heartbeat_at=timezone.now(),
    )
    job.full_clean()
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError as error:
        raise CertificateError(
            _("A bulk run for this event is already in progress."), code="job_running"
        ) from error
    audit_record(
        actor=actor,
        action="certificate.bulk",
        target=job,
        event=event,
        # Codes, not labels: the History tab names them in its reader's language.
        changes={"output": job.output, "order": job.order},
    )
    _enqueue(job, task=task)
    return job


def certificate_job_start(
    *, actor, event: Event, output: str, task: JobTask, order: str = JobOrder.NUMBER
) -> CertificateJob:
    """Queue a bulk run (one at a time per event) with ``task`` (on the
    "certificates" queue), its certificates in ``order`` (number, name or
    institution). A run whose worker died is closed as interrupted first,
    and the new run continues its work (nothing is issued twice)."""
    if order not in JobOrder.values:
        raise CertificateError(_("Choose an order."), code="invalid_order")
    check_signer(event)  # a signer that cannot sign: refused before any run
    lost: CertificateJob | None = None
    with transaction.atomic():
        active = list(
            CertificateJob.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(event=event, status__in=ACTIVE_STATUSES)
        )
        running = [job for job in active if not job_abandoned(job)]
        if not running:
            for job in active:
                _interrupt(job, actor=actor)
            return _create_job(actor=actor, event=event, output=output, task=task, order=order)
        waiting = running[0]
        if waiting.status == JobStatus.QUEUED and _waited_too_long(waiting):
            # Nobody took it up for long: the queue may have lost it (Redis
            # restarted empty). Queue it again; a second copy finds it taken.
            CertificateJob.objects.filter(pk=waiting.pk).update(heartbeat_at=timezone.now())
            lost = waiting
    if lost is not None:
        task.enqueue(job_id=lost.pk)
    raise CertificateError(
        _("A bulk run for this event is already in progress."), code="job_running"
    )


def _waited_too_long(job: CertificateJob) -> bool:
    return (job.heartbeat_at or job.created_at) < timezone.now() - STALE_AFTER


def certificate_jobs_resume(*, task: JobTask, actor=None) -> list[CertificateJob]:
    """Continue every abandoned run (``manage.py resume_certificate_jobs``,
    run when a worker starts): close it as interrupted and queue a new run
    with the same output for the same person. Returns the new runs."""
    resumed = []
    candidates = CertificateJob.objects.filter(status=JobStatus.RUNNING).values_list(
        "pk", flat=True
    )
    for pk in candidates:
        with transaction.atomic():
            job = (
                CertificateJob.objects.select_for_update(of=("self",))
                .select_related("event", "created_by")
                .filter(pk=pk)
                .first()
            )
            if job is None or not job_abandoned(job):
                continue
            _interrupt(job, actor=actor)
            resumed.append(
                _create_job(
                    actor=actor,
                    event=job.event,
                    output=job.output,
                    task=task,
                    created_by=job.created_by,
                    order=job.order,
                )
            )
    return resumed


# --- Running -------------------------------------------------------------------


def _claim(job: CertificateJob) -> bool:
    """Take the job up: only one run holds it (a conditional update)."""
    claimable = job.status == JobStatus.QUEUED or job_abandoned(job)
    if not claimable:
        return False
    now = timezone.now()
    me = runner_id()
    taken = CertificateJob.objects.filter(pk=job.pk, status=job.status, attempt=job.attempt).update(
        status=JobStatus.RUNNING,
        attempt=job.attempt + 1,
        runner=me,
        heartbeat_at=now,
        started_at=now,
    )
    if not taken:
        return False
    job.status, job.attempt, job.runner, job.heartbeat_at, job.started_at = (
        JobStatus.RUNNING,
        job.attempt + 1,
        me,
        now,
        now,
    )
    return True


def _update_job(job: CertificateJob, **fields) -> None:
    """Save progress (and a sign of life) while this run still holds the job."""
    fields["heartbeat_at"] = timezone.now()
    held = CertificateJob.objects.filter(
        pk=job.pk, attempt=job.attempt, status=JobStatus.RUNNING
    ).update(**fields)
    if not held:
        raise JobTakenOver(job.pk)
    for name, value in fields.items():
        setattr(job, name, value)


def certificate_job_run(*, job_id: int) -> None:
    """The background task: issue what is missing, then write the output
    to a temporary file certificate by certificate and store it."""
    job = CertificateJob.objects.select_related("event", "created_by").get(pk=job_id)
    if not _claim(job):
        return
    try:
        _run(job)
    except JobTakenOver:
        logger.warning("certificate job %s was taken over by another run; stopping", job.pk)
    except Exception as error:
        logger.exception("certificate job %s failed", job.pk)
        CertificateJob.objects.filter(pk=job.pk, attempt=job.attempt).update(
            status=JobStatus.FAILED,
            error=(getattr(error, "message", None) or str(error) or type(error).__name__)[:300],
            finished_at=timezone.now(),
        )
        raise


def _registration_chunks(event: Event):
    """Approved registrations in id order, CHUNK at a time (flat memory)."""
    last = 0
    while True:
        chunk = list(
            Registration.objects.filter(
                event=event, status=RegistrationStatus.APPROVED, pk__gt=last
            )
            .select_related("participant", "participant__institution", "participant__user", "event")
            .order_by("pk")[:CHUNK]
        )
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def _missing(chunk, *, event, settings, sessions, certified):
    """The eligible registrations of a chunk that never had a certificate
    (one the organiser revoked stays revoked until they reissue it)."""
    progress = selectors.eligibility_for_registrations(
        event=event, registrations=chunk, settings=settings, sessions=sessions
    )
    return [r for r in chunk if progress[r.pk].eligible and r.pk not in certified], progress


def _certified(event: Event) -> set[int]:
    """Registrations with a certificate, valid or revoked (ids only: flat memory)."""
    return set(Certificate.objects.filter(event=event).values_list("registration_id", flat=True))


def _to_do(event: Event) -> tuple[int, int]:
    """(certificates to issue, valid certificates): a run's counts up front."""
    settings = certificate_settings_ensure(event=event)
    sessions = selectors.countable_sessions(event)
    certified = _certified(event)
    to_issue = 0
    for chunk in _registration_chunks(event):
        missing, _progress = _missing(
            chunk, event=event, settings=settings, sessions=sessions, certified=certified
        )
        to_issue += len(missing)
    valid = Certificate.objects.filter(event=event, revoked_at__isnull=True).count()
    return to_issue, valid


ORDERINGS = {
    JobOrder.NUMBER: ("sequence",),
    JobOrder.NAME: (Lower("registration__participant__full_name"), "sequence"),
    # the institution as printed, then the name
    JobOrder.INSTITUTION: (
        Lower(KT("snapshot__institution")),
        Lower("registration__participant__full_name"),
        "sequence",
    ),
}


def _run(job: CertificateJob) -> None:
    event = job.event
    settings = certificate_settings_ensure(event=event)
    sessions = selectors.countable_sessions(event)
    already = Certificate.objects.filter(event=event, revoked_at__isnull=True)
    certified = _certified(event)
    to_issue, valid = _to_do(event)
    _update_job(job, issued=0, to_issue=to_issue, total=valid + to_issue, processed=0)
    issued = 0
    # Pass 1: issue every eligible registration that never had a certificate.
    for chunk in _registration_chunks(event):
        missing, progress = _missing(
            chunk, event=event, settings=settings, sessions=sessions, certified=certified
        )
        for registration in missing:
            try:
                certificate_issue(
                    actor=job.created_by,
                    registration=registration,
                    settings=settings,
                    sessions=sessions,
                    progress=progress[registration.pk],
                    # Each person told once, in the issue's own transaction
                    # (a crash after it cannot lose the e-mail).
                    announce=settings.downloads_open,
                )
                issued += 1
            except CertificateError as error:
                if error.code != "already_issued":  # issued meanwhile by its holder
                    raise
            if issued % PROGRESS_EVERY == 0:
                _update_job(job, issued=issued)
        _update_job(job, issued=issued)
    total = already.count()
    _update_job(job, issued=issued, to_issue=max(to_issue, issued), total=total, processed=0)
    # Pass 1b: sign what is unsigned (docs/tte.md); a failing signer stops here.
    sign_all(job=job, settings=settings, update=_update_job)
    signing = signing_enabled()

    # Pass 2: write the output, streaming to a temporary file.
    renderer = rendering.renderer_for(settings)
    written = 0

    def certificates():
        nonlocal written
        rows = already.order_by(*ORDERINGS.get(job.order, ORDERINGS[JobOrder.NUMBER]))
        rows = rows.only("number", "code", "snapshot", "sequence")
        for certificate in rows.iterator(chunk_size=200):
            written += 1
            yield certificate
            if written % PROGRESS_EVERY == 0:
                _update_job(job, processed=min(written, total))

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    by_number = job.order == JobOrder.NUMBER
    with tempfile.TemporaryFile() as temporary:
        if job.output == "zip" and signing:  # the signed files as stored
            write_signed_zip(
                (
                    (_zip_name(c, position=None if by_number else written), c)
                    for c in certificates()
                ),
                temporary,
            )
            filename = f"sertifikat-{event.code}-{stamp}.zip"
        elif job.output == "zip":
            # each PDF carries its own background: the compact one
            renderer = rendering.renderer_for(settings, compact=True)
            renderer.write_zip(
                (
                    (
                        _zip_name(c, position=None if by_number else written),
                        rendering.printed_for_certificate(c),
                    )
                    for c in certificates()
                ),
                temporary,
            )
            filename = f"sertifikat-{event.code}-{stamp}.zip"
        else:
            renderer.write_merged(
                (rendering.printed_for_certificate(c) for c in certificates()),
                temporary,
                title=event.title,
            )
            filename = f"sertifikat-{event.code}-{stamp}.pdf"
        size = temporary.tell()
        temporary.seek(0)
        _update_job(job)  # still ours before storing: no file is written for nothing
        job.file.save(filename, File(temporary, name=filename), save=False)
    try:
        _update_job(
            job,
            file=job.file.name,
            file_size=size,
            processed=min(written, total),
            total=total,
            status=JobStatus.DONE,
            finished_at=timezone.now(),
        )
    except JobTakenOver:
        _delete_files([job.file.name])
        raise
    _prune_old_files(event)


def _prune_old_files(event: Event) -> None:
    """Delete the files of all but the newest KEEP_FILES finished runs."""
    old = CertificateJob.objects.filter(event=event, status=JobStatus.DONE).exclude(file="")
    for job in old.order_by("-finished_at", "-id")[KEEP_FILES:]:
        _delete_files([job.file.name])
        CertificateJob.objects.filter(pk=job.pk).update(file="", file_size=0)


def _zip_name(certificate: Certificate, *, position: int | None = None) -> str:
    """``00007-name.pdf`` by number; in another order the place in it comes
    first (``00001-name-00007.pdf``), so a file list sorts as chosen."""
    name = slugify(certificate.snapshot.get("name", ""))[:60] or "sertifikat"
    if position is None:
        return f"{certificate.sequence:05d}-{name}.pdf"
    return f"{position:05d}-{name}-{certificate.sequence:05d}.pdf"
