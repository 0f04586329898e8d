"""Building the template workbook with openpyxl: blank, or filled from a ValueStream, with
live ``VSM_*`` formulas. Positions come from :mod:`vsm_xl.workbook.layout.template_layout`, formula text from
:mod:`vsm_xl.workbook.formulas.formula_text`, looks from :mod:`vsm_xl.workbook.layout.styles`.
"""
from __future__ import annotations

import functools

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

from vsm_xl.core import display
from vsm_xl.core.durations import format_duration, parse_duration
from vsm_xl.core.errors import VsmError
from vsm_xl.core.flows import MATERIAL_FLOWS
from vsm_xl.core.measures import MEASURE_KEYS, MEASURES
from vsm_xl.core.model import GROUPS, ValueStream
from vsm_xl.io.safe_text import text_cell
from vsm_xl.workbook.formulas import formula_text as F
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.formulas import measure_formulas as MF
from vsm_xl.workbook.layout import styles as S
from vsm_xl.workbook.sheets.chart import place_chart
from vsm_xl.workbook.sheets.guide import write_guide
from vsm_xl.workbook.layout.template_layout import area, cell
from vsm_xl.workbook.read.estimates import add_estimates
from vsm_xl.workbook.sheets.flows_sheet import build_flows
from vsm_xl.workbook.sheets.live_sensitivity import add_live_sensitivity
from vsm_xl.workbook.sheets.map_sheet import build_map
from vsm_xl.workbook.layout.print_setup import finish as finish_printing
from vsm_xl.workbook.layout.print_setup import fit_row
from vsm_xl.workbook.sheets.template_weighting import add_weighting


def build_workbook(stream: ValueStream | None = None, *, room: bool | None = None):
    """The template as an openpyxl ``Workbook`` and its :class:`~layout.Geometry`.

    ``stream`` None gives the blank template. ``room``: True gives a filled workbook the blank
    template's full room (20 steps per state, 12 indicators x 6 alternatives, 12 indicators per
    pairwise group); False sizes every table exactly to its content; the default (None) gives
    a filled workbook a few spare rows to grow into (``layout.SPARE_*``) and exactly its
    alternatives as columns, so that the chart shows no empty series.
    """
    wb, geometry, _ = _build(stream, room, None)
    return wb, geometry


def build_streamed(stream: ValueStream, stream_over: int):
    """Like :func:`build_workbook` for a large stream: ``(wb, geometry, runs)`` where every
    state block of more than ``stream_over`` rows (and its table on the Charts sheet) holds only
    its first row; ``runs`` (:class:`~vsm_xl.workbook.sheets.row_runs.RowRun`) are the other rows, to
    be written straight into the saved package (:func:`vsm_xl.workbook.sheets.row_runs.write_runs`):
    openpyxl would need some 8 KB of memory per step row."""
    return _build(stream, None, stream_over)


def _build(stream, room, stream_over):
    if stream is None:
        room = True
    runs: list = []
    wb = Workbook()
    S.use_default_font(wb)
    geometry = L.Geometry()
    guide = wb.active
    guide.title = L.GUIDE
    steps = wb.create_sheet(L.STEPS)
    improvements = wb.create_sheet(L.IMPROVEMENTS)
    indicators = wb.create_sheet(L.INDICATORS)
    pairwise = wb.create_sheet(L.PAIRWISE)
    results = wb.create_sheet(L.RESULTS)
    conf = wb.create_sheet(L.XLWINGS_CONF)
    write_guide(guide)
    _Steps(wb, steps, stream, room, geometry, runs, stream_over).build()
    _improvements(improvements, stream, geometry)
    _Evaluation(wb, indicators, pairwise, results, stream, room, geometry).build()
    add_estimates(wb, stream)  # value ranges and future-state targets
    assert geometry.indicators is not None  # planned by _Evaluation
    add_live_sensitivity(wb, geometry.indicators, geometry.blocks)  # SMAA-2, live (issue 20)
    flows = build_flows(wb, stream, wb.sheetnames.index(L.STEPS) + 1)
    build_map(wb, stream, geometry, runs=runs, stream_over=stream_over, flows=flows)
    finish_printing(wb, geometry, stream)
    conf["A1"] = L.XLWINGS_KEY
    conf["B1"] = L.UDF_MODULE
    conf.column_dimensions["A"].width = 16
    conf.column_dimensions["B"].width = 16
    # no full recalculation on opening: without the add-in it would turn every VSM_* cell into #NAME?;
    # the saved results (vsm_xl.workbook.evaluated.cached_values) are shown instead. The calcId of a current Excel
    # (2019/365), since Excel recalculates everything in files calculated by an older version.
    wb.calculation.fullCalcOnLoad = False
    wb.calculation.calcId = CALC_ID
    return wb, geometry, runs


CALC_ID = 191029


def _define(wb, name: str, sheet: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=f"{L.sheet_ref(sheet)}!{ref}")


def _list_validation(ws, choices, cells: str, prompt: str = "", allow_blank: bool = True) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=allow_blank)
    dv.error = f"Choose one of: {', '.join(choices)}"
    dv.errorTitle = "vsm-xl"
    if prompt:
        dv.prompt = prompt
        dv.showInputMessage = True
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(cells)


def duration_value(minutes: float | None, rule) -> str | float | None:
    """How a duration in minutes is written into a PT/LT/C/O cell: a short text (``15m``,
    ``2h``) when it reads back exactly, otherwise the number of minutes."""
    if minutes is None:
        return None
    text = format_duration(minutes)
    try:
        if parse_duration(text, "min", rule) == minutes:
            return text
    except VsmError:
        pass
    return minutes


def wastes_text(wastes) -> str:
    return "; ".join(f"{w.type}: {w.description}" if w.description else w.type for w in wastes)


def _plain(value):
    """A model value as a cell value (tuples of scalars as ``a; b`` text)."""
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return value


