"""Reading the inputs of a vsm_xl template workbook fast, with python-calamine: the
settings and state blocks of the Steps sheet, the Indicators table and the Pairwise
matrices, found by their labels as laid out in :mod:`vsm_xl.workbook.layout`.

This is the portfolio's read-only path (many workbooks, values only, no openpyxl). It reads
the typed inputs, never the computed cells (a workbook saved by openpyxl has no results
cached), and leaves the checking of the model to :func:`vsm_xl.core.analysis.analyze`.
The full reader with every check addressed to its cell is :mod:`vsm_xl.workbook.reader`.
"""
from __future__ import annotations

from pathlib import Path

from vsm_xl.convert.cell_values import is_empty, read_duration, read_text
from vsm_xl.core.durations import DurationRule, normalize_unit
from vsm_xl.core.errors import InputError, ModelError
from vsm_xl.core.model import (
    EvaluationModel, Indicator, PairwiseMatrix, State, Step, ValueStream, Waste,
)
from vsm_xl.core.values import to_fraction, to_number
from vsm_xl.workbook import layout as L


def template_sheets(names) -> bool:
    """Whether a workbook with these sheet names is a vsm_xl template."""
    return all(sheet in names for sheet in L.REQUIRED_SHEETS)


def _grid(book, name: str) -> list[list]:
    if name not in book.sheet_names:
        return []
    sheet = book.get_sheet_by_name(name)
    start = sheet.start
    if start is None:
        return []
    pad = [None] * start[1]
    return [pad + [None if v == "" else v for v in row] for row in sheet.iter_rows()]


def _at(grid, row: int, col: int):
    """Value at 0-based row and column (``None`` beyond the data)."""
    if row < 0 or row >= len(grid):
        return None
    values = grid[row]
    return values[col] if 0 <= col < len(values) else None


