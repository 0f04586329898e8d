"""Reading a workbook made from the template into a ValueStream: the one template reader.

``vsm-xl evaluate`` / ``export``, the Python API, ``vsm-xl convert`` (of a template workbook)
and the portfolio all read templates here, so that the same workbook gives the same model and
the same problems at the same cells whichever front end reads it. The cells come from a grid
(:mod:`vsm_xl.workbook.xlsx.grid`): the package parser's formulas and saved values of the sheets
the reader looks at (:data:`layout.READ_SHEETS`), whichever front end reads.

The tables are found by their labels and headers (:mod:`vsm_xl.workbook.layout.template_layout` says which and
where the builder puts them), not by fixed positions, so a workbook whose user inserted rows,
copied a state block for another target condition or moved a column still reads. Raw cells turn
into model fields through :mod:`vsm_xl.core.fields`, the conversion every reader shares.

Every problem is reported at once, each with its cell and a plain sentence; then the analysis
of the core runs once and its problems come back with cells too: each carries a structured
subject (``("step", s, k, "lead_time")``) that :meth:`WorkbookRead.locate` turns into the cell
recorded while reading.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, cast

from vsm_xl.core import display
from vsm_xl.core import fields as FV
from vsm_xl.core.analysis import Analysis, analyze
from vsm_xl.core.durations import CALENDAR, normalize_unit
from vsm_xl.core.errors import InputError, Problem, ValidationError, VsmError, locate_in
from vsm_xl.core.evaluation import normalize_group
from vsm_xl.core.flows import FIFO, MaterialFlow, material_flow_kind
from vsm_xl.core.improvements import level
from vsm_xl.core.measures import MEASURE_KEYS, normalize_measure
from vsm_xl.core.model import (
    GROUPS, Demand, EvaluationModel, Improvement, Indicator, PairwiseMatrix, RoadmapPhase, State, Step,
    ValueStream,
)
from vsm_xl.core.time_ranges import check_range
from vsm_xl.core.state_metrics import check_step
from vsm_xl.core.value_functions import normalize_function
from vsm_xl.core.values import is_blank
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.read import read_team
from vsm_xl.workbook.read.estimates import apply_estimates
from vsm_xl.workbook.read.locations import Locations
from vsm_xl.workbook.xlsx.grid import SheetGrid
from vsm_xl.workbook.read.read_flows import read_flows
from vsm_xl.workbook.layout.template_layout import address, fold
from vsm_xl.workbook.formulas.measure_formulas import PACEMAKER

if TYPE_CHECKING:  # the package module is imported where a package is opened
    from vsm_xl.workbook.xlsx.package import Package

_NO_CACHE = "holds a formula with no saved value; open and save the file in Excel or LibreOffice first"
NOT_A_TEMPLATE_HINT = "not a vsm-xl template workbook? 'vsm-xl convert' turns a team's own spreadsheet into one"


@dataclass
class WorkbookRead:
    """A workbook read once: the model, reader warnings with their cells, where everything is
    (geometry, the cell of every subject), the sheets as read (``grids``), the package they came
    from (``None`` for a values-only read) and, when it validated, the core's analysis."""

    stream: ValueStream
    warnings: tuple = ()
    path: Path | None = None
    geometry: L.Geometry = field(default_factory=L.Geometry, repr=False)
    analysis: Analysis | None = field(default=None, repr=False)
    cells: dict = field(default_factory=dict, repr=False)  # subject -> "Sheet!A1"
    state_blocks: tuple = ()  # block index (in geometry.blocks) of each state of the stream
    grids: dict = field(default_factory=dict, repr=False)  # sheet title -> SheetGrid
    package: Package | None = field(default=None, repr=False)

    def locate(self, subject, message: str = "") -> str | None:
        """The cell a problem subject is about: ``("value", 2, 1)`` -> ``Indicators!I7``;
        ``("step", 0, 3, "lead_time")`` -> that step's LT cell. A subject more precise than
        what was recorded falls back to its longest recorded prefix (a step's name cell, a
        matrix's group cell). ``message`` is not read (kept for callers' convenience)."""
        return locate_in(self.cells, subject)


def read_workbook(path, *, analyze_it: bool = True, package: Package | None = None) -> WorkbookRead:
    """Read a workbook made from the template, once: the package is opened (unless ``package``
    is given) and each sheet the reader looks at (:data:`layout.READ_SHEETS`) parsed a single
    time; the analysis runs once (``analyze_it``) and is kept in the result. Every front end
    reads through here, so they all see the same cells.

    Raises :class:`ValidationError` with every problem (input and method) addressed to its
    cell, or :class:`VsmError` when the file cannot be opened.
    """
    from vsm_xl.workbook.xlsx.grid import load_grids
    from vsm_xl.workbook.xlsx.package import open_package

    path = Path(path)
    package = package if package is not None else open_package(path)
    grids = load_grids(package, L.READ_SHEETS)  # the other sheets only when a copy is written
    reader = _Reader(grids)
    stream = reader.read()
    result = WorkbookRead(stream, tuple(reader.warnings), path, reader.geometry, None, reader.cells,
                          tuple(reader.state_blocks), grids, package)
    problems = list(reader.problems)
    if not analyze_it:
        if problems:
            raise ValidationError(problems)
        return result
    seen = {p.location for p in problems if p.location}
    try:
        result.analysis = analyze(stream)
    except ValidationError as exc:
        for p in exc.problems:
            located = Problem(p.message, p.location or result.locate(p.subject), p.subject)
            if located.location is not None:
                if located.location in seen:
                    continue  # the reader already said what is wrong with this cell
                seen.add(located.location)
            problems.append(located)
    if problems:
        result.analysis = None
        raise ValidationError(problems)
    return result


