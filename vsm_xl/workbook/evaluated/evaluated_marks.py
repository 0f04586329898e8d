"""Inputs an evaluated copy fills where the user left them blank, so that the copy reads
completely without the add-in: the Bottleneck column says which step is the capacity
constraint and which the largest delay, and the Improvements priority gives the order the
method derives (impact descending, then effort ascending; METHOD.md section 1). A cell the
user filled is never touched; the reader reads these words as "not marked by hand"."""
from __future__ import annotations

from vsm_xl.core.improvements import prioritized
from vsm_xl.workbook.layout import template_layout as L


def filled_inputs(grids: dict, read, analysis) -> dict:
    """``{(sheet, row, col): value}`` of the blank input cells an evaluated copy fills."""
    out: dict = {}
    steps = grids.get(L.STEPS)
    g = read.geometry
    if steps is not None:
        for s, b in enumerate(read.state_blocks):
            if b is None or s >= len(analysis.states):
                continue
            block = g.blocks[b]
            col = block.columns.get("bottleneck")
            if col is None:
                continue
            summary = analysis.states[s]
            state = analysis.value_stream.states[s]
            seen: set = set()
            for step, r in zip(state.steps, block.step_rows):
                if steps.value(col, r) not in (None, ""):
                    continue
                marks = [word for word, name in ((L.BOTTLENECK_MARKS[0], summary.capacity_constraint),
                                                 (L.BOTTLENECK_MARKS[1], summary.largest_delay))
                         if step.name == name and word not in seen]
                seen.update(marks)
                if marks:
                    out[(L.STEPS, r, col)] = ", ".join(marks)
    improvements = grids.get(L.IMPROVEMENTS)
    table = g.improvements
    items = read.stream.improvements
    if improvements is not None and table is not None and items and "priority" in table.columns:
        name_col, col = table.columns.get("name", 1), table.columns["priority"]
        rows = [r for r in table.rows if improvements.value(name_col, r) not in (None, "")]
        if len(rows) == len(items):
            given = [i.priority for i in items if i.priority is not None]
            nxt = int(max(given, default=0)) + 1
            number = {}
            for item in prioritized(items):
                if item.priority is None:
                    number[id(item)] = nxt
                    nxt += 1
            for item, r in zip(items, rows):
                if item.priority is None and improvements.value(col, r) in (None, ""):
                    out[(L.IMPROVEMENTS, r, col)] = number[id(item)]
    return out
