"""The Estimates sheet: what the workbook holds beyond exact values (METHOD.md sections 3 and 4):
value ranges of the indicators (low / likely / high per alternative, for the sensitivity of the
ranking), the future state's target figures of the checklist (``target_lead_time_hours``...),
the totals the checklist states for a state (``total_lead_time_hours``..., compared with its
steps) and the analyst's root causes (of the value stream, a state or a waste).

Rows are found by their section markers (``Ranges``, ``Targets``, ``Stated totals``, ``Root
causes``) in column A, so rows can be added; a blank *Likely* is the value on the Indicators
sheet (the value the ranking uses).
"""
from __future__ import annotations

import dataclasses

from vsm_xl.core.fields import waste_type
from vsm_xl.core.model import RootCause, ValueStream
from vsm_xl.core.stated import figure
from vsm_xl.core.values import is_blank
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout.template_layout import address, fold

# Writing the sheet needs openpyxl and the styles; they are imported where the sheet is written,
# so that reading a workbook (the portfolio's worker processes) imports no openpyxl.

ESTIMATES = L.ESTIMATES
RANGES_MARKER = "Ranges"
TARGETS_MARKER = "Targets"
RANGE_HEADERS = ("Indicator", "Alternative", "Low", "Likely", "High")
TARGET_HEADERS = ("Target (checklist key)", "Value")
STATED_MARKER = "Stated totals"
STATED_HEADERS = ("Total (checklist key)", "State", "Value")
CAUSES_MARKER = "Root causes"
CAUSES_HEADERS = ("Of", "Root cause")  # of: "value stream", a state's name or a waste
EST_RANGES = "Est_Ranges"  # the defined name of the ranges table
STREAM_WORDS = ("", "value stream")  # what "Of" says for a root cause of the whole stream
MARKERS = (RANGES_MARKER, TARGETS_MARKER, STATED_MARKER, CAUSES_MARKER)
SPARE_ROWS = 5
TEMPLATE_ROWS = 10


