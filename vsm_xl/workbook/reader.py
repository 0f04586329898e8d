"""Reading a workbook made from the template into a ValueStream (batch mode, no Excel).

The tables are found by their labels and headers, not by fixed positions, so a workbook
whose user inserted rows, copied a state block for another target condition or moved a
column still reads. Inputs that hold formulas are read through the values the spreadsheet
program saved with them.

Every problem is reported at once, each with its cell and a plain sentence; then the
analysis of the core runs and its problems come back with cells too
(:meth:`WorkbookRead.locate`).
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from vsm_xl.core.analysis import Analysis, analyze
from vsm_xl.core.durations import CALENDAR, DurationRule, normalize_unit, parse_duration
from vsm_xl.core.errors import InputError, Problem, ValidationError, VsmError
from vsm_xl.core.evaluation import normalize_group
from vsm_xl.core.improvements import level
from vsm_xl.core.model import (
    WASTES, Demand, EvaluationModel, Improvement, Indicator, PairwiseMatrix, RoadmapPhase, State, Step,
    ValueStream, Waste,
)
from vsm_xl.core.state_metrics import check_step
from vsm_xl.core.value_functions import normalize_function
from vsm_xl.core.values import is_blank, to_fraction, to_number
from vsm_xl.workbook import layout as L
from vsm_xl.workbook.grid import SheetGrid, load_grids
from vsm_xl.workbook.layout import address, fold

_NO_CACHE = "holds a formula with no saved value; open and save the file in Excel or LibreOffice first"
_TEMPLATE_HINT = "is this workbook made from the vsm-xl template? 'vsm-xl new' writes one"

_WASTE_ALIASES = {"transport": "transportation", "wait": "waiting", "delay": "waiting", "defect": "defects",
                  "rework": "defects", "wip": "inventory", "movement": "motion", "skill": "skills",
                  "over-production": "overproduction", "over-processing": "overprocessing",
                  "extra processing": "overprocessing", "unused talent": "skills"}


@dataclass
class WorkbookRead:
    """A workbook read: the model, reader warnings with their cells, where everything is,
    and (when it validated) the core's analysis."""

    stream: ValueStream
    warnings: tuple = ()
    path: Path | None = None
    geometry: L.Geometry = field(default_factory=L.Geometry, repr=False)
    analysis: Analysis | None = field(default=None, repr=False)
    cells: dict = field(default_factory=dict, repr=False)  # subject key -> "Sheet!A1"
    state_blocks: tuple = ()  # block index (in geometry.blocks) of each state of the stream

    def locate(self, subject, message: str = "") -> str | None:
        """The cell a core problem subject is about: ``("value", 2, 1)`` -> ``Indicators!I7``.

        ``("step", s, k)`` with a ``message`` naming a field (lead time, %C&A ...) gives that
        field's cell; without, the step's name cell.
        """
        if not subject:
            return None
        subject = tuple(subject)
        kind = subject[0]
        cells = self.cells
        if kind == "step" and len(subject) >= 3:
            s, k = subject[1], subject[2]
            field_key = subject[3] if len(subject) >= 4 else _field_in(message)
            if field_key and ("step", s, k, field_key) in cells:
                return cells[("step", s, k, field_key)]
            return cells.get(("step", s, k, "step"))
        if kind == "indicator" and len(subject) >= 2:
            i = subject[1]
            name = subject[2] if len(subject) >= 3 else "name"
            name = {"worst/best": "worst", "values": "name"}.get(name, name)
            return cells.get(("indicator", i, name)) or cells.get(("indicator", i, "name"))
        if kind == "pairwise" and len(subject) >= 4:
            group, i, j = subject[1], subject[2], subject[3]
            return cells.get(("pairwise", group, i, j)) or cells.get(("pairwise", group))
        if kind == "group" and len(subject) >= 2:
            return cells.get(("pairwise", subject[1])) or cells.get(("indicators",))
        return cells.get(subject)


_FIELD_WORDS = (("lead time", "lt"), ("process time", "pt"), ("%c&a", "ca"), ("inventory", "inventory"),
                ("resources", "resources"), ("changeover", "changeover"), ("position", "position"))


