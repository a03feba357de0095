"""What higher or sibling apps may add to the SPJ's reports without spj
importing them: figures printed in the laporan kegiatan's "results" section
(e.g. the evaluation's averages, once the evaluations app registers them
from its ``integrations.register()``). None are registered today."""

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
