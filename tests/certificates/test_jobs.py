"""Bulk runs whose worker dies (issue 8, fault b): running again completes
the work without a duplicate or missing number (docs/faults.md). The kill
of a real worker process is at the end (PostgreSQL)."""

import datetime as dt
import io
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bimtek.models import AuditEntry
from certificates import services
from certificates.errors import CertificateError
from certificates.models import Certificate, CertificateJob, JobStatus
from certificates.services import jobs
from certificates.tasks import run_certificate_job
from tests import factories

pytestmark = pytest.mark.django_db

DEAD_HERE = f"{socket.gethostname()}:999999999:12345"  # no such process on this host
ELSEWHERE = "worker-2.example:4242:777"  # another machine: only the heartbeat tells


@pytest.fixture
def crowd(cert_event):
    people = factories.RegistrationFactory.create_batch(6, event=cert_event)
    for registration in people:
        factories.attend(registration, cert_event.countable)
    return people


def _numbers_are_whole(event, count: int) -> None:
    valid = Certificate.objects.filter(event=event, revoked_at__isnull=True)
    sequences = sorted(valid.values_list("sequence", flat=True))
    assert sequences == list(range(1, count + 1))
    assert valid.values("registration").distinct().count() == count
    assert len(set(valid.values_list("number", flat=True))) == count