# -- Steps ----------------------------------------------------------------------------------
class _Steps:
    def __init__(self, wb, ws, stream, room, geometry, runs: list, stream_over: int | None):
        self.wb, self.ws, self.stream, self.room, self.geometry = wb, ws, stream, room, geometry
        self.runs, self.stream_over = runs, stream_over

    def written_rows(self, n_rows: int) -> int:
        """Rows of a block of ``n_rows`` written through openpyxl: all, or only the first when
        the block is larger than ``stream_over`` (the rest go straight into the sheet's XML)."""
        return n_rows if self.stream_over is None or n_rows <= self.stream_over else 1

    def build(self) -> None:
        ws = self.ws
        ws["A1"] = "Value stream map: steps of the current state and the target conditions"
        S.style_font(ws["A1"], S.TITLE_FONT)
        S.legend(ws, 2, col=2)
        for col in L.STEP_COLUMNS:
            letter = L.cell(L.STEP_COLUMN_INDEX[col.key], 1)[:-1]
            ws.column_dimensions[letter].width = col.width
            ws.column_dimensions[letter].hidden = col.key in L.HELPER_STEP_KEYS
        row = self.settings(L.SETTINGS_FIRST_ROW)
        row += 1
        note = ws.cell(row=row, column=1, value=(
            "One block per state, current state first. PT and LT: a number in the time unit above, or text "
            "such as 15m, 2h, 2 h 30 m, 1.5d. To add a target condition, unprotect the sheet, copy a whole "
            "block (from its State row to its Largest delay row) below the last one and rename it."))
        S.style_note(note)
        row += 2
        stream = self.stream
        states = list(stream.states) if stream is not None and stream.states else []
        used: set = set()
        if states:
            for state in states:
                n = _size(len(state.steps), L.TEMPLATE_STEPS, L.SPARE_STEPS, self.room)
                block = self.block(row, n, state.name, state.kind, state.steps, used, state.basis)
                row = block.summary_rows[L.SUMMARY_KEYS[-1]] + 1 + L.BLOCK_GAP
        else:
            for name, kind in zip(L.TEMPLATE_STATES, ("current", "future")):
                block = self.block(row, L.TEMPLATE_STEPS, name, kind, (), used)
                row = block.summary_rows[L.SUMMARY_KEYS[-1]] + 1 + L.BLOCK_GAP
        ws.freeze_panes = "C1"
        S.protect(ws)

    def settings(self, row: int) -> int:
        """Write the settings area from ``row``; returns the last row used."""
        ws, stream = self.ws, self.stream
        values = _settings_values(stream)
        boundaries = dict(stream.boundaries) if stream is not None else {}
        extra = [(k, v) for k, v in (stream.boundaries if stream is not None else ()) if k not in L.BOUNDARY_KEYS]
        for setting in L.SETTINGS:
            self.setting_row(row, setting, values.get(setting.key, boundaries.get(setting.key)))
            self.geometry.settings[setting.key] = row
            row += 1
            if setting.key == L.BOUNDARY_KEYS[-1]:  # further boundaries: name and text typed
                for n, (key, value) in enumerate(extra + [(None, None)] * L.SPARE_BOUNDARIES):
                    S.style_input(ws.cell(row=row, column=L.SETTINGS_LABEL_COL, value=key), font=S.LABEL_FONT)
                    self.value_cell(row, value, "boundary")
                    if n == len(extra):
                        S.style_note(ws.cell(row=row, column=L.SETTINGS_HINT_COL,
                                             value="another boundary: its name here in column B, its text in C"))
                    self.geometry.extra_boundaries.append(row)
                    row += 1
        return row - 1

    def setting_row(self, row: int, setting: L.Setting, value) -> None:
        ws = self.ws
        label = ws.cell(row=row, column=L.SETTINGS_LABEL_COL, value=setting.label)
        S.style_label(label)
        target = self.value_cell(row, value, setting.kind)
        if setting.hint:
            hint = ws.cell(row=row, column=L.SETTINGS_HINT_COL, value=setting.hint)
            S.style_note(hint)
        if setting.name:
            _define(self.wb, setting.name, L.STEPS, L.cell(L.SETTINGS_VALUE_COL, row, absolute=True))
        if setting.key == "display_unit":
            _list_validation(ws, display.SETTING_UNITS, target.coordinate, "auto, min, h or d", allow_blank=True)
        elif setting.kind == "unit":
            _list_validation(ws, L.TIME_UNITS, target.coordinate, "min, h or d", allow_blank=False)
        if setting.key == "takt":
            target.value = F.takt(*(self.setting_ref(k) for k in
                                    ("demand_units", "available_time", "time_unit", "hours_per_day",
                                     "days_per_week")))
            S.style_computed(target, L.MINUTES_FORMAT)
        elif setting.kind == "number":
            dv = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True)
            dv.error = f"{setting.label} must be a positive number (or blank)"
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(target.coordinate)

    def setting_ref(self, key: str) -> str:
        return cell(L.SETTINGS_VALUE_COL, self.geometry.settings[key], absolute=True)

    def value_cell(self, row: int, value, kind: str):
        ws = self.ws
        target = ws.cell(row=row, column=L.SETTINGS_VALUE_COL, value=value)
        ws.merge_cells(start_row=row, start_column=L.SETTINGS_VALUE_COL, end_row=row,
                       end_column=L.SETTINGS_VALUE_LAST_COL)
        fmt = "@" if kind in ("text", "boundary") else None
        S.style_input(target, fmt, alignment=S.LEFT)
        return target

    def block(self, row: int, n_rows: int, name: str, kind: str, steps, used: set, basis: str = "") -> L.StepBlock:
        """A state's block of the Steps sheet at ``row``: its head (name, kind, basis), the steps
        table with its helper formulas and checks, the totals and summary rows, and the state's names."""
        block = L.plan_block(row, n_rows)
        self.geometry.blocks.append(block)
        self.block_head(row, name, kind, basis)
        self.step_headers(block)
        self.step_rows(block, steps)
        first, last = block.first_row, block.last_row
        cols = block.columns
        helper = area(cols["pt_calc"], first, cols["lt_calc"], last)
        self.ws[cell(cols["pt_calc"], first)] = ArrayFormula(helper, F.durations(
            area(cols["pt"], first, cols["lt"], last), *(self.setting_ref(k) for k in
                                                          ("time_unit", "hours_per_day", "days_per_week"))))
        self.step_checks(block)
        self.block_totals(block)
        self.block_names(block, kind, used)
        return block

    def block_head(self, row: int, name: str, kind: str, basis: str) -> None:
        """The block's first row: the state's marker, name, kind and basis (with their lists)."""
        ws = self.ws
        S.style_label(ws.cell(row=row, column=L.MARKER_COL, value=L.STATE_MARKER), font=S.SUBTITLE_FONT)
        S.style_input(ws.cell(row=row, column=L.STATE_NAME_COL, value=name), font=S.SUBTITLE_FONT)
        S.style_label(ws.cell(row=row, column=L.KIND_LABEL_COL, value=L.KIND_LABEL), alignment=S.RIGHT)
        kind_cell = ws.cell(row=row, column=L.STATE_KIND_COL, value=kind)
        S.style_input(kind_cell)
        _list_validation(ws, L.STATE_KINDS, kind_cell.coordinate, "current, future or target")
        S.style_label(ws.cell(row=row, column=L.BASIS_LABEL_COL, value=L.BASIS_LABEL), alignment=S.RIGHT)
        basis_cell = ws.cell(row=row, column=L.STATE_BASIS_COL, value=basis or None)
        S.style_input(basis_cell)
        _list_validation(ws, L.STATE_BASES, basis_cell.coordinate,
                         "how the figures were obtained: measured or estimated (blank: not said)")

    def step_headers(self, block: L.StepBlock) -> None:
        """The steps table's header row, with the columns' comments."""
        ws = self.ws
        for key, col in block.columns.items():
            spec = L.STEP_COLUMNS[col - 1]
            header = ws.cell(row=block.header_row, column=col, value=spec.header)
            S.style_header(header)
            if spec.comment:
                S.add_comment(header, spec.comment)
        ws.row_dimensions[block.header_row].height = 30

    def step_rows(self, block: L.StepBlock, steps) -> None:
        """The step rows: inputs and formulas; rows beyond those written now go to a row run."""
        ws = self.ws
        rule = self.stream.duration_rule if self.stream is not None else None
        clock = (self.setting_ref("time_unit"), self.setting_ref("hours_per_day"))  # native minutes of numbers
        written = self.written_rows(len(block.rows))
        for k, r in enumerate(block.rows[:written]):
            for key, col, what, value in step_row(block, k, steps, rule, clock):
                c = ws.cell(row=r, column=col)
                spec = L.STEP_COLUMNS[col - 1]
                if what == INPUT:
                    c.value = value
                    # long texts (waste types, notes, names) wrap and their row grows, not cut at the border
                    long_text = isinstance(value, str) and len(value) > spec.width
                    S.style_input(c, spec.number_format if spec.number_format != "General" else None,
                                  alignment=S.TEXT_ALIGNMENT if long_text else None)
                    if long_text:
                        fit_row(ws, r, col, value, spec.width)
                else:
                    c.value = value
                    S.style_computed(c, None if key == "number" else spec.number_format,
                                     alignment=S.CENTER if key == "number" else None)
        if written < len(block.rows):
            from vsm_xl.workbook.sheets.row_runs import RowRun, step_cells

            self.runs.append(RowRun(L.STEPS, block.first_row + written, block.last_row, block.first_row,
                                    step_cells(block, steps, rule, step_row, INPUT, clock)))

    def step_checks(self, block: L.StepBlock) -> None:
        """The data validations of the steps table: shares, amounts, bottleneck, material flow."""
        ws = self.ws
        cols = block.columns
        first, last = block.first_row, block.last_row
        ca = area(cols["ca"], first, cols["ca"], last)
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        dv.error = "%C&A lies between 0 % and 100 % (type 85% or 85)"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(ca)
        for key in L.STEP_SHARE_KEYS:
            dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
            dv.error = f"{L.STEP_COLUMNS[cols[key] - 1].header} lies between 0 % and 100 % (type 95% or 95)"
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(area(cols[key], first, cols[key], last))
        for key in ("inventory", "resources", "area", "variants"):
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            dv.error = f"{L.STEP_COLUMNS[cols[key] - 1].header} must be a number of at least 0"
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(area(cols[key], first, cols[key], last))
        _list_validation(ws, ("yes", "no"), area(cols["bottleneck"], first, cols["bottleneck"], last))
        _list_validation(ws, MATERIAL_FLOWS, area(cols["inflow"], first, cols["inflow"], last),
                         "push: arrow; fifo: FIFO lane (its maximum in FIFO max); supermarket; pull")
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        dv.error = "FIFO max: the lane's maximum, a number of at least 0"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(area(cols["inflow_max"], first, cols["inflow_max"], last))

    def block_totals(self, block: L.StepBlock) -> None:
        """The totals row (minutes and shown) and the summary rows under the steps."""
        ws, cols = self.ws, block.columns
        assert block.total_row is not None  # a template's state block always has its totals row
        total = ws.cell(row=block.total_row, column=L.MARKER_COL, value=L.TOTAL_MARKER)
        S.style_label(total)
        for col in range(2, len(L.STEP_COLUMNS) + 1):
            S.style_border(ws.cell(row=block.total_row, column=col))
        for key in L.TOTAL_KEYS:
            c = ws.cell(row=block.total_row, column=cols[key], value=F.total(block, key))
            S.style_computed(c, L.MINUTES_FORMAT, font=S.LABEL_FONT)
        for key, minutes_key, shown_kind in F.SHOWN_TOTALS:  # the totals in the unit people read
            c = ws.cell(row=block.total_row, column=cols[key], value=F.shown_total(block, minutes_key, shown_kind))
            S.style_computed(c, None, font=S.LABEL_FONT, alignment=S.RIGHT)
        for key, label, fmt in L.SUMMARY_ROWS:
            r = block.summary_rows[key]
            lab = ws.cell(row=r, column=L.SUMMARY_LABEL_COL, value=label)
            S.style_label(lab)
            val = ws.cell(row=r, column=L.SUMMARY_VALUE_COL, value=F.summary(block, key))
            S.style_computed(val, fmt)

    def block_names(self, block: L.StepBlock, kind: str, used: set) -> None:
        """The state's defined names (Current_PT, Future1_FE, ...) over its ranges and figures."""
        wb, cols = self.wb, block.columns
        assert block.total_row is not None  # a template's state block always has its totals row
        prefix = L.state_prefix(kind, used)
        used.add(prefix)
        for suffix, key in (("Steps", "step"), ("PT", "pt_min"), ("LT", "lt_min"), ("WT", "wt"), ("CA", "ca"),
                            ("Inventory", "inventory")):
            _define(wb, f"{prefix}_{suffix}", L.STEPS, block.range_of(key, absolute=True))
        for suffix, key in (("FE", "flow_efficiency"), ("Rolled_CA", "rolled_ca"), ("WIP", "wip"),
                            ("Constraint", "capacity_constraint"), ("Delay", "largest_delay")):
            _define(wb, f"{prefix}_{suffix}", L.STEPS, cell(L.SUMMARY_VALUE_COL, block.summary_rows[key], True))
        for suffix, key in (("Total_PT", "pt_min"), ("Total_LT", "lt_min")):
            _define(wb, f"{prefix}_{suffix}", L.STEPS, cell(cols[key], block.total_row, True))


