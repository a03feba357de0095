"""Reason codes of eligibility turned into sentences for people."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certificates.models import EligibilityRule
from certificates.selectors import Progress, Reason
from certificates.texts import ROLE_WORDS


def list_filters() -> list[tuple[str, str]]:
    """The filters of the organiser's certificate list (``selectors.certificate_rows``)."""
    return [
        ("", _("All")),
        ("eligible", _("Eligible")),
        ("not_eligible", _("Not eligible")),
        ("not_issued", _("Eligible, not yet issued")),
        ("issued", _("Issued")),
        ("steps_pending", _("Attended, another step not done")),
    ]


def progress_summary(progress: Progress) -> str:
    """ "3 of 4 sessions, 12 of 16 JP"."""
    return _("%(attended)s of %(total)s sessions, %(jp)s of %(jp_total)s JP") % {
        "attended": progress.sessions_attended,
        "total": progress.sessions_total,
        "jp": progress.jp_attended,
        "jp_total": progress.jp_total,
    }


def rule_description(rule: str, percent: int) -> str:
    if rule == EligibilityRule.SESSIONS_PERCENT:
        return _("At least %(percent)s%% of the sessions that count for the certificate") % {
            "percent": percent
        }
    if rule == EligibilityRule.JP_PERCENT:
        return _("At least %(percent)s%% of the JP of the sessions that count") % {
            "percent": percent
        }
    return _("Every session that counts for the certificate")


def reason_message(progress: Progress, role: str = "") -> str:
    """Why the registration is (not yet) eligible, for the participant and
    the organiser alike."""
    role_word = ROLE_WORDS.get(role, role)
    reason = progress.reason
    if reason == Reason.COMPLETE:
        return _("Attendance complete.")
    if reason == Reason.THRESHOLD_MET:
        return _("Attendance meets the rule (%(rule)s).") % {
            "rule": rule_description(progress.rule, progress.min_percent).lower()
        }
    if reason == Reason.BY_ROLE:
        return _("Certificate by role: %(role)s.") % {"role": role_word}
    if reason == Reason.GRANTED:
        return _("Granted by the organiser: %(reason)s") % {"reason": progress.exception.reason}
    if reason == Reason.DENIED:
        return _("Not granted by the organiser: %(reason)s") % {"reason": progress.exception.reason}
    if reason == Reason.NOT_APPROVED:
        return _("Only approved registrations receive a certificate.")
    if reason == Reason.ROLE_NOT_CERTIFIED:
        return _("This event gives no certificate to the role %(role)s.") % {"role": role_word}
    if reason == Reason.NO_SESSIONS:
        return _("No session of this event counts for the certificate yet.")
    if reason == Reason.STEPS_PENDING:
        return _("Attendance is enough; still to do: %(steps)s.") % {
            "steps": ", ".join(
                f"{step.label} ({step.detail})" if step.detail else str(step.label)
                for step in progress.steps_pending
            )
        }
    if reason == Reason.NO_JP:
        return _("The sessions that count for the certificate have no JP.")
    # incomplete
    if progress.rule == EligibilityRule.JP_PERCENT:
        return ngettext(
            "Not yet eligible: at least %(percent)s%% of the JP is needed, %(missing)s JP more.",
            "Not yet eligible: at least %(percent)s%% of the JP is needed, %(missing)s JP more.",
            progress.jp_needed,
        ) % {"percent": progress.min_percent, "missing": progress.jp_needed}
    if progress.rule == EligibilityRule.SESSIONS_PERCENT:
        return ngettext(
            "Not yet eligible: attend at least %(percent)s%% of the sessions, "
            "%(missing)s more session.",
            "Not yet eligible: attend at least %(percent)s%% of the sessions, "
            "%(missing)s more sessions.",
            progress.sessions_needed,
        ) % {"percent": progress.min_percent, "missing": progress.sessions_needed}
    return ngettext(
        "Not yet eligible: attend every session that counts, %(missing)s more session.",
        "Not yet eligible: attend every session that counts, %(missing)s more sessions.",
        progress.sessions_needed,
    ) % {"missing": progress.sessions_needed}
