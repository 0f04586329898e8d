"""The Map sheet (the value stream map of every state, drawn with cells) and the Charts sheet
(the flow data the map and the charts read, and the native charts). Everything computed here
is a native formula over the Steps sheet, so both sheets show numbers in any spreadsheet, with
or without the add-in (METHOD.md section 5).

The map follows the state blocks of the Steps sheet and the positions of their steps when the
workbook is written: one box per step in flow order, parallel branches (same position)
stacked; the numbers follow the Steps sheet live.
"""
from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName

from vsm_xl.core import chart_steps, display
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.sheets import map_flows
from vsm_xl.workbook.formulas import map_formulas as MF
from vsm_xl.workbook.layout import map_layout as M
from vsm_xl.workbook.layout import print_setup as P
from vsm_xl.workbook.layout import styles as S
from vsm_xl.workbook.layout.template_layout import area, cell
from vsm_xl.workbook.sheets.map_rules import (  # noqa: F401 - partner_rules: used here and by map_flows
    BOX_ALL as _BOX_ALL, BOX_BOTTOM as _BOX_BOTTOM, MEDIUM as _MEDIUM, WAVE_DOWN as _WAVE_DOWN, WAVE_SIDES as _WAVE_SIDES,
    WAVE_UP as _WAVE_UP, box_rule as _box_rule, partner_rules,
)


def build_map(wb, stream, geometry: L.Geometry, *, runs: list | None = None,
              stream_over: int | None = None, flows=None) -> M.MapGeometry:
    """Add the Charts and Map sheets (after Steps) for the state blocks of ``geometry``. A data
    table of more than ``stream_over`` rows gets its first row only; the others are added to
    ``runs`` (see :func:`vsm_xl.workbook.sheets.template.build_streamed`)."""
    from vsm_xl.workbook.sheets.flow_charts import add_flow_charts

    # after the Flows sheet where there is one (the map draws what is typed there)
    steps_index = wb.sheetnames.index(L.FLOWS if L.FLOWS in wb.sheetnames else L.STEPS)
    map_ws = wb.create_sheet(M.MAP, steps_index + 1)
    charts_ws = wb.create_sheet(M.CHARTS, steps_index + 2)
    states = list(stream.states) if stream is not None else []
    mg = M.MapGeometry()
    unit = chart_unit(stream)
    _charts_header(wb, charts_ws, unit)
    row = M.first_section_row(len(geometry.blocks))
    for b, block in enumerate(geometry.blocks):
        state = states[b] if b < len(states) else None
        section = _data_section(charts_ws, block, state, row, runs, stream_over)
        mg.data.append(section)
        row = section.end_row + 1 + M.SECTION_GAP
    _compare_table(charts_ws, geometry, mg)
    _longest(charts_ws, mg, geometry)
    _map(map_ws, geometry, states, mg, stream, flows)
    add_flow_charts(charts_ws, geometry, mg, states, unit=unit,
                    takt=stream is None or stream.demand is not None)
    _charts_pages(charts_ws, mg, len(geometry.blocks))
    return mg


def _charts_pages(ws, mg: M.MapGeometry, n_states: int) -> None:
    """Portrait pages of two sections each (the comparison and the first state, then two states
    per page), broken between sections, at the scale at which the tallest page fits."""
    starts = [1] + [d.title_row for d in mg.data]
    ends = [M.first_section_row(n_states) - 1] + [d.end_row for d in mg.data]
    pages = []
    for k in range(0, len(starts), 2):
        pages.append((starts[k], ends[min(k + 1, len(ends) - 1)]))
    for _, end in pages[:-1]:
        ws.row_breaks.append(_break(end))
    width = sum(w for _, _, w, _ in M.DATA_COLUMNS) + 2 * 9  # the charts reach two columns further
    P.page(ws, landscape=False, area=f"A1:{cell(len(M.DATA_COLUMNS) + 2, ends[-1])}")
    P.scale_to(ws, width, [(a, b) for a, b in pages], landscape=False)


def _define(wb, name: str, sheet: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"{L.sheet_ref(sheet)}!{ref}")


def _positions(block: L.StepBlock, state) -> list:
    """The flow position of every row of ``block`` (None: a row of its own)."""
    steps = list(state.steps) if state is not None else []
    return [steps[k].position if k < len(steps) else None for k in range(len(block.rows))]