def _size(content: int, template: int, spare: int, room: bool | None) -> int:
    """Rows (or columns) of a table: the template's room, exactly the content, or content + spare."""
    if room:
        return max(content, template)
    if room is None:
        return max(content + spare, 1)
    return max(content, 1)


def _settings_values(stream) -> dict:
    if stream is None:
        return {"time_unit": L.DEFAULT_TIME_UNIT, "display_unit": L.DEFAULT_DISPLAY_UNIT}
    rule = stream.duration_rule
    values = {"name": stream.name or None, "version": stream.version or None, "date": stream.date or None,
              "analyst": stream.analyst or None, "time_unit": L.DEFAULT_TIME_UNIT,
              "display_unit": stream.display_unit or L.DEFAULT_DISPLAY_UNIT,
              "hours_per_day": None if rule.hours_per_day == 24 else rule.hours_per_day,
              "days_per_week": None if rule.days_per_week == 7 else rule.days_per_week}
    demand = stream.demand
    if demand is not None:
        values.update(demand_units=demand.units, demand_period=demand.period,
                      available_time=demand.available_minutes,
                      periods_per_day=None if demand.periods_per_day == 1 else demand.periods_per_day)
    return values


INPUT, COMPUTED = "input", "computed"


def step_row(block: L.StepBlock, k: int, steps, rule, clock: tuple | None = None) -> list:
    """``(key, column, kind, value)`` of every cell of the ``k``-th row of a state block:
    ``kind`` INPUT (the user's data from ``steps[k]``, blank past the last step; text stays
    text) or COMPUTED (a formula, the row number, or blank helper cells of the array formula).
    The one place for what a step row holds: the openpyxl builder and the streamed rows
    (:mod:`vsm_xl.workbook.sheets.row_runs`) both write it. ``clock``: the cells of the time unit of
    numbers and the working hours per day, for the native minutes of plain numbers."""
    cols = block.columns
    r = block.first_row + k
    values = _step_values(steps[k], rule) if k < len(steps) else {}
    formulas = _row_formulas(tuple(cols.items()), clock)
    row = str(r)
    out: list = []
    for key, col in cols.items():
        if key == "number":
            out.append((key, col, COMPUTED, k + 1))
        elif key in formulas:
            out.append((key, col, COMPUTED, formulas[key].replace(_ROW, row)))
        elif key in L.HELPER_STEP_KEYS:
            out.append((key, col, COMPUTED, None))
        else:
            out.append((key, col, INPUT, values.get(key)))
    return out


