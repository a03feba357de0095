"""Certificate numbers under concurrent issuing: no duplicates, no gaps.

Real threads against PostgreSQL, each with its own connection; the per-event
counter row is locked (SELECT … FOR UPDATE) by every issuer."""

import threading

import pytest
from django.db import close_old_connections, connection

from certificates import services
from certificates.errors import CertificateError
from certificates.models import Certificate, CertificateCounter
from tests import factories

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

THREADS = 12


def _run_in_threads(work, items):
    barrier = threading.Barrier(len(items))
    errors = []

    def target(item):
        try:
            barrier.wait()
            work(item)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return errors


def _eligible_registrations(count):
    settings = factories.CertificateSettingsFactory()
    session = factories.SessionFactory(event=settings.event)
    registrations = []
    for _ in range(count):
        registration = factories.RegistrationFactory(event=settings.event)
        factories.attend(registration, [session])
        registrations.append(registration)
    return settings.event, registrations


def test_parallel_issues_get_consecutive_unique_numbers():
    event, registrations = _eligible_registrations(THREADS)

    errors = _run_in_threads(
        lambda registration: services.certificate_issue(actor=None, registration=registration),
        registrations,
    )

    assert errors == []
    sequences = sorted(Certificate.objects.filter(event=event).values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS + 1))
    numbers = list(Certificate.objects.filter(event=event).values_list("number", flat=True))
    assert len(set(numbers)) == THREADS
    assert CertificateCounter.objects.get(event=event).last_sequence == THREADS


def test_parallel_issues_of_one_registration_make_one_certificate_and_no_gap():
    event, registrations = _eligible_registrations(1)
    registration = registrations[0]

    errors = _run_in_threads(
        lambda _i: services.certificate_issue(actor=None, registration=registration),
        list(range(8)),
    )

    assert Certificate.objects.filter(registration=registration).count() == 1
    assert len(errors) == 7
    assert all(isinstance(e, CertificateError) and e.code == "already_issued" for e in errors)
    assert CertificateCounter.objects.get(event=event).last_sequence == 1
