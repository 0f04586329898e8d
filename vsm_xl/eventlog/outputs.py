"""Writing a measurement: a new YAML model or template workbook (with Measurement and History),
or the refresh of an existing workbook's current state.

The refresh patches the workbook's package (:mod:`vsm_xl.workbook.xlsx.patch`) like the evaluated
copy: only the input cells of the current state's step rows change (its name, kind, the other
states, improvements, the evaluation and every other sheet stay as they are; a step's wastes,
notes and measured-indicator fields are kept where a step of the same name was there before),
the Measurement sheet is rewritten and History gets one more row. The saved results are then
recomputed (``cached_values.add_cached_values``) and the copy is verified to have lost nothing
(``preserve.verify_copy``) before it replaces the workbook atomically.
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import replace
from pathlib import Path

from vsm_xl.core.errors import OutputError, VsmError
from vsm_xl.core.model import State, Step
from vsm_xl.io.atomic import atomic_path
from vsm_xl.eventlog.sheets import add_history_sheet, add_measurement_sheet, history_row, read_history


def write_mined(mined, stream, path, *, today: _dt.date | None = None) -> Path:
    """Write ``stream`` (holding the measured current state) to ``path``: YAML/JSON, or a
    template workbook with the Measurement and History sheets."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        _write_yaml(stream, path)
    elif suffix == ".xlsx":
        from vsm_xl.workbook.writer import write_template

        with atomic_path(path) as tmp:
            write_template(tmp, _blank_unmeasured(stream))
            _add_sheets(tmp, tmp, mined, [history_row(mined, today)])
    else:
        raise OutputError(f"{path.name}: write the measurement as .yaml, .json or .xlsx")
    return path


def _blank_unmeasured(stream):
    """The stream as written: PT not measured (NaN) is left blank for the user to type."""
    states = tuple(replace(s, steps=tuple(replace(k, process_time=None) if _unmeasured(k) else k
                                          for k in s.steps)) for s in stream.states)
    return replace(stream, states=states)


def _unmeasured(step: Step) -> bool:
    return isinstance(step.process_time, float) and math.isnan(step.process_time)


def _write_yaml(stream, path: Path) -> None:
    import json

    import yaml

    from vsm_xl.io.interchange_write import stream_to_dict
    from vsm_xl.io.yaml_io import write_yaml

    if not any(_unmeasured(k) for s in stream.states for k in s.steps):
        write_yaml(stream, path)
        return
    data = stream_to_dict(replace(stream, states=tuple(
        replace(s, steps=tuple(replace(k, process_time=0.0) if _unmeasured(k) else k for k in s.steps))
        for s in stream.states)))
    unmeasured = {k.name for s in stream.states for k in s.steps if _unmeasured(k)}

    def blank(node):  # not measured: null, so that the reader asks for it at this path
        if isinstance(node, dict):
            if node.get("name") in unmeasured and node.get("process_time_minutes") == 0:
                node["process_time_minutes"] = None
            for value in node.values():
                blank(value)
        elif isinstance(node, list):
            for value in node:
                blank(value)

    blank(data)
    from vsm_xl.io.atomic import write_text_atomic

    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if path.suffix.lower() == ".json" else \
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    write_text_atomic(path, text)


def _add_sheets(source, target, mined, history, *, puts=None, read=None) -> None:
    """Read the package at ``source``, patch the steps (``puts``), put Measurement and History,
    write the package to ``target`` and recompute its saved results."""
    from vsm_xl.workbook.evaluated.cached_values import add_cached_values
    from vsm_xl.workbook.xlsx.package import epoch_of, open_package
    from vsm_xl.workbook.xlsx.patch import StylesPatch, patch_sheet
    from vsm_xl.workbook.evaluated.package_copy import write_package
    from vsm_xl.workbook.writer import _styles_part

    package = read.package if read is not None else open_package(source)
    rule = read.stream.duration_rule if read is not None else None
    parts = dict(package.parts)
    styles = _styles_part(package)
    patch_styles = StylesPatch(parts[styles]) if styles else None
    if puts:
        epoch = epoch_of(package)
        sheets = dict(package.sheets)
        for title, cells in puts.items():
            grid = read.grids.get(title)
            patched = patch_sheet(parts[sheets[title]], cells, grid.formulas if grid else {}, epoch)
            if patched is not None:
                parts[sheets[title]] = patched
    from vsm_xl.core.durations import CALENDAR

    rule = rule or CALENDAR
    add_measurement_sheet(package, parts, mined, patch_styles, rule)
    add_history_sheet(package, parts, history, patch_styles, rule)
    if patch_styles is not None and patch_styles.changed:
        parts[styles] = patch_styles.result()
    write_package(package, parts, target)
    add_cached_values(target)