# -- Charts: the flow data ----------------------------------------------------------------------
def chart_unit(stream) -> str:
    """The unit of the Charts sheet: the stream's display setting, or by the display rule the
    unit of its longest lead time (hours for a blank template); one unit for every state."""
    from vsm_xl.core.state_metrics import timeline_steps

    if stream is None:
        return "h"
    if stream.display_unit in ("min", "h", "d"):
        return stream.display_unit
    longest = max((sum(s.lead_time for s in timeline_steps(state.steps)) for state in stream.states), default=0)
    return display.axis_unit(longest, display.WAIT, stream.duration_rule) if longest else "h"


def _longest(ws, mg: M.MapGeometry, geometry: L.Geometry) -> None:
    """The longest step lead time of all states (Charts unit) and the longest process time
    (minutes, from Steps): every ladder's two scales reach them, so the states compare by eye."""
    col = M.DATA_COL["lt"]
    ranges = ",".join(area(col, d.first_row, col, d.last_row, True) for d in mg.data) or "0"
    S.style_label(ws.cell(row=M.LONGEST_ROW, column=2, value="Longest step LT"))
    S.style_computed(ws.cell(row=M.LONGEST_ROW, column=M.UNIT_VALUE_COL, value=f"=MAX({ranges})"), "#,##0.0#",
                     alignment=S.LEFT)
    pts = ",".join(f"{MF.STEPS}!{b.range_of('pt_min', absolute=True)}" for b in geometry.blocks
                   if "pt_min" in b.columns) or "0"
    S.style_label(ws.cell(row=M.LONGEST_ROW, column=M.LONGEST_PT_COL - 1, value="Longest PT"))
    S.style_computed(ws.cell(row=M.LONGEST_ROW, column=M.LONGEST_PT_COL, value=f"=MAX({pts})"), '#,##0.0# "min"',
                     alignment=S.LEFT)


def _charts_header(wb, ws, auto_unit: str = "h") -> None:
    ws["A1"] = "Flow charts and the data they draw: lead-time ladder, cycle time against takt, states compared"
    S.style_font(ws["A1"], S.TITLE_FONT)
    labels = {M.UNIT_ROW: ("Unit of times", MF.unit_label(auto_unit), M.UNIT_NAME, "General"),
              M.UNIT_MINUTES_ROW: ("Minutes per unit", MF.unit_minutes(
                  cell(M.UNIT_VALUE_COL, M.UNIT_ROW, True), cell(M.UNIT_VALUE_COL, M.DAY_MINUTES_ROW, True)),
                  M.UNIT_MINUTES_NAME, "#,##0"),
              M.DAY_MINUTES_ROW: ("Minutes per day", MF.day_minutes(), M.DAY_MINUTES_NAME, "#,##0")}
    for r, (label, formula, name, fmt) in labels.items():
        S.style_label(ws.cell(row=r, column=2, value=label))
        S.style_computed(ws.cell(row=r, column=M.UNIT_VALUE_COL, value=formula), fmt, alignment=S.LEFT)
        _define(wb, name, M.CHARTS, cell(M.UNIT_VALUE_COL, r, True))
    S.wrapped_note(ws, M.UNIT_ROW, (
        "set on Steps: Unit of totals (auto: the unit of the longest lead time when written; one unit and "
        "one scale for all states)"), last_col=M.UNIT_VALUE_COL + 5, height=30, first_col=M.UNIT_VALUE_COL + 2)
    for key, header, width, fmt in M.DATA_COLUMNS:
        ws.column_dimensions[cell(M.DATA_COL[key], 1)[:-1]].width = width
    S.protect(ws)


def _section_head(ws, block: L.StepBlock, section: M.DataSection, note: str = "") -> None:
    title = ws.cell(row=section.title_row, column=1, value=MF.state_name(block.marker_row))
    S.style_font(title, S.SUBTITLE_FONT)
    S.style_note(ws.cell(row=section.title_row, column=M.DATA_COL["pt"], value=MF.no_steps_hint(block, note)))
    for key, header, _, _ in M.DATA_COLUMNS:
        text = MF.with_unit(header) if "{unit}" in header else header
        S.style_header(ws.cell(row=section.header_row, column=M.DATA_COL[key], value=text))
    ws.row_dimensions[section.header_row].height = 30


