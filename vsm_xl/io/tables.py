"""The readable report ``vsm-xl evaluate`` prints by default: states, comparisons with the
current state, weights and alternatives (best marked), warnings.

:func:`report_renderables` gives rich renderables for a terminal (colour where it has some);
:func:`render_tables` renders them to plain text (no colour, no control codes) for pipes and files.
"""
from __future__ import annotations

import io

from vsm_xl.io.spread_text import spread_note, spread_rows
from vsm_xl.io.formatting import (
    num, percent, process_text, ratio, root_cause_rows, signed, signed_percent, summary_pairs, target_rows,
    wait_text, wastes_dict,
)


def report_renderables(analysis, warnings=(), *, ascii_only: bool = False) -> list:
    """The report's parts as rich renderables (tables and text), in print order."""
    from rich import box
    from rich.text import Text

    style = box.ASCII2 if ascii_only else box.SIMPLE_HEAD
    stream = analysis.value_stream
    parts: list = [Text(stream.name or "Value stream", style="bold")]
    if not stream.duration_rule.is_calendar:
        parts.append(Text(f"Durations in {stream.duration_rule.describe()}."))
    pairs = summary_pairs(analysis)
    if pairs:
        parts.append(states_table(analysis, pairs, style))
        if spread_note(analysis):
            parts.append(Text(spread_note(analysis)))
    if analysis.comparisons:
        parts.append(comparisons_table(analysis, style, ascii_only))
    parts.extend(checklist_tables(analysis, style))
    result = analysis.evaluation
    if result is not None:
        parts.append(weights_table(result, style))
        parts.extend(weighting_tables(result, style))
        parts.extend(measured_table(analysis, style))
        parts.append(alternatives_table(analysis, style))
        parts.append(Text(f"Best: {result.best}", style="bold"))
    if not pairs and result is None:
        parts.append(Text("Nothing to evaluate: no states with steps and no evaluation part."))
    parts.extend(warnings_text(analysis, warnings))
    return parts


def states_table(analysis, pairs, style):
    """One column per state, one row per figure: fits the width for any sensible number of states."""
    from rich.table import Table

    stream = analysis.value_stream
    table = Table(title="States", box=style, title_justify="left")
    table.add_column("", justify="left")
    for state, _ in pairs:
        table.add_column(state.name, justify="right")
    rows: list = [
        ("Steps", lambda s: str(s.step_count)),
        ("Total process time", lambda s: process_text(stream, s.total_process_time)),
        ("Total lead time", lambda s: wait_text(stream, s.total_lead_time)),
        ("Total wait time", lambda s: wait_text(stream, s.total_wait_time)),
        ("Flow efficiency", lambda s: percent(s.flow_efficiency)),
        ("Flow rating", lambda s: s.flow_rating),
        ("Rolled %C&A", lambda s: percent(s.rolled_complete_accurate) or "-"),
        ("WIP", lambda s: num(s.wip_total) or "-"),
        ("Capacity constraint", lambda s: s.capacity_constraint),
        ("Secondary constraint", lambda s: s.secondary_constraint or "-"),
        ("Largest delay", lambda s: s.largest_delay),
        ("Highest queue", lambda s: s.highest_queue or "-"),
    ]
    demand = analysis.demand
    if demand is not None:
        rows += [("Takt time", lambda s: process_text(stream, demand.takt_time)),
                 ("WIP in days of demand", lambda s: num(demand.wip_days(s.wip_total)) or "-")]
    for label, cell in rows:
        table.add_row(label, *(cell(summary) for _, summary in pairs))
    for label, texts in spread_rows(analysis):
        table.add_row(label, *texts)
    marked = [s.marked_bottleneck or "-" for _, s in pairs]
    if any(m != "-" for m in marked):
        table.add_row("Marked bottleneck", *marked)
    return table


