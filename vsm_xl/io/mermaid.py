"""Mermaid flowcharts of the states, in the checklist's form: one ``flowchart LR`` per state,
a node per step reading ``Name<br/>PT: 15 min | LT: 2 h<br/>WIP: 50`` (durations by the one
display rule, core/display), arrows in flow order labelled with the waiting time in front of
the step they enter, the current state first, the
capacity constraint (the bottleneck, largest PT; or marked by hand) filled ``#ff9999`` and the
largest delay (largest WT) ``#ffd27f``, as Mermaid classes (``classDef``).

Node ids are ``S1``, ``S2``, ... (``S2_1`` ... in a document with one subgraph per state:
safe whatever the step names); labels are quoted with Mermaid's entity codes for the
characters that would break them. The output is checked with Mermaid's own parser
(``mermaid.parse`` of the npm ``mermaid`` package, tests/io/test_mermaid_parser.py).
"""
from __future__ import annotations

from vsm_xl.core.model import ValueStream
from vsm_xl.io.formatting import markdown_text, num, process_text, step_flags, wait_text

BOTTLENECK_FILL = "#ff9999"
DELAY_FILL = "#ffd27f"
# class name -> style; a step both the constraint and the largest delay gets the third
CLASSES = (
    ("constraint", f"fill:{BOTTLENECK_FILL},stroke:#b00000,stroke-width:2px"),
    ("delay", f"fill:{DELAY_FILL},stroke:#b36b00,stroke-width:2px"),
    ("constraintdelay", f"fill:{BOTTLENECK_FILL},stroke:#b36b00,stroke-width:3px"),
)

# Mermaid entity codes (``#quot;``) for characters that end or confuse a quoted label; ``#``
# first, as every code holds one. ``%`` -> ``#37;``: Mermaid reads a ``%%{init: ...}%%``
# directive anywhere in the text, labels and comments included, and it would restyle (or
# reconfigure) the whole diagram. A backtick would end the Markdown fence around the diagram.
_ESCAPES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("%", "#37;"), ("`", "#96;"))


def escape_label(text: str) -> str:
    """Text safe inside a quoted Mermaid label or a comment (``"`` -> ``#quot;``, ``%`` ->
    ``#37;``: no directive); line breaks become spaces."""
    text = " ".join(str(text).split())
    for char, code in _ESCAPES:
        text = text.replace(char, code)
    return text


def node_label(step, stream=None) -> str:
    """``Order Entry<br/>PT: 15 min | LT: 2 h<br/>WIP: 50`` (no WIP line without inventory);
    durations by the display rule of ``stream`` (calendar time without one)."""
    stream = stream if stream is not None else ValueStream()
    label = (f"{escape_label(step.name)}<br/>PT: {process_text(stream, step.process_time)} | "
             f"LT: {wait_text(stream, step.lead_time)}")
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


def _body(state, ids, indent: str, stream=None) -> tuple[list[str], dict]:
    """Node and arrow lines of one state, and ``{class name: [node ids]}``. Each arrow carries
    the waiting time (WT) of the step it enters: the time material waits between the two."""
    stream = stream if stream is not None else ValueStream()
    lines = [f'{indent}{node}["{node_label(step, stream)}"]' for node, step in zip(ids, state.steps)]
    groups = _groups(state.steps)
    for before, after in zip(groups, groups[1:]):
        for a in before:
            for b in after:
                wait = escape_label(f"WT {wait_text(stream, state.steps[b].wait_time)}")
                lines.append(f'{indent}{ids[a]} -->|"{wait}"| {ids[b]}')
    marked: dict = {}
    for node, flags in zip(ids, step_flags(state)):
        constraint = flags["capacity_constraint"] or flags["marked_bottleneck"]
        delay = flags["largest_delay"]
        name = "constraintdelay" if constraint and delay else "constraint" if constraint else "delay" if delay else None
        if name:
            marked.setdefault(name, []).append(node)
    return lines, marked


def _class_lines(marked: dict, indent: str = "    ") -> list[str]:
    used = [(name, style) for name, style in CLASSES if name in marked]
    lines = [f"{indent}classDef {name} {style}" for name, style in used]
    lines += [f"{indent}class {','.join(marked[name])} {name}" for name, _ in used]
    return lines


def mermaid_flowchart(state, summary=None, *, direction: str = "LR", stream=None) -> str:
    """The flowchart of one state (a whole Mermaid diagram). ``summary`` is accepted for
    symmetry with the other exports; the marks come from the steps themselves.

    Parallel branches (steps sharing a ``position``, next to each other) fan out from the
    previous step and join into the next.
    """
    lines = [f"flowchart {direction}", f"    %% {escape_label(state.name)}"]
    ids = [f"S{k + 1}" for k in range(len(state.steps))]
    body, marked = _body(state, ids, "    ", stream)
    return "\n".join(lines + body + _class_lines(marked)) + "\n"


def mermaid_diagram(analysis, *, direction: str = "LR") -> str:
    """All states in ONE Mermaid diagram (a ``.mmd`` file): a subgraph per state, titled with
    its name, the marks of every state as classes."""
    stream = analysis.value_stream
    lines = [f"flowchart {direction}"]
    if stream.name:
        lines.append(f"    %% {escape_label(stream.name)}")
    marked: dict = {}
    for s, state in _current_first(stream):
        if not state.steps:
            continue
        lines.append(f'    subgraph G{s}["{escape_label(state.name)}"]')
        lines.append(f"        direction {direction}")
        body, found = _body(state, [f"S{s}_{k + 1}" for k in range(len(state.steps))], "        ", stream)
        lines += body
        lines.append("    end")
        for name, nodes in found.items():
            marked.setdefault(name, []).extend(nodes)
    if len(lines) == 1 + bool(stream.name):  # no steps anywhere: a diagram must have a node
        lines.append('    empty["No states with steps"]')
    return "\n".join(lines + _class_lines(marked)) + "\n"


def _current_first(stream) -> list:
    """(number in document order, state), the current state first (its number kept)."""
    numbered = list(enumerate(stream.states, 1))
    return sorted(numbered, key=lambda pair: pair[1].kind != "current")


def mermaid_document(analysis, *, fenced: bool = True) -> str:
    """Every state's flowchart. ``fenced``: Markdown with a heading and a ```mermaid block per
    state (renders on GitHub and in most Markdown viewers); otherwise one raw Mermaid diagram
    (:func:`mermaid_diagram`, a subgraph per state: what a ``.mmd`` file holds)."""
    if not fenced:
        return mermaid_diagram(analysis)
    stream = analysis.value_stream
    parts = []
    title = f"# Value stream flowcharts: {markdown_text(stream.name)}" if stream.name else "# Value stream flowcharts"
    parts.append(title + "\n")
    summaries = dict(zip(map(id, stream.states), analysis.states))
    for _, state in _current_first(stream):
        summary = summaries.get(id(state))
        if summary is None:
            continue
        chart = mermaid_flowchart(state, summary, stream=stream)
        note = (f"Bottleneck (capacity constraint): {markdown_text(summary.capacity_constraint)}; largest delay: "
                f"{markdown_text(summary.largest_delay)}")
        if summary.marked_bottleneck and summary.marked_bottleneck != summary.capacity_constraint:
            note += f"; marked by hand: {markdown_text(summary.marked_bottleneck)}"
        parts.append(f"## {markdown_text(state.name)}\n\n```mermaid\n{chart}```\n\n{note}.\n")
    if not stream.states:
        parts.append("_No states to draw._\n")
    return "\n".join(parts)
