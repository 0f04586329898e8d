"""The live Sensitivity sheet of every workbook the template writes: SMAA-2 of the evaluation
(P(best), the rank acceptabilities b^r with their stacked bar chart, the central weights),
computed by the cell functions VSM_P_BEST, VSM_RANK_ACCEPTABILITY and VSM_CENTRAL_WEIGHTS from
the Indicators table, the Estimates sheet's ranges and the Steps sheet (measured indicators
drawn with their states' step times given as ranges), with the seed, draws and distribution
typed on the sheet. Same seed and draws: the same figures as
``vsm-xl sensitivity --smaa --seed S --draws D --smaa-weights monetary=simplex
--smaa-weights non-monetary=simplex`` (the weights drawn on each group's whole simplex).

Each function is ONE array formula in hidden helper columns to the right (one call per block
per recalculation); the visible cells refer to it (``=IF(ISNUMBER(helper),helper,"")``). Without
the add-in LibreOffice recalculates the array formulas on opening and they say that the add-in
is needed, while the visible one-cell formulas keep the batch figures saved in them; the status
cell says, once, what is missing (the Steps and Pairwise sheets' helpers work the same way).
"""
from __future__ import annotations

from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.read.estimates import EST_RANGES
from vsm_xl.workbook.layout.template_layout import cell
from vsm_xl.workbook.layout.live_layout import (CHART_TITLE, DISTRIBUTION, DRAWS, LEVELS, LIVE_NOTE, NEEDS, NO_INDICATORS,
                                         SEED, SHEET, TITLE,
                                         LiveLayout, settings_refs)



def call(function: str, layout: LiveLayout, steps: str = "") -> str:
    """The cell-function call over the Indicators table, the ranges, the sheet's settings and
    ``steps`` (:func:`steps_arguments`: what draws the measured indicators with the step times)."""
    seed, draws, dist = settings_refs(layout)
    return (f"{function}({L.IND_NAMES},{L.IND_GROUPS},{L.IND_WORST},{L.IND_BEST},{L.IND_VALUES},{L.ALT_NAMES},"
            f"{EST_RANGES},{L.IND_FUNCTION},{L.IND_CURVATURE},{seed},{draws},{dist}{steps})")


def steps_arguments(table: L.IndicatorTable, blocks_) -> str:
    """The trailing arguments of the SMAA-2 calls: the Measure and Unit of the indicators, the
    state of each alternative, and the Steps sheet's columns over every block (markers and names,
    PT and LT, the six range columns, positions) with the time settings, so that measured
    indicators are drawn with their states' step times as vsm-xl sensitivity --smaa draws them.
    Empty without Steps blocks."""
    if not blocks_:
        return ""
    cols, top, bottom = blocks_[0].columns, blocks_[0].marker_row, blocks_[-1].last_row
    # the builder's columns: PT, LT side by side and the six range columns in a row (one range each)
    assert cols["lt"] == cols["pt"] + 1 and cols["wt_high"] == cols["pt_low"] + 5
    steps = L.sheet_ref(L.STEPS)

    def columns(first: int, last: int) -> str:
        return f"{steps}!{L.area(first, top, last, bottom, True)}"

    measure = L.area(table.columns["measure"], table.first_row, table.columns["measure"], table.last_row, True)
    return (f",{L.sheet_ref(L.INDICATORS)}!{measure},{L.IND_UNITS},{L.ALT_STATES},"
            f"{columns(L.MARKER_COL, L.STATE_NAME_COL)},{columns(cols['pt'], cols['lt'])},"
            f"{columns(cols['pt_low'], cols['wt_high'])},{columns(cols['position'], cols['position'])},"
            + ",".join(L.SETTING_BY_KEY[k].name for k in ("time_unit", "hours_per_day", "days_per_week")))


def block_formula(function: str, layout: LiveLayout, steps: str = "") -> str:
    """One helper array formula: the function's block, or the add-in's absence said in it."""
    return f'=IF(COUNTA({L.IND_NAMES})=0,"",IFERROR({call(function, layout, steps)},"{L.NEEDS_ADD_IN}"))'


def shown(helper_ref: str) -> str:
    """A visible cell: the helper's number, blank for anything else (a text, Excel's #N/A padding)."""
    return f'=IF(ISNUMBER({helper_ref}),{helper_ref},"")'


def status(layout: LiveLayout) -> str:
    """One text: what is missing (the indicators, the add-in) or the add-in's own error."""
    first = cell(layout.helper(0), layout.p_best_row)
    return (f'=IF(COUNTA({L.IND_NAMES})=0,"{NO_INDICATORS}",IF(ISNUMBER({first}),"{LIVE_NOTE}",'
            f'IF({first}&""="{L.NEEDS_ADD_IN}","{NEEDS}",{first}&"")))')


