"""The report's charts, drawn with matplotlib (imported here only: the core and the cell
functions never import it): the indifference curves of the evaluation, a tornado chart of the
weight intervals, the SMAA-2 rank acceptabilities, the lead-time ladder of every state and cycle
time against takt.

Each ``*_chart`` function returns a :class:`matplotlib.figure.Figure` (no pyplot, no global
state); :func:`render` turns one into PNG or SVG bytes. Every figure comes from the core's
results (an :class:`~vsm_xl.core.analysis.Analysis`, a
:class:`~vsm_xl.core.sensitivity.Sensitivity`): nothing is computed here but positions.
"""
from __future__ import annotations

import io
import math
from typing import Any

from vsm_xl.core import chart_steps
from vsm_xl.core.benefits import indifference_curve
from vsm_xl.core.state_metrics import capacity_constraint, largest_delay, timeline_steps

FORMATS = ("png", "svg")
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf")  # the native Excel chart's colours (vsm_xl.workbook.sheets.chart)
CONSTRAINT = "#d62728"  # the capacity constraint / largest delay, as the Mermaid diagrams mark them
DELAY = "#ff9f1c"
OTHERS = "#c8c8c8"  # the steps a summarised chart does not draw one by one
_RC: Any = {"svg.hashsalt": "vsm-xl", "svg.fonttype": "path", "font.size": 9, "axes.titlesize": 11,
       "axes.spines.top": False, "axes.spines.right": False}


def _figure(width: float, height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def render(figure, fmt: str = "png", *, dpi: int = 110) -> bytes:
    """PNG or SVG bytes of ``figure`` (deterministic: no dates, fixed SVG ids)."""
    import matplotlib

    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r} (use png or svg)")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": "vsm-xl"}
    with matplotlib.rc_context(_RC):
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    return buffer.getvalue()


def _apply_rc(fn):
    """Build the figure under the report's style (fonts, spines)."""
    def wrapped(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context(_RC):
            return fn(*args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = fn.__name__, fn.__doc__
    return wrapped


@_apply_rc
def indifference_chart(evaluation):
    """Every alternative at (G non-monetary, G monetary), the arc of its indifference curve (its
    WBF around the ideal point (1, 1), inside the unit square: for a WBF above 1 only the middle
    of the quarter circle lies inside) and the ideal point."""
    fig = _figure(6.4, 5.2)
    ax = fig.add_subplot()
    for j, alt in enumerate(evaluation.alternatives):
        color = PALETTE[j % len(PALETTE)]
        if alt.wbf > 0:
            xs, ys = zip(*indifference_curve(min(alt.wbf, math.sqrt(2)), points=121))
            ax.plot(xs, ys, linestyle="--", linewidth=1.2, color=color, alpha=0.85)
        best = alt.name == evaluation.best
        ax.scatter([alt.benefit_non_monetary], [alt.benefit_monetary], s=90 if best else 55, color=color,
                   edgecolor="black" if best else color, linewidth=1.2, zorder=3,
                   label=f"{alt.name}: WBF {alt.wbf:.4f}" + (" (best)" if best else ""))
    ax.scatter([1], [1], marker="D", s=70, color="black", zorder=4, label="Ideal point (1, 1)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_aspect("equal")
    ax.set_xlabel("G non-monetary")
    ax.set_ylabel("G monetary")
    ax.set_title("Indifference curves (WBF: distance to the ideal point, lower is better)")
    ax.grid(True, linewidth=0.4, alpha=0.5)
    ax.legend(loc="lower left", fontsize=8, framealpha=0.9)
    return fig


@_apply_rc
def tornado_chart(found):
    """One bar per indicator from the low to the high end of its weight interval (the best
    alternative stays best inside it), the current weight marked, the alternative taking over
    written at each inner end; widest intervals at the bottom, narrowest (most sensitive) on top."""
    items = sorted(found.weights, key=lambda s: (-(s.high - s.low), s.group, s.indicator))
    fig = _figure(7.6, 0.55 * len(items) + 1.6)
    ax = fig.add_subplot()
    for k, s in enumerate(items):
        color = PALETTE[0] if s.group == "monetary" else PALETTE[2]
        ax.barh(k, max(s.high - s.low, 0.004), left=s.low, height=0.55, color=color, alpha=0.75)
        ax.plot([s.weight], [k], marker="|", markersize=16, markeredgewidth=2.5, color="black")
        if s.below:
            ax.text(s.low - 0.01, k, f"{s.below} ←", ha="right", va="center", fontsize=8)
        if s.above:
            ax.text(s.high + 0.01, k, f"→ {s.above}", ha="left", va="center", fontsize=8)
    ax.set_yticks(range(len(items)), [f"{s.indicator} ({s.group})" for s in items])
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.7, len(items) - 0.3)
    ax.xaxis.set_major_formatter(_percent_formatter())
    ax.set_xlabel(f"Weight in its group (bar: {found.best} stays best; |: current weight)")
    ax.set_title("Weight stability: where the best alternative changes")
    ax.grid(True, axis="x", linewidth=0.4, alpha=0.5)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=PALETTE[0], alpha=0.75, label="monetary"),
                       Patch(color=PALETTE[2], alpha=0.75, label="non-monetary")],
              loc="upper center", bbox_to_anchor=(0.5, -0.22 if len(items) < 4 else -0.12), ncol=2,
              fontsize=8, frameon=False)
    return fig


