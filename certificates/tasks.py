"""Background tasks (django-tasks, queue "certificates")."""

from django_tasks import task


@task(queue_name="certificates")
def run_certificate_job(*, job_id: int) -> None:
    from certificates.services import certificate_job_run

    certificate_job_run(job_id=job_id)
