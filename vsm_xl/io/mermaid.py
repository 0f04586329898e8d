"""Mermaid flowcharts of the states, in the checklist's form: one ``flowchart LR`` per state,
a node per step reading ``Name<br/>PT: 15m | LT: 2h<br/>WIP: 50``, arrows in flow order and
the capacity constraint (the bottleneck) filled ``#ff9999``.

Node ids are ``S1``, ``S2``, ... (safe whatever the step names); labels are quoted with
Mermaid's entity codes for the characters that would break them.
"""
from __future__ import annotations

from vsm_xl.core.durations import format_duration
from vsm_xl.core.state_metrics import summarize_state
from vsm_xl.io.formatting import num, step_flags

BOTTLENECK_FILL = "#ff9999"

# Mermaid entity codes (``#quot;``) for characters that end or confuse a quoted label.
_ESCAPES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"))


def escape_label(text: str) -> str:
    """Text safe inside a quoted Mermaid label (``"`` -> ``#quot;``); line breaks become spaces."""
    text = " ".join(str(text).split())
    for char, code in _ESCAPES:
        text = text.replace(char, code)
    return text


def node_label(step) -> str:
    """``Order Entry<br/>PT: 15m | LT: 2h<br/>WIP: 50`` (no WIP line without inventory)."""
    label = f"{escape_label(step.name)}<br/>PT: {format_duration(step.process_time)} | LT: {format_duration(step.lead_time)}"
    if step.inventory is not None:
        label += f"<br/>WIP: {num(step.inventory)}"
    return label


def _groups(steps) -> list[list[int]]:
    """Step indexes grouped into flow positions: parallel branches (same ``position``) share one."""
    groups: list[list[int]] = []
    last_position = object()
    for index, step in enumerate(steps):
        if step.position is not None and step.position == last_position:
            groups[-1].append(index)
        else:
            groups.append([index])
        last_position = step.position
    return groups


def mermaid_flowchart(state, summary=None, *, direction: str = "LR") -> str:
    """The flowchart of one state. ``summary`` (a StateSummary) is computed when not given.

    Parallel branches (steps sharing a ``position``, next to each other) fan out from the
    previous step and join into the next.
    """
    if summary is None and state.steps:
        summary = summarize_state(state)
    lines = [f"flowchart {direction}", f"    %% {escape_label(state.name)}"]
    ids = [f"S{k + 1}" for k in range(len(state.steps))]
    for node, step in zip(ids, state.steps):
        lines.append(f'    {node}["{node_label(step)}"]')
    groups = _groups(state.steps)
    for before, after in zip(groups, groups[1:]):
        for a in before:
            for b in after:
                lines.append(f"    {ids[a]} --> {ids[b]}")
    for node, flags in zip(ids, step_flags(state)):
        if flags["capacity_constraint"] or flags["marked_bottleneck"]:
            lines.append(f"    style {node} fill:{BOTTLENECK_FILL}")
    return "\n".join(lines) + "\n"


def mermaid_document(analysis, *, fenced: bool = True) -> str:
    """Every state's flowchart. ``fenced``: Markdown with a heading and a ```mermaid block per
    state (renders on GitHub and in most Markdown viewers); otherwise the bare flowcharts
    separated by a blank line (a ``.mmd`` file holds one diagram, so use this for one state)."""
    stream = analysis.value_stream
    parts = []
    if fenced:
        title = f"# Value stream flowcharts: {stream.name}" if stream.name else "# Value stream flowcharts"
        parts.append(title + "\n")
    for state, summary in zip(stream.states, analysis.states):
        chart = mermaid_flowchart(state, summary)
        if fenced:
            note = f"Bottleneck (capacity constraint): {summary.capacity_constraint}"
            if summary.marked_bottleneck and summary.marked_bottleneck != summary.capacity_constraint:
                note += f"; marked by hand: {summary.marked_bottleneck}"
            parts.append(f"## {state.name}\n\n```mermaid\n{chart}```\n\n{note}.\n")
        else:
            parts.append(chart)
    if not stream.states:
        parts.append("_No states to draw._\n" if fenced else "")
    return "\n".join(parts)