def _percent_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: f"{value * 100:.0f} %")


@_apply_rc
def ladder_chart(states, summaries, stream=None):
    """The lead time of every state to one scale: per state a bar of its steps' waiting time
    (left panel, in the unit of the longest lead time by the display rule) and a bar of their
    process time (right panel, its own unit, so that it shows beside the waiting); segments in
    flow order, the largest delay and the capacity constraint in colour, the totals (as
    ``vsm-xl evaluate`` prints them) at the end of each bar."""
    from vsm_xl.core import display
    from vsm_xl.core.model import ValueStream

    stream = stream if stream is not None else ValueStream()
    rule = stream.duration_rule
    fixed_wait, fixed_process = display.units_of(stream)
    pairs = [(st, su) for st, su in zip(states, summaries) if st.steps]
    wait_unit = fixed_wait or display.axis_unit(max(su.total_wait_time for _, su in pairs), display.WAIT, rule)
    process_unit = fixed_process or display.axis_unit(max(su.total_process_time for _, su in pairs),
                                                      display.PROCESS, rule)
    fig = _figure(10, 0.75 * len(pairs) + 1.6)
    wait_ax, process_ax = fig.subplots(1, 2, sharey=True)
    for row, (state, summary) in enumerate(pairs):
        y = len(pairs) - 1 - row  # the first state on top
        steps, others = _charted(timeline_steps(state.steps))
        constraint, delay = capacity_constraint(state.steps), largest_delay(state.steps)
        for ax, kind, unit, value_of, total, marked, colour in (
                (wait_ax, display.WAIT, wait_unit, lambda s: s.wait_time, summary.total_wait_time, delay, DELAY),
                (process_ax, display.PROCESS, process_unit, lambda s: s.process_time, summary.total_process_time,
                 constraint, CONSTRAINT)):
            per = rule.minutes_per(unit)
            left = 0.0
            for k, step in enumerate(steps):
                width = value_of(step) / per
                base = "#9aa8b8" if kind == display.WAIT else "#1f77b4"
                ax.barh(y, width, left=left, height=0.55, color=colour if step is marked else base,
                        edgecolor="white", linewidth=0.8)
                left += width
            if others:  # the steps not drawn one by one (core.chart_steps): one light segment, their sum
                width = sum(value_of(step) for step in others) / per
                ax.barh(y, width, left=left, height=0.55, color=OTHERS, edgecolor="white", linewidth=0.8)
                left += width
            ax.text(left, y, f" {display.of(stream, total, kind)}", va="center",
                    ha="left", fontsize=8.5)
    wait_ax.set_yticks(range(len(pairs)), [_short(st.name, 22) + _summary_words(st) for st, _ in reversed(pairs)])
    wait_ax.set_xlabel(f"Waiting time ({wait_unit})")
    process_ax.set_xlabel(f"Process time ({process_unit})")
    for ax in (wait_ax, process_ax):
        ax.margins(x=0.18)
        ax.set_xlim(left=0)
        ax.grid(True, axis="x", linewidth=0.4, alpha=0.5)
        ax.set_axisbelow(True)
    wait_ax.set_title("Waiting per state (largest delay orange)", loc="left", fontsize=10)
    process_ax.set_title("Process time per state (constraint red)", loc="left", fontsize=10)
    return fig