_ROW = "\x00"  # stands for the row number in the formulas of _row_formulas (no formula holds it)


@functools.lru_cache(maxsize=64)
def _row_formulas(columns: tuple, clock: tuple | None) -> dict:
    """The formulas of a step row (minutes of PT and LT, WT) with :data:`_ROW` for its row
    number: built once a block, not once a row (100,000 rows of a large stream)."""
    cols = dict(columns)

    def at(key: str) -> str:
        return L.column_letter(cols[key]) + _ROW

    out = {}
    for key, src, helper in (("pt_min", "pt", "pt_calc"), ("lt_min", "lt", "lt_calc")):
        if key in cols:
            out[key] = F.minutes(at(src), at(helper), *(clock or (None, None)))
    if "wt" in cols:
        out["wt"] = F.wait_time(at("lt_min"), at("pt_min"))
    return out


def _step_values(step, rule) -> dict:
    return {
        "step": step.name, "owner": step.owner or None,
        "pt": duration_value(step.process_time, rule), "lt": duration_value(step.lead_time, rule),
        "ca": step.complete_accurate, "inventory": step.inventory,
        "changeover": duration_value(step.changeover, rule),
        "wastes": wastes_text(step.wastes) or None, "notes": step.notes or None,
        "resources": None if step.resources == 1 else step.resources, "position": step.position,
        "bottleneck": "yes" if step.marked_bottleneck else None,
        "area": step.area, "availability": step.availability, "performance": step.performance,
        "quality": step.quality, "variants": step.variants,
        "inflow": step.inflow.kind if step.inflow else None,
        "inflow_max": step.inflow.maximum if step.inflow else None,
        # BZ, and the C/O of a step with one, as numbers of minutes (the builder's time unit): the
        # native EPEI formula of the Indicators sheet reads numbers, not duration texts
        "operating_time": step.operating_time,
        **({"changeover": step.changeover} if step.operating_time is not None else {}),
        **_range_values(step, rule),
    }


def _range_values(step, rule) -> dict:
    """The PT / LT / WT low and high cells of a step whose times are ranges."""
    out = {}
    for (low, high, _, _), bounds in zip(L.STEP_RANGES, (step.process_time_range, step.lead_time_range,
                                                         step.wait_time_range)):
        if bounds is not None:
            out[low], out[high] = duration_value(bounds[0], rule), duration_value(bounds[2], rule)
    return out


# -- Improvements ---------------------------------------------------------------------------
def _improvements(ws, stream, geometry) -> None:
    ws["A1"] = "Improvement plan and roadmap"
    S.style_font(ws["A1"], S.TITLE_FONT)
    S.legend(ws, 2, col=1)
    items = list(stream.improvements) if stream is not None else []
    phases = list(stream.roadmap) if stream is not None else []
    for col, spec in enumerate(L.IMPROVEMENT_COLUMNS, start=1):
        ws.column_dimensions[cell(col, 1)[:-1]].width = spec.width
    table = _plain_table(ws, L.IMPROVEMENTS_HEADER_ROW, L.IMPROVEMENT_COLUMNS, items,
                         max(len(items) + 3, L.TEMPLATE_IMPROVEMENTS),
                         lambda item: {"name": item.name, "waste_eliminated": item.waste_eliminated,
                                       "impact": item.impact, "effort": item.effort, "priority": item.priority,
                                       "lead_time_reduction_hours": item.lead_time_reduction_hours,
                                       "phase": item.phase, "duration_weeks": item.duration_weeks,
                                       "states": "; ".join(item.states) or None, "cost": item.cost,
                                       "annual_savings": item.annual_savings,
                                       "steps": "; ".join(item.steps) or None})
    geometry.improvements = table
    ws.row_dimensions[table.header_row].height = 30  # LT reduction (h), Duration (weeks), Annual savings wrap
    for key in ("impact", "effort"):
        col = table.columns[key]
        _list_validation(ws, L.LEVELS, area(col, table.first_row, col, table.last_row))
    marker_row = table.last_row + 3
    marker = ws.cell(row=marker_row, column=L.MARKER_COL, value=L.ROADMAP_MARKER)
    S.style_font(marker, S.SUBTITLE_FONT)
    roadmap = _plain_table(ws, marker_row + 1, L.ROADMAP_COLUMNS, phases,
                           max(len(phases) + 2, L.TEMPLATE_PHASES),
                           lambda p: {"phase": p.phase, "improvements": "; ".join(p.improvements) or None,
                                      "duration_weeks": p.duration_weeks})
    roadmap.marker_row = marker_row
    geometry.roadmap = roadmap
    ws.freeze_panes = "B5"
    S.protect(ws)


