"""Figures printed in the laporan kegiatan's "results" section, each
from an entry of ``report_figures``. Apps below spj cannot import it, so spj
registers their entries itself (``spj.integrations``): the evaluation's
results (``spj.documents.evaluation``, from ``evaluations.report``). An app
above spj (archive) may register its own."""

from collections.abc import Callable
from dataclasses import dataclass

from accounts.registry import Registry


@dataclass(frozen=True)
class ReportFigures:
    key: str
    # (event) -> [(label, value)], both already texts in Bahasa Indonesia
    rows: Callable[..., list[tuple[str, str]]]
    order: int = 100


report_figures: Registry[ReportFigures] = Registry("spj_report_figures")