def comparisons_table(analysis, style, ascii_only: bool = False):
    """Each state against the current one: changes of PT, LT, FE, WIP and rolled %C&A."""
    from rich.table import Table

    def minus_free(text):
        return text.replace("\u2212", "-").replace("×", "x") if ascii_only else text

    table = Table(title=f"Against {analysis.comparisons[0].current}", box=style, title_justify="left")
    for header in ("State", "PT change", "LT change", "FE ratio", "WIP change", "Rolled %C&A change"):
        table.add_column(header, justify="left" if header == "State" else "right")
    for c in analysis.comparisons:
        table.add_row(c.target, minus_free(signed_percent(-c.process_time_reduction)),
                      minus_free(signed_percent(-c.lead_time_reduction)),
                      minus_free(ratio(c.flow_efficiency_ratio)),
                      minus_free(signed(c.wip_change)) if c.wip_change is not None else "-",
                      minus_free(f"{signed(c.rolled_complete_accurate_change * 100, 1)} pp")
                      if c.rolled_complete_accurate_change is not None else "-")
    return table


def weights_table(result, style):
    """The indicators' weights by group: row sum, weight and rank."""
    from rich.table import Table

    table = Table(title="Weights", box=style, title_justify="left")
    for header in ("Indicator", "Group", "Scheme", "Row sum", "Weight", "Rank"):
        table.add_column(header, justify="left" if header in ("Indicator", "Group", "Scheme") else "right")
    for group, w in result.weights.items():
        for name, s, g, r in w.rows():
            table.add_row(name, group, w.scheme, "-" if s is None else num(s), percent(g, 1), str(r))
    return table


def alternatives_table(analysis, style):
    """The alternatives by rank with their benefits and WBF, the best in bold."""
    from rich.table import Table

    result = analysis.evaluation
    table = Table(title="Alternatives (WBF: lower is better)", box=style, title_justify="left")
    states = {a.name: analysis.state_of(a.name) for a in result.alternatives}
    show_state = any(st is not None and st.name != name for name, st in states.items())
    show_basis = any(st is not None and st.basis for st in states.values())
    headers = ["Rank", "Alternative"] + (["State"] if show_state else []) + (["Basis"] if show_basis else [])
    for header in headers + ["G monetary", "G non-monetary", "WBF", ""]:
        table.add_column(header, justify="right" if header in ("Rank", "G monetary", "G non-monetary", "WBF")
                         else "left")
    for a in sorted(result.alternatives, key=lambda a: (a.rank, a.wbf)):
        best = a.name == result.best
        st = states[a.name]
        extra = ([st.name if st else "-"] if show_state else []) + ([st.basis or "-" if st else "-"]
                                                                      if show_basis else [])
        table.add_row(str(a.rank), a.name, *extra, f"{a.benefit_monetary:.4f}", f"{a.benefit_non_monetary:.4f}",
                      f"{a.wbf:.4f}", "best" if best else "", style="bold" if best else None)
    return table


def warnings_text(analysis, warnings) -> list:
    """The warnings given and the analysis' notices (each once), under a heading; none: []."""
    from rich.text import Text

    messages = [f"{w.location}: {w.message}" if getattr(w, "location", None) else w.message for w in warnings]
    given = {w.message for w in warnings}
    messages += [n.message for n in analysis.notices if n.message not in given]
    if not messages:
        return []
    return [Text("Warnings:", style="bold yellow")] + [Text(f"  - {message}") for message in messages]


def measured_table(analysis, style) -> list:
    """The values the measured indicators took from the states: one row per indicator, one
    column per alternative (empty without measured indicators)."""
    from rich.table import Table

    model = analysis.model
    measured = [ind for ind in model.indicators if ind.measure] if model is not None else []
    if not measured:
        return []
    table = Table(title="Measured indicators (from the states' steps)", box=style, title_justify="left")
    for header in ["Indicator", "Measure", "Unit"] + list(model.alternatives):
        table.add_column(header, justify="left" if header in ("Indicator", "Measure", "Unit") else "right")
    for ind in measured:
        table.add_row(ind.name, ind.measure, ind.unit or "-", *(num(v) for v in ind.values))
    return [table]