def blocks(layout: LiveLayout) -> tuple:
    """``(function, first row, rows)`` of the three helper blocks."""
    return (("VSM_P_BEST", layout.p_best_row, 1),
            ("VSM_RANK_ACCEPTABILITY", layout.rank_row(1), layout.n_alternatives),
            ("VSM_CENTRAL_WEIGHTS", layout.weight_row(0), layout.n_indicators))


def _helpers(ws, layout: LiveLayout, steps: str) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    from vsm_xl.workbook.layout import styles as S

    first, last = layout.helper(0), layout.helper(layout.n_alternatives - 1)
    for c in range(first, layout.helper(max(layout.n_alternatives, len(LEVELS)) - 1) + 1):
        ws.column_dimensions[cell(c, 1)[:-1]].hidden = True
    for function, row, rows in blocks(layout):
        ref = f"{cell(first, row)}:{cell(last, row + rows - 1)}"
        ws.cell(row=row, column=first).value = ArrayFormula(ref, block_formula(function, layout, steps))
        for r in range(row, row + rows):
            for c in range(first, last + 1):
                S.style_computed(ws.cell(row=r, column=c), "0.0%")
    S.style_header(ws.cell(row=layout.header_row, column=first, value="VSM_* helper"))


def _figures(ws, layout: LiveLayout, row: int, rows: int) -> None:
    from vsm_xl.workbook.layout import styles as S

    for r in range(row, row + rows):
        for j in range(layout.n_alternatives):
            S.style_computed(ws.cell(row=r, column=layout.col(j), value=shown(cell(layout.helper(j), r))), "0.0%")



def lead_time_formula(block: L.StepBlock, level: float, layout: LiveLayout) -> str:
    """The minutes of one percentile of a Steps block's total lead time (VSM_LEAD_TIME_PERCENTILE)."""
    cols, first, last = block.columns, block.first_row, block.last_row
    steps = L.sheet_ref(L.STEPS)
    ref = {key: f"{steps}!{L.area(cols[key], first, cols[key], last, True)}"
           for key in ("lt", "lt_low", "lt_high", "position", "pt", "pt_low", "pt_high", "wt_low", "wt_high")}
    seed, draws, dist = settings_refs(layout)
    return (f'=IF(COUNTA({ref["lt"]})=0,"",IFERROR(VSM_LEAD_TIME_PERCENTILE({ref["lt"]},{ref["lt_low"]},'
            f'{ref["lt_high"]},{level},{ref["position"]},{seed},{draws},{dist},"min",Time_Unit,Hours_Per_Day,'
            f'Days_Per_Week,{ref["pt"]},{ref["pt_low"]},{ref["pt_high"]},{ref["wt_low"]},{ref["wt_high"]}),'
            f'"{L.NEEDS_ADD_IN}"))')


def _lead_times(ws, layout: LiveLayout, blocks_) -> None:
    """Per Steps block: its name and p5 / median / p95 of its total lead time, shown by the one
    display rule (the minutes in the hidden helper columns)."""
    from vsm_xl.core.display import WAIT
    from vsm_xl.workbook.layout import styles as S
    from vsm_xl.workbook.formulas.display_formulas import display_formula
    from vsm_xl.workbook.layout.map_layout import DAY_MINUTES_NAME

    title = ws.cell(row=layout.lead_title_row, column=1, value="Lead time of each state when step times are "
                    "given as PT, LT or WT low / high on the Steps sheet (the same draws as vsm-xl evaluate)")
    S.style_font(title, S.SUBTITLE_FONT)
    for c, text in enumerate(("State", "LT p5", "LT median", "LT p95"), start=1):
        S.style_header(ws.cell(row=layout.lead_header_row, column=c, value=text))
    for b, block in enumerate(blocks_):
        r = layout.lead_row(b)
        name = f"{L.sheet_ref(L.STEPS)}!{cell(L.STATE_NAME_COL, block.marker_row, True)}"
        S.style_label(ws.cell(row=r, column=1, value=f'=IF({name}="","",{name})'))
        for k, (level, _) in enumerate(LEVELS):
            helper = ws.cell(row=r, column=layout.helper(k), value=lead_time_formula(block, level, layout))
            S.style_computed(helper, L.MINUTES_FORMAT)
            shown_cell = ws.cell(row=r, column=layout.col(k),
                                 value="=" + display_formula(cell(layout.helper(k), r), WAIT, DAY_MINUTES_NAME))
            S.style_computed(shown_cell, alignment=S.RIGHT)


