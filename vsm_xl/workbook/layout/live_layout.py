"""Where the live Sensitivity sheet's cells are (SMAA-2 of the evaluation, issue 20): its rows,
its figure and hidden helper columns, its settings cells and defaults. Asked by the sheet's builder
(sheets/live_sensitivity.py), the evaluated copy's result cells (evaluated/live_results.py) and the
team layout (which helper columns a workbook has)."""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core.sensitivity import DEFAULT_DISTRIBUTION
from vsm_xl.core.time_ranges import DEFAULT_TIME_DRAWS
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout.template_layout import cell

SHEET = L.SENSITIVITY
TITLE = "Sensitivity (live): SMAA-2 of the evaluation"  # A1: marks the live sheet
# the sheet's defaults: those of vsm-xl evaluate's spreads (core.time_ranges) and of the cell functions
SEED, DRAWS, DISTRIBUTION = 0, DEFAULT_TIME_DRAWS, DEFAULT_DISTRIBUTION
NEEDS = ("SMAA-2 needs the vsm-xl add-in (xlwings, see the Guide) to compute here; "
         "'vsm-xl sensitivity --smaa' gives the same figures")
NO_INDICATORS = "Fill in the Indicators sheet: SMAA-2 starts with two alternatives"
LIVE_NOTE = "Figures of VSM_P_BEST, VSM_RANK_ACCEPTABILITY and VSM_CENTRAL_WEIGHTS"
CHART_TITLE = "Rank acceptability: share of draws at each rank"
HELPER_GAP = 12  # columns between the last alternative and the helpers: room for the chart


LEVELS = ((0.05, "p5"), (0.5, "median"), (0.95, "p95"))



@dataclass(frozen=True)
class LiveLayout:
    """Where the live sheet's cells are (1-based)."""

    n_indicators: int
    n_alternatives: int
    n_states: int = 0  # blocks of the Steps sheet: one row each in the lead-time table
    status_row: int = 3
    seed_row: int = 5  # then draws, distribution
    header_row: int = 10
    label_col: int = 1
    first_col: int = 2

    @property
    def p_best_row(self) -> int:
        return self.header_row + 1

    @property
    def ranks_title_row(self) -> int:
        return self.p_best_row + 2

    def rank_row(self, r: int) -> int:
        """The row of rank ``r`` (1-based) of the acceptability block."""
        return self.ranks_title_row + 1 + r

    @property
    def ranks_header_row(self) -> int:
        return self.ranks_title_row + 1

    @property
    def weights_title_row(self) -> int:
        return self.rank_row(self.n_alternatives) + 2

    @property
    def weights_header_row(self) -> int:
        return self.weights_title_row + 1

    def weight_row(self, i: int) -> int:
        """The row of indicator ``i`` (0-based, the Indicators table's row order)."""
        return self.weights_header_row + 1 + i

    @property
    def lead_title_row(self) -> int:
        return self.weight_row(self.n_indicators - 1) + 2

    @property
    def lead_header_row(self) -> int:
        return self.lead_title_row + 1

    def lead_row(self, b: int) -> int:
        """The row of the ``b``-th Steps block in the lead-time table."""
        return self.lead_header_row + 1 + b

    def col(self, j: int) -> int:
        return self.first_col + j

    def helper(self, j: int) -> int:
        """The hidden helper column of alternative ``j`` (right of the chart)."""
        return self.col(self.n_alternatives) + HELPER_GAP + j

    @property
    def chart_anchor(self) -> str:
        return cell(self.col(self.n_alternatives) + 1, self.header_row)


def helper_columns(table: L.IndicatorTable | None) -> set:
    """The hidden helper columns of the live sheet over the Indicators ``table``."""
    if table is None:
        return set()
    layout = LiveLayout(table.n_rows, table.n_alternatives)
    return {layout.helper(j) for j in range(max(layout.n_alternatives, len(LEVELS)))}


def settings_refs(layout: LiveLayout) -> tuple[str, str, str]:
    return tuple(cell(2, layout.seed_row + k, True) for k in range(3))  # type: ignore[return-value]