def _data_cells(ws, d: int, values: dict) -> None:
    for key, _, _, fmt in M.DATA_COLUMNS:
        c = ws.cell(row=d, column=M.DATA_COL[key], value=values.get(key))
        S.style_computed(c, fmt if fmt != "General" else None,
                         alignment=S.CENTER if key in ("number", "timeline", "constraint", "delay") else None)


def _data_section(ws, block: L.StepBlock, state, first: int, runs=None, stream_over=None) -> M.DataSection:
    n_steps = len(state.steps) if state is not None else 0
    if chart_steps.summarised(n_steps):
        return _summary_section(ws, block, state, first)
    rows = list(block.rows)
    section = M.DataSection(first, first + 1, first + 2, len(rows), rows)
    _section_head(ws, block, section)
    col = M.DATA_COL
    groups = M.plan_groups(rows, _positions(block, state))
    group_of = {r: g for g in groups for r in g}
    written = len(rows) if stream_over is None or len(rows) <= stream_over else 1
    for k in range(written):
        _data_cells(ws, section.first_row + k, data_row(section, k, group_of))
    if written < len(rows) and runs is not None:
        from vsm_xl.workbook.sheets.row_runs import RowRun, data_cells

        runs.append(RowRun(M.CHARTS, section.first_row + written, section.last_row, section.first_row,
                           data_cells(section, group_of, data_row)))

    def column(key: str) -> str:
        return area(col[key], section.first_row, col[key], section.last_row, True)

    total = section.total_row
    S.style_label(ws.cell(row=total, column=col["step"], value="Total (timeline)"))
    for key in ("pt", "wt", "lt"):
        c = ws.cell(row=total, column=col[key], value=MF.timeline_total(column("timeline"), column(key)))
        S.style_computed(c, M.DATA_COLUMNS[col[key] - 1][3], font=S.LABEL_FONT)
    return section


def _summary_section(ws, block: L.StepBlock, state, first: int) -> M.DataSection:
    """The table of a state of more steps than a chart draws (core.chart_steps): a row for each
    of its longest steps (live mirrors of their Steps rows, as in the full table), a row for the
    other steps' average, and the timeline totals of the Steps block."""
    steps = state.steps
    longest = chart_steps.longest_steps([step.lead_time for step in steps])
    shown = [block.first_row + k for k in longest]
    section = M.DataSection(first, first + 1, first + 2, len(shown) + 1, shown, summary_of=len(steps))
    _section_head(ws, block, section, chart_steps.note(len(steps)))
    col = M.DATA_COL
    for j, k in enumerate(longest):
        d = section.first_row + j
        values = step_values(shown[j], d)
        values["number"] = k + 1
        _data_cells(ws, d, values)
    d = section.last_row

    def drawn(key: str) -> str:
        return area(col[key], section.first_row, col[key], d - 1, True)

    pt, lt = cell(col["pt"], d), cell(col["lt"], d)
    _data_cells(ws, d, {
        "step": chart_steps.others_label(len(steps) - len(shown)),
        "pt": MF.others_average("pt_min", block, drawn("pt")),
        "lt": MF.others_average("lt_min", block, drawn("lt")),
        "wt": MF.others_wait(pt, lt),
        "cycle": MF.others_cycle(block, pt),
        "takt": MF.data_takt(cell(col["step"], d)),
    })
    S.style_label(ws.cell(row=section.total_row, column=col["step"], value="Total (timeline)"))
    for key, total_key in (("pt", "pt_min"), ("wt", "wt"), ("lt", "lt_min")):
        c = ws.cell(row=section.total_row, column=col[key], value=MF.block_total(total_key, block))
        S.style_computed(c, M.DATA_COLUMNS[col[key] - 1][3], font=S.LABEL_FONT)
    return section