def _plain_table(ws, header_row: int, columns, items, n_rows: int, values_of) -> L.PlainTable:
    extra_keys: list = []
    for item in items:
        for key, _ in item.extra:
            if key not in extra_keys:
                extra_keys.append(key)
    cols = {spec.key: i for i, spec in enumerate(columns, start=1)}
    extra_cols = {key: len(columns) + 1 + n for n, key in enumerate(extra_keys)}
    for spec in columns:
        h = ws.cell(row=header_row, column=cols[spec.key], value=spec.header)
        S.style_header(h)
        if spec.comment:
            S.add_comment(h, spec.comment)
    for key, col in extra_cols.items():
        S.style_header(text_cell(ws.cell(row=header_row, column=col), key))
        if ws.column_dimensions[cell(col, 1)[:-1]].width in (None, 13):
            ws.column_dimensions[cell(col, 1)[:-1]].width = 16
    first = header_row + 1
    for n in range(n_rows):
        r = first + n
        item = items[n] if n < len(items) else None
        values = values_of(item) if item is not None else {}
        extra = dict(item.extra) if item is not None else {}
        for spec in columns:
            c = ws.cell(row=r, column=cols[spec.key], value=values.get(spec.key))
            S.style_input(c, spec.number_format if spec.number_format != "General" else None)
        for key, col in extra_cols.items():
            c = ws.cell(row=r, column=col, value=_plain(extra.get(key)))
            S.style_input(c)
    return L.PlainTable(header_row, first, first + n_rows - 1, cols, extra_cols)