def _charted(steps) -> tuple[list, list]:
    """(steps drawn one by one, the others) of a state's per-step chart, by the one rule of
    :mod:`vsm_xl.core.chart_steps`: every step, or past its limit the longest lead times first."""
    if not chart_steps.summarised(len(steps)):
        return list(steps), []
    drawn = chart_steps.longest_steps([step.lead_time for step in steps])
    chosen = set(drawn)
    return [steps[k] for k in drawn], [step for k, step in enumerate(steps) if k not in chosen]


def _summary_words(state) -> str:
    """The words under a summarised state's name in the ladder."""
    if not chart_steps.summarised(len(state.steps)):
        return ""
    return f"\n{chart_steps.LONGEST_SHOWN} longest LT of\n{len(state.steps):,} steps; others grey"


def _short(name: str, width: int = 16) -> str:
    """A step name wrapped onto at most two lines of ``width`` characters."""
    import textwrap

    lines = textwrap.wrap(name, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder="…")]
    return "\n".join(lines)


@_apply_rc
def takt_chart(states, demand=None, stream=None):
    """Cycle time (process time per resource) of every step of every state against the takt
    time (``demand``: the analysis' :class:`~vsm_xl.core.analysis.DemandSummary`), one scale for
    all states; steps behind takt in red. The takt line and its label only where takt exists."""
    from vsm_xl.core import display
    from vsm_xl.core.model import ValueStream

    stream = stream if stream is not None else ValueStream()
    rule = stream.duration_rule
    shown = [(s, state) for s, state in enumerate(states) if state.steps]
    takt = demand.takt_time if demand is not None else None
    cycles = {}
    for s, state in shown:
        if demand is not None:
            cycles[s] = [c.process_time_per_resource for c in demand.checks[s]]
        else:
            cycles[s] = [step.process_time / step.resources for step in state.steps]
    largest = max([c for values in cycles.values() for c in values] + ([takt] if takt is not None else []) + [1e-9])
    unit = display.units_of(stream)[1] or display.axis_unit(largest, display.PROCESS, rule)
    per = rule.minutes_per(unit)
    fig = _figure(10, 2.6 * len(shown) + 0.6)
    axes = fig.subplots(len(shown), 1, squeeze=False, sharey=True)[:, 0]
    for ax, (s, state) in zip(axes, shown):
        if demand is not None:
            colors = ["#1f77b4" if c.keeps_up else CONSTRAINT for c in demand.checks[s]]
        else:
            colors = ["#1f77b4"] * len(cycles[s])
        names, cycle, colors, title = _takt_bars(state, cycles[s], colors)
        bars = ax.bar(range(len(cycle)), [c / per for c in cycle], color=colors, width=0.6)
        for bar, c in zip(bars, cycle):
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), display.of(stream, c, display.PROCESS),
                    ha="center", va="bottom", fontsize=8)
        if takt is not None:
            ax.axhline(takt / per, color="black", linestyle="--", linewidth=1.2)
            ax.text(len(cycle) - 0.5, takt / per, f" takt {display.of(stream, takt, display.PROCESS)}",
                    va="bottom", ha="right", fontsize=8.5)
        ax.set_ylim(0, largest / per * 1.22)
        # a summarised state's 31 bars: names upright would overlap
        ax.set_xticks(range(len(cycle)), names, fontsize=8, rotation=90 if title else 0)
        ax.set_ylabel(f"Cycle time ({unit})")
        note = "" if takt is not None else " (no customer demand given: no takt)"
        ax.set_title(f"{state.name}: cycle time per step (PT per resource){note}{title}", loc="left", fontsize=10)
    return fig