def add_estimates(wb, stream: ValueStream | None) -> None:
    """The Estimates sheet, filled from the model's ranges and targets (inserted after Team)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from vsm_xl.workbook.layout import styles as S

    index = wb.sheetnames.index(L.TEAM) + 1 if L.TEAM in wb.sheetnames else len(wb.sheetnames)
    ws = wb.create_sheet(ESTIMATES, index=index)
    ws["A1"] = "Estimates: value ranges, targets, stated totals, root causes"
    S.style_font(ws["A1"], S.TITLE_FONT)
    S.wrapped_note(ws, 2, "Ranges: an estimated value of a target condition as low / likely / high (blank likely "
                 "= the value on Indicators); vsm-xl sensitivity uses them. Targets: the checklist's future-state "
                 "goals (lead_time_hours, flow_efficiency_percent, ...), compared with the future state. Stated "
                 "totals: the totals a checklist gives for a state, compared with its steps. Root causes: of the "
                 "value stream, a state (its name) or a waste (waiting, defects, ...).", len(RANGE_HEADERS), 58)
    for col, width in zip("ABCDE", (26, 22, 13, 13, 13)):
        ws.column_dimensions[col].width = width
    evaluation = stream.evaluation if stream is not None else None
    ranges: list[tuple] = []  # (indicator, alternative, (low, likely, high))
    if evaluation is not None:
        for ind in evaluation.indicators:
            for j, bounds in enumerate(ind.ranges):
                if bounds is not None and j < len(evaluation.alternatives):
                    ranges.append((ind.name, evaluation.alternatives[j], bounds))
    rows = len(ranges) + SPARE_ROWS if stream is not None else TEMPLATE_ROWS
    row = _section(ws, 4, RANGES_MARKER, RANGE_HEADERS)
    pick = DataValidation(type="list", formula1=f"={L.IND_NAMES}", allow_blank=True)
    pick.showErrorMessage = False
    ws.add_data_validation(pick)
    for k in range(rows):
        r = row + k
        name, alternative, bounds = ranges[k] if k < len(ranges) else (None, None, None)
        low, high = (bounds[0], bounds[2]) if bounds is not None else (None, None)
        values = (name, alternative, low, None, high)  # likely: the Indicators value
        for c, value in enumerate(values, start=1):
            S.style_input(ws.cell(row=r, column=c, value=value), L.NUMBER_FORMAT if c > 2 else None)
        pick.add(f"A{r}")
    from openpyxl.workbook.defined_name import DefinedName

    # the ranges table as one name: the live Sensitivity sheet's SMAA-2 functions read it
    wb.defined_names[EST_RANGES] = DefinedName(EST_RANGES, attr_text=f"{L.sheet_ref(ESTIMATES)}!$A${row}:$E${row + rows - 1}")
    targets = list(stream.future_targets) if stream is not None else []
    row = _section(ws, row + rows + 2, TARGETS_MARKER, TARGET_HEADERS)
    spare = SPARE_ROWS if stream is not None else TEMPLATE_ROWS // 2
    for k in range(len(targets) + spare):
        key, value = targets[k] if k < len(targets) else (None, None)
        S.style_input(ws.cell(row=row + k, column=1, value=key))
        S.style_input(ws.cell(row=row + k, column=2, value=value), L.NUMBER_FORMAT)
    row += len(targets) + spare
    stated = [(key, state.name, value) for state in (stream.states if stream is not None else ())
              for key, value in state.stated]
    row = _section(ws, row + 2, STATED_MARKER, STATED_HEADERS)
    for k in range(len(stated) + spare):
        given: tuple = stated[k] if k < len(stated) else (None, None, None)
        for c, value in enumerate(given, start=1):
            S.style_input(ws.cell(row=row + k, column=c, value=value), L.NUMBER_FORMAT if c == 3 else None)
    row += len(stated) + spare
    causes = root_cause_cells(stream) if stream is not None else []
    row = _section(ws, row + 2, CAUSES_MARKER, CAUSES_HEADERS)
    ws.merge_cells(start_row=row - 1, start_column=2, end_row=row - 1, end_column=len(RANGE_HEADERS))
    for k in range(len(causes) + spare):
        where, text = causes[k] if k < len(causes) else (None, None)
        S.style_input(ws.cell(row=row + k, column=1, value=where))
        S.style_input(ws.cell(row=row + k, column=2, value=text))
        ws.merge_cells(start_row=row + k, start_column=2, end_row=row + k, end_column=len(RANGE_HEADERS))
    S.protect(ws)


def root_cause_cells(stream: ValueStream) -> list[tuple[str, str]]:
    """(of, text) per root cause: ``value stream``, the state's name or the waste."""
    rows = []
    for cause in stream.root_causes:
        if cause.waste:
            rows.append((cause.waste, cause.text))
        elif cause.state is not None and cause.state < len(stream.states):
            rows.append((stream.states[cause.state].name, cause.text))
        else:
            rows.append((STREAM_WORDS[1], cause.text))
    return rows


def _section(ws, row: int, marker: str, headers) -> int:
    from vsm_xl.workbook.layout import styles as S

    S.style_font(ws.cell(row=row, column=1, value=marker), S.SUBTITLE_FONT)
    for c, text in enumerate(headers, start=1):
        S.style_header(ws.cell(row=row + 1, column=c, value=text))
    return row + 2


def _rows(grid, marker: str):
    """The data rows of a section: from below its header to the next marker or the end."""
    start = next((r for r in range(1, grid.max_row + 1) if fold(grid.value(1, r)) == fold(marker)), None)
    if start is None:
        return []
    rows = []
    for r in range(start + 2, grid.max_row + 1):
        if fold(grid.value(1, r)) in [fold(m) for m in MARKERS]:
            break
        rows.append(r)
    return rows


