"""Background tasks (django-tasks, queue "certificates").

This module imports the services, never the other way round: whoever starts
a bulk run passes ``run_certificate_job`` to the service
(``services.certificate_job_start(..., task=run_certificate_job)``). The
task's path, ``certificates.tasks.run_certificate_job``, is stored with
every queued run: keep it.
"""

from django_tasks import task

from certificates.services import certificate_job_run


@task(queue_name="certificates")
def run_certificate_job(*, job_id: int) -> None:
    certificate_job_run(job_id=job_id)
