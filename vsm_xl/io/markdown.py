"""The checklist's "Value Stream Analysis Summary" as Markdown: scope, current-state metrics,
every state's steps, the comparison with the current state, top wastes, improvements by
priority, roadmap and the comprehensive evaluation (weights, G, WBF, rank, best)."""
from __future__ import annotations

import re
from collections import Counter

from vsm_xl.core.errors import VsmError
from vsm_xl.core.improvements import prioritized
from vsm_xl.core.model import ValueStream
from vsm_xl.io.formatting import markdown_text  # re-exported: the Markdown exports' escape
from vsm_xl.io.formatting import (
    num, percent, process_text, ratio, root_cause_rows, signed, signed_percent, step_flags, summary_pairs,
    target_rows, wait_text, waste_root_causes,
)


# What Markdown renderers interpret inside a line of text: raw HTML (``<script>``,
# ``<img onerror=...>``), entity references, code spans, emphasis, links and images,
# strikethrough and table cell bars. Shown as typed: ``<`` ``>`` as entities, ``&`` before an
# entity name as ``&amp;``, the others backslash-escaped (CommonMark: any ASCII punctuation).
# What starts a block at the start of a line (a list item's text): heading, list, quote, rule.
_BLOCK_START = re.compile(r"^(\d*)([#+\-=]|(?<=\d)[.)])")


def _cell(value) -> str:
    """Text safe inside a Markdown table cell (or anywhere in a line)."""
    return markdown_text(value)


def _table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _title(text: str) -> str:
    return markdown_text(text)


def _item(text: str) -> str:
    """A list item's text: also what would start a heading, list or quote is escaped."""
    return _BLOCK_START.sub(r"\1\\\2", markdown_text(text))


def _aside(state_name: str) -> str:
    """`` (As-is 2024)`` after a heading when the current state has a name of its own."""
    return "" if state_name == "Current state" else f" ({_title(state_name)})"


def _fixed(value, digits: int = 4) -> str:
    return f"{value:.{digits}f}"


def markdown_summary(analysis, warnings=()) -> str:
    """The whole summary as Markdown text."""
    stream = analysis.value_stream
    out: list[str] = []
    title = "# Value Stream Analysis Summary"
    out.append(f"{title}: {_title(stream.name)}" if stream.name else title)
    facts = [f"{label}: {markdown_text(value)}" for label, value in
             (("Version", stream.version), ("Date", stream.date), ("Analyst", stream.analyst)) if value]
    if facts:
        out += ["", " · ".join(facts)]
    if not stream.duration_rule.is_calendar:
        out += ["", f"Durations in {stream.duration_rule.describe()}."]
    if stream.boundaries:
        out += ["", "## Scope", ""]
        out += _table(["Boundary", "Value"],
                      [(key.replace("_", " ").capitalize(), value) for key, value in stream.boundaries])
    pairs = summary_pairs(analysis)
    current = stream.current_state
    if pairs:
        base_state, base = next((p for p in pairs if p[0] is current), pairs[0])
        out += ["", f"## Current state metrics{_aside(base_state.name)}", ""]
        out += _table(["Metric", "Value"], current_metric_rows(analysis, base_state, base))
        for state, summary in pairs:
            out += ["", f"## Steps: {_title(state.name)}", ""]
            if state is not base_state:
                out += [f"Total PT {process_text(stream, summary.total_process_time)}, total LT "
                        f"{wait_text(stream, summary.total_lead_time)}, flow efficiency {percent(summary.flow_efficiency)} "
                        f"({summary.flow_rating}), WIP {num(summary.wip_total) or '—'}, capacity constraint "
                        f"{markdown_text(summary.capacity_constraint)} (secondary "
                        f"{markdown_text(summary.secondary_constraint or '—')}), largest delay "
                        f"{markdown_text(summary.largest_delay)}, highest queue "
                        f"{markdown_text(summary.highest_queue or '—')}.", ""]
            out += _steps_table(state, stream)
    if analysis.comparisons:
        out += ["", f"## Comparison with the current state{_aside(analysis.comparisons[0].current)}", ""]
        out += _table(COMPARISON_HEADERS, comparison_rows(analysis))
    if any(state.steps for state, _ in pairs):
        from vsm_xl.io.mermaid import mermaid_flowchart

        out += ["", "## Flowcharts", "",
                "Capacity constraint (largest PT) in red, largest delay (largest WT) in orange."]
        for state, summary in pairs:
            out += ["", f"### {_title(state.name)}", "", "```mermaid", mermaid_flowchart(state, summary).rstrip("\n"),
                    "```"]
    if analysis.targets:
        out += ["", "## Future-state targets", ""]
        out += _table(["Target", "Value", "Designed", "Result"], target_rows(analysis))
    wastes = top_wastes(pairs, current, waste_root_causes(stream))
    if wastes:
        out += ["", "## Top wastes", ""]
        out += _table(WASTE_HEADERS, wastes)
    causes = [row for row in root_cause_rows(stream) if not row[0].startswith("waste: ")]
    if causes:
        out += ["", "## Root causes", ""]
        out += _table(["Of", "Root cause"], causes)
    if stream.improvements:
        out += ["", "## Improvements by priority", ""]
        rows = improvement_rows(stream)
        out += _table(["Priority", "Improvement", "Waste eliminated", "Impact", "Effort", "LT reduction",
                       "Phase"], rows)
    if stream.roadmap:
        out += ["", "## Roadmap", ""]
        out += _table(["Phase", "Improvements", "Duration"],
                      [(p.phase, ", ".join(p.improvements),
                        f"{num(p.duration_weeks)} weeks" if p.duration_weeks is not None else "")
                       for p in stream.roadmap])
    if analysis.evaluation is not None:
        out += _evaluation(analysis.evaluation, analysis.model, analysis.state_of)
    notes = [f"{w.location}: {w.message}" if getattr(w, "location", None) else w.message for w in warnings]
    notes += [n.message for n in analysis.notices if n.message not in {w.message for w in warnings}]
    if notes:
        out += ["", "## Warnings", ""] + [f"- {_item(n)}" for n in notes]
    return "\n".join(out) + "\n"