def step_values(r: int, d: int) -> dict:
    """The cells of a data row (Charts row ``d``) that mirror its Steps row ``r`` alone."""
    col = M.DATA_COL
    lt = cell(col["lt"], d)
    return {
        "step": MF.data_step(r),
        "pt": MF.data_time("pt_min", r), "lt": MF.data_time("lt_min", r),
        "wt": MF.data_wait(r, cell(col["pt"], d), lt),
        "cycle": MF.data_cycle(r, cell(col["pt"], d)),
        "takt": MF.data_takt(cell(col["step"], d)),
    }


def data_row(section: M.DataSection, k: int, group_of: dict) -> dict:
    """What each cell of the ``k``-th row of a state's data table holds (native formulas over
    the Steps row it mirrors); ``group_of``: Steps row -> the Steps rows of its flow position.
    The one place for it: the builder and the streamed rows (:mod:`vsm_xl.workbook.sheets.row_runs`)."""
    col = M.DATA_COL
    r = section.steps_rows[k]
    d = section.first_row + k
    hdr = section.header_row
    lt = cell(col["lt"], d)
    group = group_of[r]
    earlier = [cell(col["lt"], section.row_of(x)) for x in group[:group.index(r)]]
    before = f"{cell(col['cycle'], hdr, True)}:{cell(col['cycle'], d - 1)}"
    before_wt = f"{cell(col['wt'], hdr, True)}:{cell(col['wt'], d - 1)}"

    def column(key: str) -> str:
        return area(col[key], section.first_row, col[key], section.last_row, True)

    return {
        "number": k + 1,
        **step_values(r, d),
        "timeline": MF.on_timeline(lt, [cell(col["lt"], section.row_of(x)) for x in group], earlier),
        "constraint": MF.first_largest(cell(col["cycle"], d), column("cycle"), before),
        "delay": MF.first_largest(cell(col["wt"], d), column("wt"), before_wt),
    }


def _compare_table(ws, geometry: L.Geometry, mg: M.MapGeometry) -> None:
    S.style_font(ws.cell(row=M.COMPARE_TITLE_ROW, column=1, value="States compared"), S.SUBTITLE_FONT)
    for j, (key, header, fmt) in enumerate(M.COMPARE_COLUMNS):
        text = MF.with_unit(header) if "{unit}" in header else header
        S.style_header(ws.cell(row=M.COMPARE_HEADER_ROW, column=2 + j, value=text))
    ws.row_dimensions[M.COMPARE_HEADER_ROW].height = 30
    col = M.DATA_COL
    for b, (block, section) in enumerate(zip(geometry.blocks, mg.data)):
        r = M.COMPARE_HEADER_ROW + 1 + b
        mg.compare_rows.append(r)
        lt, pt = cell(3, r), cell(4, r)
        values = {
            "state": MF.state_name(block.marker_row),
            "lt": MF.mirror(cell(col["lt"], section.total_row)),
            "pt": MF.mirror(cell(col["pt"], section.total_row)),
            "fe": MF.flow_efficiency(pt, lt),
            "band": MF.band(cell(5, r)),
        }
        for j, (key, _, fmt) in enumerate(M.COMPARE_COLUMNS):
            S.style_computed(ws.cell(row=r, column=2 + j, value=values[key]), fmt if fmt != "General" else None)


# -- Map ------------------------------------------------------------------------------------------
_NAME_FILL = PatternFill(fill_type="solid", bgColor=S.HEADER_COLOR)
_CONSTRAINT_FILL = PatternFill(fill_type="solid", bgColor="C00000")
_DELAY_FILL = PatternFill(fill_type="solid", bgColor="ED7D31")
_WHITE_BOLD = Font(bold=True, color="FFFFFF")
_BAND_FILLS = {"significant waste": "F8CBAD", "moderate": "FFE699", "good": "C6E0B4", "excellent": "A9D08E"}

