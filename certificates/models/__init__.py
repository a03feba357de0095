from certificates.models.issued import (
    Certificate,
    CertificateCounter,
    EligibilityException,
    ExceptionDecision,
)
from certificates.models.jobs import CertificateJob, JobOrder, JobOutput, JobStatus
from certificates.models.notices import NoticeKind
from certificates.models.settings import (
    ActingTitle,
    CertificateSettings,
    ElectronicSignatory,
    EligibilityRule,
    JpBasis,
    Orientation,
    RolePolicy,
)
from certificates.models.signatures import CertificateSignature, SignedDocument, SignerKind

__all__ = [
    "ActingTitle",
    "Certificate",
    "CertificateCounter",
    "CertificateJob",
    "CertificateSettings",
    "CertificateSignature",
    "ElectronicSignatory",
    "EligibilityException",
    "EligibilityRule",
    "ExceptionDecision",
    "JobOrder",
    "JobOutput",
    "JobStatus",
    "JpBasis",
    "NoticeKind",
    "Orientation",
    "RolePolicy",
    "SignedDocument",
    "SignerKind",
]