def improvement_rows(stream) -> list[tuple]:
    """(priority, improvement, waste eliminated, impact, effort, LT reduction, phase) in the order
    of the plan (given priorities first, then impact and effort; a bad level keeps the given order)."""
    try:
        ordered = prioritized(stream.improvements)
    except VsmError:
        ordered = stream.improvements
    # an improvement's phase: its own, else the roadmap phase that lists it
    roadmap_phase = {name: p.phase for p in stream.roadmap for name in p.improvements}
    rows = []
    for rank, item in enumerate(ordered, 1):
        phase = item.phase if item.phase is not None else roadmap_phase.get(item.name, "")
        rows.append((item.priority if item.priority is not None else f"({rank})", item.name,
                     item.waste_eliminated, item.impact, item.effort,
                     f"{num(item.lead_time_reduction_hours)} h" if item.lead_time_reduction_hours is not None
                     else "", phase))
    return rows


def current_metric_rows(analysis, state, summary) -> list[tuple]:
    """:func:`metric_rows` of ``state`` and, with customer demand, its takt time and the steps
    slower than takt (computed once, in the core's analysis)."""
    stream = analysis.value_stream
    rows = metric_rows(summary, stream)
    spread = analysis.spread_of(state.name)
    if spread is not None:  # step times given as low / likely / high: after the flow efficiency
        from vsm_xl.io.spread_text import LABELS, spread_cells

        rows[5:5] = list(zip(LABELS, spread_cells(spread, analysis.value_stream.duration_rule)))
    if analysis.demand is not None:
        behind = analysis.demand.behind_takt(analysis.value_stream.states.index(state))
        rows += [("Takt time", f"{process_text(stream, analysis.demand.takt_time)} per unit "
                               f"(demand per {analysis.demand.period})"),
                 ("Steps slower than takt", ", ".join(behind) or "none"),
                 ("WIP in days of demand", num(analysis.demand.wip_days(summary.wip_total)) or "—")]
    return rows


def metric_rows(s, stream=None) -> list[tuple]:
    """A state's headline figures; durations by the display rule of ``stream`` (its working day
    and display setting; calendar time without one)."""
    stream = stream if stream is not None else ValueStream()
    rows = [
        ("Steps", s.step_count),
        ("Total process time", process_text(stream, s.total_process_time)),
        ("Total lead time", wait_text(stream, s.total_lead_time)),
        ("Total wait time", wait_text(stream, s.total_wait_time)),
        ("Flow efficiency", f"{percent(s.flow_efficiency)} ({s.flow_rating})"),
        ("Rolled %C&A", percent(s.rolled_complete_accurate) or "—"),
        ("WIP", num(s.wip_total) or "—"),
        ("Capacity constraint (largest PT)", s.capacity_constraint),
        ("Secondary constraint (second-largest PT)", s.secondary_constraint or "—"),
        ("Largest delay (largest WT)", s.largest_delay),
        ("Highest queue (largest inventory)", s.highest_queue or "—"),
    ]
    if s.marked_bottleneck:
        rows.append(("Bottleneck marked by hand", s.marked_bottleneck))
    if s.parallel_steps_skipped:
        rows.append(("Parallel branches not on the timeline", ", ".join(s.parallel_steps_skipped)))
    return rows


COMPARISON_HEADERS = ("State", "PT change", "LT change", "FE ratio", "WIP change", "Rolled %C&A change")
STEP_HEADERS = ("#", "Step", "Owner", "PT", "LT", "WT", "%C&A", "Inventory", "Waste", "Bottleneck", "Notes")
# per-step flag -> (short class name, words): the bottleneck column of the exports
MARKS = (("capacity_constraint", "constraint", "capacity constraint"), ("largest_delay", "delay", "largest delay"),
         ("marked_bottleneck", "marked", "marked bottleneck"))


def comparison_rows(analysis) -> list[tuple]:
    """Every other state against the current state, as the summary prints it."""
    return [(c.target, signed_percent(-c.process_time_reduction), signed_percent(-c.lead_time_reduction),
             ratio(c.flow_efficiency_ratio), signed(c.wip_change) if c.wip_change is not None else "—",
             f"{signed(c.rolled_complete_accurate_change * 100, 1)} pp"
             if c.rolled_complete_accurate_change is not None else "—") for c in analysis.comparisons]