def _field_in(message: str) -> str | None:
    """The step field a core message is about (the first one it names after the step's name)."""
    if not message:
        return None
    text = message.split("': ", 1)[-1].lower() if "': " in message else message.lower()
    found = [(text.find(word), key) for word, key in _FIELD_WORDS if word in text]
    return min(found)[1] if found else None


def read_workbook(path, *, validate: bool = True) -> WorkbookRead:
    """Read a workbook made from the template.

    Raises :class:`ValidationError` with every problem (input and method) addressed to its
    cell, or :class:`VsmError` when the file cannot be opened. ``validate=False`` only reads
    (to find the tables again).
    """
    path = Path(path)
    result, problems = _read(load_grids(path), path)
    if not validate:
        return result
    problems = list(problems)
    seen = {p.location for p in problems if p.location}
    analysis = None
    try:
        analysis = analyze(result.stream)
    except ValidationError as exc:
        for p in exc.problems:
            located = Problem(p.message, p.location or result.locate(p.subject, p.message), p.subject)
            if located.location in seen and located.location is not None:
                continue  # the reader already said what is wrong with this cell
            seen.add(located.location)
            problems.append(located)
    if problems:
        raise ValidationError(problems)
    result.analysis = analysis
    return result


def read_grids(grids: dict, path=None) -> WorkbookRead:
    """The model and geometry of sheets already loaded (:func:`vsm_xl.workbook.grid.load_grids`),
    without validation: what the evaluated-copy writer needs to find the tables again."""
    return _read(grids, Path(path) if path is not None else None)[0]


def _read(grids: dict, path) -> tuple[WorkbookRead, list]:
    reader = _Reader(grids)
    stream = reader.read()
    result = WorkbookRead(stream, tuple(reader.warnings), path, reader.geometry, None, reader.cells,
                          tuple(reader.state_blocks))
    return result, reader.problems