BOX_FONT = Font(name=S.FONT_NAME, size=9, color="1F3864")
NAME_FONT = Font(name=S.FONT_NAME, size=9, bold=True, color="FFFFFF")
MARK_FONT = Font(name=S.FONT_NAME, size=8, bold=True, color="C00000")
TRIANGLE_FONT = Font(name=S.FONT_NAME, size=18, color="ED7D31")
ARROW_FONT = Font(name=S.FONT_NAME, size=10, bold=True, color="1F3864")
DAYS_FONT = Font(name=S.FONT_NAME, size=8, italic=True, color="7F7F7F")
WAVE_FONT = Font(name=S.FONT_NAME, size=9, bold=True, color="1F3864")
BOX_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
LINE_ALIGN = Alignment(horizontal="center", vertical="center", shrink_to_fit=True)
ARROW_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _map(ws, geometry: L.Geometry, states: list, mg: M.MapGeometry, stream=None, flows=None) -> None:
    ws["A1"] = "Value stream map: process boxes, inventory and the timeline of every state"
    S.style_font(ws["A1"], S.TITLE_FONT)
    note = ws.cell(row=M.MAP_NOTE_ROW, column=1, value=(
        "Drawn from the Steps and Flows sheets by native formulas (they compute without the add-in). Supplier at the "
        "left, customer (demand, takt) at the right, production control on top with its information arrows (↯ "
        "electronic, ⇣ manual); between boxes the material flow (➡ push, FIFO lane with its maximum, ☰ "
        "supermarket, ↺ pull); ✸ K1 a kaizen burst (links to its improvement). ▲ inventory in front "
        "of a step (and the days of demand it stands for, where demand is given); red box: capacity constraint (largest PT per resource); orange: largest delay (largest WT). "
        "Timeline: waiting time on the upper level, process time on the lower; parallel branches (same position) "
        "are stacked and only the longest counts. Boxes follow the steps when the workbook was written."))
    S.apply(note, [("font", S.NOTE_FONT), ("alignment", S.TEXT_ALIGNMENT)])
    ws.column_dimensions["A"].width = M.LABEL_WIDTH
    ws.sheet_view.showGridLines = False
    ws.sheet_view.zoomScale = 85
    planned, counts = [], []
    for b, block in enumerate(geometry.blocks):
        state = states[b] if b < len(states) else None
        n_steps = len(state.steps) if state is not None and state.steps else 0
        rows = list(block.rows)[: n_steps or M.TEMPLATE_MAP_SLOTS]
        groups = M.plan_groups(rows, _positions(block, state)[: len(rows)])
        planned.append(groups[: M.MAP_MAX_POSITIONS])
        counts.append(len(groups))
    widest = max((len(g) for g in planned), default=1)
    row = M.MAP_FIRST_ROW
    for b, (block, groups) in enumerate(zip(geometry.blocks, planned)):
        placement = map_flows.place(stream, b, block, groups, widest, flows)
        section = M.plan_map(row, groups, widest, placement.info_rows, placement.burst_rows)
        mg.sections.append(section)
        _map_section(ws, section, block, mg.data[b], mg.compare_rows[b], counts[b])
        map_flows.draw(ws, section, b, placement, flows, geometry.improvements)
        row = section.end_row + 1
        ws.row_breaks.append(_break(section.end_row))
    for g in range(widest):
        ws.column_dimensions[cell(M.LABEL_COL + 1 + 2 * g, 1)[:-1]].width = M.GAP_WIDTH
        ws.column_dimensions[cell(M.LABEL_COL + 2 + 2 * g, 1)[:-1]].width = M.BOX_WIDTH
    ws.column_dimensions[cell(M.LABEL_COL + 1 + 2 * widest, 1)[:-1]].width = M.GAP_WIDTH
    total_col = M.LABEL_COL + 2 + 2 * widest
    ws.column_dimensions[cell(total_col, 1)[:-1]].width = M.TOTAL_LABEL_WIDTH
    ws.column_dimensions[cell(total_col + 1, 1)[:-1]].width = M.TOTAL_VALUE_WIDTH
    last_row = mg.sections[-1].end_row if mg.sections else M.MAP_FIRST_ROW
    paged = widest > M.POSITIONS_PER_PAGE
    if paged:  # the note on the first page, not cut by the page edge
        ws.merge_cells(start_row=M.MAP_NOTE_ROW, start_column=1, end_row=M.MAP_NOTE_ROW,
                       end_column=M.LABEL_COL + 2 * M.POSITIONS_PER_PAGE)
        P.fit_row(ws, M.MAP_NOTE_ROW, 1, note.value, M.LABEL_WIDTH + M.POSITIONS_PER_PAGE * (M.GAP_WIDTH + M.BOX_WIDTH))
    else:
        ws.merge_cells(start_row=M.MAP_NOTE_ROW, start_column=1, end_row=M.MAP_NOTE_ROW, end_column=total_col + 1)
        P.fit_row(ws, M.MAP_NOTE_ROW, 1, note.value, M.page_width(widest))
    P.page(ws, area=f"A1:{cell(total_col + 1, last_row)}")
    if paged:  # ten positions a landscape page, as large as a ten-step map; the labels on every page
        first = mg.sections[0]
        for g in range(M.POSITIONS_PER_PAGE, widest, M.POSITIONS_PER_PAGE):
            ws.col_breaks.append(_break(first.box_col(g - 1)))
        ws.print_title_cols = "A:A"
        ws.page_setup.pageOrder = "overThenDown"  # each state's pages one after the other
        P.scale_to(ws, M.page_width(M.POSITIONS_PER_PAGE), [(M.MAP_TITLE_ROW, first.end_row)]
                   + [(sec.title_row, sec.end_row) for sec in mg.sections[1:]], landscape=True)
    S.protect(ws)