# -- the refresh ---------------------------------------------------------------------------------
def refresh_workbook(mined, workbook, out=None, *, today: _dt.date | None = None) -> Path:
    """Replace the current state of ``workbook`` with the measurement (in place, or into
    ``out``) and append a History row."""
    from vsm_xl.workbook.layout import template_layout as L
    from vsm_xl.workbook.evaluated import preserve
    from vsm_xl.workbook.xlsx.patch import Put
    from vsm_xl.workbook.read.reader import read_workbook

    workbook = Path(workbook)
    target = Path(out) if out else workbook
    if workbook.suffix.lower() != ".xlsx" or target.suffix.lower() != ".xlsx":
        raise OutputError(f"--refresh takes a template workbook (.xlsx), not {workbook.name}")
    preserve.check_macros(workbook, ".xlsx", "refresh the workbook")
    read = read_workbook(workbook)
    stream = read.stream
    current = stream.current_state
    if current is None:
        raise VsmError(f"{workbook.name} has no current state to refresh (the Steps sheet has no state block)")
    s = stream.states.index(current)
    block = read.geometry.blocks[read.state_blocks[s]]
    steps = _merged_steps(current, mined.state)
    rows = list(block.rows)
    if len(steps) > len(rows):
        raise VsmError(f"{workbook.name}: the current state {current.name!r} has room for {len(rows)} steps on the "
                       f"Steps sheet, the log has {len(steps)} (write a new workbook with -o, or add rows)")
    cells: dict = {}
    for k, r in enumerate(rows):
        values = _row_values(steps[k]) if k < len(steps) else {}
        for key, col in block.columns.items():
            if key in L.STEP_INPUT_KEYS:
                cells[(r, col)] = Put(value=values.get(key))
    col, row = block.basis_cell
    if read.grids[L.STEPS].value(L.BASIS_LABEL_COL, row) is not None:  # a workbook with a Basis cell
        cells[(row, col)] = Put(value="measured")
    history = read_history(read.package) + [history_row(mined, today)]
    with atomic_path(target) as tmp:
        _add_sheets(workbook, tmp, mined, history, puts={L.STEPS: cells}, read=read)
        preserve.verify_copy(workbook, tmp, "refresh the workbook")
    return target


def _merged_steps(old: State, new: State) -> tuple[Step, ...]:
    """The measured steps, each keeping what the log does not measure (wastes, notes, C/O,
    bottleneck mark, the measured indicators' fields) from the old step of the same name."""
    before = {k.name: k for k in old.steps}
    out = []
    for k in new.steps:
        was = before.get(k.name)
        if was is not None:
            k = replace(was, name=k.name, process_time=k.process_time, lead_time=k.lead_time, owner=k.owner,
                        complete_accurate=k.complete_accurate, inventory=k.inventory, resources=k.resources,
                        position=k.position, notes=k.notes or was.notes)
        out.append(k)
    return tuple(out)


def _minutes_text(minutes) -> str | None:
    """A duration cell's text in minutes: it reads back the same whatever the Steps time unit."""
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return None
    return f"{minutes:g} min"


def _row_values(step: Step) -> dict:
    from vsm_xl.workbook.sheets.template import _step_values
    from vsm_xl.core.durations import CALENDAR

    values = _step_values(replace(step, process_time=0.0) if _unmeasured(step) else step, CALENDAR)
    values["pt"] = _minutes_text(step.process_time)
    values["lt"] = _minutes_text(step.lead_time)
    if step.changeover is not None and step.operating_time is None:
        values["changeover"] = _minutes_text(step.changeover)
    return values
