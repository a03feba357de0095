"""A background task for the queue tests (importable by a worker process)."""

from django_tasks import task


@task(queue_name="default")
def add_numbers(a: int, b: int) -> int:
    return a + b