def _break(row: int):
    from openpyxl.worksheet.pagebreak import Break

    return Break(id=row)


def _map_section(ws, s: M.MapSection, block: L.StepBlock, data: M.DataSection, compare_row: int,
                 positions: int) -> None:
    title = ws.cell(row=s.title_row, column=1, value=f'="Value stream map: "&{MF.state_name(block.marker_row)[1:]}')
    S.apply(title, [("font", S.SUBTITLE_FONT)])
    ws.row_dimensions[s.title_row].height = 20
    cut = "" if positions <= len(s.groups) else (
        f"The map draws the first {len(s.groups):,} of {positions:,} flow positions; the totals at the end of "
        "the timeline count every step (Charts sheet).")
    hint = ws.cell(row=s.title_row + 1, column=1, value=MF.no_steps_hint(block, cut))
    S.style_note(hint)
    for level in range(s.levels):
        ws.row_dimensions[s.box_row(level, "name")].height = M.NAME_HEIGHT
        for line in M.BOX_LINES[1:]:
            ws.row_dimensions[s.box_row(level, line)].height = M.LINE_HEIGHT
    for g, members in enumerate(s.groups):
        gap, box = s.gap_col(g), s.box_col(g)
        for level, r in enumerate(members):
            d = None if data.summary_of else data.row_of(r)
            pt, lt = (cell(box, s.helper_row(level, key)) for key in ("pt", "lt"))
            for key in M.HELPER_KEYS:
                value = MF.wait_minutes(r, pt, lt) if key == "wt" else MF.minutes(f"{key}_min", r)
                ws.cell(row=s.helper_row(level, key), column=box, value="=" + value)
            for line in M.BOX_LINES:
                if line in M.HELPER_KEYS:
                    value = MF.shown_cell(cell(box, s.helper_row(level, line), True),
                                          display.PROCESS if line == "pt" else display.WAIT, f"{line.upper()} ")
                elif d is None and line == "mark":  # no Charts row per step: the Steps block's names
                    value = MF.summary_mark(r, block)
                else:
                    value = MF.box_line(line, r, d or 0)
                c = ws.cell(row=s.box_row(level, line), column=box, value=value)
                font = NAME_FONT if line == "name" else MARK_FONT if line == "mark" else BOX_FONT
                S.apply(c, [("font", font), ("alignment", BOX_ALIGN if line == "name" else LINE_ALIGN)])
            a = ws.cell(row=s.box_row(level, "name"), column=gap, value=MF.arrow(r))
            S.apply(a, [("font", ARROW_FONT), ("alignment", ARROW_ALIGN)])
            t = ws.cell(row=s.box_row(level, "pt"), column=gap, value=MF.triangle(r))
            S.apply(t, [("font", TRIANGLE_FONT), ("alignment", Alignment(horizontal="center", vertical="bottom"))])
            n = ws.cell(row=s.box_row(level, "lt"), column=gap, value=MF.inventory(r))
            S.apply(n, [("font", BOX_FONT), ("alignment", S.CENTER), ("number_format", "#,##0")])
            days = ws.cell(row=s.box_row(level, "wt"), column=gap, value=MF.inventory_days(r))
            S.apply(days, [("font", DAYS_FONT), ("alignment", S.CENTER)])
            _box_rules(ws, s, level, box, d, data)
        data_rows = [] if data.summary_of else [data.row_of(r) for r in members]
        for key, col, row, wave in (("wt", gap, s.upper_row, display.WAIT), ("pt", box, s.lower_row, display.PROCESS)):
            helper = s.helper_row(0, f"{key}_counted")
            refs = [cell(box, s.helper_row(level, key), True) for level in range(len(members))]
            ws.cell(row=helper, column=col, value=MF.counted(key, data_rows, refs) if data_rows else MF.counted_by_lt(
                refs, [cell(box, s.helper_row(level, "lt"), True) for level in range(len(members))]))
            c = ws.cell(row=row, column=col, value=MF.shown_cell(cell(col, helper, True), wave))
            S.apply(c, [("font", WAVE_FONT), ("alignment", S.CENTER)])
        name = cell(box, s.box_row(0, "name"), True)
        cond = f'{name}<>""'
        _box_rule(ws, cell(gap, s.upper_row), cond, _WAVE_UP, fill=None)
        _box_rule(ws, cell(gap, s.lower_row), cond, _WAVE_SIDES, fill=None)
        _box_rule(ws, cell(box, s.lower_row), cond, _WAVE_DOWN, fill=None)
    for r in s.helper_rows:
        ws.row_dimensions[r].hidden = True
    labels = ((s.upper_row, '="Waiting"'), (s.lower_row, '="Process"'))
    for r, text in labels:
        S.apply(ws.cell(row=r, column=1, value=text), [("font", S.LABEL_FONT), ("alignment", S.RIGHT)])
    S.apply(ws.cell(row=s.upper_row - 1, column=1, value="Timeline"), [("font", S.SUBTITLE_FONT)])
    totals = ((s.upper_row - 1, '"Flow efficiency"', 5, "0.00%", None),
              (s.upper_row, '"Lead time"', 3, "General", display.WAIT),
              (s.lower_row, '"Process time"', 4, "General", display.PROCESS),
              (s.lower_row + 1, '"Flow rating"', 6, "General", None))
    for r, label, compare_col, fmt, kind in totals:
        S.apply(ws.cell(row=r, column=s.total_label_col, value=f"={label}"),
                [("font", S.LABEL_FONT), ("alignment", S.RIGHT)])
        source = f"{MF.CHARTS}!{cell(compare_col, compare_row, True)}"
        # a time by the display rule (the boxes' text); the others as they are
        formula = f"={MF.shown(f'{source}*{M.UNIT_MINUTES_NAME}', kind)}" if kind else f"={source}"
        v = ws.cell(row=r, column=s.total_value_col, value=formula)
        S.style_computed(v, fmt if fmt != "General" else None, font=S.LABEL_FONT, alignment=S.CENTER)
    band = cell(s.total_value_col, s.lower_row + 1)
    for rating, colour in _BAND_FILLS.items():
        ws.conditional_formatting.add(band, FormulaRule(
            formula=[f'{band}="{rating}"'], fill=PatternFill(fill_type="solid", bgColor=colour)))


def _box_rules(ws, s: M.MapSection, level: int, col: int, d: int | None, data: M.DataSection) -> None:
    """The box outline and fill (conditional: drawn only while the step's row holds a step);
    the name line red for the capacity constraint, orange for the largest delay."""
    top, bottom = s.box_row(level, "name"), s.box_row(level, M.BOX_LINES[-1])
    name = cell(col, top, True)
    cond = f'{name}<>""'
    mark = cell(col, bottom, True)
    _box_rule(ws, cell(col, top), f'AND({cond},LEFT({mark},8)="capacity")',
              _BOX_ALL, _CONSTRAINT_FILL, _WHITE_BOLD)
    _box_rule(ws, cell(col, top), f'AND({cond},{mark}="largest delay")',
              _BOX_ALL, _DELAY_FILL, _WHITE_BOLD)
    _box_rule(ws, cell(col, top), cond, _BOX_ALL,
              _NAME_FILL, _WHITE_BOLD)
    _box_rule(ws, area(col, top + 1, col, bottom - 1), cond, _WAVE_SIDES)
    _box_rule(ws, cell(col, bottom), cond, _BOX_BOTTOM)