class _Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs, no except clause sees it."""


def _run_until_killed(job, *, after: int, monkeypatch) -> None:
    issued = []
    real_issue = jobs.certificate_issue

    def issue_then_die(**kwargs):
        if len(issued) == after:
            raise _Killed
        issued.append(real_issue(**kwargs))

    monkeypatch.setattr(jobs, "certificate_issue", issue_then_die)
    with pytest.raises(_Killed):
        services.certificate_job_run(job_id=job.pk)
    monkeypatch.setattr(jobs, "certificate_issue", real_issue)


def test_rerun_after_a_killed_worker_completes_without_duplicate_numbers(
    organiser, cert_event, crowd, monkeypatch, django_capture_on_commit_callbacks
):
    job = CertificateJob.objects.create(event=cert_event, output="pdf", created_by=organiser)
    _run_until_killed(job, after=2, monkeypatch=monkeypatch)
    CertificateJob.objects.filter(pk=job.pk).update(runner=DEAD_HERE)  # its process is gone

    with django_capture_on_commit_callbacks(execute=True):
        rerun = services.certificate_job_start(
            actor=organiser, event=cert_event, output="pdf", task=run_certificate_job
        )

    job.refresh_from_db()
    rerun.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error.startswith("Terputus")  # "Interrupted", in the default language
    assert rerun.status == JobStatus.DONE, rerun.error
    assert (rerun.issued, rerun.total, rerun.processed) == (4, 6, 6)
    assert rerun.file
    _numbers_are_whole(cert_event, 6)
    assert AuditEntry.objects.filter(action="certificate.bulk_interrupted").count() == 1


def test_a_live_run_is_not_taken_for_dead(organiser, cert_event, crowd):
    CertificateJob.objects.create(
        event=cert_event,
        output="pdf",
        status=JobStatus.RUNNING,
        runner=jobs.runner_id(),  # this very process
        heartbeat_at=timezone.now() - dt.timedelta(minutes=1),
    )

    with pytest.raises(CertificateError) as refused:
        services.certificate_job_start(
            actor=organiser, event=cert_event, output="pdf", task=run_certificate_job
        )

    assert refused.value.code == "job_running"


@pytest.mark.parametrize(("silent_for", "abandoned"), [(2, False), (6, True)])
def test_a_run_on_another_machine_is_dead_when_silent_for_long(cert_event, silent_for, abandoned):
    job = CertificateJob.objects.create(
        event=cert_event,
        output="zip",
        status=JobStatus.RUNNING,
        runner=ELSEWHERE,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=silent_for),
    )

    assert services.job_abandoned(job) is abandoned


def test_a_run_that_lost_its_job_stops_without_writing(organiser, cert_event, crowd, monkeypatch):
    job = CertificateJob.objects.create(event=cert_event, output="pdf", created_by=organiser)
    real_issue = jobs.certificate_issue

    def issue_while_someone_takes_over(**kwargs):
        certificate = real_issue(**kwargs)
        # another worker decided this run was dead and took the job up
        CertificateJob.objects.filter(pk=job.pk).update(attempt=99, runner=ELSEWHERE)
        return certificate

    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(jobs, "certificate_issue", issue_while_someone_takes_over)

    services.certificate_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING  # left to the run that holds it
    assert job.attempt == 99 and not job.file
    assert Certificate.objects.filter(event=cert_event).count() == 1


def test_the_same_task_delivered_twice_runs_once(organiser, cert_event, crowd):
    job = CertificateJob.objects.create(event=cert_event, output="pdf", created_by=organiser)

    services.certificate_job_run(job_id=job.pk)
    services.certificate_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempt == 1
    _numbers_are_whole(cert_event, 6)


def test_resume_command_continues_interrupted_runs(
    organiser, cert_event, crowd, monkeypatch, django_capture_on_commit_callbacks
):
    job = CertificateJob.objects.create(event=cert_event, output="zip", created_by=organiser)
    _run_until_killed(job, after=3, monkeypatch=monkeypatch)
    CertificateJob.objects.filter(pk=job.pk).update(runner=DEAD_HERE)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_certificate_jobs", stdout=io.StringIO())

    runs = list(CertificateJob.objects.filter(event=cert_event).order_by("id"))
    assert [run.status for run in runs] == [JobStatus.FAILED, JobStatus.DONE]
    assert runs[1].output == "zip" and runs[1].created_by == organiser
    assert runs[1].issued == 3
    _numbers_are_whole(cert_event, 6)


def test_resume_command_leaves_live_runs_alone(cert_event):
    live = CertificateJob.objects.create(
        event=cert_event,
        output="zip",
        status=JobStatus.RUNNING,
        runner=ELSEWHERE,
        heartbeat_at=timezone.now(),
    )

    assert services.certificate_jobs_resume(task=run_certificate_job) == []
    live.refresh_from_db()
    assert live.status == JobStatus.RUNNING


def test_status_of_an_interrupted_run_tells_the_organiser_to_start_again(
    client, organiser, cert_event
):
    job = CertificateJob.objects.create(
        event=cert_event, output="pdf", status=JobStatus.RUNNING, runner=DEAD_HERE
    )
    client.force_login(organiser)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"

    status = client.get(
        reverse("certificates:job_status", kwargs={"code": cert_event.code, "pk": job.pk})
    ).json()

    assert status["status"] == "interrupted"
    assert status["status_label"] == "Interrupted"
    assert status["finished"] is True
    assert "Start the bulk run again" in status["error"]


def test_a_run_queued_long_ago_is_queued_again_on_the_next_click(organiser, cert_event, crowd):
    lost = CertificateJob.objects.create(
        event=cert_event, output="pdf", heartbeat_at=timezone.now() - dt.timedelta(minutes=10)
    )
    queued = []

    class Task:
        @staticmethod
        def enqueue(**kwargs):
            queued.append(kwargs)

    with pytest.raises(CertificateError) as refused:
        services.certificate_job_start(actor=organiser, event=cert_event, output="pdf", task=Task)

    assert refused.value.code == "job_running"
    assert queued == [{"job_id": lost.pk}]


# --- a real worker process, killed -------------------------------------------------


def _test_database_environment() -> dict[str, str]:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bimtek.settings_test",
        "DATABASE_URL": url,
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_run_then_rerun_gives_every_number_once():
    certificate_settings = factories.CertificateSettingsFactory()
    event = certificate_settings.event
    session = factories.SessionFactory(event=event)
    people = factories.RegistrationFactory.create_batch(120, event=event)
    for registration in people:
        factories.attend(registration, [session])
    organiser = factories.organiser_user()
    job = CertificateJob.objects.create(event=event, output="pdf", created_by=organiser)

    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from certificates.services import certificate_job_run; "
            f"certificate_job_run(job_id={job.pk})",
        ],
        cwd=django_settings.BASE_DIR,
        env=_test_database_environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while Certificate.objects.filter(event=event).count() < 20:
        assert worker.poll() is None, "the worker ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    issued_before = Certificate.objects.filter(event=event).count()
    job.refresh_from_db()

    rerun = services.certificate_job_start(
        actor=organiser, event=event, output="pdf", task=run_certificate_job
    )

    rerun.refresh_from_db()
    assert 20 <= issued_before < 120
    assert job.status == JobStatus.RUNNING and services.job_abandoned(job)
    assert rerun.status == JobStatus.DONE, rerun.error
    assert rerun.issued == 120 - issued_before
    _numbers_are_whole(event, 120)