def read_template(path) -> WorkbookRead | None:
    """A workbook ``read_workbook`` reads, as the portfolio and ``convert`` take it: ``None`` when
    it is no template workbook (its sheets lack one of :data:`layout.REQUIRED_SHEETS`: a team's
    own spreadsheet, for the converter). A package that cannot be opened, or a template with
    problems, is refused as ``vsm-xl evaluate`` refuses it: the same reader over the same sheets."""
    import zipfile

    from vsm_xl.workbook.xlsx.package import open_package

    if not zipfile.is_zipfile(path):
        return None  # no workbook package at all: the converter says what it is
    package = open_package(path)
    if not L.is_template([title for title, _ in package.sheets]):
        return None
    return read_workbook(path, package=package)


# --------------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, grids: dict):
        self.grids = grids
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.cells = Locations()
        self.geometry = L.Geometry()
        self.state_blocks: list[int] = []
        self.rule = CALENDAR
        self.unit = L.DEFAULT_TIME_UNIT
        self.improvement_states: list = []  # (names, cell) of every improvement's States cell
        self.improvement_count = 0  # improvements read so far: the index of the next one
        self.alternative_states: list = []  # the state each alternative names (None: by its name)

    # -- reporting -----------------------------------------------------------------------
    def problem(self, sheet: str, col: int, row: int, message: str, subject: tuple = ()) -> None:
        """Record a problem at a cell; the first one said about a cell is the one kept."""
        where = address(sheet, col, row)
        if any(p.location == where for p in self.problems):
            return
        self.problems.append(Problem(message, where, tuple(subject)))

    def value(self, grid: SheetGrid, col: int, row: int):
        """An input cell's value; a formula without a saved value is a problem (None)."""
        if grid.is_formula(col, row):
            value = grid.cells.get_saved(row, col)
            if value is None:
                self.problem(grid.title, col, row, _NO_CACHE)
            return value
        return grid.raw(col, row)

    def text(self, grid, col, row) -> str:
        return FV.text(self.value(grid, col, row))

    def convert(self, grid: SheetGrid, col: int, row: int, how: Callable, subject: tuple = ()):
        """``how(raw)`` of an input cell (a :mod:`vsm_xl.core.fields` conversion); ``None`` for a
        blank cell, and for a value it cannot convert (then a problem at the cell)."""
        raw = self.value(grid, col, row)
        if is_blank(raw):
            return None
        try:
            return how(raw)
        except InputError as exc:
            self.problem(grid.title, col, row, exc.message, subject)
            return None

    def number(self, grid, col, row, what: str, subject: tuple = (), **rules):
        return self.convert(grid, col, row, lambda raw: FV.number(raw, what, **rules), subject)

    def duration(self, grid, col, row, what: str, subject: tuple = ()):
        """Minutes; ``None`` for a blank cell, NaN for one that cannot be read (reported)."""
        raw = self.value(grid, col, row)
        if is_blank(raw):
            return None
        try:
            return FV.duration(raw, what, self.unit, self.rule)
        except InputError as exc:
            self.problem(grid.title, col, row, exc.message, subject)
            return math.nan

    # -- the workbook --------------------------------------------------------------------
    def read(self) -> ValueStream:
        missing = [name for name in L.REQUIRED_SHEETS if name not in self.grids]
        for name in missing:
            self.problems.append(Problem(f"the workbook has no sheet {name!r} ({NOT_A_TEMPLATE_HINT})", name))
        steps = self.grids.get(L.STEPS)
        meta = self.settings(steps) if steps is not None else {}
        states = self.states(steps) if steps is not None else ()
        customer, supplier, states = read_flows(self, self.grids.get(L.FLOWS), list(states))
        improvements, roadmap = self.improvements(self.grids.get(L.IMPROVEMENTS))
        self.check_improvement_states(states)
        evaluation = None
        if L.INDICATORS in self.grids and L.PAIRWISE in self.grids:
            evaluation = self.evaluation(self.grids[L.INDICATORS], self.grids[L.PAIRWISE])
        stream = ValueStream(
            name=meta.get("name", ""), states=tuple(states), version=meta.get("version", ""),
            date=meta.get("date", ""), analyst=meta.get("analyst", ""), boundaries=meta.get("boundaries", ()),
            improvements=improvements, roadmap=roadmap, evaluation=evaluation, demand=meta.get("demand"),
            duration_rule=self.rule, display_unit=meta.get("display_unit", ""), customer=customer, supplier=supplier)
        return apply_estimates(self, stream)  # value ranges and future-state targets

    # -- Steps: settings -----------------------------------------------------------------
    def settings(self, grid: SheetGrid) -> dict:
        labels = {fold(s.label): s for s in L.SETTINGS}
        first_block = self.block_markers(grid)
        end = (first_block[0] - 1) if first_block else grid.max_row
        rows = {}
        for r in range(1, end + 1):
            setting = labels.get(fold(grid.value(L.SETTINGS_LABEL_COL, r)))
            if setting is not None and setting.key not in rows:
                rows[setting.key] = r
        self.geometry.settings = rows
        if "name" not in rows:
            self.problems.append(Problem(f"the settings label {L.SETTING_BY_KEY['name'].label!r} is missing in "
                                         f"column {L.column_letter(L.SETTINGS_LABEL_COL)} above the first state "
                                         f"block ({NOT_A_TEMPLATE_HINT})",
                                         address(grid.title, L.SETTINGS_LABEL_COL, L.SETTINGS_FIRST_ROW)))
        col = L.SETTINGS_VALUE_COL
        for key, r in rows.items():
            self.cells[("setting", key)] = address(grid.title, col, r)

        def cell_of(key):
            return rows.get(key)

        meta: dict = {}
        for key in ("name", "version", "date", "analyst"):
            r = cell_of(key)
            if r is not None:
                meta[key] = self.text(grid, col, r)
        boundaries = []
        for key in L.BOUNDARY_KEYS:
            r = cell_of(key)
            if r is not None:
                text = self.text(grid, col, r)
                if text:
                    boundaries.append((key, text))
        scope, unit_row = cell_of(L.BOUNDARY_KEYS[-1]), cell_of("time_unit")
        if scope is not None and unit_row is not None:
            for r in range(scope + 1, unit_row):
                label = self.text(grid, L.SETTINGS_LABEL_COL, r)
                if label:
                    self.geometry.extra_boundaries.append(r)
                    text = self.text(grid, col, r)
                    if text:
                        boundaries.append((label, text))
        meta["boundaries"] = tuple(boundaries)
        r = cell_of("time_unit")
        if r is not None:
            unit = self.text(grid, col, r)
            if unit:
                try:
                    self.unit = normalize_unit(unit)
                except VsmError as exc:
                    self.problem(grid.title, col, r, f"time unit: {exc.message}")
        hours_row, days_row = cell_of("hours_per_day"), cell_of("days_per_week")
        raw = {key: self.value(grid, col, r) if r is not None else None
               for key, r in (("hours_per_day", hours_row), ("days_per_week", days_row))}
        try:
            rule = FV.duration_rule(raw["hours_per_day"], raw["days_per_week"])
        except InputError as exc:  # the subject names the setting at fault
            key = exc.subject[0] if exc.subject else "hours_per_day"
            r = hours_row if key == "hours_per_day" else days_row
            self.problem(grid.title, col, r, exc.message, ("setting", key))
        else:
            if rule is not None:
                self.rule = rule
        meta["demand"] = self.demand(grid, rows)
        r = cell_of("display_unit")
        if r is not None:
            try:
                meta["display_unit"] = display.setting_unit(self.text(grid, col, r))
            except VsmError as exc:
                self.problem(grid.title, col, r, exc.message, ("setting", "display_unit"))
        return meta

    def demand(self, grid: SheetGrid, rows: dict):
        col = L.SETTINGS_VALUE_COL
        units_row, avail_row = rows.get("demand_units"), rows.get("available_time")
        if units_row is None or avail_row is None:
            return None
        units = self.number(grid, col, units_row, "customer demand", ("setting", "demand_units"), minimum=0)
        available = self.duration(grid, col, avail_row, "available working time", ("setting", "available_time"))
        blank_units = is_blank(grid.value(col, units_row))
        blank_avail = is_blank(grid.value(col, avail_row))
        if blank_units and blank_avail:
            return None
        if blank_units:
            self.problem(grid.title, col, units_row, "customer demand is missing (the available time is given)",
                         ("setting", "demand_units"))
        if blank_avail:
            self.problem(grid.title, col, avail_row, "the available working time is missing (demand is given)",
                         ("setting", "available_time"))
        period = self.text(grid, col, rows["demand_period"]) if "demand_period" in rows else ""
        per_day = 1.0
        if "periods_per_day" in rows:
            value = self.number(grid, col, rows["periods_per_day"], "periods per working day",
                                ("setting", "periods_per_day"), positive=True)
            per_day = 1.0 if value is None else value
        if units is None or available is None or math.isnan(available):
            return None
        return Demand(available_minutes=available, units=units, period=period or "day", periods_per_day=per_day)

    # -- Steps: state blocks -------------------------------------------------------------
    @staticmethod
    def block_markers(grid: SheetGrid) -> list[int]:
        marker = fold(L.STATE_MARKER)
        return [r for r in range(1, grid.max_row + 1) if fold(grid.value(L.MARKER_COL, r)) == marker]

    def states(self, grid: SheetGrid) -> list[State]:
        markers = self.block_markers(grid)
        if not markers:
            self.problems.append(Problem(f"no state block found: column A has no {L.STATE_MARKER!r} row "
                                         f"({NOT_A_TEMPLATE_HINT})", address(grid.title, L.MARKER_COL, 1)))
            return []
        headers = {fold(c.header): c.key for c in L.STEP_COLUMNS}
        states: list[State] = []
        names: dict = {}
        current_seen = None
        for b, marker in enumerate(markers):
            end = markers[b + 1] - 1 if b + 1 < len(markers) else grid.max_row
            header_row = marker + 1
            columns = {}
            for c in range(1, grid.max_col + 1):
                key = headers.get(fold(grid.value(c, header_row)))
                if key and key not in columns:
                    columns[key] = c
            absent = [k for k in L.STEP_REQUIRED_HEADERS if k not in columns]
            if absent:
                wanted = ", ".join(repr(L.STEP_COLUMNS[L.STEP_COLUMN_INDEX[k] - 1].header) for k in absent)
                self.problem(grid.title, L.MARKER_COL, header_row, f"the header row of this state block has no {wanted} "
                             f"column ({NOT_A_TEMPLATE_HINT})")
                continue
            total_row = None
            for r in range(header_row + 1, end + 1):
                if fold(grid.value(L.MARKER_COL, r)) == fold(L.TOTAL_MARKER):
                    total_row = r
                    break
            last = (total_row - 1) if total_row else end
            block = L.StepBlock(marker, header_row, header_row + 1, last, total_row, columns)
            if total_row:
                labels = {fold(label): key for key, label, _ in L.SUMMARY_ROWS}
                for r in range(total_row + 1, min(end, total_row + len(L.SUMMARY_ROWS) + 2) + 1):
                    key = labels.get(fold(grid.value(L.SUMMARY_LABEL_COL, r)))
                    if key:
                        block.summary_rows[key] = r
            self.geometry.blocks.append(block)
            s = len(states)
            steps = self.steps(grid, block, s)
            if not steps:
                continue
            name_col, kind_col = block.name_cell[0], block.kind_cell[0]
            name = self.text(grid, name_col, marker)
            self.cells[("state", s)] = address(grid.title, name_col, marker)
            if not name:
                self.problem(grid.title, name_col, marker, "this state block has steps but no state name", ("state", s))
            elif name in names:
                self.problem(grid.title, name_col, marker, f"state {name!r} appears twice (also at {names[name]})",
                             ("state", s))
            else:
                names[name] = address(grid.title, name_col, marker)
            kind_text = fold(self.value(grid, kind_col, marker))
            if not kind_text:
                kind = "current" if not states else "target"
            elif kind_text in L.STATE_KINDS:
                kind = kind_text
            else:
                kind = "target"
                self.problem(grid.title, kind_col, marker, f"kind must be current, future or target, not "
                             f"{grid.value(kind_col, marker)!r}", ("state", s, "kind"))
            basis = fold(self.value(grid, block.basis_cell[0], marker)) \
                if fold(grid.value(L.BASIS_LABEL_COL, marker)) == fold(L.BASIS_LABEL) else ""
            if basis and basis not in L.STATE_BASES:
                self.problem(grid.title, block.basis_cell[0], marker, f"basis must be measured or estimated (or blank), "
                             f"not {grid.value(block.basis_cell[0], marker)!r}", ("state", s, "basis"))
                basis = ""
            if kind == "current":
                if current_seen is not None:
                    self.problem(grid.title, kind_col, marker, f"two states are marked current ({current_seen} and "
                                 f"{name!r}); mark the others future or target", ("state", s, "kind"))
                current_seen = repr(name)
            states.append(State(name, tuple(steps), kind, basis))
            self.state_blocks.append(len(self.geometry.blocks) - 1)
        return states

    def steps(self, grid: SheetGrid, block: L.StepBlock, s: int) -> list[Step]:
        cols = block.columns
        inputs = [c for key, c in cols.items() if key in L.STEP_INPUT_KEYS]
        result: list[Step] = []
        for r in block.rows:
            if all(is_blank(grid.value(c, r)) for c in inputs):
                continue
            k = len(result)
            block.step_rows.append(r)
            self.cells.add_step(s, k, grid.title, cols, r)  # its name cell and the cell of each field
            step = self.step(grid, cols, r, s, k)
            result.append(step)
        return result

    def time_ranges(self, grid: SheetGrid, cols: dict, r: int, what: str, times: dict, at) -> dict:
        """``{process_time_range, lead_time_range, wait_time_range}`` in minutes from the PT / LT /
        WT low and high columns (a blank end: the likely time; the likely WT is LT - PT); a range
        that cannot be read is left out and a problem names its cell."""
        pt, lt = times["pt"], times["lt"]
        likely = {"pt": pt, "lt": lt,
                  "wt": None if pt is None or lt is None or math.isnan(pt) or math.isnan(lt) else lt - pt}
        found = {}
        for low_key, high_key, key, word in L.STEP_RANGES:
            ends = {k: self.duration(grid, cols[k], r, f"{what}: {word} {end}", at(k))
                    for k, end in ((low_key, "low"), (high_key, "high")) if k in cols}
            middle = likely[key]
            if not any(v is not None for v in ends.values()) or middle is None or math.isnan(middle):
                continue
            low, high = ends.get(low_key), ends.get(high_key)
            bounds = (middle if low is None else low, middle, middle if high is None else high)
            try:
                found[L.STEP_FIELD[low_key]] = check_range(bounds, f"{what}: {word} low <= {word} <= {word} high"
                                                           + (" (WT = LT - PT)" if key == "wt" else ""))
            except VsmError as exc:
                bad = low_key if bounds[0] > middle or high_key not in cols else high_key
                self.problem(grid.title, cols[bad], r, exc.message, at(bad))
        return found

    def step(self, grid: SheetGrid, cols: dict, r: int, s: int, k: int) -> Step:
        title = grid.title

        def get(key):
            return self.value(grid, cols[key], r) if key in cols else None

        def at(key):
            return ("step", s, k, L.STEP_FIELD[key])

        name = FV.text(get("step"))
        if not name:
            self.problem(title, cols["step"], r, "the step has no name", at("step"))
        what = f"step {name!r}" if name else "the step"
        times = {}
        for key, word in (("pt", "process time"), ("lt", "lead time")):
            minutes = self.duration(grid, cols[key], r, f"{what}: {word}", at(key))
            if minutes is None:
                self.problem(title, cols[key], r, f"{what}: {word} is missing", at(key))
            times[key] = minutes
        changeover = self.duration(grid, cols["changeover"], r, f"{what}: changeover", at("changeover")) \
            if "changeover" in cols else None
        ca = self.convert(grid, cols["ca"], r, lambda raw: FV.fraction(raw, f"{what}: %C&A"), at("ca")) \
            if "ca" in cols else None
        inventory = self.number(grid, cols["inventory"], r, f"{what}: inventory", at("inventory"), minimum=0) \
            if "inventory" in cols else None
        resources = 1.0
        if "resources" in cols and not is_blank(get("resources")):
            value = self.number(grid, cols["resources"], r, f"{what}: resources", at("resources"), positive=True)
            resources = value if value is not None else math.nan
        position = self.number(grid, cols["position"], r, f"{what}: position", at("position"), integer=True) \
            if "position" in cols else None
        marked = False
        if "bottleneck" in cols:
            marked = bool(self.convert(grid, cols["bottleneck"], r, lambda raw: _bottleneck_flag(raw, f"{what}: bottleneck"),
                                       at("bottleneck")))
        measured = {}
        for key in ("area", "variants"):
            if key in cols:
                measured[key] = self.number(grid, cols[key], r, f"{what}: {L.STEP_COLUMNS[L.STEP_COLUMN_INDEX[key] - 1].header}",
                                            at(key), minimum=0)
        for key in L.STEP_SHARE_KEYS:
            if key in cols:
                measured[key] = self.convert(grid, cols[key], r, lambda raw, key=key: FV.fraction(raw, f"{what}: {key}"),
                                             at(key))
        if "operating_time" in cols:
            measured["operating_time"] = self.duration(grid, cols["operating_time"], r, f"{what}: operating time (BZ)",
                                                       at("operating_time"))
        measured.update(self.time_ranges(grid, cols, r, what, times, at))
        wastes = ()
        if "wastes" in cols:
            wastes = self.convert(grid, cols["wastes"], r, lambda raw: FV.wastes(raw, what), at("wastes")) or ()
        step = Step(name=name, process_time=times["pt"], lead_time=times["lt"], owner=FV.text(get("owner")),
                    complete_accurate=ca, inventory=inventory, changeover=changeover, wastes=wastes,
                    notes=FV.text(get("notes")), resources=resources, position=position, marked_bottleneck=marked,
                    inflow=self.inflow(grid, cols, r, what), **measured)
        if all(v is not None and not math.isnan(v) for v in (step.process_time, step.lead_time, step.resources)) \
                and not any(isinstance(v, float) and math.isnan(v) for v in measured.values()):
            try:
                check_step(step)
            except VsmError as exc:  # its subject names the field at fault
                subject = ("step", s, k) + exc.subject
                field_col = {L.STEP_FIELD[key]: c for key, c in cols.items() if key in L.STEP_FIELD}
                self.problem(title, field_col.get(exc.subject[0] if exc.subject else "", cols["step"]), r,
                             exc.message, subject)
        return step

    def inflow(self, grid: SheetGrid, cols: dict, r: int, what: str) -> MaterialFlow | None:
        """The material flow into a step (Flow in, FIFO max); unknown words are kept for
        core.flows.check_flows to report at the cell."""
        kind = self.text(grid, cols["inflow"], r) if "inflow" in cols else ""
        maximum = self.number(grid, cols["inflow_max"], r, f"{what}: FIFO max") if "inflow_max" in cols else None
        if not kind and maximum is None:
            return None
        return MaterialFlow(material_flow_kind(kind) if kind else FIFO, maximum)

    # -- Improvements --------------------------------------------------------------------
    def improvements(self, grid: SheetGrid | None):
        if grid is None:
            return (), ()
        header_row = next((r for r in range(1, min(grid.max_row, L.HEADER_SEARCH_ROWS) + 1)
                           if fold(grid.value(L.MARKER_COL, r)) == fold(L.IMPROVEMENT_COLUMNS[0].header)), None)
        marker = next((r for r in range(1, grid.max_row + 1)
                       if fold(grid.value(L.MARKER_COL, r)) == fold(L.ROADMAP_MARKER)), None)
        items = ()
        if header_row is not None:
            end = (marker - 1) if marker else grid.max_row
            table = self.table(grid, header_row, end, L.IMPROVEMENT_COLUMNS)
            self.geometry.improvements = table
            items = tuple(x for x in (self.improvement(grid, table, r) for r in table.rows) if x is not None)
        phases = ()
        if marker is not None:
            table = self.table(grid, marker + 1, grid.max_row, L.ROADMAP_COLUMNS)
            table.marker_row = marker
            self.geometry.roadmap = table
            phases = tuple(x for x in (self.phase(grid, table, r) for r in table.rows) if x is not None)
        return items, phases

    def table(self, grid: SheetGrid, header_row: int, end: int, columns) -> L.PlainTable:
        known = {fold(c.header): c.key for c in columns}
        cols, extra = {}, {}
        for c in range(1, grid.max_col + 1):
            header = grid.value(c, header_row)
            key = known.get(fold(header))
            if key and key not in cols:
                cols[key] = c
            elif not is_blank(header):
                extra[FV.text(header)] = c
        return L.PlainTable(header_row, header_row + 1, max(end, header_row), cols, extra)

    def _row_blank(self, grid, table: L.PlainTable, r: int) -> bool:
        return all(is_blank(grid.value(c, r)) for c in list(table.columns.values()) + list(table.extra_columns.values()))

    def improvement(self, grid, table: L.PlainTable, r: int):
        if self._row_blank(grid, table, r):
            return None
        cols, title = table.columns, grid.title
        name = self.text(grid, cols["name"], r) if "name" in cols else ""
        if not name:
            self.problem(title, cols.get("name", L.MARKER_COL), r, "the improvement has no name")
        values = {}
        for key in ("impact", "effort"):
            values[key] = self.text(grid, cols[key], r) if key in cols else ""
            if values[key]:
                try:
                    level(values[key], key)
                except InputError as exc:
                    self.problem(title, cols[key], r, exc.message)

        def num(key, what, **kw):
            return self.number(grid, cols[key], r, what, **kw) if key in cols else None

        priority = num("priority", "priority", integer=True)
        if priority is not None and priority < 1:
            self.problem(title, cols["priority"], r, f"priority must be 1 or more, not {priority}")
        extra = tuple((key, _cell_value(self.value(grid, c, r))) for key, c in table.extra_columns.items()
                      if not is_blank(self.value(grid, c, r)))
        changed: tuple[str, ...] = ()
        if "steps" in cols:
            changed = tuple(p.strip() for p in self.text(grid, cols["steps"], r).split(";") if p.strip())
            self.cells[("improvement", self.improvement_count, "steps")] = address(title, cols["steps"], r)
        self.improvement_count += 1
        states: tuple[str, ...] = ()
        if "states" in cols:
            states = tuple(p.strip() for p in self.text(grid, cols["states"], r).split(";") if p.strip())
            self.improvement_states.append((states, address(title, cols["states"], r)))
        return Improvement(
            name=name, waste_eliminated=self.text(grid, cols["waste_eliminated"], r) if "waste_eliminated" in cols
            else "", impact=values["impact"], effort=values["effort"], priority=priority,
            lead_time_reduction_hours=num("lead_time_reduction_hours", "lead time reduction"),
            phase=num("phase", "phase", integer=True), duration_weeks=num("duration_weeks", "duration", minimum=0),
            extra=extra, states=states, cost=num("cost", "cost", minimum=0),
            annual_savings=num("annual_savings", "annual savings"), steps=changed)

    def check_improvement_states(self, states) -> None:
        """Every state an improvement names is one of the Steps sheet's states."""
        known = [state.name for state in states]
        for names, where in self.improvement_states:
            unknown = [name for name in names if name not in known]
            if unknown:
                self.problems.append(Problem(f"{unknown[0]!r} is not one of the states ({', '.join(known) or 'none'})",
                                             where))

    def phase(self, grid, table: L.PlainTable, r: int):
        if self._row_blank(grid, table, r):
            return None
        cols = table.columns
        phase = self.number(grid, cols["phase"], r, "phase", integer=True) if "phase" in cols else None
        if phase is None and "phase" in cols and is_blank(grid.value(cols["phase"], r)):
            self.problem(grid.title, cols["phase"], r, "the roadmap phase has no number")
        names: tuple[str, ...] = ()
        if "improvements" in cols:
            names = tuple(p.strip() for p in self.text(grid, cols["improvements"], r).split(";") if p.strip())
        duration = self.number(grid, cols["duration_weeks"], r, "duration", minimum=0) \
            if "duration_weeks" in cols else None
        extra = tuple((key, _cell_value(self.value(grid, c, r))) for key, c in table.extra_columns.items()
                      if not is_blank(self.value(grid, c, r)))
        if phase is None:
            return None
        return RoadmapPhase(phase=phase, improvements=names, duration_weeks=duration, extra=extra)

    # -- Indicators and Pairwise ---------------------------------------------------------
    def evaluation(self, ind: SheetGrid, pw: SheetGrid):
        table = self.indicator_table(ind)
        if table is None:
            return None
        alternatives = self.alternatives(ind, table)
        indicators: list[Indicator] = []
        for r in table.rows:
            indicator = self.indicator(ind, table, r, len(indicators), len(alternatives))
            if indicator is not None:
                indicators.append(indicator)
        pairwise = self.pairwise(pw)
        self.results_table(table)
        if not alternatives and not indicators and not pairwise:
            return None
        states = tuple(self.alternative_states) if any(self.alternative_states) else ()
        return EvaluationModel(tuple(alternatives), tuple(indicators), pairwise, states)

    def indicator_table(self, grid: SheetGrid):
        name_col = L.INDICATOR_COLUMN_INDEX["name"]
        header_row = next((r for r in range(1, min(grid.max_row, L.HEADER_SEARCH_ROWS) + 1)
                           if fold(grid.value(name_col, r)) == fold(L.INDICATOR_COLUMNS[0].header)), None)
        if header_row is None:
            self.problems.append(Problem(f"no header row with {L.INDICATOR_COLUMNS[0].header!r} in column "
                                         f"{L.column_letter(name_col)} ({NOT_A_TEMPLATE_HINT})",
                                         address(grid.title, name_col, L.INDICATORS_HEADER_ROW)))
            return None
        known = {fold(c.header): c.key for c in L.INDICATOR_COLUMNS}
        cols = {}
        for c in range(1, len(L.INDICATOR_COLUMNS) + 4):
            key = known.get(fold(grid.value(c, header_row)))
            if key and key not in cols:
                cols[key] = c
        absent = [c.header for c in L.INDICATOR_COLUMNS if c.key not in cols and c.key not in L.INDICATOR_OPTIONAL_KEYS]
        if absent:
            self.problem(grid.title, L.MARKER_COL, header_row, f"the indicator header row has no {', '.join(map(repr, absent))} "
                         f"column ({NOT_A_TEMPLATE_HINT})")
            return None
        first_value = max(cols.values()) + 1
        state_row = header_row - 1 if fold(grid.value(first_value - 1, header_row - 1)) == fold(L.STATE_ROW_LABEL) \
            else None
        title_row = header_row - 2 if state_row is not None else header_row - 1  # older workbooks: no State row
        titles = {fold(grid.value(c, title_row)): c for c in range(1, grid.max_col + 1)
                  if not is_blank(grid.value(c, title_row))}
        benefit_col = titles.get(fold(L.BENEFITS_TITLE))
        weight_col = titles.get(fold(L.WEIGHTS_TITLE))
        if benefit_col is None:
            self.problem(grid.title, first_value, header_row - 1,
                         f"the title {L.BENEFITS_TITLE!r} that ends the value columns is missing ({NOT_A_TEMPLATE_HINT})")
            return None
        n_alt = benefit_col - 1 - first_value
        measures_row = next((r for r in range(header_row + 1, grid.max_row + 1)
                             if fold(grid.value(L.MARKER_COL, r)) == fold(L.MEASURES_MARKER)), None)
        end = measures_row - 1 if measures_row is not None else grid.max_row
        last = header_row  # the table's extent: the last row with an input or a formula of the table
        span = list(cols.values()) + list(range(first_value, (weight_col or benefit_col + n_alt) + 3))
        for r in range(header_row + 1, end + 1):
            if any(grid.raw(c, r) is not None for c in span):
                last = r
        table = L.IndicatorTable(header_row, header_row + 1, last - header_row, cols, first_value, max(n_alt, 0),
                                 benefit_col, weight_col or (benefit_col + n_alt + 1), state_row=state_row)
        if measures_row is not None:
            table.measures = self.measures_table(grid, measures_row)
        self.geometry.indicators = table
        self.cells[("indicators",)] = address(grid.title, cols["group"], header_row)
        return table

    @staticmethod
    def measures_table(grid: SheetGrid, marker_row: int) -> L.MeasuresTable:
        """The table of the states' measures: its columns found by their keys (0: not there), its
        rows by the state names in column A."""
        table = L.MeasuresTable(marker_row, 0)
        found = {fold(grid.value(c, table.key_row)): c for c in range(1, grid.max_col + 1)}
        table.columns = tuple(found.get(key, 0) for key in MEASURE_KEYS + (PACEMAKER,))
        while table.first_row + table.n_states <= grid.max_row and \
                grid.raw(L.MARKER_COL, table.first_row + table.n_states) is not None:
            table.n_states += 1
        return table

    def results_table(self, t: L.IndicatorTable) -> None:
        grid = self.grids.get(L.RESULTS)
        if grid is None:
            return
        label = fold(L.RESULTS_ROWS[0][1])
        row = next((r for r in range(1, min(grid.max_row, L.HEADER_SEARCH_ROWS) + 1)
                    if fold(grid.value(L.MARKER_COL, r)) == label), None)
        if row is not None:
            self.geometry.results = L.ResultsTable(t.n_alternatives, first_row=row)

    def alternatives(self, grid: SheetGrid, t: L.IndicatorTable) -> list[str]:
        names = []
        used = 0
        for j in range(t.n_alternatives):
            col = t.value_col(j)
            name = self.text(grid, col, t.header_row)
            has_values = any(not is_blank(grid.value(col, r)) for r in t.rows)
            if name or has_values:
                used = j + 1
            names.append(name)
        names = names[:used]
        self.cells[("alternatives",)] = address(grid.title, t.first_value_col, t.header_row)
        self.alternative_states = []
        for j in range(used):
            self.cells[("alternative", j)] = address(grid.title, t.value_col(j), t.header_row)
            state = ""
            if t.state_row is not None:
                state = self.text(grid, t.value_col(j), t.state_row)
                if state:  # the problems of the state an alternative names belong to its State cell
                    self.cells[("alternative", j)] = address(grid.title, t.value_col(j), t.state_row)
            self.alternative_states.append(state if state and state != names[j] else None)
        return names

    def indicator(self, grid: SheetGrid, t: L.IndicatorTable, r: int, i: int, n_alt: int):
        cols, title = t.columns, grid.title
        inputs = list(cols.values()) + [t.value_col(j) for j in range(t.n_alternatives)]
        if all(is_blank(grid.value(c, r)) for c in inputs):
            return None
        t.indicator_rows.append(r)
        self.cells[("indicator", i)] = address(title, cols["name"], r)
        for key, c in cols.items():
            self.cells[("indicator", i, key)] = address(title, c, r)
        for j in range(n_alt):
            self.cells[("value", i, j)] = address(title, t.value_col(j), r)
        name = self.text(grid, cols["name"], r)
        if not name:
            self.problem(title, cols["name"], r, "the indicator has no name", ("indicator", i, "name"))
        label = f"indicator {name!r}" if name else "the indicator"
        group_text = self.text(grid, cols["group"], r)
        group = group_text
        try:
            group = normalize_group(group_text) if group_text else ""
            if not group_text:
                self.problem(title, cols["group"], r, f"{label}: the group is missing (monetary or non-monetary)",
                             ("indicator", i, "group"))
        except VsmError as exc:
            self.problem(title, cols["group"], r, f"{label}: {exc.message}", ("indicator", i, "group"))
        bounds = {}
        for key in ("worst", "best"):
            bounds[key] = self.number(grid, cols[key], r, f"{label}: {key}", ("indicator", i, key))
            if bounds[key] is None and is_blank(grid.value(cols[key], r)):
                self.problem(title, cols[key], r, f"{label}: {key} is missing", ("indicator", i, key))
        function = self.text(grid, cols["function"], r)
        try:
            function = normalize_function(function)
        except VsmError as exc:
            self.problem(title, cols["function"], r, f"{label}: {exc.message}", ("indicator", i, "function"))
        curvature = self.number(grid, cols["curvature"], r, f"{label}: curvature", ("indicator", i, "curvature"))
        measure = ""
        if "measure" in cols:
            measure = self.convert(grid, cols["measure"], r, normalize_measure, ("indicator", i, "measure")) or ""
        values: list[float | None] = []
        for j in range(n_alt):
            col = t.value_col(j)
            if measure and grid.is_formula(col, r):  # computed from the state
                values.append(None)
                continue
            raw = self.value(grid, col, r)
            if is_blank(raw):
                values.append(None)  # the core reports the missing value at this cell
                continue
            values.append(self.number(grid, col, r, f"{label}: value", ("value", i, j)))
        extra = [j for j in range(n_alt, t.n_alternatives) if not is_blank(grid.value(t.value_col(j), r))]
        for j in extra:
            self.problem(title, t.value_col(j), r, f"{label}: a value under a column without an alternative name",
                         ("value", i, j))
        # None marks a missing value: the model allows it until check_evaluation reports it at its cell
        return Indicator(name=name, group=group, worst=bounds["worst"], best=bounds["best"],
                         values=cast("tuple[float, ...]", tuple(values)),
                         function=function, curvature=curvature, unit=self.text(grid, cols["unit"], r),
                         measure=measure)

    def pairwise(self, grid: SheetGrid) -> dict:
        marker = fold(L.GROUP_MARKER)
        group_col, name_col = L.PAIRWISE_GROUP_COL, L.MARKER_COL
        result = {}
        for r in range(1, grid.max_row + 1):
            if fold(grid.value(name_col, r)) != marker:
                continue
            group_text = self.text(grid, group_col, r)
            try:
                group = normalize_group(group_text)
            except VsmError as exc:
                self.problem(grid.title, group_col, r, exc.message)
                continue
            if group in self.geometry.pairwise:
                self.problem(grid.title, group_col, r, f"the {group} pairwise comparison is given twice",
                             ("pairwise", group))
                continue
            header = r + 1
            if fold(grid.value(name_col, header)) != fold(L.PAIRWISE_NAME_HEADER):
                self.problem(grid.title, name_col, header, f"the {group} matrix has no {L.PAIRWISE_NAME_HEADER!r} "
                             f"header row ({NOT_A_TEMPLATE_HINT})", ("pairwise", group))
                continue
            sum_col = next((c for c in range(L.PAIRWISE_FIRST_COL, grid.max_col + 1)
                            if fold(grid.value(c, header)) == fold(L.PAIRWISE_TAIL_HEADERS[0])), None)
            if sum_col is None:
                self.problem(grid.title, name_col, header, f"the {group} matrix has no "
                             f"{L.PAIRWISE_TAIL_HEADERS[0]!r} column after the matrix ({NOT_A_TEMPLATE_HINT})",
                             ("pairwise", group))
                continue
            block = L.PairwiseBlock(group, r, header, header + 1, sum_col - L.PAIRWISE_FIRST_COL)
            self.geometry.pairwise[group] = block
            self.cells[("pairwise", group)] = address(grid.title, group_col, r)
            self.cells[("group", group)] = address(grid.title, group_col, r)
            matrix = read_team.group_matrix(self, grid, block)  # scheme, AHP, the Team sheet
            if matrix is not None:
                result[group] = matrix
        for group in GROUPS:  # a group without a matrix: its problems belong to the indicator table
            if ("group", group) not in self.cells and ("indicators",) in self.cells:
                self.cells[("group", group)] = self.cells[("indicators",)]
        return result

    def matrix(self, grid: SheetGrid, b: L.PairwiseBlock):
        title = grid.title
        name_col = L.MARKER_COL
        names = [self.text(grid, name_col, b.row(i)) for i in range(b.size)]
        b.names = names
        used = 0
        for i in range(b.size):
            row_has = any(not is_blank(grid.value(b.col(j), b.row(i))) and not grid.is_formula(b.col(j), b.row(i))
                          for j in range(b.size) if j != i)
            if names[i] or row_has:
                used = i + 1
        for i in range(used):
            if not names[i]:
                self.problem(title, name_col, b.row(i), f"the {b.group} matrix: row {i + 1} has comparisons but no "
                             "indicator name", ("pairwise", b.group, i))
        if used <= 1:
            return None  # nothing to compare: a group of one indicator has weight 1
        rows: list[list] = []
        for i in range(used):
            row: list = []  # numbers, None (blank) or "derived" until the mirror is known
            for j in range(used):
                self.cells[("pairwise", b.group, i, j)] = address(title, b.col(j), b.row(i))
                if i == j:
                    row.append(None)
                    continue
                if j < i and self.derived(grid, b.col(j), b.row(i)):
                    row.append("derived")
                    self.cells[("pairwise", b.group, i, j)] = address(title, b.col(i), b.row(j))
                    continue
                row.append(self.comparison(grid, b, i, j, names))
            rows.append(row)
        for i in range(used):
            for j in range(i):
                if rows[i][j] == "derived":
                    upper = rows[j][i]
                    rows[i][j] = None if upper is None else 2 - upper
        return PairwiseMatrix(tuple(names[:used]), tuple(tuple(r) for r in rows))

    @staticmethod
    def derived(grid: SheetGrid, col: int, row: int) -> bool:
        """A lower-triangle cell the template derives from its mirror: a formula (a typed override
        is read as typed)."""
        return grid.is_formula(col, row)

    def comparison(self, grid: SheetGrid, b: L.PairwiseBlock, i: int, j: int, names):
        value = self.value(grid, b.col(j), b.row(i))
        if is_blank(value):
            return None
        where = f"{names[i] or f'row {i + 1}'} vs {names[j] or f'column {j + 1}'}"
        subject = ("pairwise", b.group, i, j)
        try:
            number = FV.number(value, f"pairwise: {where}")
        except InputError:
            self.problem(grid.title, b.col(j), b.row(i), f"pairwise: {where} is {FV.show(value)}; use 0, 1 or 2",
                         subject)
            return None
        if number not in (0, 1, 2):
            self.problem(grid.title, b.col(j), b.row(i), f"pairwise: {where} is {number:g}; use 0, 1 or 2", subject)
            return None
        return number


def _cell_value(value):
    """A free (extra) column's value: numbers and text as they are, dates as ISO text."""
    if isinstance(value, str):
        return value.strip()
    if hasattr(value, "isoformat"):
        return FV.text(value)
    return value


def _bottleneck_flag(raw, what: str) -> bool:
    """The Bottleneck column: yes/no as typed; the words an evaluated copy writes into a blank
    cell (``capacity constraint``, ``largest delay``) are computed marks, not a mark by hand."""
    if isinstance(raw, str) and raw.strip() and all(
            part.strip().lower() in L.BOTTLENECK_MARKS for part in raw.split(",")):
        return False
    return FV.flag(raw, what)