def _takt_bars(state, cycle: list, colors: list) -> tuple[list, list, list, str]:
    """(names, cycle times, colours, title words) of one state's bars: every step, or past the
    limit of :mod:`vsm_xl.core.chart_steps` its longest lead times and the others' average."""
    steps = state.steps
    if not chart_steps.summarised(len(steps)):
        return [_short(step.name, 14) for step in steps], cycle, colors, ""
    drawn = chart_steps.longest_steps([step.lead_time for step in steps])
    chosen = set(drawn)
    rest = [c for k, c in enumerate(cycle) if k not in chosen]
    return ([_short(steps[k].name, 14) for k in drawn] + [_short(chart_steps.others_label(len(rest)), 30)],
            [cycle[k] for k in drawn] + [sum(rest) / len(rest)], [colors[k] for k in drawn] + [OTHERS],
            chart_steps.title_suffix(len(steps)))


@_apply_rc
def acceptability_chart(smaa):
    """SMAA-2 rank acceptabilities (a :class:`~vsm_xl.core.smaa.SmaaResult`): one horizontal bar
    per alternative, stacked by rank from rank 1 (dark green) to the last rank (red), each
    segment its share of the draws (labelled from 6 %); at the right end how often the
    alternative ranked first, or that it never did."""
    import matplotlib
    from matplotlib.patches import Patch

    alternatives = smaa.alternatives
    m = len(alternatives)
    cmap = matplotlib.colormaps["RdYlGn_r"]
    colors = [cmap(0.08 + 0.84 * r / max(m - 1, 1)) for r in range(m)]
    fig = _figure(8.4, 0.55 * m + 1.9)
    ax = fig.add_subplot()
    for k, alt in enumerate(alternatives):
        y = m - 1 - k  # the first alternative on top
        left = 0.0
        for r, b in enumerate(alt.acceptability):
            if b <= 0:
                continue
            ax.barh(y, b, left=left, height=0.6, color=colors[r], edgecolor="white", linewidth=0.6)
            if b >= 0.06:
                red, green, blue, _ = colors[r]
                dark = 0.299 * red + 0.587 * green + 0.114 * blue < 0.55
                ax.text(left + b / 2, y, f"{b * 100:.0f} %", ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
            left += b
        first = alt.acceptability[0]
        ax.text(1.015, y, f"first in {first * 100:.1f} %" if first > 0 else "never first", ha="left",
                va="center", fontsize=8, color="black" if first > 0 else "#5b6877")
    ax.set_yticks(range(m), [_short(a.name, 22) for a in reversed(alternatives)])
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, m - 0.4)
    ax.xaxis.set_major_formatter(_percent_formatter())
    ax.set_xlabel(f"Share of the {smaa.draws:,} draws of weights and values")
    ax.set_title("Rank acceptability (SMAA-2): how often each alternative takes each rank")
    ax.grid(True, axis="x", linewidth=0.4, alpha=0.5)
    ax.set_axisbelow(True)
    ax.legend(handles=[Patch(color=colors[r], label=f"rank {r + 1}") for r in range(m)], loc="upper center",
              bbox_to_anchor=(0.5, -0.2 if m < 4 else -0.14), ncol=min(m, 8), fontsize=8, frameon=False)
    return fig


def report_charts(analysis, found=None, smaa=None) -> dict:
    """Every chart the analysis has data for: ``{"indifference", "tornado", "acceptability",
    "ladder", "takt"}`` (keys missing where there is nothing to draw; ``smaa`` is a
    :class:`~vsm_xl.core.smaa.SmaaResult`)."""
    charts = {}
    stream = analysis.value_stream
    if analysis.evaluation is not None:
        charts["indifference"] = indifference_chart(analysis.evaluation)
    if found is not None:
        charts["tornado"] = tornado_chart(found)
    if smaa is not None:
        charts["acceptability"] = acceptability_chart(smaa)
    if any(s.steps for s in stream.states):
        charts["ladder"] = ladder_chart(stream.states, analysis.states, stream)
        charts["takt"] = takt_chart(stream.states, analysis.demand, stream)
    return charts


def write_charts(analysis, folder, found=None, formats=FORMATS, smaa=None) -> list:
    """Write every chart as ``<name>.png`` / ``.svg`` into ``folder``; returns the paths."""
    from pathlib import Path

    from vsm_xl.io.atomic import atomic_path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in report_charts(analysis, found, smaa).items():
        for fmt in formats:
            path = folder / f"{name}.{fmt}"
            with atomic_path(path) as tmp:
                Path(tmp).write_bytes(render(figure, fmt))
            written.append(path)
    return written
