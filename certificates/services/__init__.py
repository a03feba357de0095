"""Writes for certificates (the app's services), one module per topic:

- ``issuing``: settings, eligibility exceptions, issuing, revoking, reissuing;
- ``signing``: electronic signatures, the stored signed file (docs/tte.md);
- ``jobs``: bulk runs (issue all, then one ZIP or print PDF), resumable
  after a worker is killed.

Import from here: ``from certificates import services``.
"""

from certificates.services.issuing import (
    certificate_get_or_issue,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    certificate_settings_copy,
    certificate_settings_ensure,
    certificate_settings_update,
    eligibility_exception_clear,
    eligibility_exception_set,
)
from certificates.services.jobs import (
    CHUNK,
    KEEP_FILES,
    PROGRESS_EVERY,
    STALE_AFTER,
    certificate_job_run,
    certificate_job_start,
    certificate_jobs_resume,
    job_abandoned,
)
from certificates.services.signing import (
    certificate_download_pdf,
    certificate_sign,
    signed_document_for,
    stored_pdf,
)

__all__ = [
    "CHUNK",
    "KEEP_FILES",
    "PROGRESS_EVERY",
    "STALE_AFTER",
    "certificate_download_pdf",
    "certificate_get_or_issue",
    "certificate_issue",
    "certificate_job_run",
    "certificate_job_start",
    "certificate_jobs_resume",
    "certificate_reissue",
    "certificate_revoke",
    "certificate_settings_copy",
    "certificate_settings_ensure",
    "certificate_settings_update",
    "certificate_sign",
    "eligibility_exception_clear",
    "eligibility_exception_set",
    "job_abandoned",
    "signed_document_for",
    "stored_pdf",
]
