"""What the ``VSM_*`` cell functions share: reading cells as xlwings passes them into core
values, the shapes of ranges, and turning every error into one line of text.

xlwings hands a cell function ``None`` for an empty cell, ``float`` for every number, ``str``,
``bool``, ``datetime`` (time-formatted cells), and, with ``err_to_str``, error cells as text
such as ``"#N/A"``. Range arguments are declared with ``ndim=2`` (:data:`RANGE`), so they
always arrive as a list of rows and a result keeps the orientation of its input. Called from
Python, the same functions also take a scalar, a flat list or a tuple.

Imports xlwings and the core only (xlwings Lite / Pyodide: no threads; numpy only where it is
installed, on the first large array, see vsm_xl.cell_functions.fast_arrays).
"""
from __future__ import annotations

import datetime as _dt
import functools
import inspect
import math
from itertools import chain

import xlwings as xw

from vsm_xl.core.durations import CALENDAR, DurationRule, convert_minutes, format_duration, parse_duration
from vsm_xl.core.errors import CellError, DurationError, InputError, NoDataError, VsmError
from vsm_xl.core.model import Step
from vsm_xl.core.pairwise import pairwise_weights
from vsm_xl.core.state_metrics import capacity_constraint, largest_delay, timeline_steps
from vsm_xl.core import benefits
from vsm_xl.cell_functions.fast_arrays import SUM_ADDS_LEFT_TO_RIGHT, numpy_for
from vsm_xl.core.value_functions import ValueFunction, benefit_rows_numpy
from vsm_xl.core.values import all_floats, to_fraction, to_number

CATEGORY = "VSM"
# Converter options. ndim=2: a range arrives as rows even when it is one row, one column or one
# cell, so that outputs can keep its orientation; err_to_str: an error cell arrives as "#N/A".
RANGE = {"ndim": 2, "err_to_str": True}
CELL = {"err_to_str": True}

EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
                "#PYTHON!")
MAX_MESSAGE = 300  # characters of an error text; a cell shows one line

_is_float = float.__instancecheck__  # bool and int are not floats: they take the slow path


# --------------------------------------------------------------------------------------------
# Decorators: xlwings' own, plus its metadata record where xlwings keeps none
# --------------------------------------------------------------------------------------------
# xw.func / xw.arg attach ``__xlfunc__`` under classic xlwings on Windows and in xlwings Lite or
# Server; elsewhere (Linux, macOS) they are no-ops. The catalogue (`vsm-xl functions`) and the
# tests read ``__xlfunc__``, so on those platforms the same record is written here, in classic
# xlwings' layout, from the signature and the arguments given to xw.arg.

def func(f):
    """``@xw.func(category="VSM")``."""
    f = xw.func(category=CATEGORY)(f)
    record = _record(f)
    if record.get("recorded_by") == "vsm_xl":
        record["category"] = CATEGORY
    return f


def arg(name: str, doc: str, **options):
    """``@xw.arg(name, doc=doc, **options)``."""
    def decorate(f):
        f = xw.arg(name, doc=doc, **options)(f)
        record = _record(f)
        if record.get("recorded_by") == "vsm_xl":
            if name not in record["argmap"]:
                raise TypeError(f"{f.__name__} has no argument {name!r}")
            record["argmap"][name]["doc"] = doc
            record["argmap"][name]["options"].update(options)
        return f
    return decorate


def _record(f) -> dict:
    if hasattr(f, "__xlfunc__"):
        return f.__xlfunc__
    args = []
    for pos, p in enumerate(inspect.signature(f).parameters.values()):
        info = {"name": p.name, "pos": pos, "vba": None, "doc": f"Positional argument {pos + 1}",
                "vararg": p.kind is p.VAR_POSITIONAL, "options": {}}
        if p.default is not p.empty:
            info["optional"] = p.default
        args.append(info)
    f.__xlfunc__ = {
        "name": f.__name__, "sub": False, "args": args, "argmap": {a["name"]: a for a in args},
        "ret": {"doc": f.__doc__, "options": {}}, "category": "xlwings", "call_in_wizard": True,
        "volatile": False, "async_mode": None, "recorded_by": "vsm_xl",
    }
    return f.__xlfunc__


