"""What every result cell of a workbook holds once evaluated in batch mode: the number (or
text) the core computed, or a native Excel formula where Excel computes it naturally
(WT = LT − PT, totals = SUM, FE = total PT / total LT, WIP = SUM, WBF = SQRT(...)).

One mapping serves the evaluated copy (these replace the VSM_* formulas) and the tests (a
spreadsheet engine computing the live formulas must arrive at the same values).
"""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core import display
from vsm_xl.core.analysis import Analysis
from vsm_xl.core.errors import VsmError
from vsm_xl.core.measures import MEASURES, TIME, measure_value, pacemaker
from vsm_xl.workbook.formulas import formula_text as F
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.evaluated.evaluated_team import weighting_cells
from vsm_xl.workbook.xlsx.grid import CellValue
from vsm_xl.workbook.layout.template_layout import cell
from vsm_xl.workbook.evaluated.live_results import live_result_cells


@dataclass(frozen=True, slots=True)  # one a result cell: hundreds of thousands in a large copy
class Native:
    """A native Excel formula and the value it must compute (None: blank)."""

    formula: str
    value: CellValue


def result_cells(read, analysis: Analysis) -> dict:
    """``{(sheet, row, col): value | Native}`` for every result cell of the workbook ``read``
    (a :class:`~vsm_xl.workbook.read.reader.WorkbookRead`). Blank results are ``None``."""
    g = read.geometry
    out: dict = {}
    _steps(out, g, read.state_blocks, analysis)
    _takt(out, g, analysis)
    evaluation = analysis.evaluation  # None: the evaluation tables are blank, so are their results
    if g.indicators is not None:
        _indicators(out, g, evaluation)
        _measured(out, read, analysis)
    _pairwise(out, g, evaluation)
    weighting_cells(out, g, evaluation)  # CR, its warning, the Team sheet
    if g.results is not None:
        _results(out, g, evaluation)
    out.update(live_result_cells(read, analysis))  # the live Sensitivity sheet (SMAA-2)
    return out


def _steps(out: dict, g: L.Geometry, state_blocks, analysis: Analysis) -> None:
    sheet = L.STEPS
    by_block = {b: s for s, b in enumerate(state_blocks)}
    for b, block in enumerate(g.blocks):
        cols = block.columns
        s = by_block.get(b)
        state = analysis.value_stream.states[s] if s is not None else None
        summary = analysis.states[s] if s is not None else None
        for r in block.rows:  # blank rows: blank results
            for col, v in step_results(cols, r, None).items():
                out[(sheet, r, col)] = v
        if state is not None:
            for step, r in zip(state.steps, block.step_rows):
                for col, v in step_results(cols, r, step).items():
                    out[(sheet, r, col)] = v
        if block.total_row is not None:
            totals = {"pt_min": summary.total_process_time, "lt_min": summary.total_lead_time,
                      "wt": summary.total_wait_time} if summary is not None else {}
            parallel = bool(summary.parallel_steps_skipped) if summary is not None else False
            for key in L.TOTAL_KEYS:
                if key not in cols:
                    continue
                where = (sheet, block.total_row, cols[key])
                if summary is None:
                    out[where] = None
                elif parallel:  # only the longest branch counts: not a plain SUM
                    out[where] = totals[key]
                else:
                    out[where] = Native(F.plain_sum(block.range_of(key)), totals[key])
            for key, minutes_key, shown_kind in F.SHOWN_TOTALS:
                if key in cols and minutes_key in cols:
                    figure = totals.get(minutes_key)
                    text = display.of(analysis.value_stream, figure, shown_kind) if figure is not None else None
                    out[(sheet, block.total_row, cols[key])] = Native(F.shown_total(block, minutes_key, shown_kind),
                                                                      text)
        for key, r in block.summary_rows.items():
            where = (sheet, r, L.SUMMARY_VALUE_COL)
            if summary is None:
                out[where] = None
                continue
            if key == "flow_efficiency":
                if block.total_row is not None and "pt_min" in cols and "lt_min" in cols:
                    out[where] = Native(F.ratio(cell(cols["pt_min"], block.total_row),
                                                cell(cols["lt_min"], block.total_row)), summary.flow_efficiency)
                else:
                    out[where] = summary.flow_efficiency
            elif key == "flow_rating":
                out[where] = summary.flow_rating
            elif key == "rolled_ca":
                out[where] = summary.rolled_complete_accurate
            elif key == "wip":
                if summary.wip_total is not None and "inventory" in cols:
                    out[where] = Native(F.plain_sum(block.range_of("inventory")), summary.wip_total)
                else:
                    out[where] = summary.wip_total
            elif key == "capacity_constraint":
                out[where] = summary.capacity_constraint
            elif key == "largest_delay":
                out[where] = summary.largest_delay


def step_results(cols: dict, r: int, step) -> dict:
    """``{column: value | Native}`` of the result cells of Steps row ``r`` holding ``step``
    (None: a blank row, blank results); ``cols`` the block's columns."""
    if step is None:
        return {cols[key]: None for key in ("pt_min", "lt_min", "wt", *L.HELPER_STEP_KEYS) if key in cols}
    out: dict = {}
    for key, minutes in (("pt_min", step.process_time), ("lt_min", step.lead_time),
                         ("pt_calc", step.process_time), ("lt_calc", step.lead_time)):
        if key in cols:
            out[cols[key]] = minutes
    if "wt" in cols and "pt_min" in cols and "lt_min" in cols:
        out[cols["wt"]] = Native(F.difference(cell(cols["lt_min"], r), cell(cols["pt_min"], r)), step.wait_time)
    return out


