from certificates.models.issued import (
    Certificate,
    CertificateCounter,
    EligibilityException,
    ExceptionDecision,
)
from certificates.models.jobs import CertificateJob, JobOutput, JobStatus
from certificates.models.settings import (
    ActingTitle,
    CertificateSettings,
    EligibilityRule,
    Orientation,
    RolePolicy,
)

__all__ = [
    "ActingTitle",
    "Certificate",
    "CertificateCounter",
    "CertificateJob",
    "CertificateSettings",
    "EligibilityException",
    "EligibilityRule",
    "ExceptionDecision",
    "JobOutput",
    "JobStatus",
    "Orientation",
    "RolePolicy",
]