def checklist_tables(analysis, style) -> list:
    """The checklist's parts: future-state targets against the designed state, inventory in days
    per step (with demand), the waste analysis of the current state and the root causes."""
    from rich.table import Table

    parts = []
    stream = analysis.value_stream
    if analysis.targets:
        table = Table(title="Future-state targets", box=style, title_justify="left")
        for header in ("Figure", "Target", "Designed", "Result"):
            table.add_column(header, justify="right" if header in ("Target", "Designed") else "left")
        for target in target_rows(analysis):
            table.add_row(*target)
        parts.append(table)
    demand = analysis.demand
    if demand is not None and any(c.inventory_reading is not None for checks in demand.checks for c in checks):
        table = Table(title=f"Inventory in days of demand ({num(demand.daily_demand)} a day)", box=style,
                      title_justify="left")
        table.add_column("State", justify="left")
        table.add_column("Step", justify="left")
        table.add_column("Days", justify="right")
        for state, checks in zip(stream.states, demand.checks):
            for c in checks:
                if c.inventory_reading is not None:
                    table.add_row(state.name, c.step, num(c.inventory_reading))
        parts.append(table)
    wastes = wastes_dict(stream)
    if wastes:
        table = Table(title=f"Waste analysis: {stream.current_state.name}", box=style, title_justify="left")
        for header in ("Waste", "Steps", "Seen at", "Waiting", "Root causes"):
            table.add_column(header, justify="right" if header in ("Steps", "Waiting") else "left")
        for kind, w in wastes.items():
            waiting = (f"{wait_text(stream, w['wait_time_minutes'])} ({percent(w['share_of_lead_time'], 1)} of LT)"
                       if w["share_of_lead_time"] is not None else "")
            table.add_row(kind, str(w["step_count"]), ", ".join(w["steps"]) or "-", waiting, "; ".join(w["root_causes"]))
        parts.append(table)
    others = [row for row in root_cause_rows(stream) if not row[0].startswith("waste: ")]
    if others:
        table = Table(title="Root causes", box=style, title_justify="left")
        table.add_column("Of", justify="left")
        table.add_column("Root cause", justify="left")
        for cause in others:
            table.add_row(*cause)
        parts.append(table)
    return parts


def weighting_tables(result, style) -> list:
    """Consistency (AHP) and team tables: scheme, CR with its random index, the most inconsistent
    judgment, consensus; each participant's weights and CR beside the pooled ones."""
    from rich.table import Table

    parts = []
    groups = [(g, w) for g, w in result.weights.items() if w.scheme == "ahp" or w.participants]
    if groups:
        table = Table(title="Weighting (CR above 0.10: revise the judgments)", box=style, title_justify="left")
        for header in ("Group", "Scheme", "CR", "RI", "Most inconsistent judgment", "Participants", "Consensus"):
            table.add_column(header, justify="right" if header in ("CR", "RI", "Participants") else "left")
        for group, w in groups:
            cr = "-" if w.cr is None else f"{w.cr:.3f}" + (" (!)" if w.consistent is False else "")
            consensus = "-" if w.consensus is None else f"{percent(w.consensus, 1)} {w.consensus_band}"
            table.add_row(group, w.scheme, cr, "-" if w.random_index is None else f"{w.random_index:g}",
                          (w.pair_label(w.most_inconsistent) or "-") if w.consistent is False else "-",
                          str(len(w.participants)) if w.participants else "-", consensus)
        parts.append(table)
    for group, w in groups:
        if not w.participants:
            continue
        table = Table(title=f"Team weights: {group} ({w.scheme})", box=style, title_justify="left")
        table.add_column("Participant", justify="left")
        for name in w.indicators:
            table.add_column(name, justify="right")
        table.add_column("CR", justify="right")
        for p in w.participants:
            table.add_row(p.name, *(percent(g, 1) for g in p.weights), "-" if p.cr is None else f"{p.cr:.3f}")
        table.add_row("pooled", *(percent(g, 1) for g in w.weights), "-" if w.cr is None else f"{w.cr:.3f}",
                      style="bold")
        parts.append(table)
    return parts


def render_tables(analysis, warnings=(), *, width: int = 120, ascii_only: bool = False) -> str:
    """The report as plain text (no colour, no terminal codes), ``width`` characters wide at most."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, no_color=True,
                      highlight=False, emoji=False, markup=False, legacy_windows=False)
    for k, part in enumerate(report_renderables(analysis, warnings, ascii_only=ascii_only)):
        if k and not isinstance(part, Text):
            console.print()
        console.print(part)
    lines: list[str] = []
    for line in buffer.getvalue().splitlines():
        line = line.rstrip()
        if line or (lines and lines[-1]):  # one blank line between parts at most
            lines.append(line)
    return "\n".join(lines).strip("\n") + "\n"
