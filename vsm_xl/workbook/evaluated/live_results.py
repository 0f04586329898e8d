"""The figures of the live Sensitivity sheet in an evaluated copy: the batch's SMAA-2 and
lead-time spreads at the sheet's default seed, draws and distribution, cell by cell, so that a
workbook opened without the add-in shows what vsm-xl evaluate computed (live = batch)."""
from __future__ import annotations

from vsm_xl.workbook.layout.live_layout import DISTRIBUTION, DRAWS, LEVELS, LIVE_NOTE, NO_INDICATORS, SEED, SHEET, LiveLayout


def live_values(layout: LiveLayout, found, indicator_rows: list[int] | None = None) -> dict:
    """``{(row, col): value}`` of the sheet's figures under the SMAA-2 result ``found`` (None: the
    workbook has no evaluation); the cells of columns and rows without an alternative or an
    indicator are blank. ``indicator_rows``: the 0-based table row of each indicator."""
    out: dict = {}
    alts = found.alternatives if found is not None else ()
    for j in range(layout.n_alternatives):
        a = alts[j] if j < len(alts) else None
        out[(layout.p_best_row, layout.col(j))] = a.first_share if a is not None else ""
        for r in range(1, layout.n_alternatives + 1):
            out[(layout.rank_row(r), layout.col(j))] = a.acceptability[r - 1] if a is not None and r <= len(alts) else ""
        rows = indicator_rows if indicator_rows is not None else list(range(len(found.indicators) if found else 0))
        weights = a.central_weights if a is not None else None
        for i in range(layout.n_indicators):
            out[(layout.weight_row(i), layout.col(j))] = ""
        for k, i in enumerate(rows):
            if weights is not None and i < layout.n_indicators:
                out[(layout.weight_row(i), layout.col(j))] = weights[k]
    return out


def live_result_cells(read, analysis) -> dict:
    """``{(sheet, row, col): value}`` of the live sheet of the workbook ``read`` (a
    :class:`~vsm_xl.workbook.read.reader.WorkbookRead`) under ``analysis``: the batch's SMAA-2 at the
    sheet's default seed, draws and distribution. Empty for a workbook without the live sheet."""
    table = read.geometry.indicators
    package = getattr(read, "package", None)  # None: a view of a workbook being written (row_runs)
    if table is None or (package is not None and SHEET not in dict(package.sheets)):
        return {}
    layout = LiveLayout(table.n_rows, table.n_alternatives, len(read.geometry.blocks))
    found, rows = None, None
    if analysis.model is not None and len(analysis.model.alternatives) >= 2:
        from vsm_xl.core.model import GROUPS
        from vsm_xl.core.smaa import SIMPLEX, analysis_smaa

        # measured indicators drawn with their states' step times, as the sheet's functions do
        found = analysis_smaa(analysis, draws=DRAWS, seed=SEED, distribution=DISTRIBUTION,
                              sampling={g: SIMPLEX for g in GROUPS})
        rows = [r - table.first_row for r in table.indicator_rows] if table.indicator_rows else None
    out = {}
    for (r, c), v in live_values(layout, found, rows).items():
        out[(SHEET, r, c)] = v
        out[(SHEET, r, layout.helper(c - layout.first_col))] = v  # the helper holds the same figure
    out[(SHEET, layout.status_row, 1)] = LIVE_NOTE if found is not None else NO_INDICATORS
    out.update(_lead_time_cells(read, analysis, layout))
    return out


def _lead_time_cells(read, analysis, layout: LiveLayout) -> dict:
    """The minutes of the lead-time table's helpers: the batch's spread (vsm-xl evaluate's draws,
    the sheet's default seed and draws), the total itself for a state whose times are exact."""
    out: dict = {}
    by_block = {b: s for s, b in enumerate(read.state_blocks)}
    for b in range(len(read.geometry.blocks)):
        s = by_block.get(b)
        state = analysis.value_stream.states[s] if s is not None else None
        found = analysis.spreads[s] if state is not None else None  # seed 0, DEFAULT_TIME_DRAWS: the sheet's
        for k, (_, level) in enumerate(LEVELS):
            value = "" if state is None else (getattr(found.lead_time, level) if found is not None
                                              else analysis.states[s].total_lead_time)
            out[(SHEET, layout.lead_row(b), layout.helper(k))] = value
    return out