def apply_estimates(reader, stream: ValueStream) -> ValueStream:
    """``stream`` with the ranges and targets of the Estimates sheet (problems name their cells)."""
    grid = reader.grids.get(ESTIMATES)
    if grid is None:
        return stream
    targets = []
    for r in _rows(grid, TARGETS_MARKER):
        key = reader.text(grid, 1, r).strip()
        raw = reader.value(grid, 2, r)
        if not key and is_blank(raw):
            continue
        if not key:
            reader.problem(grid.title, 1, r, "a target value without its name (e.g. lead_time_hours)")
            continue
        number = _number(reader, grid, 2, r, f"target {key}")
        if number is not None:
            targets.append((key[len("target_"):] if key.startswith("target_") else key, number))
    stream = dataclasses.replace(stream, future_targets=tuple(targets))
    stream = _apply_stated(reader, grid, stream)
    evaluation = stream.evaluation
    found: dict = {}
    for r in _rows(grid, RANGES_MARKER):
        name, alternative = reader.text(grid, 1, r).strip(), reader.text(grid, 2, r).strip()
        cells = [reader.value(grid, c, r) for c in (3, 4, 5)]
        if not name and not alternative and all(is_blank(v) for v in cells):
            continue
        if evaluation is None or name not in [i.name for i in evaluation.indicators]:
            reader.problem(grid.title, 1, r, f"range for {name!r}: not an indicator on the Indicators sheet")
            continue
        if alternative not in evaluation.alternatives:
            reader.problem(grid.title, 2, r, f"range for {name!r}: {alternative!r} is not one of the alternatives")
            continue
        i = [ind.name for ind in evaluation.indicators].index(name)
        j = evaluation.alternatives.index(alternative)
        value = evaluation.indicators[i].values[j] if j < len(evaluation.indicators[i].values) else None
        low = _number(reader, grid, 3, r, f"range of {name!r} for {alternative!r}: low")
        high = _number(reader, grid, 5, r, f"range of {name!r} for {alternative!r}: high")
        likely = value if is_blank(cells[1]) else _number(reader, grid, 4, r,
                                                           f"range of {name!r} for {alternative!r}: likely")
        if low is None or high is None or likely is None:
            if is_blank(cells[0]) or is_blank(cells[2]):
                reader.problem(grid.title, 3 if is_blank(cells[0]) else 5, r,
                               f"range of {name!r} for {alternative!r}: low and high are both needed")
            continue
        if (i, j) in found:
            reader.problem(grid.title, 1, r, f"range of {name!r} for {alternative!r} given twice")
            continue
        found[(i, j)] = (low, likely, high)
        reader.cells.setdefault(("range", i, j), address(grid.title, 3, r))
    if evaluation is None or not found:
        return stream
    indicators = []
    for i, ind in enumerate(evaluation.indicators):
        ranges = tuple(found.get((i, j)) for j in range(len(ind.values)))
        indicators.append(dataclasses.replace(ind, ranges=ranges if any(ranges) else ()))
    return dataclasses.replace(stream, evaluation=dataclasses.replace(evaluation, indicators=tuple(indicators)))


def _apply_stated(reader, grid, stream: ValueStream) -> ValueStream:
    """The stated totals (by state name) and the root causes of the sheet."""
    names = [state.name for state in stream.states]
    stated: dict = {}
    for r in _rows(grid, STATED_MARKER):
        key, name, raw = reader.text(grid, 1, r).strip(), reader.text(grid, 2, r).strip(), reader.value(grid, 3, r)
        if not key and not name and is_blank(raw):
            continue
        if figure(key) is None:
            reader.problem(grid.title, 1, r, f"stated total {key!r}: not a total the checklist states "
                           "(e.g. total_lead_time_hours, flow_efficiency_percent, total_wip)")
            continue
        if name not in names:
            reader.problem(grid.title, 2, r, f"stated total {key}: {name!r} is not a state on the Steps sheet")
            continue
        number = _number(reader, grid, 3, r, f"stated total {key}")
        if number is None:
            if is_blank(raw):
                reader.problem(grid.title, 3, r, f"stated total {key} of {name!r} has no value")
            continue
        s = names.index(name)
        stated.setdefault(s, []).append((key, number))
        reader.cells.setdefault(("stated", s, key), address(grid.title, 3, r))
    causes = []
    for r in _rows(grid, CAUSES_MARKER):
        where, text = reader.text(grid, 1, r).strip(), reader.text(grid, 2, r).strip()
        if not text:
            if where:
                reader.problem(grid.title, 2, r, f"root cause of {where!r} is blank")
            continue
        if fold(where) in [fold(w) for w in STREAM_WORDS]:
            causes.append(RootCause(text))
        elif where in names:
            causes.append(RootCause(text, state=names.index(where)))
        elif waste_type(where) is not None:
            causes.append(RootCause(text, waste=waste_type(where) or ""))
        else:
            reader.problem(grid.title, 1, r, f"root cause of {where!r}: not a state on the Steps sheet nor one "
                           "of the eight wastes (blank: of the value stream)")
    states = tuple(dataclasses.replace(state, stated=tuple(stated.get(s, ()))) for s, state in enumerate(stream.states))
    return dataclasses.replace(stream, states=states, root_causes=tuple(causes))


def _number(reader, grid, col: int, row: int, what: str):
    raw = reader.value(grid, col, row)
    if is_blank(raw):
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        try:
            return float(str(raw).strip().replace(",", "."))
        except ValueError:
            reader.problem(grid.title, col, row, f"{what} must be a number, not {raw!r}")
            return None
    return float(raw)