def _mark_words(found) -> str:
    return ", ".join(words for _, words in found)


def step_rows(state, marks=_mark_words, stream=None) -> list[tuple]:
    """One row per step (:data:`STEP_HEADERS`); ``marks`` turns the step's ``(class, words)``
    marks into the bottleneck cell; durations by the display rule of ``stream``."""
    stream = stream if stream is not None else ValueStream()
    rows = []
    for k, (step, flags) in enumerate(zip(state.steps, step_flags(state)), 1):
        found = [(name, words) for key, name, words in MARKS if flags[key]]
        rows.append((k, step.name, step.owner, process_text(stream, step.process_time),
                     wait_text(stream, step.lead_time), wait_text(stream, step.wait_time),
                     percent(step.complete_accurate, 1) if step.complete_accurate is not None else "",
                     num(step.inventory), ", ".join(w.type for w in step.wastes), marks(found), step.notes))
    return rows


def _steps_table(state, stream=None) -> list[str]:
    return _table(STEP_HEADERS, step_rows(state, stream=stream))


WASTE_HEADERS = ("Waste", "Steps", "Seen at", "Root causes")


def top_wastes(pairs, current, causes=None) -> list[tuple]:
    """Wastes of the current state (all states when it has none), most frequent first, with the
    root causes the document gives per waste (``causes``: waste -> texts; a waste no step is
    marked with but given a root cause comes last, seen at no step)."""
    chosen = [state for state, _ in pairs if state is current and any(s.wastes for s in state.steps)]
    if not chosen:
        chosen = [state for state, _ in pairs]
    counts: Counter = Counter()
    where: dict = {}
    for state in chosen:
        for step in state.steps:
            for waste in step.wastes:
                counts[waste.type] += 1
                detail = f"{step.name} ({waste.description})" if waste.description else step.name
                where.setdefault(waste.type, []).append(detail)
    order = sorted(counts, key=lambda w: (-counts[w], list(counts).index(w)))
    causes = dict(causes or {})
    rows = [(w, counts[w], "; ".join(where[w]), "; ".join(causes.pop(w, []))) for w in order]
    return rows + [(w, 0, "", "; ".join(texts)) for w, texts in causes.items()]


def _weighting_lines(result) -> list[str]:
    """One line per group weighted by AHP or by a team: scheme, CR with its random index, the
    judgment to revise, participants and consensus."""
    lines = []
    for group, w in result.weights.items():
        if w.scheme != "ahp" and not w.participants:
            continue
        parts = [w.scheme]
        if w.cr is not None:
            parts.append(f"CR {w.cr:.3f} (random index {w.random_index:g})"
                         + (f", revise {w.pair_label(w.most_inconsistent)}" if w.consistent is False else ""))
        if w.participants:
            parts.append(f"{len(w.participants)} participants")
        if w.consensus is not None:
            parts.append(f"consensus {percent(w.consensus, 1)} ({w.consensus_band})")
        lines.append(f"- {group}: " + ", ".join(parts))
    return ["", *lines] if lines else []


def _evaluation(result, model, state_of=lambda name: None) -> list[str]:
    out = ["", "## Evaluation of alternatives", ""]
    groups = {ind.name: ind.group for ind in model.indicators} if model is not None else {}
    rows = []
    for group, w in result.weights.items():
        for name, s, g, r in w.rows():
            rows.append((name, groups.get(name, group), "-" if s is None else num(s), percent(g, 1), r))
    out += ["### Weights", ""]
    out += _table(["Indicator", "Group", "Row sum", "Weight", "Rank"], rows)
    out += _weighting_lines(result)
    measured = [ind for ind in model.indicators if ind.measure] if model is not None else []
    if measured:
        out += ["", "### Measured indicators (from each alternative's state)", ""]
        out += _table(["Indicator", "Measure", "Unit"] + list(model.alternatives),
                      [(ind.name, ind.measure, ind.unit or "-", *(num(v) for v in ind.values)) for ind in measured])
    out += ["", "### Alternatives (WBF: lower is better)", ""]
    order = sorted(result.alternatives, key=lambda a: (a.rank, a.wbf))
    bases = [getattr(state_of(a.name), "basis", "") or "-" for a in order]
    shown = any(b != "-" for b in bases)  # a Basis column only where a state says how it was obtained
    ranked = [(a.rank, a.name + (" (best)" if a.name == result.best else ""), *([basis] if shown else []),
               _fixed(a.benefit_monetary), _fixed(a.benefit_non_monetary), _fixed(a.wbf))
              for a, basis in zip(order, bases)]
    out += _table(["Rank", "Alternative", *(["Basis"] if shown else []), "G monetary", "G non-monetary", "WBF"],
                  ranked)
    best = result.alternative(result.best)
    out += ["", f"**Best alternative: {_cell(best.name)}** (WBF {_fixed(best.wbf)}, the shortest distance to the "
            "ideal point (1, 1))."]
    return out