def add_live_sensitivity(wb, table: L.IndicatorTable, blocks_=()) -> LiveLayout:
    """The Sensitivity sheet (after Results) over the Indicators ``table`` and the Steps ``blocks_``."""
    from vsm_xl.workbook.layout import styles as S

    layout = LiveLayout(table.n_rows, table.n_alternatives, len(blocks_))
    index = wb.sheetnames.index(L.RESULTS) + 1 if L.RESULTS in wb.sheetnames else len(wb.sheetnames)
    ws = wb.create_sheet(SHEET, index=index)
    ws["A1"] = TITLE
    S.style_font(ws["A1"], S.TITLE_FONT)
    from vsm_xl.workbook.layout.styles import wrapped_note

    wrapped_note(ws, 2, "Weights drawn uniformly on each group's simplex, values given as low / likely / high on the "
                 "Estimates sheet drawn as well; lower WBF ranks better. The same seed and draws give the same "
                 "figures as: vsm-xl sensitivity --smaa --seed S --draws D --smaa-weights monetary=simplex "
                 "--smaa-weights non-monetary=simplex. Measured indicators (lead time, flow efficiency ...) are drawn "
                 "with their states' step times where these are given as ranges (PT, LT or WT low / high on the "
                 "Steps sheet).",
                 max(layout.col(layout.n_alternatives - 1), 5), 66)
    S.style_computed(ws.cell(row=layout.status_row, column=1, value=status(layout)))
    # one box as wide as the table: the status text is longer than column A
    ws.merge_cells(start_row=layout.status_row, start_column=1, end_row=layout.status_row,
                   end_column=layout.col(max(layout.n_alternatives - 1, 3)))
    for k, (label, value) in enumerate((("Seed", SEED), ("Draws", DRAWS), ("Distribution", DISTRIBUTION))):
        S.style_label(ws.cell(row=layout.seed_row + k, column=1, value=label))
        S.style_input(ws.cell(row=layout.seed_row + k, column=2, value=value))
    _header(ws, layout, layout.header_row, "Alternative")
    S.style_label(ws.cell(row=layout.p_best_row, column=1, value="P(best) = b¹"))
    title = ws.cell(row=layout.ranks_title_row, column=1,
                    value="Rank acceptability b^r: the share of draws in which the alternative has rank r")
    S.style_font(title, S.SUBTITLE_FONT)
    _header(ws, layout, layout.ranks_header_row, "Rank")
    for r in range(1, layout.n_alternatives + 1):
        S.style_label(ws.cell(row=layout.rank_row(r), column=1, value=f"Rank {r}"))
    title = ws.cell(row=layout.weights_title_row, column=1,
                    value="Central weights: the mean weights (per group) at which the alternative ranks first")
    S.style_font(title, S.SUBTITLE_FONT)
    _header(ws, layout, layout.weights_header_row, "Indicator")
    for i in range(layout.n_indicators):
        S.style_label(ws.cell(row=layout.weight_row(i), column=1,
                              value=f'=IF(INDEX({L.IND_NAMES},{i + 1})="","",INDEX({L.IND_NAMES},{i + 1}))'))
    for _, row, rows in blocks(layout):
        _figures(ws, layout, row, rows)
    _helpers(ws, layout, steps_arguments(table, blocks_))
    _lead_times(ws, layout, blocks_)
    ws.column_dimensions["A"].width = 30
    for j in range(layout.n_alternatives):
        ws.column_dimensions[cell(layout.col(j), 1)[:-1]].width = 15
    ws.add_chart(acceptability_chart(ws, layout), layout.chart_anchor)
    S.protect(ws)
    return layout


def _header(ws, layout: LiveLayout, row: int, label: str) -> None:
    from vsm_xl.workbook.layout import styles as S

    S.style_header(ws.cell(row=row, column=1, value=label))
    ws.row_dimensions[row].height = 30  # two lines: names such as "Target condition 1" wrap
    for j in range(layout.n_alternatives):
        c = ws.cell(row=row, column=layout.col(j),
                    value=f'=IF(INDEX({L.ALT_NAMES},{j + 1})="","",INDEX({L.ALT_NAMES},{j + 1}))')
        S.style_header(c)


def acceptability_chart(ws, layout: LiveLayout):
    """A stacked bar per alternative: its rank acceptabilities, rank 1 at the bottom."""
    from openpyxl.chart import BarChart, Reference

    from vsm_xl.workbook.sheets.chart import PALETTE

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "percentStacked"
    chart.overlap = 100
    chart.title = CHART_TITLE
    chart.height, chart.width = 9, 16
    first, last = layout.col(0), layout.col(layout.n_alternatives - 1)
    data = Reference(ws, min_col=1, max_col=last, min_row=layout.rank_row(1), max_row=layout.rank_row(
        layout.n_alternatives))
    chart.add_data(data, from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=first, max_col=last, min_row=layout.ranks_header_row))
    for k, series in enumerate(chart.series):
        series.graphicalProperties.solidFill = PALETTE[k % len(PALETTE)]
        series.graphicalProperties.line.solidFill = PALETTE[k % len(PALETTE)]
    chart.y_axis.number_format = "0%"
    chart.y_axis.title = "share of draws"
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False
    chart.legend.position = "r"
    return chart