def _takt(out: dict, g: L.Geometry, analysis: Analysis) -> None:
    row = g.settings.get("takt")
    if row is not None:
        out[(L.STEPS, row, L.SETTINGS_VALUE_COL)] = analysis.takt_time


def _indicators(out: dict, g: L.Geometry, evaluation) -> None:
    t = g.indicators
    assert t is not None  # the caller checks
    for r in t.rows:
        for j in range(t.n_alternatives):
            out[(L.INDICATORS, r, t.benefit_col(j))] = None
    if evaluation is None:
        return
    for row, benefits in zip(t.indicator_rows, evaluation.partial_benefits):
        for j, u in enumerate(benefits):
            out[(L.INDICATORS, row, t.benefit_col(j))] = u


def _measured(out: dict, read, analysis: Analysis) -> None:
    """The table of the states' measures (base units) and the indicators' value cells that look
    them up (measure_formulas): each the figure of core.measures, blank where it has none."""
    t = read.geometry.indicators
    m = t.measures
    grid = read.grids.get(L.INDICATORS)
    if m is not None:
        by_block = {b: s for s, b in enumerate(read.state_blocks)}
        stream = analysis.value_stream
        for n, block in enumerate(read.geometry.blocks[:m.n_states]):
            r = m.first_row + n
            s = by_block.get(n)
            figures: dict = {c: None for c in range(len(MEASURES) + 1)}  # blank for a block without a state
            steps = read.grids.get(L.STEPS)  # the block's name as typed, a state or a block without steps
            name = steps.value(L.STATE_NAME_COL, block.marker_row) if steps is not None else None
            out[(L.INDICATORS, r, L.MARKER_COL)] = name if isinstance(name, str) and name else None
            if s is not None:
                k = pacemaker(stream.states[s])[0]
                rows = block.step_rows  # a streamed block's view holds its first rows, the rest follow on
                row = rows[k] if k < len(rows) else (rows[-1] if rows else block.first_row - 1) + k + 1 - len(rows)
                figures[len(MEASURES)] = row - block.first_row + 1
                for c, measure in enumerate(MEASURES):
                    figures[c] = _base_figure(measure, stream, s, analysis.states[s])
            for c, value in figures.items():
                if m.col(c):  # 0: a column the table does not have
                    out[(L.INDICATORS, r, m.col(c))] = value
    model = analysis.model
    if grid is None:
        return
    measured = {}
    if model is not None and analysis.evaluation is not None:
        measured = {row: ind for row, ind in zip(t.indicator_rows, model.indicators) if ind.measure}
    for r in t.rows:
        for j in range(t.n_alternatives):
            col = t.value_col(j)
            if grid.is_formula(col, r) and not _has_vsm_call(grid.formulas.get((r, col))):
                ind = measured.get(r)
                out[(L.INDICATORS, r, col)] = ind.values[j] if ind is not None and j < len(ind.values) else None


def _has_vsm_call(formula) -> bool:
    return isinstance(formula, str) and "VSM_" in formula.upper()


def _base_figure(measure, stream, s: int, summary):
    """A state's measure in its base unit (minutes, fractions), None where the state has none."""
    try:
        return measure_value(measure.key, "min" if measure.kind == TIME else "", stream, s, summary)
    except VsmError:
        return None


def _pairwise(out: dict, g: L.Geometry, evaluation) -> None:
    for group, b in g.pairwise.items():
        weights = evaluation.weights.get(group) if evaluation is not None else None
        for i in range(b.size):
            out[(L.PAIRWISE, b.row(i), b.weight_col)] = None
            out[(L.PAIRWISE, b.row(i), b.rank_col)] = None
        if weights is None:
            continue
        for i, name in enumerate(b.names):
            if name in weights.indicators:
                k = weights.indicators.index(name)
                out[(L.PAIRWISE, b.row(i), b.weight_col)] = weights.weights[k]
                out[(L.PAIRWISE, b.row(i), b.rank_col)] = weights.ranks[k]


def _results(out: dict, g: L.Geometry, evaluation) -> None:
    t = g.results
    assert t is not None  # the caller checks
    rows = {key: t.row(key) for key, _, _ in L.RESULTS_ROWS}
    for j in range(t.n_alternatives):
        col = t.col(j)
        alt = evaluation.alternatives[j] if evaluation is not None and j < len(evaluation.alternatives) else None
        gn = alt.benefit_non_monetary if alt else None
        gm = alt.benefit_monetary if alt else None
        out[(L.RESULTS, rows["g_non_monetary"], col)] = gn
        out[(L.RESULTS, rows["g_monetary"], col)] = gm
        out[(L.RESULTS, rows["wbf"], col)] = Native(
            F.wbf_native(cell(col, rows["g_monetary"]), cell(col, rows["g_non_monetary"])),
            alt.wbf) if alt else None


def expected_values(read, analysis: Analysis) -> dict:
    """``{"Sheet!A1": value}`` of every result cell, natives included (for checks and tests),
    plus the results a native formula of the template computes from them (ranks, best)."""
    values = {}
    for (sheet, row, col), v in result_cells(read, analysis).items():
        values[L.address(sheet, col, row)] = v.value if isinstance(v, Native) else v
    t = read.geometry.results
    evaluation = analysis.evaluation
    if t is not None and evaluation is not None:
        for j, alt in enumerate(evaluation.alternatives):
            values[L.address(L.RESULTS, t.col(j), t.row("rank"))] = alt.rank
        values[L.address(L.RESULTS, 2, t.best_row)] = evaluation.best
        values[L.address(L.RESULTS, 2, t.best_wbf_row)] = min(a.wbf for a in evaluation.alternatives)
    return values