def read_template_values(path) -> ValueStream:
    """The value stream typed into a template workbook (states, steps, evaluation)."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    with CalamineWorkbook.from_path(str(path)) as book:
        if not template_sheets(book.sheet_names):
            raise ModelError(f"{path.name} is not a vsm_xl template workbook (no sheets "
                             + ", ".join(L.REQUIRED_SHEETS) + ")")
        steps = _grid(book, L.STEPS)
        indicators = _grid(book, L.INDICATORS)
        pairwise = _grid(book, L.PAIRWISE)
    settings = _settings(steps)
    rule = DurationRule(
        hours_per_day=float(settings["hours_per_day"]) if not is_empty(settings.get("hours_per_day")) else 24.0,
        days_per_week=float(settings["days_per_week"]) if not is_empty(settings.get("days_per_week")) else 7.0,
    )
    unit = settings.get("time_unit")
    unit = normalize_unit(unit) if isinstance(unit, str) and unit.strip() else L.DEFAULT_TIME_UNIT
    states = _states(steps, unit, rule)
    boundaries = tuple((key, read_text(settings[key])) for key in L.BOUNDARY_KEYS if not is_empty(settings.get(key)))
    return ValueStream(
        name=read_text(settings.get("name")), version=read_text(settings.get("version")),
        date=read_text(settings.get("date")), analyst=read_text(settings.get("analyst")),
        boundaries=boundaries, states=tuple(states), evaluation=_evaluation(indicators, pairwise),
        duration_rule=rule,
    )


# -- Steps ----------------------------------------------------------------------------------

def _settings(grid) -> dict:
    labels = {L.fold(s.label): s.key for s in L.SETTINGS}
    found = {}
    label_col, value_col = L.SETTINGS_LABEL_COL - 1, L.SETTINGS_VALUE_COL - 1
    for r in range(len(grid)):
        if L.fold(_at(grid, r, 0)) == L.fold(L.STATE_MARKER):
            break  # the settings are above the first state block
        key = labels.get(L.fold(_at(grid, r, label_col)))
        if key and key not in found:
            found[key] = _at(grid, r, value_col)
    return found


def _states(grid, unit: str, rule: DurationRule) -> list[State]:
    marker, total = L.fold(L.STATE_MARKER), L.fold(L.TOTAL_MARKER)
    headers = {L.fold(c.header): c.key for c in L.STEP_COLUMNS}
    states = []
    r = 0
    while r < len(grid):
        if L.fold(_at(grid, r, 0)) != marker:
            r += 1
            continue
        name = read_text(_at(grid, r, 1))
        kind = L.fold(_at(grid, r, 3)) or ("current" if not states else "target")
        header_row = r + 1
        columns = {}
        for c, value in enumerate(grid[header_row] if header_row < len(grid) else []):
            key = headers.get(L.fold(value))
            if key and key not in columns:
                columns[key] = c
        if "step" not in columns:
            r += 1
            continue
        steps = []
        r = header_row + 1
        while r < len(grid) and L.fold(_at(grid, r, 0)) not in (total, marker):
            step = _step(grid, r, columns, unit, rule)
            if step is not None:
                steps.append(step)
            r += 1
        if steps:  # an empty block of the blank template is no state
            states.append(State(name or f"State {len(states) + 1}", tuple(steps),
                                kind if kind in L.STATE_KINDS else "target"))
    return states


def _where(r: int, c: int) -> str:
    return L.address(L.STEPS, c + 1, r + 1)


def _step(grid, r, columns, unit, rule) -> Step | None:
    def value(key):
        return _at(grid, r, columns[key]) if key in columns else None

    name = read_text(value("step"))
    if not name:
        return None

    def duration(key):
        raw = value(key)
        if is_empty(raw):
            return None
        try:
            return read_duration(raw, unit, None, rule)[0]
        except InputError as exc:
            raise exc.at(_where(r, columns[key])) from None

    def number(key, convert=to_number):
        raw = value(key)
        if is_empty(raw):
            return None
        try:
            return convert(raw)
        except InputError as exc:
            raise exc.at(_where(r, columns[key])) from None

    pt, lt = duration("pt"), duration("lt")
    if pt is None or lt is None:
        raise InputError(f"step {name!r}: {'process' if pt is None else 'lead'} time is missing").at(
            _where(r, columns["pt" if pt is None else "lt"]))
    wastes = []
    for part in read_text(value("wastes")).split(";"):
        if part.strip():
            kind, _, description = part.partition(":")
            wastes.append(Waste(kind.strip().lower(), description.strip()))
    position = number("position")
    return Step(
        name=name, process_time=pt, lead_time=lt, owner=read_text(value("owner")),
        complete_accurate=number("ca", to_fraction), inventory=number("inventory"),
        changeover=duration("changeover"), wastes=tuple(wastes), notes=read_text(value("notes")),
        resources=number("resources") or 1.0,
        position=int(position) if position is not None else None,
        marked_bottleneck=L.fold(value("bottleneck")) in ("yes", "y", "x", "true", "ja"),
    )


# -- Indicators and Pairwise ----------------------------------------------------------------

def _evaluation(indicators, pairwise) -> EvaluationModel | None:
    headers = {L.fold(c.header): c.key for c in L.INDICATOR_COLUMNS}
    header_row, columns = None, {}
    for r in range(min(len(indicators), 30)):
        found = {headers[L.fold(v)]: c for c, v in enumerate(indicators[r]) if L.fold(v) in headers}
        if "name" in found and "worst" in found:
            header_row, columns = r, found
            break
    if header_row is None:
        return None
    first_value = max(columns.values()) + 1
    alternatives = []
    c = first_value
    while not is_empty(_at(indicators, header_row, c)):
        alternatives.append(read_text(_at(indicators, header_row, c)))
        c += 1
    items = []
    for r in range(header_row + 1, len(indicators)):
        name = read_text(_at(indicators, r, columns["name"]))
        if not name:
            continue

        def get(key):
            return _at(indicators, r, columns[key]) if key in columns else None

        def num(raw, where_col):
            if is_empty(raw):
                return None
            try:
                return to_number(raw)
            except InputError as exc:
                raise exc.at(L.address(L.INDICATORS, where_col + 1, r + 1)) from None

        values = tuple(num(_at(indicators, r, first_value + j), first_value + j) for j in range(len(alternatives)))
        items.append(Indicator(
            name=name, group=L.fold(get("group")), worst=num(get("worst"), columns["worst"]),
            best=num(get("best"), columns["best"]), values=values,
            function=L.fold(get("function")) or "linear",
            curvature=num(get("curvature"), columns.get("curvature", 0)), unit=read_text(get("unit")),
        ))
    if not items:
        return None
    return EvaluationModel(tuple(alternatives), tuple(items), _pairwise(pairwise))


def _pairwise(grid) -> dict:
    matrices = {}
    marker, name_header = L.fold(L.GROUP_MARKER), L.fold(L.PAIRWISE_NAME_HEADER)
    for r in range(len(grid)):
        if L.fold(_at(grid, r, 0)) != marker:
            continue
        group = L.fold(_at(grid, r, 1))
        header = r + 1 if L.fold(_at(grid, r + 1, 0)) == name_header else r
        names, rows = [], []
        i = header + 1
        while i < len(grid) and not is_empty(_at(grid, i, 0)) and L.fold(_at(grid, i, 0)) != marker:
            names.append(read_text(_at(grid, i, 0)))
            i += 1
        for k in range(len(names)):
            row = []
            for j in range(len(names)):
                raw = _at(grid, header + 1 + k, 1 + j)
                row.append(None if k == j or is_empty(raw) else to_number(raw))
            rows.append(tuple(row))
        if names:
            matrices[group] = PairwiseMatrix(tuple(names), tuple(rows))
    return matrices