def excel_errors(f):
    """Never raise: any error becomes one line of text starting with the Excel error it stands
    for (``#VALUE! row 3: process time is empty``); a non-finite number becomes ``#NUM!``."""
    @functools.wraps(f)
    def cell_function(*args, **kwargs):
        try:
            result = f(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a cell shows text, never a traceback
            return error_text(exc)
        if isinstance(result, float) and not math.isfinite(result):
            return NOT_FINITE
        if isinstance(result, list):
            finite_array(result)
        return result
    return cell_function


NOT_FINITE = "#NUM! the result is not a finite number"


def finite_array(result: list) -> None:
    """Replace, in place, each NaN or infinity of an array result (a flat list or rows) by
    :data:`NOT_FINITE`, as a single cell shows it. ``v - v != 0`` is true only for those."""
    for row in (result if result and isinstance(result[0], list) else (result,)):
        try:
            if math.isfinite(sum(row)):  # one pass in C: a NaN or infinity makes the sum non-finite
                continue
        except TypeError:  # text (an error cell) or blanks among the numbers: look at each
            pass
        for j, v in enumerate(row):
            if v.__class__ is float and v - v != 0.0:
                row[j] = NOT_FINITE


# --------------------------------------------------------------------------------------------
# Errors (CellError lives with the others in vsm_xl.core.errors)
# --------------------------------------------------------------------------------------------

def error_text(exc: BaseException) -> str:
    """One line: the Excel error, then where and what (``#DIV/0! no payback: ...``)."""
    if isinstance(exc, CellError) and exc.verbatim:
        return exc.verbatim
    if isinstance(exc, VsmError):
        text = f"{exc.excel_error} {exc}"
    elif isinstance(exc, OverflowError):  # sums or products beyond the float range
        text = f"#NUM! a result is too large: {exc}"
    elif isinstance(exc, ZeroDivisionError):  # a divisor too small to be told from zero (subnormal)
        text = "#DIV/0! a divisor is zero or too small to divide by"
    elif isinstance(exc, ArithmeticError):
        text = f"#NUM! a result cannot be computed: {exc}"
    else:
        text = f"#VALUE! unexpected {type(exc).__name__}: {exc}"
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[:MAX_MESSAGE - 1] + "…"


def error_in(value) -> str | None:
    """The Excel error a cell value stands for: ``"#N/A"``, or ``"#VALUE! ..."`` text."""
    if isinstance(value, str) and value.startswith("#"):
        for code in EXCEL_ERRORS:
            if value == code or value.startswith(code + " "):
                return code
    return None


def _raise_if_error(value, what: str) -> None:
    code = error_in(value)
    if code:
        verbatim = " ".join(value.split())[:MAX_MESSAGE] if value != code else None
        raise CellError(code, f"{what} is {code}", verbatim=verbatim)


def located(label: str | None, read, *args):
    """``read(*args)``, with an error naming ``label`` (``row 3``) as where it happened."""
    try:
        return read(*args)
    except VsmError as exc:
        raise (exc.at(label) if label else exc) from None


# --------------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------------

class Block:
    """A range argument as rows of cells, remembering the form it came in so that a result of
    the same size can be given back in that form (scalar, flat list or rows)."""

    __slots__ = ("rows", "form")

    def __init__(self, rows: list, form: str):
        self.rows = rows
        self.form = form  # "scalar", "list" (flat, from Python) or "rows"

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return len(self.rows[0])

    def label(self, i: int, j: int) -> str | None:
        """Where cell (i, j) is, in words: ``row 3``, ``column 2`` or ``row 3, column 2``."""
        if self.form == "scalar":
            return None
        if self.height > 1 and self.width > 1:
            return f"row {i + 1}, column {j + 1}"
        if self.width > 1 and self.form == "rows":
            return f"column {j + 1}"
        return f"row {max(i, j) + 1}"

    def shaped(self, rows: list):
        """``rows`` (same size as this block) in this block's form."""
        if self.form == "scalar":
            return rows[0][0]
        if self.form == "list":
            return rows[0] if len(rows) == 1 else [row[0] for row in rows]
        return rows

    def as_column(self) -> "Block":
        """A flat list read as one column (one row per value)."""
        return Block([[v] for v in self.rows[0]], self.form)


def block(value, what: str) -> Block:
    """Any argument as a :class:`Block`; ragged or mixed nesting is an error."""
    if not isinstance(value, (list, tuple, str)) and hasattr(value, "tolist"):
        value = value.tolist()  # a numpy array from a Python caller
    if not isinstance(value, (list, tuple)):
        return Block([[value]], "scalar")
    if not value:
        raise NoDataError(f"{what} is an empty range")
    nested = [isinstance(row, (list, tuple)) for row in value]
    if all(nested):
        rows = value if isinstance(value, list) and all(type(row) is list for row in value) else [list(row) for row in value]
        width = len(rows[0])
        if not width or any(len(row) != width for row in rows):
            sizes = sorted({len(r) for r in rows})
            raise InputError(f"{what} must be a rectangular range (rows of {sizes} cells)")
        return Block(rows, "rows")
    if any(nested):
        raise InputError(f"{what} mixes single cells and rows")
    return Block([list(value)], "list")


class Vector:
    """A one-row or one-column range; ``label(k)`` says where its k-th cell is."""

    __slots__ = ("cells", "across", "single")

    def __init__(self, cells: list, across: bool = False, single: bool = False):
        self.cells, self.across, self.single = cells, across, single

    def __len__(self) -> int:
        return len(self.cells)

    def label(self, k: int) -> str | None:
        if self.single:
            return None
        return f"{'column' if self.across else 'row'} {k + 1}"


def vector(value, what: str) -> Vector:
    """One row or one column of cells (a single cell is a vector of one)."""
    b = block(value, what)
    if b.form == "scalar":
        return Vector(b.rows[0], single=True)
    if b.height == 1:
        return Vector(b.rows[0], across=b.form == "rows" and b.width > 1)
    if b.width == 1:
        return Vector([row[0] for row in b.rows])
    raise InputError(f"{what} must be one row or one column, not a {b.height}x{b.width} block")


def optional_vector(value, what: str, size: int) -> Vector:
    """A vector of ``size`` cells, or ``size`` blanks when the argument is omitted."""
    if value is None:
        return Vector([None] * size)
    result = vector(value, what)
    if len(result) != size:
        raise InputError(f"{what} has {len(result)} cells for {size} rows")
    return result


def per_row(value, what: str, count: int, rows_of: str) -> list:
    """One cell per row: a single cell applies to every row, a range gives one per row."""
    b = value if isinstance(value, Block) else block(value, what)
    if b.height * b.width == 1:
        return [b.rows[0][0]] * count
    if b.height > 1 and b.width > 1:
        raise InputError(f"{what} must be one row or one column, not a {b.height}x{b.width} block")
    cells = b.rows[0] if b.height == 1 else [row[0] for row in b.rows]
    if len(cells) != count:
        raise InputError(f"{what} has {len(cells)} cells but {rows_of} has {count} rows "
                         "(give one cell, or one per row)")
    return cells


def same_size(what: str, *vectors) -> None:
    sizes = [len(v) for v in vectors]
    if len(set(sizes)) > 1:
        raise InputError(f"{what} must be the same size ({' and '.join(map(str, sizes))} cells)")


def each_cell(value, what: str, read):
    """``read(cell)`` for every cell of a range, in the range's shape; blank cells stay blank."""
    b = block(value, what)
    return b.shaped([[
        "" if is_empty(v) else located(b.label(i, j), read, v) for j, v in enumerate(row)]
        for i, row in enumerate(b.rows)])


def each_pair(first, second, what: tuple[str, str], read, many=None):
    """``read(a, b)`` for the cells of two ranges of the same size (a single cell applies to
    every cell of the other); a pair of blanks stays blank, a half-blank pair is an error.
    ``many(list_a, list_b)``, when given, does the same for ranges holding only numbers."""
    a, b = block(first, what[0]), block(second, what[1])
    if a.height * a.width == 1 and b.height * b.width > 1:
        a = Block([[a.rows[0][0]] * b.width for _ in range(b.height)], b.form)
    elif b.height * b.width == 1 and a.height * a.width > 1:
        b = Block([[b.rows[0][0]] * a.width for _ in range(a.height)], a.form)
    if (a.height, a.width) != (b.height, b.width):
        raise InputError(f"{what[0]} ({a.height}x{a.width}) and {what[1]} ({b.height}x{b.width}) "
                         "must be the same size")
    shape = a if a.form != "scalar" else b
    if many is not None and all(map(all_floats, a.rows + b.rows)):
        if a.height == 1:  # one row (or a flat list): no copy
            return shape.shaped([many(a.rows[0], b.rows[0])])
        flat = many([v for row in a.rows for v in row], [v for row in b.rows for v in row])
        width = a.width
        return shape.shaped([flat[k:k + width] for k in range(0, len(flat), width)])
    result = []
    for i, (row_a, row_b) in enumerate(zip(a.rows, b.rows)):
        out = []
        for j, (x, y) in enumerate(zip(row_a, row_b)):
            out.append("" if is_empty(x) and is_empty(y) else located(shape.label(i, j), read, x, y))
        result.append(out)
    return shape.shaped(result)


def filled(value, what: str, read) -> list:
    """``read(cell, what)`` for every non-blank cell of a range of any shape, row by row; an
    error names the cell (``row 3``)."""
    b = block(value, what)
    return [located(b.label(i, j), read, v, what)
            for i, row in enumerate(b.rows) for j, v in enumerate(row) if not is_empty(v)]


def column(values, size: int | None = None) -> list:
    """A result written down one column: a list of one-cell rows, padded with blanks to ``size``."""
    values = list(values)
    if size is not None:
        values += [""] * (size - len(values))
    return [[v] for v in values]


# --------------------------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------------------------

def is_empty(value) -> bool:
    """An empty cell: ``None`` (also an error cell without err_to_str) or blank text."""
    return value is None or (isinstance(value, str) and not value.strip())


def _checked(value, what: str):
    _raise_if_error(value, what)
    if is_empty(value):
        raise InputError(f"{what} is empty")
    if isinstance(value, (list, tuple)):
        raise InputError(f"{what} must be one cell, not a range")
    return value


def number(value, what: str) -> float:
    """A finite number from a number or numeric text (``"1 200"``, ``"12,5"``)."""
    if _is_float(value) and math.isfinite(value):
        return value
    value = _checked(value, what)
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise InputError(f"{what} must be a number, not a date or time ({value})")
    return to_number(value, what)


def fraction(value, what: str) -> float:
    """A share in [0, 1] from 85, 0.85, ``"85%"``."""
    value = _checked(value, what)
    if isinstance(value, (_dt.date, _dt.time, _dt.timedelta)):
        raise InputError(f"{what} must be a percentage, not a date or time ({value})")
    return to_fraction(value, what)


def text(value, what: str) -> str:
    """Text (a step name); numbers are shown as Excel shows them (12, not 12.0)."""
    value = _checked(value, what)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip()


def option_text(value, what: str, default: str) -> str:
    """An optional text argument: omitted or blank means ``default``."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
        value = value[0][0]
    if is_empty(value):
        return default
    _raise_if_error(value, what)
    if not isinstance(value, str):
        raise InputError(f"{what} must be text, not {value!r}")
    return value.strip()


def option_number(value, what: str, default: float | None):
    """An optional number argument: omitted or blank means ``default``."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list) and len(value[0]) == 1:
        value = value[0][0]
    return default if is_empty(value) else number(value, what)


# Excel stores times and durations typed as 2:30 as fractions of a day; xlwings hands over
# such a time-formatted cell as a datetime on Excel's day 0 (1899-12-30), or a few days later
# for [h]:mm durations beyond 24 h. Those read as durations; real dates do not.
_EXCEL_DAY_ZERO = _dt.datetime(1899, 12, 30)
_EXCEL_DURATION_LIMIT = _dt.datetime(1900, 1, 31)


class Clock:
    """How durations are read and written: plain numbers are in ``number_unit``, results are
    given in ``unit``, a day has ``hours_per_day`` hours and a week ``days_per_week`` days
    (24 and 7: calendar time)."""

    def __init__(self, unit=None, number_unit=None, hours_per_day=None, default_number_unit: str = "min",
                 days_per_week=None):
        self.unit = option_text(unit, "unit", "min")
        self.number_unit = option_text(number_unit, "number unit", default_number_unit)
        hours = option_number(hours_per_day, "hours per day", 24.0)
        if not 0 < hours <= 24:
            raise InputError(f"hours per day must lie in (0, 24], not {hours:g}")
        days = option_number(days_per_week, "days per week", 7.0)
        if not 0 < days <= 7:
            raise InputError(f"days per week must lie in (0, 7], not {days:g}")
        self.rule = CALENDAR if hours == 24 and days == 7 else DurationRule(hours, days)
        self.rule.minutes_per(self.unit)  # both units are checked here, not at the first cell
        self.rule.minutes_per(self.number_unit)

    def minutes(self, value, what: str) -> float:
        """Minutes in one cell: a duration text, a number in ``unit`` or a time-formatted cell."""
        value = _checked(value, what)
        if isinstance(value, _dt.timedelta):
            return value.total_seconds() / 60
        if isinstance(value, _dt.datetime) and value < _EXCEL_DURATION_LIMIT:
            minutes = (value - _EXCEL_DAY_ZERO).total_seconds() / 60
            if minutes >= 0:
                return minutes
        if isinstance(value, (_dt.date, _dt.time)):
            raise DurationError(f"{what} is a date ({value}), not a duration")
        try:
            return parse_duration(value, self.number_unit, self.rule)
        except DurationError as exc:
            raise DurationError(f"{what}: {exc.message}") from None

    def out(self, minutes: float) -> float:
        """``minutes`` in this clock's unit."""
        result = convert_minutes(minutes, self.unit, self.rule)
        if not math.isfinite(result):
            raise InputError(f"the duration is too long to express in {self.unit}")
        return result


# --------------------------------------------------------------------------------------------
# Tables: steps (one per row) and indicator blocks (indicators in rows, alternatives in columns)
# --------------------------------------------------------------------------------------------

def totals(steps) -> tuple[float, float]:
    """Total process time and total lead time of steps in series (minutes); of parallel
    branches (steps sharing a position) only the longest counts, as in the batch."""
    steps = timeline_steps(steps)
    return math.fsum(s.process_time for s in steps), math.fsum(s.lead_time for s in steps)


def steps(process_times, lead_times, clock: Clock, names=None, resources=None, positions=None) -> list:
    """The filled rows of a step table as core Steps (times in minutes).

    A row whose name and times are all blank is skipped (the unused end of a table); a row with
    some of them is checked: ``row 3: process time is empty``. Without names, steps are called
    after their row. ``positions``: steps sharing a position are parallel branches.
    """
    pt, lt = vector(process_times, "process times"), vector(lead_times, "lead times")
    same_size("process times and lead times", pt, lt)
    named = names is not None
    name_cells = optional_vector(names, "step names", len(pt)).cells
    resource_cells = optional_vector(resources, "resources", len(pt)).cells
    position_cells = optional_vector(positions, "positions", len(pt)).cells
    result = []
    for k, (name, p, l, r, at) in enumerate(zip(name_cells, pt.cells, lt.cells, resource_cells, position_cells)):
        if is_empty(p) and is_empty(l) and (is_empty(name) or error_in(name)):
            _raise_if_error(name, "step name")
            continue
        label = pt.label(k)
        step_name = located(label, text, name, "step name") if named else label or "the step"
        p_min = located(label, clock.minutes, p, "process time")
        l_min = located(label, clock.minutes, l, "lead time")
        count = 1.0 if is_empty(r) else located(label, number, r, "resources")
        if l_min < p_min:
            raise InputError(f"lead time {format_duration(l_min)} is shorter than process time "
                             f"{format_duration(p_min)}", location=label)
        if count <= 0:
            raise InputError(f"resources must be positive, not {count:g}", location=label)
        position = None if is_empty(at) else located(label, number, at, "position")
        result.append(Step(step_name, p_min, l_min, resources=count, position=position))
    if not result:
        raise NoDataError("no steps: every row is empty")
    return result


def value_functions(values, worst, best, function, curvature):
    """The values as a block (indicators in rows) and one core ValueFunction per row, ``None``
    for a row that is entirely blank (an unused indicator row)."""
    b = block(values, "values")
    worst = block(worst, "worst")
    if b.form == "list" and b.width > 1 and worst.height * worst.width > 1:
        b = b.as_column()  # a flat list with one worst per value: one alternative, many indicators
    specs = [per_row(x, what, b.height, "values") for x, what in
             ((worst, "worst"), (best, "best"), (function, "function"), (curvature, "curvature"))]
    functions: list[ValueFunction | None] = []
    for i, (w, bst, fn, c, row) in enumerate(zip(*specs, b.rows)):
        if is_empty(w) and is_empty(bst) and all(map(is_empty, row)):
            functions.append(None)
            continue
        try:
            functions.append(ValueFunction(number(w, "worst"), number(bst, "best"),
                                           option_text(fn, "function", "linear"), option_number(c, "curvature", None)))
        except VsmError as exc:
            raise (exc.at(f"row {i + 1}") if b.height > 1 else exc) from None
    return b, functions


def benefit_rows(functions: list, b: Block) -> list:
    """Partial benefits of every row of values (``None`` function: an unused row, left blank);
    blank cells stay blank. Rows of plain finite floats take the fast paths: numpy passes over
    all of them for a large block where numpy is installed, else one tight loop a row (the
    same floats either way); any other row is read cell by cell and names a bad cell."""
    rows = b.rows
    plain = [all_floats(row) and math.isfinite(sum(row)) for row in rows]
    done: dict[int, list] = {}
    np = numpy_for(b.height * b.width)
    if np is not None:
        fast = [i for i, vf in enumerate(functions) if vf is not None and plain[i]]
        if fast:
            done = dict(zip(fast, benefit_rows_numpy([functions[i] for i in fast], [rows[i] for i in fast], np)))
    return [done[i] if i in done else [""] * len(row) if vf is None else vf.many(row) if plain[i]
            else ["" if is_empty(v) else vf(located(b.label(i, j), number, v, "value")) for j, v in enumerate(row)]
            for i, (vf, row) in enumerate(zip(functions, rows))]


_WEIGHT_TOLERANCE = 0.005  # typed, rounded weights (33.3 %, 33.3 %, 25 %, 8.3 %) are fine


def pooled(partial_benefits, weights):
    """Partial benefits (indicators in rows) and their weights, checked, for overall benefits.

    Returns ``(shape, rows, weights, blank_columns)``: rows of numbers for the rows that are not
    entirely blank (a numpy matrix of them where :func:`_plain_partial_benefits` made one: give
    them to :func:`overall_benefits`), weights rescaled to sum to 1, and the alternatives
    (columns) left blank.
    """
    b = block(partial_benefits, "partial benefits")
    w = block(weights, "weights")
    if b.form == "list" and b.width > 1 and w.height * w.width > 1:
        b = b.as_column()
    w_cells = per_row(w, "weights", b.height, "partial benefits")
    rows, kept = [], []
    for i, (g, row) in enumerate(zip(w_cells, b.rows)):
        if is_empty(g) and all(map(is_empty, row)):
            continue
        label = f"row {i + 1}" if b.height > 1 else None
        kept.append(located(label, fraction, g, "weight"))
        rows.append((i, row))
    if not rows:
        raise NoDataError("no partial benefits: every row is empty")
    total = math.fsum(kept)
    if abs(total - 1) > _WEIGHT_TOLERANCE:
        raise InputError(f"the weights sum to {total:.4g}, not 1 (100 %)")
    kept = [g / total for g in kept]
    plain = _plain_partial_benefits([row for _, row in rows], len(rows) * b.width)
    if plain is not None:
        return b, plain, kept, set()
    blank = {j for j in range(b.width) if all(is_empty(row[j]) for _, row in rows)}
    numbers = []
    for i, row in rows:
        out = []
        for j, v in enumerate(row):
            if j in blank:
                out.append(0.0)
                continue
            u = located(b.label(i, j), number, v, "partial benefit")
            if not 0 <= u <= 1:
                raise InputError(f"a partial benefit lies in [0, 1], not {u:g}", location=b.label(i, j))
            out.append(u)
        numbers.append(out)
    return b, numbers, kept, blank


def _plain_partial_benefits(rows: list, size: int):
    """The rows as they are (or as a numpy matrix, for a large block where numpy is installed)
    if every cell is a float in [0, 1], the usual case; None otherwise."""
    if not all(map(all_floats, rows)):
        return None
    np = numpy_for(size) if SUM_ADDS_LEFT_TO_RIGHT else None
    if np is not None:
        matrix = np.fromiter(chain.from_iterable(rows), float, size).reshape(len(rows), size // len(rows))
        return matrix if 0.0 <= matrix.min() and matrix.max() <= 1.0 else None  # a NaN fails both
    if all(0.0 <= min(row) and max(row) <= 1.0 and math.isfinite(sum(row)) for row in rows):
        return rows
    return None


def overall_benefits(rows, weights) -> list[float]:
    """G of every alternative from :func:`pooled`'s rows (or its numpy matrix: the same floats)."""
    if isinstance(rows, list):
        return benefits.overall_benefits(rows, weights)
    return benefits.overall_benefits_of_matrix(rows, weights)


def count(value, what: str) -> float:
    """A number of items: a number that is not negative."""
    n = number(value, what)
    if n < 0:
        raise InputError(f"{what} cannot be negative ({n:g})")
    return n


def bottleneck_finder(kind):
    """The core function that picks the bottleneck of this ``kind``."""
    key = " ".join(option_text(kind, "kind", "constraint").lower().replace("_", " ").split())
    finders = {"constraint": capacity_constraint, "capacity": capacity_constraint,
               "capacity constraint": capacity_constraint,
               "delay": largest_delay, "largest delay": largest_delay, "wait": largest_delay}
    if key not in finders:
        raise InputError(f"kind must be constraint or delay, not {kind!r}")
    return finders[key]


def pairwise_matrix(matrix, names=None):
    """Core pairwise weights of a square 0/1/2 matrix, and the matrix size. Trailing indicators
    whose row, column and name are all blank are unused slots of a template: left out (their
    results are blank)."""
    b = block(matrix, "matrix")
    n = b.height
    if b.width != n:
        raise InputError(f"the pairwise matrix must be square, not {n}x{b.width}")
    name_cells = optional_vector(names, "names", n).cells
    for k, name in enumerate(name_cells):
        located(f"name {k + 1}", _raise_if_error, name, "indicator name")
    for i, row in enumerate(b.rows):
        for j, v in enumerate(row):
            if i != j:
                located(b.label(i, j), _raise_if_error, v, "comparison")
    used = n
    while used > 1 and is_empty(name_cells[used - 1]) and all(
            is_empty(b.rows[used - 1][j]) and is_empty(b.rows[j][used - 1]) for j in range(used - 1)):
        used -= 1
    labels = [f"indicator {k + 1}" if is_empty(v) else text(v, "indicator name")
              for k, v in enumerate(name_cells[:used])]
    return pairwise_weights([row[:used] for row in b.rows[:used]], labels), n