# --------------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, grids: dict):
        self.grids = grids
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.cells: dict = {}
        self.geometry = L.Geometry()
        self.state_blocks: list[int] = []
        self.rule = CALENDAR
        self.unit = L.DEFAULT_TIME_UNIT

    # -- reporting -----------------------------------------------------------------------
    def problem(self, sheet: str, col: int, row: int, message: str, subject: tuple = ()) -> None:
        """Record a problem at a cell; the first one said about a cell is the one kept."""
        where = address(sheet, col, row)
        if any(p.location == where for p in self.problems):
            return
        self.problems.append(Problem(message, where, subject))

    def value(self, grid: SheetGrid, col: int, row: int):
        """An input cell's value; a formula without a saved value is a problem (None)."""
        if grid.is_formula(col, row):
            value = grid.values.get((row, col))
            if value is None:
                self.problem(grid.title, col, row, _NO_CACHE)
            return value
        return grid.raw(col, row)

    def text(self, grid, col, row) -> str:
        return _text(self.value(grid, col, row))

    def number(self, grid, col, row, what: str, *, positive=False, minimum=None, integer=False):
        value = self.value(grid, col, row)
        if is_blank(value) or _is_error(value):
            if _is_error(value):
                self.problem(grid.title, col, row, f"{what} is the error {value}")
            return None
        try:
            number = to_number(value, what)
        except InputError as exc:
            self.problem(grid.title, col, row, exc.message)
            return None
        if integer and not float(number).is_integer():
            self.problem(grid.title, col, row, f"{what} must be a whole number, not {_show(value)}")
            return None
        if positive and not number > 0:
            self.problem(grid.title, col, row, f"{what} must be positive, not {_show(value)}")
            return None
        if minimum is not None and number < minimum:
            self.problem(grid.title, col, row, f"{what} cannot be negative ({_show(value)})")
            return None
        return int(number) if integer else number

    def duration(self, grid, col, row, what: str):
        value = self.value(grid, col, row)
        if is_blank(value):
            return None
        if _is_error(value):
            self.problem(grid.title, col, row, f"{what} is the error {value}")
            return math.nan
        if isinstance(value, _dt.time):  # typed as 2:30 (h:mm)
            return value.hour * 60 + value.minute + value.second / 60
        if isinstance(value, _dt.timedelta):
            return value.total_seconds() / 60
        if isinstance(value, (_dt.datetime, _dt.date)):
            self.problem(grid.title, col, row, f"{what} is a date ({value}), not a duration")
            return math.nan
        try:
            return parse_duration(value, self.unit, self.rule)
        except VsmError as exc:
            self.problem(grid.title, col, row, f"{what}: {exc.message}")
            return math.nan

    # -- the workbook --------------------------------------------------------------------
    def read(self) -> ValueStream:
        missing = [name for name in L.REQUIRED_SHEETS if name not in self.grids]
        for name in missing:
            self.problems.append(Problem(f"the workbook has no sheet {name!r} ({_TEMPLATE_HINT})", name))
        steps = self.grids.get(L.STEPS)
        meta = self.settings(steps) if steps is not None else {}
        states = self.states(steps) if steps is not None else ()
        improvements, roadmap = self.improvements(self.grids.get(L.IMPROVEMENTS))
        evaluation = None
        if L.INDICATORS in self.grids and L.PAIRWISE in self.grids:
            evaluation = self.evaluation(self.grids[L.INDICATORS], self.grids[L.PAIRWISE])
        return ValueStream(
            name=meta.get("name", ""), states=tuple(states), version=meta.get("version", ""),
            date=meta.get("date", ""), analyst=meta.get("analyst", ""), boundaries=meta.get("boundaries", ()),
            improvements=improvements, roadmap=roadmap, evaluation=evaluation, demand=meta.get("demand"),
            duration_rule=self.rule)

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
                                         f"column B above the first state block ({_TEMPLATE_HINT})",
                                         address(grid.title, L.SETTINGS_LABEL_COL, 3)))
        col = L.SETTINGS_VALUE_COL

        def cell_of(key):
            return rows.get(key)

        meta: dict = {}
        for key in ("name", "version", "date", "analyst"):
            r = cell_of(key)
            if r is not None:
                meta[key] = self.text(grid, col, r)
                self.cells[("setting", key)] = address(grid.title, col, r)
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
        hours = days = None
        if cell_of("hours_per_day") is not None:
            r = cell_of("hours_per_day")
            hours = self.number(grid, col, r, "working hours per day", positive=True)
            if hours is not None and hours > 24:
                self.problem(grid.title, col, r, f"a day has at most 24 hours, not {hours:g}")
                hours = None
        if cell_of("days_per_week") is not None:
            r = cell_of("days_per_week")
            days = self.number(grid, col, r, "working days per week", positive=True)
            if days is not None and days > 7:
                self.problem(grid.title, col, r, f"a week has at most 7 days, not {days:g}")
                days = None
        if hours is not None or days is not None:
            self.rule = DurationRule(hours if hours is not None else 24.0, days if days is not None else 7.0)
        meta["demand"] = self.demand(grid, rows)
        return meta

    def demand(self, grid: SheetGrid, rows: dict):
        col = L.SETTINGS_VALUE_COL
        units_row, avail_row = rows.get("demand_units"), rows.get("available_time")
        if units_row is None or avail_row is None:
            return None
        units = self.number(grid, col, units_row, "customer demand", minimum=0)
        available = self.duration(grid, col, avail_row, "available working time")
        blank_units = is_blank(grid.value(col, units_row))
        blank_avail = is_blank(grid.value(col, avail_row))
        if blank_units and blank_avail:
            return None
        if blank_units:
            self.problem(grid.title, col, units_row, "customer demand is missing (the available time is given)")
        if blank_avail:
            self.problem(grid.title, col, avail_row, "the available working time is missing (demand is given)")
        period = self.text(grid, col, rows["demand_period"]) if "demand_period" in rows else ""
        per_day = 1.0
        if "periods_per_day" in rows:
            value = self.number(grid, col, rows["periods_per_day"], "periods per working day", positive=True)
            per_day = 1.0 if value is None else value
        if units is None or available is None or math.isnan(available):
            return None
        return Demand(available_minutes=available, units=units, period=period or "day", periods_per_day=per_day)

    # -- Steps: state blocks -------------------------------------------------------------
    @staticmethod
    def block_markers(grid: SheetGrid) -> list[int]:
        marker = fold(L.STATE_MARKER)
        return [r for r in range(1, grid.max_row + 1) if fold(grid.value(1, r)) == marker]

    def states(self, grid: SheetGrid) -> list[State]:
        markers = self.block_markers(grid)
        if not markers:
            self.problems.append(Problem(f"no state block found: column A has no {L.STATE_MARKER!r} row "
                                         f"({_TEMPLATE_HINT})", address(grid.title, 1, 1)))
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
                self.problem(grid.title, 1, header_row, f"the header row of this state block has no {wanted} "
                             f"column ({_TEMPLATE_HINT})")
                continue
            total_row = None
            for r in range(header_row + 1, end + 1):
                if fold(grid.value(1, r)) == fold(L.TOTAL_MARKER):
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
            name = self.text(grid, 2, marker)
            self.cells[("state", s)] = address(grid.title, 2, marker)
            if not name:
                self.problem(grid.title, 2, marker, "this state block has steps but no state name", ("state", s))
            elif name in names:
                self.problem(grid.title, 2, marker, f"state {name!r} appears twice (also at {names[name]})",
                             ("state", s))
            else:
                names[name] = address(grid.title, 2, marker)
            kind_text = fold(self.value(grid, 4, marker))
            if not kind_text:
                kind = "current" if not states else "target"
            elif kind_text in L.STATE_KINDS:
                kind = kind_text
            else:
                kind = "target"
                self.problem(grid.title, 4, marker, f"kind must be current, future or target, not "
                             f"{grid.value(4, marker)!r}")
            if kind == "current":
                if current_seen is not None:
                    self.problem(grid.title, 4, marker, f"two states are marked current ({current_seen} and "
                                 f"{name!r}); mark the others future or target")
                current_seen = repr(name)
            states.append(State(name, tuple(steps), kind))
            self.state_blocks.append(len(self.geometry.blocks) - 1)
        for s, state in enumerate(states):
            positions = [step.position for step in state.steps if step.position is not None]
            if len(positions) != len(set(positions)):
                self.warnings.append(Problem(
                    f"state {state.name!r} has parallel steps (Position): the batch evaluation counts only the "
                    "longest branch, the VSM_* totals in the sheet add every step",
                    self.cells.get(("state", s)), ("state", s)))
        return states

    def steps(self, grid: SheetGrid, block: L.StepBlock, s: int) -> list[Step]:
        cols = block.columns
        inputs = [c for key, c in cols.items() if key in L.STEP_INPUT_KEYS]
        result = []
        for r in block.rows:
            if all(is_blank(grid.value(c, r)) for c in inputs):
                continue
            k = len(result)
            block.step_rows.append(r)
            for key, c in cols.items():
                self.cells[("step", s, k, key)] = address(grid.title, c, r)
            step = self.step(grid, cols, r, s, k)
            result.append(step)
        return result

    def step(self, grid: SheetGrid, cols: dict, r: int, s: int, k: int) -> Step:
        title = grid.title

        def get(key):
            return self.value(grid, cols[key], r) if key in cols else None

        name = _text(get("step"))
        if not name:
            self.problem(title, cols["step"], r, "the step has no name", ("step", s, k))
        what = f"step {name!r}" if name else "the step"
        times = {}
        for key, word in (("pt", "process time"), ("lt", "lead time")):
            minutes = self.duration(grid, cols[key], r, f"{what}: {word}")
            if minutes is None:
                self.problem(title, cols[key], r, f"{what}: {word} is missing", ("step", s, k))
            times[key] = minutes
        changeover = self.duration(grid, cols["changeover"], r, f"{what}: changeover") if "changeover" in cols \
            else None
        ca = None
        if "ca" in cols and not is_blank(get("ca")):
            try:
                ca = to_fraction(get("ca"), f"{what}: %C&A")
            except InputError as exc:
                self.problem(title, cols["ca"], r, exc.message, ("step", s, k))
        inventory = self.number(grid, cols["inventory"], r, f"{what}: inventory", minimum=0) \
            if "inventory" in cols else None
        resources = 1.0
        if "resources" in cols and not is_blank(get("resources")):
            value = self.number(grid, cols["resources"], r, f"{what}: resources", positive=True)
            resources = value if value is not None else math.nan
        position = self.number(grid, cols["position"], r, f"{what}: position", integer=True) \
            if "position" in cols else None
        marked = False
        if "bottleneck" in cols:
            marked = self.flag(grid, cols["bottleneck"], r, f"{what}: bottleneck")
        wastes = self.wastes(grid, cols["wastes"], r, what) if "wastes" in cols else ()
        step = Step(name=name, process_time=times["pt"], lead_time=times["lt"], owner=_text(get("owner")),
                    complete_accurate=ca, inventory=inventory, changeover=changeover, wastes=wastes,
                    notes=_text(get("notes")), resources=resources, position=position, marked_bottleneck=marked)
        if all(v is not None and not math.isnan(v) for v in (step.process_time, step.lead_time, step.resources)):
            try:
                check_step(step)
            except VsmError as exc:
                key = _field_in(exc.message) or "step"
                col = cols.get(key, cols["step"])
                self.problem(title, col, r, exc.message, ("step", s, k))
        return step

    def flag(self, grid, col, r, what: str) -> bool:
        value = self.value(grid, col, r)
        if is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("yes", "y", "x", "true", "1", "ja", "bottleneck"):
            return True
        if text in ("no", "n", "false", "0", "nein"):
            return False
        if all(part.strip() in L.BOTTLENECK_MARKS for part in text.split(",")):  # an evaluated copy's marks
            return False
        self.problem(grid.title, col, r, f"{what} must be yes or blank, not {_show(value)}")
        return False

    def wastes(self, grid, col, r, what: str) -> tuple:
        text = self.text(grid, col, r)
        if not text:
            return ()
        result = []
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            kind, _, description = part.partition(":")
            key = " ".join(kind.strip().lower().split())
            key = _WASTE_ALIASES.get(key, key)
            if key not in WASTES:
                self.problem(grid.title, col, r, f"{what}: unknown waste {kind.strip()!r} (use one of the eight "
                             f"wastes: {', '.join(WASTES)}; write 'type: description', separated by ;)")
                continue
            result.append(Waste(key, description.strip()))
        return tuple(result)

    # -- Improvements --------------------------------------------------------------------
    def improvements(self, grid: SheetGrid | None):
        if grid is None:
            return (), ()
        header_row = next((r for r in range(1, min(grid.max_row, 20) + 1)
                           if fold(grid.value(1, r)) == fold(L.IMPROVEMENT_COLUMNS[0].header)), None)
        marker = next((r for r in range(1, grid.max_row + 1) if fold(grid.value(1, r)) == fold(L.ROADMAP_MARKER)),
                      None)
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
                extra[_text(header)] = c
        return L.PlainTable(header_row, header_row + 1, max(end, header_row), cols, extra)

    def _row_blank(self, grid, table: L.PlainTable, r: int) -> bool:
        return all(is_blank(grid.value(c, r)) for c in list(table.columns.values()) + list(table.extra_columns.values()))

    def improvement(self, grid, table: L.PlainTable, r: int):
        if self._row_blank(grid, table, r):
            return None
        cols, title = table.columns, grid.title
        name = self.text(grid, cols["name"], r) if "name" in cols else ""
        if not name:
            self.problem(title, cols.get("name", 1), r, "the improvement has no name")
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
        return Improvement(
            name=name, waste_eliminated=self.text(grid, cols["waste_eliminated"], r) if "waste_eliminated" in cols
            else "", impact=values["impact"], effort=values["effort"], priority=priority,
            lead_time_reduction_hours=num("lead_time_reduction_hours", "lead time reduction"),
            phase=num("phase", "phase", integer=True), duration_weeks=num("duration_weeks", "duration", minimum=0),
            extra=extra)

    def phase(self, grid, table: L.PlainTable, r: int):
        if self._row_blank(grid, table, r):
            return None
        cols = table.columns
        phase = self.number(grid, cols["phase"], r, "phase", integer=True) if "phase" in cols else None
        if phase is None and "phase" in cols and is_blank(grid.value(cols["phase"], r)):
            self.problem(grid.title, cols["phase"], r, "the roadmap phase has no number")
        names = ()
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
        indicators = []
        for r in table.rows:
            indicator = self.indicator(ind, table, r, len(indicators), len(alternatives))
            if indicator is not None:
                indicators.append(indicator)
        pairwise = self.pairwise(pw)
        self.results_table(table)
        if not alternatives and not indicators and not pairwise:
            return None
        return EvaluationModel(tuple(alternatives), tuple(indicators), pairwise)

    def indicator_table(self, grid: SheetGrid):
        header_row = next((r for r in range(1, min(grid.max_row, 30) + 1)
                           if fold(grid.value(1, r)) == fold(L.INDICATOR_COLUMNS[0].header)), None)
        if header_row is None:
            self.problems.append(Problem(f"no header row with {L.INDICATOR_COLUMNS[0].header!r} in column A "
                                         f"({_TEMPLATE_HINT})", address(grid.title, 1, L.INDICATORS_HEADER_ROW)))
            return None
        known = {fold(c.header): c.key for c in L.INDICATOR_COLUMNS}
        cols = {}
        for c in range(1, len(L.INDICATOR_COLUMNS) + 4):
            key = known.get(fold(grid.value(c, header_row)))
            if key and key not in cols:
                cols[key] = c
        absent = [c.header for c in L.INDICATOR_COLUMNS if c.key not in cols]
        if absent:
            self.problem(grid.title, 1, header_row, f"the indicator header row has no {', '.join(map(repr, absent))} "
                         f"column ({_TEMPLATE_HINT})")
            return None
        titles = {fold(grid.value(c, header_row - 1)): c for c in range(1, grid.max_col + 1)
                  if not is_blank(grid.value(c, header_row - 1))}
        benefit_col = titles.get(fold(L.BENEFITS_TITLE))
        weight_col = titles.get(fold(L.WEIGHTS_TITLE))
        first_value = max(cols.values()) + 1
        if benefit_col is None:
            self.problem(grid.title, first_value, header_row - 1,
                         f"the title {L.BENEFITS_TITLE!r} that ends the value columns is missing ({_TEMPLATE_HINT})")
            return None
        n_alt = benefit_col - 1 - first_value
        last = header_row  # the table's extent: the last row with an input or a formula of the table
        span = list(cols.values()) + list(range(first_value, (weight_col or benefit_col + n_alt) + 3))
        for r in range(header_row + 1, grid.max_row + 1):
            if any(grid.raw(c, r) is not None for c in span):
                last = r
        table = L.IndicatorTable(header_row, header_row + 1, last - header_row, cols, first_value, max(n_alt, 0),
                                 benefit_col, weight_col or (benefit_col + n_alt + 1))
        self.geometry.indicators = table
        self.cells[("indicators",)] = address(grid.title, cols["group"], header_row)
        return table

    def results_table(self, t: L.IndicatorTable) -> None:
        grid = self.grids.get(L.RESULTS)
        if grid is None:
            return
        label = fold(L.RESULTS_ROWS[0][1])
        row = next((r for r in range(1, min(grid.max_row, 30) + 1) if fold(grid.value(1, r)) == label), None)
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
        for j in range(used):
            self.cells[("alternative", j)] = address(grid.title, t.value_col(j), t.header_row)
        return names

    def indicator(self, grid: SheetGrid, t: L.IndicatorTable, r: int, i: int, n_alt: int):
        cols, title = t.columns, grid.title
        inputs = list(cols.values()) + [t.value_col(j) for j in range(t.n_alternatives)]
        if all(is_blank(grid.value(c, r)) for c in inputs):
            return None
        t.indicator_rows.append(r)
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
            bounds[key] = self.number(grid, cols[key], r, f"{label}: {key}")
            if bounds[key] is None and is_blank(grid.value(cols[key], r)):
                self.problem(title, cols[key], r, f"{label}: {key} is missing", ("indicator", i, key))
        function = self.text(grid, cols["function"], r)
        try:
            function = normalize_function(function)
        except VsmError as exc:
            self.problem(title, cols["function"], r, f"{label}: {exc.message}", ("indicator", i, "function"))
        curvature = self.number(grid, cols["curvature"], r, f"{label}: curvature")
        values = []
        for j in range(n_alt):
            col = t.value_col(j)
            raw = self.value(grid, col, r)
            if is_blank(raw):
                values.append(None)  # the core reports the missing value at this cell
                continue
            values.append(self.number(grid, col, r, f"{label}: value"))
        extra = [j for j in range(n_alt, t.n_alternatives) if not is_blank(grid.value(t.value_col(j), r))]
        for j in extra:
            self.problem(title, t.value_col(j), r, f"{label}: a value under a column without an alternative name")
        return Indicator(name=name, group=group, worst=bounds["worst"], best=bounds["best"], values=tuple(values),
                         function=function, curvature=curvature, unit=self.text(grid, cols["unit"], r))

    def pairwise(self, grid: SheetGrid) -> dict:
        marker = fold(L.GROUP_MARKER)
        result = {}
        for r in range(1, grid.max_row + 1):
            if fold(grid.value(1, r)) != marker:
                continue
            group_text = self.text(grid, 2, r)
            try:
                group = normalize_group(group_text)
            except VsmError as exc:
                self.problem(grid.title, 2, r, exc.message)
                continue
            if group in self.geometry.pairwise:
                self.problem(grid.title, 2, r, f"the {group} pairwise comparison is given twice")
                continue
            header = r + 1
            if fold(grid.value(1, header)) != fold(L.PAIRWISE_NAME_HEADER):
                self.problem(grid.title, 1, header, f"the {group} matrix has no {L.PAIRWISE_NAME_HEADER!r} header "
                             f"row ({_TEMPLATE_HINT})")
                continue
            sum_col = next((c for c in range(2, grid.max_col + 1)
                            if fold(grid.value(c, header)) == fold(L.PAIRWISE_TAIL_HEADERS[0])), None)
            if sum_col is None:
                self.problem(grid.title, 1, header, f"the {group} matrix has no {L.PAIRWISE_TAIL_HEADERS[0]!r} "
                             f"column after the matrix ({_TEMPLATE_HINT})")
                continue
            block = L.PairwiseBlock(group, r, header, header + 1, sum_col - 2)
            self.geometry.pairwise[group] = block
            self.cells[("pairwise", group)] = address(grid.title, 2, r)
            matrix = self.matrix(grid, block)
            if matrix is not None:
                result[group] = matrix
        return result

    def matrix(self, grid: SheetGrid, b: L.PairwiseBlock):
        title = grid.title
        names = [self.text(grid, 1, b.row(i)) for i in range(b.size)]
        b.names = names
        used = 0
        for i in range(b.size):
            row_has = any(not is_blank(grid.value(b.col(j), b.row(i))) and not grid.is_formula(b.col(j), b.row(i))
                          for j in range(b.size) if j != i)
            if names[i] or row_has:
                used = i + 1
        for i in range(used):
            if not names[i]:
                self.problem(title, 1, b.row(i), f"the {b.group} matrix: row {i + 1} has comparisons but no "
                             "indicator name")
        if used <= 1:
            return None  # nothing to compare: a group of one indicator has weight 1
        rows = []
        for i in range(used):
            row = []
            for j in range(used):
                self.cells[("pairwise", b.group, i, j)] = address(title, b.col(j), b.row(i))
                if i == j:
                    row.append(None)
                    continue
                if j < i and grid.is_formula(b.col(j), b.row(i)):
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

    def comparison(self, grid: SheetGrid, b: L.PairwiseBlock, i: int, j: int, names):
        value = self.value(grid, b.col(j), b.row(i))
        if is_blank(value):
            return None
        where = f"{names[i] or f'row {i + 1}'} vs {names[j] or f'column {j + 1}'}"
        try:
            number = to_number(value, f"pairwise: {where}")
        except InputError:
            self.problem(grid.title, b.col(j), b.row(i), f"pairwise: {where} is {_show(value)}; use 0, 1 or 2",
                         ("pairwise", b.group, i, j))
            return None
        if number not in (0, 1, 2):
            self.problem(grid.title, b.col(j), b.row(i), f"pairwise: {where} is {number:g}; use 0, 1 or 2",
                         ("pairwise", b.group, i, j))
            return None
        return number


# --------------------------------------------------------------------------------------------
_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
           "#CALC!")


def _is_error(value) -> bool:
    """An Excel error value, or the error text of a VSM_* function (``#VALUE! row 3: ...``)."""
    return isinstance(value, str) and value.split(" ", 1)[0] in _ERRORS


def _text(value) -> str:
    """A cell as text: numbers as Excel shows them (12, not 12.0), dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value).strip()


def _cell_value(value):
    """A free (extra) column's value: numbers and text as they are, dates as ISO text."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return _text(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _show(value) -> str:
    return repr(value)