# -- Indicators, Pairwise, Results ----------------------------------------------------------
class _Evaluation:
    def __init__(self, wb, ind_ws, pw_ws, res_ws, stream, room, geometry):
        self.wb, self.ind_ws, self.pw_ws, self.res_ws = wb, ind_ws, pw_ws, res_ws
        self.model = stream.evaluation if stream is not None else None
        self.room, self.geometry = room, geometry

    def build(self) -> None:
        model = self.model
        n_ind = len(model.indicators) if model is not None else 0
        n_alt = len(model.alternatives) if model is not None else 0
        if model is None:
            n_ind, n_alt = L.TEMPLATE_INDICATORS, L.TEMPLATE_ALTERNATIVES
        else:
            n_ind = _size(n_ind, L.TEMPLATE_INDICATORS, L.SPARE_INDICATORS, self.room)
            n_alt = _size(n_alt, L.TEMPLATE_ALTERNATIVES, 0, self.room)
        table = L.plan_indicators(n_ind, n_alt, len(self.geometry.blocks), len(MEASURES) + 1)
        self.geometry.indicators = table
        orders = self.pairwise_orders()
        sizes = {}
        for group in GROUPS:
            size = len(orders[group])
            sizes[group] = L.TEMPLATE_PAIRWISE if model is None else _size(
                size, L.TEMPLATE_PAIRWISE, L.SPARE_PAIRWISE, self.room)
        blocks = L.plan_pairwise(sizes)
        self.geometry.pairwise = blocks
        results = L.ResultsTable(n_alt)
        self.geometry.results = results
        self.indicators(table)
        self.pairwise(blocks, orders)
        add_weighting(self.wb, self.pw_ws, blocks, self.model)  # scheme, CR, the Team sheet
        self.results(results, table)

    def pairwise_orders(self) -> dict:
        """Each group's indicator order in its matrix: the model's matrix order, else the
        order of the Indicators sheet."""
        orders = {}
        model = self.model
        for group in GROUPS:
            members = [i.name for i in model.indicators if i.group == group] if model is not None else []
            matrix = model.pairwise.get(group) if model is not None else None
            names = list(matrix.indicators) if matrix is not None else members
            orders[group] = names
        return orders

    # Indicators --------------------------------------------------------------------------
    def indicators(self, t: L.IndicatorTable) -> None:
        """The Indicators sheet: one row per indicator, one column per alternative (values,
        partial benefits), the weights, their checks and names, and the measures below."""
        ws = self.ind_ws
        assert t.state_row is not None  # planned with the table
        self.indicator_heads(t)
        indicators = list(self.model.indicators) if self.model is not None else []
        for i, r in enumerate(t.rows):
            self.indicator_row(t, r, indicators[i] if i < len(indicators) else None)
        self.indicator_checks(t)
        self.indicator_names(t)
        ws.freeze_panes = cell(2, t.first_row)
        S.protect(ws)

    def indicator_heads(self, t: L.IndicatorTable) -> None:
        """Title, legend, the column headers and widths, the alternatives' names and states."""
        ws, model = self.ind_ws, self.model
        state_row = t.state_row
        ws["A1"] = "Indicators of the comprehensive evaluation: one row per indicator, one column per alternative"
        S.style_font(ws["A1"], S.TITLE_FONT)
        S.legend(ws, 2, col=1)
        for spec in L.INDICATOR_COLUMNS:
            col = t.columns[spec.key]
            ws.column_dimensions[cell(col, 1)[:-1]].width = spec.width
            h = ws.cell(row=t.header_row, column=col, value=spec.header)
            S.style_header(h)
            if spec.comment:
                S.add_comment(h, spec.comment)
        title = ws.cell(row=t.title_row, column=t.first_value_col, value=L.VALUES_TITLE)
        S.style_font(title, S.SUBTITLE_FONT)
        title = ws.cell(row=t.title_row, column=t.first_benefit_col, value=L.BENEFITS_TITLE)
        S.style_font(title, S.SUBTITLE_FONT)
        title = ws.cell(row=t.title_row, column=t.weight_col, value=L.WEIGHTS_TITLE)
        S.style_font(title, S.SUBTITLE_FONT)
        alternatives = list(model.alternatives) if model is not None else []
        for j in range(t.n_alternatives):
            vc, bc = t.value_col(j), t.benefit_col(j)
            ws.column_dimensions[cell(vc, 1)[:-1]].width = 14
            ws.column_dimensions[cell(bc, 1)[:-1]].width = 12
            alternative = alternatives[j] if j < len(alternatives) else None
            S.style_input(ws.cell(row=t.header_row, column=vc, value=alternative), font=S.LABEL_FONT,
                          alignment=S.CENTER_WRAP)
            state = model.states[j] if model is not None and j < len(model.states) else None
            S.style_input(ws.cell(row=state_row, column=vc, value=state or None), alignment=S.CENTER_WRAP)
            m = ws.cell(row=t.header_row, column=bc, value=F.mirror(cell(vc, t.header_row)))
            S.style_header(m)
        ws.column_dimensions[cell(t.first_benefit_col - 1, 1)[:-1]].width = 3
        ws.column_dimensions[cell(t.weight_col - 1, 1)[:-1]].width = 3
        for k, text in enumerate(L.WEIGHT_HEADERS):
            ws.column_dimensions[cell(t.weight_col + k, 1)[:-1]].width = 15  # "non-monetary" whole
            S.style_header(ws.cell(row=t.header_row, column=t.weight_col + k, value=text))
        ws.row_dimensions[t.header_row].height = 32

    def indicator_row(self, t: L.IndicatorTable, r: int, ind) -> None:
        """Row ``r``: the indicator's fields, its value for each alternative (typed, or the measure's
        look-up), the partial benefits' cells and the weight formulas (``ind`` None: a blank row)."""
        ws, cols, state_row = self.ind_ws, t.columns, t.state_row
        assert state_row is not None
        values = {"name": ind.name, "group": ind.group, "unit": ind.unit or None, "worst": ind.worst,
                  "best": ind.best, "function": ind.function, "curvature": ind.curvature,
                  "measure": ind.measure or None} if ind else {}
        typed = ind is not None and (not ind.measure or any(v is not None for v in ind.values))
        # typed values, worst and best in the row's unit (money, %, days)
        fmt = (L.unit_format(ind.unit, [ind.worst, ind.best, *ind.values]) if ind is not None and typed
               else L.NUMBER_FORMAT)
        for spec in L.INDICATOR_COLUMNS:
            c = ws.cell(row=r, column=cols[spec.key], value=values.get(spec.key))
            number_format = fmt if spec.key in ("worst", "best") else spec.number_format
            S.style_input(c, number_format if number_format != "General" else None,
                          alignment=S.CENTER if spec.key == "function" else None)  # not "3linear"
        for j in range(t.n_alternatives):
            c = ws.cell(row=r, column=t.value_col(j))
            if ind is not None and typed:
                S.style_input(c, fmt)  # typed values (with a measure: the reader's problem)
                c.value = ind.values[j] if j < len(ind.values) else None
            else:  # measured, or a blank row: the native look-up computes once a measure is picked
                (S.style_computed if ind is not None else S.style_input)(c, L.NUMBER_FORMAT)
                c.value = MF.measured_value(
                    "$" + cell(cols["measure"], r), "$" + cell(cols["unit"], r),
                    cell(t.value_col(j), state_row, absolute=True),
                    cell(t.value_col(j), t.header_row, absolute=True))
            S.style_computed(ws.cell(row=r, column=t.benefit_col(j)), L.BENEFIT_FORMAT)
        name, group = cell(cols["name"], r), cell(cols["group"], r)
        w = ws.cell(row=r, column=t.weight_col, value=F.weight_in_group(name, group))
        S.style_computed(w, L.WEIGHT_FORMAT)
        weight = cell(t.weight_col, r)
        for k, g in ((1, "monetary"), (2, "non-monetary")):
            c = ws.cell(row=r, column=t.weight_col + k, value=F.weight_if(group, weight, name, g))
            S.style_computed(c, L.WEIGHT_FORMAT)

    def indicator_checks(self, t: L.IndicatorTable) -> None:
        """The partial benefits' formulas, the lists and checks of the table, the state row's
        label and pick list, and the measures table."""
        ws, cols, state_row = self.ind_ws, t.columns, t.state_row
        assert state_row is not None
        first, last = t.first_row, t.last_row
        for r in t.rows:  # native: computes without the add-in
            ref = {key: "$" + cell(cols[key], r) for key in ("name", "worst", "best", "function", "curvature")}
            for j in range(t.n_alternatives):
                ws.cell(row=r, column=t.benefit_col(j)).value = F.partial_benefit(
                    ref["name"], cell(t.value_col(j), r), ref["worst"], ref["best"], ref["function"],
                    ref["curvature"])
        _list_validation(ws, L.GROUP_CHOICES, area(cols["group"], first, cols["group"], last),
                         "monetary or non-monetary")
        _list_validation(ws, L.FUNCTION_CHOICES, area(cols["function"], first, cols["function"], last),
                         "linear or exponential (curvature c, default 2)")
        _list_validation(ws, MEASURE_KEYS, area(cols["measure"], first, cols["measure"], last),
                         "blank = typed values; a measure computes them from each alternative's state")
        label = ws.cell(row=state_row, column=t.first_value_col - 1, value=L.STATE_ROW_LABEL)
        S.style_label(label, alignment=S.RIGHT)
        S.add_comment(label, "the state (a block on the Steps sheet) each alternative is, for the measured "
                             "indicators; blank = the state named like the alternative")
        pick = DataValidation(type="list", formula1=f"={L.MEAS_STATES}", allow_blank=True)
        pick.showErrorMessage = False  # a name that is no state is reported by the reader
        ws.add_data_validation(pick)
        pick.add(area(t.first_value_col, state_row, t.value_col(t.n_alternatives - 1), state_row))
        self.measures(t)
        values_area = area(t.first_value_col, first, t.value_col(t.n_alternatives - 1), last)
        dv = DataValidation(type="decimal", operator="between", formula1="-1E+300", formula2="1E+300",
                            allow_blank=True)
        dv.error = "an indicator value must be a number"
        dv.showErrorMessage = True
        ws.add_data_validation(dv)
        dv.add(values_area)

    def indicator_names(self, t: L.IndicatorTable) -> None:
        """The defined names over the indicator table (IND_NAMES, IND_VALUES, ALT_NAMES, ...)."""
        wb, cols, state_row = self.wb, t.columns, t.state_row
        assert state_row is not None
        first, last = t.first_row, t.last_row
        names = {
            L.IND_NAMES: "name", L.IND_GROUPS: "group", L.IND_UNITS: "unit", L.IND_WORST: "worst",
            L.IND_BEST: "best", L.IND_FUNCTION: "function", L.IND_CURVATURE: "curvature",
        }
        for name, key in names.items():
            _define(wb, name, L.INDICATORS, area(cols[key], first, cols[key], last, True))
        _define(wb, L.IND_VALUES, L.INDICATORS,
                area(t.first_value_col, first, t.value_col(t.n_alternatives - 1), last, True))
        _define(wb, L.ALT_STATES, L.INDICATORS,
                area(t.first_value_col, state_row, t.value_col(t.n_alternatives - 1), state_row, True))
        _define(wb, L.ALT_NAMES, L.INDICATORS,
                area(t.first_value_col, t.header_row, t.value_col(t.n_alternatives - 1), t.header_row, True))
        _define(wb, L.IND_BENEFITS, L.INDICATORS,
                area(t.first_benefit_col, first, t.benefit_col(t.n_alternatives - 1), last, True))
        for k, name in enumerate((L.IND_WEIGHT, L.IND_WEIGHT_M, L.IND_WEIGHT_N)):
            _define(wb, name, L.INDICATORS, area(t.weight_col + k, first, t.weight_col + k, last, True))

    def measures(self, t: L.IndicatorTable) -> None:
        """The table of the states' measures below the indicators (measure_formulas)."""
        ws, wb, m = self.ind_ws, self.wb, t.measures
        assert m is not None  # planned with the table
        marker = ws.cell(row=m.marker_row, column=L.MARKER_COL, value=L.MEASURES_MARKER)
        S.style_font(marker, S.SUBTITLE_FONT)
        S.style_note(ws.cell(row=m.marker_row, column=m.first_col, value=L.MEASURES_TITLE))
        rows = (m.key_row, m.kind_row, m.unit_row)
        for row, label in zip(rows, L.MEASURE_ROW_LABELS):
            S.style_header(ws.cell(row=row, column=L.MARKER_COL, value=label))
        headers = [(m.col(k), (x.key, x.kind, MF.default_unit(x) or None)) for k, x in enumerate(MEASURES)]
        extra = m.col(len(MEASURES))
        for col, values in headers + [(extra, (MF.PACEMAKER, None, MF.PACEMAKER_UNIT))]:
            for row, value in zip(rows, values):
                S.style_header(ws.cell(row=row, column=col, value=value))
            ws.cell(row=m.key_row, column=col).alignment = S.SHRINK  # keys such as flow_efficiency stay whole
        for n, block in enumerate(self.geometry.blocks):
            r = m.first_row + n
            S.style_computed(ws.cell(row=r, column=L.MARKER_COL, value=MF.state_name(block)))
            p = ws.cell(row=r, column=extra, value=MF.pacemaker(block))
            S.style_computed(p, "0")
            for k, measure in enumerate(MEASURES):
                c = ws.cell(row=r, column=m.col(k), value=MF.figure(measure.key, block, "$" + p.coordinate,
                                                                   self.geometry.improvements))
                S.style_computed(c, L.NUMBER_FORMAT)
        first_col, last_col = m.col(0), m.col(len(MEASURES) - 1)  # gap columns inside: blank keys
        _define(wb, L.MEAS_STATES, L.INDICATORS, area(L.MARKER_COL, m.first_row, L.MARKER_COL, m.last_row, True))
        for name, row in ((L.MEAS_KEYS, m.key_row), (L.MEAS_KINDS, m.kind_row), (L.MEAS_UNITS, m.unit_row)):
            _define(wb, name, L.INDICATORS, area(first_col, row, last_col, row, True))
        _define(wb, L.MEAS_VALUES, L.INDICATORS, area(first_col, m.first_row, last_col, m.last_row, True))

    # Pairwise ----------------------------------------------------------------------------
    def pairwise(self, blocks: dict, orders: dict) -> None:
        ws, wb, model = self.pw_ws, self.wb, self.model
        ws["A1"] = "Pairwise comparison of the indicators, one matrix per group"
        S.style_font(ws["A1"], S.TITLE_FONT)
        ws["A2"] = ("Fill the upper triangle (right of the grey diagonal): 2 = the row's indicator is more "
                    "important than the column's, 1 = equally important, 0 = less important. The lower triangle "
                    "follows (2 minus the mirror cell). Names: pick the group's indicators from the list.")
        S.style_note(ws["A2"])
        S.legend(ws, 3, col=1)
        width = max(b.size for b in blocks.values())
        ws.column_dimensions["A"].width = 26
        for j in range(width + 3):
            ws.column_dimensions[cell(2 + j, 1)[:-1]].width = 11
        for group, b in blocks.items():
            names = orders[group]
            matrix = model.pairwise.get(group) if model is not None else None
            marker = ws.cell(row=b.marker_row, column=L.MARKER_COL, value=L.GROUP_MARKER)
            S.style_font(marker, S.SUBTITLE_FONT)
            g = ws.cell(row=b.marker_row, column=L.PAIRWISE_GROUP_COL, value=group)
            S.style_font(g, S.SUBTITLE_FONT)
            S.style_header(ws.cell(row=b.header_row, column=L.MARKER_COL, value=L.PAIRWISE_NAME_HEADER))
            for j in range(b.size):
                S.style_header(ws.cell(row=b.header_row, column=b.col(j),
                                       value=F.mirror(cell(L.MARKER_COL, b.row(j)))))
            for k, text in enumerate(L.PAIRWISE_TAIL_HEADERS):
                S.style_header(ws.cell(row=b.header_row, column=b.sum_col + k, value=text))
            ws.row_dimensions[b.header_row].height = 32
            for i in range(b.size):
                r = b.row(i)
                name = ws.cell(row=r, column=L.MARKER_COL, value=names[i] if i < len(names) else None)
                S.style_input(name)
                for j in range(b.size):
                    c = ws.cell(row=r, column=b.col(j))
                    if i == j:
                        S.style_derived(c)
                    elif j > i:
                        c.value = _upper_value(matrix, i, j)
                        S.style_input(c, alignment=S.CENTER)
                    else:
                        given = _lower_override(matrix, i, j)
                        if given is None:
                            c.value = F.lower_triangle(cell(b.col(i), b.row(j)))
                            S.style_derived(c, alignment=S.CENTER)
                        else:  # an inconsistent pair is kept as given, for the reader to report
                            c.value = given
                            S.style_input(c, alignment=S.CENTER)
                matrix_row = area(b.col(0), r, b.last_col, r)
                s = ws.cell(row=r, column=b.sum_col, value=F.row_sum(cell(1, r), matrix_row))
                S.style_computed(s, "0")
                S.style_computed(ws.cell(row=r, column=b.weight_col), L.WEIGHT_FORMAT)
                S.style_computed(ws.cell(row=r, column=b.rank_col), "0")
            names_area = area(1, b.first_row, 1, b.last_row)
            if b.size > 1:
                upper = DataValidation(type="list", formula1='"0,1,2"', allow_blank=True)
                upper.error = "use 0, 1 or 2 (2 = the row's indicator is more important)"
                upper.showErrorMessage = True
                ws.add_data_validation(upper)
                for i in range(b.size - 1):
                    upper.add(area(b.col(i + 1), b.row(i), b.last_col, b.row(i)))
            pick = DataValidation(type="list", formula1=f"={L.IND_NAMES}", allow_blank=True)
            pick.showErrorMessage = False  # a name not (yet) on Indicators is reported by the reader
            ws.add_data_validation(pick)
            pick.add(names_area)
            prefix = L.GROUP_PREFIX[group]
            _define(wb, f"{prefix}_Names", L.PAIRWISE, area(1, b.first_row, 1, b.last_row, True))
            _define(wb, f"{prefix}_Matrix", L.PAIRWISE,
                    area(b.col(0), b.first_row, b.last_col, b.last_row, True))
            _define(wb, f"{prefix}_Weights", L.PAIRWISE,
                    area(b.weight_col, b.first_row, b.weight_col, b.last_row, True))
            _define(wb, f"{prefix}_Ranks", L.PAIRWISE,
                    area(b.rank_col, b.first_row, b.rank_col, b.last_row, True))
        S.protect(ws)

    # Results -----------------------------------------------------------------------------
    def results(self, t: L.ResultsTable, ind: L.IndicatorTable) -> None:
        ws, wb = self.res_ws, self.wb
        ws["A1"] = "Results: overall benefit per group, WBF and rank of every alternative"
        S.style_font(ws["A1"], S.TITLE_FONT)
        ws["A2"] = ("WBF = distance of (G non-monetary, G monetary) to the ideal point (1, 1): lower is better. "
                    "Plain spreadsheet formulas: they compute with or without the vsm-xl add-in (see Guide).")
        S.style_note(ws["A2"])
        ws.column_dimensions["A"].width = L.RESULTS_LABEL_WIDTH
        for j in range(max(t.n_alternatives, 1) * 2 + 1):
            ws.column_dimensions[cell(2 + j, 1)[:-1]].width = 15
        ws.row_dimensions[t.row("alternative")].height = 30  # names such as "Target condition 1" wrap
        for key, label, fmt in L.RESULTS_ROWS:
            r = t.row(key)
            lab = ws.cell(row=r, column=1, value=label)
            if key == "alternative":
                S.style_header(lab)
            else:
                S.style_label(lab)
            for j in range(t.n_alternatives):
                c = ws.cell(row=r, column=t.col(j))
                if key == "alternative":
                    c.value = F.mirror(f"{L.INDICATORS}!{cell(ind.value_col(j), ind.header_row)}")
                    S.style_header(c)
                else:
                    S.style_computed(c, fmt)
        first, last = t.col(0), t.last_col
        row_area = {key: area(first, t.row(key), last, t.row(key)) for key, _, _ in L.RESULTS_ROWS}
        sheet = L.sheet_ref(L.INDICATORS)
        weight = {k: f"{sheet}!{area(ind.weight_col + k, ind.first_row, ind.weight_col + k, ind.last_row, True)}"
                  for k in (1, 2)}
        for j in range(t.n_alternatives):  # native: computes without the add-in
            col = t.col(j)
            u = f"{sheet}!{area(ind.benefit_col(j), ind.first_row, ind.benefit_col(j), ind.last_row, True)}"
            ws.cell(row=t.row("g_non_monetary"), column=col).value = F.overall_benefit_native(u, weight[2])
            ws.cell(row=t.row("g_monetary"), column=col).value = F.overall_benefit_native(u, weight[1])
            ws.cell(row=t.row("wbf"), column=col).value = F.wbf_native(cell(col, t.row("g_monetary")),
                                                                       cell(col, t.row("g_non_monetary")))
        wbf_abs = area(first, t.row("wbf"), last, t.row("wbf"), absolute=True)
        for j in range(t.n_alternatives):
            ws.cell(row=t.row("rank"), column=t.col(j), value=F.rank(cell(t.col(j), t.row("wbf")), wbf_abs))
        lab = ws.cell(row=t.best_row, column=1, value="Best alternative (lowest WBF)")
        S.style_label(lab)
        c = ws.cell(row=t.best_row, column=2, value=F.best(row_area["alternative"], row_area["wbf"],
                                                                   area(first, t.row("g_non_monetary"), last,
                                                                        t.row("g_monetary"))))
        S.style_computed(c, font=S.SUBTITLE_FONT)
        lab = ws.cell(row=t.best_wbf_row, column=1, value="Its WBF")
        S.style_label(lab)
        S.style_computed(ws.cell(row=t.best_wbf_row, column=2, value=F.best_wbf(row_area["wbf"])), L.BENEFIT_FORMAT)
        lab = ws.cell(row=t.ideal_row, column=1, value="Ideal point (1, 1)")
        S.style_label(lab)
        for col in (2, 3):
            S.style_computed(ws.cell(row=t.ideal_row, column=col, value=1), "0")
        names = {L.RES_G_N: "g_non_monetary", L.RES_G_M: "g_monetary", L.RES_WBF: "wbf", L.RES_RANK: "rank"}
        for name, key in names.items():
            _define(wb, name, L.RESULTS, area(first, t.row(key), last, t.row(key), True))
        _define(wb, L.RES_BEST, L.RESULTS, cell(2, t.best_row, True))
        self.curves(t)
        place_chart(ws, t)
        ws.freeze_panes = "B5"
        S.protect(ws)

    def curves(self, t: L.ResultsTable) -> None:
        ws = self.res_ws
        title = ws.cell(row=t.curves_title_row, column=1,
                        value="Indifference curves for the chart: points at the alternative's WBF from (1, 1), "
                              "θ spread over the part inside the square")
        S.style_font(title, S.SUBTITLE_FONT)
        S.style_header(ws.cell(row=t.curves_header_row, column=1, value="θ (degrees)"))
        for j in range(t.n_alternatives):
            label = ws.cell(row=t.curves_header_row - 1, column=t.curve_x_col(j),
                            value=F.curve_label(cell(t.col(j), t.row("alternative"))))
            S.style_font(label, S.LABEL_FONT)
            S.style_header(ws.cell(row=t.curves_header_row, column=t.curve_x_col(j), value="x: G non-monetary"))
            S.style_header(ws.cell(row=t.curves_header_row, column=t.curve_y_col(j), value="y: G monetary"))
        ws.row_dimensions[t.curves_header_row].height = 30  # "x: G non-monetary" wraps to two lines
        wbf_row = t.row("wbf")
        for k, angle in enumerate(L.CURVE_ANGLES):
            r = t.curves_first_row + k
            a = ws.cell(row=r, column=1, value=angle)
            S.style_computed(a, "0")
            for j in range(t.n_alternatives):
                w = L.cell(t.col(j), wbf_row, absolute=True)
                name = L.cell(t.col(j), t.row("alternative"), absolute=True)
                ws.cell(row=r, column=t.curve_x_col(j), value=F.curve_x(w, cell(1, r), name))
                ws.cell(row=r, column=t.curve_y_col(j), value=F.curve_y(w, cell(1, r), name))
                for col in (t.curve_x_col(j), t.curve_y_col(j)):
                    S.style_computed(ws.cell(row=r, column=col), "0.0000")
        # the chart's data, hidden: a named alternative without a WBF is #N/A there on purpose (a gap
        # in the chart, where "" would draw a point at 0); the chart plots hidden cells (chart.py)
        for r in range(t.curves_title_row, t.curves_first_row + len(L.CURVE_ANGLES)):
            ws.row_dimensions[r].hidden = True


def _upper_value(matrix, i: int, j: int):
    """The upper-triangle cell (i < j) as written: a_ij, else 2 − a_ji, else blank."""
    if matrix is None:
        return None
    rows = matrix.matrix
    try:
        value = rows[i][j]
    except IndexError:
        value = None
    if value is not None:
        return value
    try:
        mirror = rows[j][i]
    except IndexError:
        return None
    return None if mirror is None else 2 - mirror


def _lower_override(matrix, i: int, j: int):
    """A lower-triangle value (i > j) that is not 2 minus its mirror, else None."""
    if matrix is None:
        return None
    try:
        value = matrix.matrix[i][j]
    except IndexError:
        return None
    upper = _upper_value(matrix, j, i)
    if value is None or upper is None or value == 2 - upper:
        return None
    return value
