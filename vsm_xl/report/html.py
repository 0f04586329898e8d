"""The report: ONE self-contained HTML file a manager can read, forward and print to PDF.

Charts are inline (SVG as data URIs), there is no script, no font and no style sheet from the
network. Every figure comes from the core's :class:`~vsm_xl.core.analysis.Analysis` and
:class:`~vsm_xl.core.sensitivity.Sensitivity`; the wording and number formats are those of the
Markdown summary (:mod:`vsm_xl.io.markdown`, :mod:`vsm_xl.io.formatting`). Every piece of user
text is escaped (:func:`html.escape`).

Sections: the checklist's Value Stream Analysis Summary (current metrics, top wastes with the
waiting share of the lead time, future-state targets, improvement priorities and roadmap),
the current state against every target condition, the value stream maps (the SVG drawing of
:mod:`vsm_xl.io.map_svg`, inline; the timeline and takt charts), the evaluation (weights with scheme,
CR, participants and consensus, partial benefits, G, the WBF ranking, indifference curves), its
sensitivity and its SMAA-2 acceptabilities.
"""
from __future__ import annotations

import base64
from html import escape

from vsm_xl.core.version import __version__
from vsm_xl.core.ahp import CR_LIMIT
from vsm_xl.core.waste_analysis import waste_analysis
from vsm_xl.io.formatting import (
    num, percent, process_text, root_cause_rows, summary_pairs, target_rows, wait_text, waste_root_causes,
)
from vsm_xl.io.markdown import (
    COMPARISON_HEADERS, STEP_HEADERS, WASTE_HEADERS, comparison_rows, current_metric_rows, improvement_rows, step_rows, top_wastes,
)
from vsm_xl.io.map_drawing import state_drawings
from vsm_xl.io.map_svg import svg_text
from vsm_xl.io.sensitivity_report import interval_text
from vsm_xl.io.spread_text import spread_note, spread_rows

CSS = """
:root { --ink: #1d2733; --muted: #5b6877; --line: #d5dbe3; --head: #eef2f7; --accent: #1f5fa8;
        --bad: #b00020; --warn: #8a5a00; --good: #176b32; }
* { box-sizing: border-box; }
body { font: 14px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 16px; margin: 20px 0 6px; }
p.meta { color: var(--muted); margin: 0 0 12px; }
nav ol { columns: 2; margin: 8px 0 0; padding-left: 20px; }
nav a { color: var(--accent); text-decoration: none; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.best td { font-weight: 700; background: #f1f8f2; }
.mark { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; margin-right: 3px; }
.mark.constraint { background: #ff9999; }
.mark.delay { background: #ffd27f; }
.mark.marked { background: #e0e0e0; }
.warn { color: var(--warn); font-weight: 600; }
.bad { color: var(--bad); font-weight: 600; }
.callout { background: #f3f6fa; border-left: 4px solid var(--accent); padding: 8px 12px; margin: 8px 0 12px; }
figure { margin: 10px 0 16px; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figure.vsm-map svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { color: var(--muted); font-size: 12px; margin-top: 2px; }
pre.mermaid { background: #f7f7f9; border: 1px solid var(--line); padding: 8px 10px; font-size: 11.5px;
              white-space: pre-wrap; word-break: break-word; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line);
         padding-top: 6px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table, figure, pre.mermaid, .callout { break-inside: avoid; page-break-inside: avoid; }
  section.major { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
  th { background: #eef2f7 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .mark, tr.best td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(value) -> str:
    """User text (or any value) escaped for HTML; None as an empty cell."""
    return "" if value is None else escape(str(value), quote=True)


def _table(headers, rows, *, numeric=(), row_classes=None) -> str:
    """A table; ``numeric``: indexes of right-aligned columns; cells are escaped unless they are
    :class:`_Raw` (markup built here)."""
    head = "".join(f'<th class="num">{_e(h)}</th>' if k in numeric else f"<th>{_e(h)}</th>"
                   for k, h in enumerate(headers))
    body = []
    for r, row in enumerate(rows):
        cls = f' class="{row_classes[r]}"' if row_classes and row_classes[r] else ""
        cells = "".join(f'<td class="num">{_cell(c)}</td>' if k in numeric else f"<td>{_cell(c)}</td>"
                        for k, c in enumerate(row))
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Raw(str):
    """Markup made here from escaped parts: not escaped again."""


def _cell(value) -> str:
    return value if isinstance(value, _Raw) else _e(value)


def _figure(svg: bytes, caption: str, alt: str) -> str:
    data = base64.b64encode(svg).decode("ascii")
    return (f'<figure><img alt="{_e(alt)}" src="data:image/svg+xml;base64,{data}">'
            f"<figcaption>{_e(caption)}</figcaption></figure>")


def _map_figure(drawing) -> str:
    """A state's map inline (SVG markup in the page: searchable, sharp when printed)."""
    svg = svg_text([drawing]).split("\n", 1)[1]  # without the XML declaration
    return (f'<figure class="vsm-map" data-state="{_e(drawing.title)}">{svg}'
            f"<figcaption>{_e(drawing.title)}: value stream map</figcaption></figure>")


def _marks(found) -> _Raw:
    """The marks of a step (:func:`vsm_xl.io.markdown.step_rows`) as coloured labels."""
    return _Raw("".join(f'<span class="mark {name}">{_e(words)}</span>' for name, words in found))


def html_report(analysis, found=None, warnings=(), *, charts: bool = True, smaa=None, history=()) -> str:
    """The whole report as HTML text. ``found`` is the evaluation's sensitivity
    (:func:`vsm_xl.core.sensitivity.analysis_sensitivity`), None without an evaluation; ``smaa``
    its SMAA-2 (:func:`vsm_xl.core.smaa.analysis_smaa`), a section of its own when given;
    ``history`` the rows of the workbook's History sheet (vsm_xl.eventlog.sheets), drawn when there are any."""
    stream = analysis.value_stream
    pictures = {}
    if charts:
        from vsm_xl.report.charts import render, report_charts

        pictures = {name: render(fig, "svg") for name, fig in report_charts(analysis, found, smaa).items()}
    title = f"Value Stream Analysis Summary: {stream.name}" if stream.name else "Value Stream Analysis Summary"
    sections: list[tuple[str, str, str]] = []  # (id, heading, body)
    pairs = summary_pairs(analysis)
    summary = _summary(analysis, pairs)
    if summary:
        sections.append(("summary", "Value Stream Analysis Summary", summary))
    if analysis.comparisons:
        sections.append(("comparison", "Current state against the target conditions",
                         f"<p>Every target condition against {_e(analysis.comparisons[0].current)}.</p>"
                         + _table(COMPARISON_HEADERS, comparison_rows(analysis), numeric=(1, 2, 3, 4, 5))))
    if any(st.steps for st, _ in pairs):
        sections.append(("maps", "Value stream maps", _maps(analysis, pairs, pictures)))
    if history:
        sections.append(("history", "History of the measured current state", _history(history, stream, charts)))
    if analysis.evaluation is not None:
        sections.append(("evaluation", "Evaluation of the alternatives",
                         _evaluation(analysis.evaluation, analysis.model, pictures, analysis.state_of)))
    if found is not None:
        sections.append(("sensitivity", "Sensitivity", _sensitivity(found, pictures)))
    if smaa is not None:
        sections.append(("smaa", "Acceptability of the alternatives (SMAA-2)", _smaa(smaa, pictures)))
    notes = [f"{w.location}: {w.message}" if getattr(w, "location", None) else w.message for w in warnings]
    given = {w.message for w in warnings}
    notes += [n.message for n in analysis.notices if n.message not in given]
    if notes:
        sections.append(("warnings", "Warnings", "<ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>"))
    if not sections:
        sections.append(("empty", "Nothing to report", "<p>No states with steps and no evaluation part.</p>"))
    return _page(title, stream, sections)


def _summary(analysis, pairs) -> str:
    """The summary section: scope, the current state's metrics and wastes, the targets and
    plans, the best alternative ("" when there is nothing to say)."""
    stream = analysis.value_stream
    current = stream.current_state
    base = next(((st, su) for st, su in pairs if st is current), pairs[0] if pairs else None)
    summary = []
    if stream.boundaries:
        summary.append("<h3>Scope</h3>" + _table(
            ["Boundary", "Value"], [(k.replace("_", " ").capitalize(), v) for k, v in stream.boundaries]))
    noted = False  # the sentence on the spreads' draws is given once
    if base is not None:
        noted = _current_summary(analysis, pairs, base, summary)
    if len(pairs) > 1 or analysis.targets:
        summary.append("<h3>Future-state targets</h3>")
        if analysis.targets:
            summary.append(_table(["Target", "Value", "Designed", "Result"], target_rows(analysis), numeric=(1, 2)))
        if len(pairs) > 1:
            summary.append(_states_table(pairs, stream, spread_rows(analysis)))
        if spread_note(analysis) and not noted:
            summary.append(f"<p>{_e(spread_note(analysis))}</p>")
    causes = [row for row in root_cause_rows(stream) if not row[0].startswith("waste: ")]
    if causes:
        summary.append("<h3>Root causes</h3>" + _table(["Of", "Root cause"], causes))
    if stream.improvements:
        summary.append("<h3>Improvement priorities</h3>" + _table(
            ["Priority", "Improvement", "Waste eliminated", "Impact", "Effort", "LT reduction", "Phase"],
            improvement_rows(stream), numeric=(5,)))
    if stream.roadmap:
        summary.append("<h3>Roadmap</h3>" + _table(
            ["Phase", "Improvements", "Duration"],
            [(p.phase, ", ".join(p.improvements), f"{num(p.duration_weeks)} weeks" if p.duration_weeks is not None
              else "") for p in stream.roadmap], numeric=(2,)))
    if analysis.evaluation is not None:
        ev = analysis.evaluation
        best = ev.alternative(ev.best)
        summary.append(f'<p class="callout">Evaluation: the best alternative is <b>{_e(best.name)}</b> '
                       f"(WBF {best.wbf:.4f}, the shortest distance to the ideal point (1, 1)).</p>")
    return "".join(summary)


def _current_summary(analysis, pairs, base, summary: list) -> bool:
    """The current state's metrics and top wastes, added to ``summary``; whether the note on the
    spreads' draws was given."""
    stream = analysis.value_stream
    current = stream.current_state
    noted = False
    state, s = base
    waiting = next(w for w in waste_analysis(state) if w.type == "waiting")  # the one place of this figure
    rows = current_metric_rows(analysis, state, s)
    rows.insert(4, ("Waiting share of lead time", percent(waiting.share_of_lead_time)))
    aside = "" if state.name == "Current state" else f" ({state.name})"
    summary.append(f"<h3>Current state metrics{_e(aside)}</h3>" + _table(["Metric", "Value"], rows))
    if analysis.spread_of(state.name) is not None:  # how the spreads in the table were drawn
        summary.append(f"<p>{_e(spread_note(analysis))}</p>")
        noted = True
    wastes = top_wastes(pairs, current, waste_root_causes(stream))
    summary.append("<h3>Top wastes</h3>")
    summary.append(f'<p class="callout">Waiting is <b>{_e(percent(waiting.share_of_lead_time))}'
                   f"</b> of the lead time of {_e(state.name)} ({_e(wait_text(stream, waiting.wait_minutes))} of "
                   f"{_e(wait_text(stream, s.total_lead_time))}); the largest delay is at "
                   f"<b>{_e(s.largest_delay)}</b>, the capacity constraint is <b>{_e(s.capacity_constraint)}"
                   "</b>.</p>")
    if wastes:
        summary.append(_table(WASTE_HEADERS, wastes, numeric=(1,)))
    else:
        summary.append("<p>No wastes recorded at the steps.</p>")
    return noted


def _maps(analysis, pairs, pictures) -> str:
    """The maps section: each state's map and steps table, the ladder and takt charts."""
    stream = analysis.value_stream
    body = ['<p>The value stream map of each state (the same drawing as <code>vsm-xl export --to svg</code>): '
            'capacity constraint red, largest delay orange, waiting on the upper level of the timeline and '
            'process time on the lower one, kaizen bursts on the steps an improvement changes.</p>']
    drawings = {d.title: d for d in state_drawings(analysis)}
    for state, s in pairs:
        body.append(f"<h3>{_e(state.name)}</h3>")
        if state.name in drawings:
            body.append(_map_figure(drawings[state.name]))
        body.append(_table(STEP_HEADERS, step_rows(state, _marks, stream), numeric=(0, 3, 4, 5, 6, 7)))
    if "ladder" in pictures:
        body.append(_figure(pictures["ladder"], "Waiting and process time of every state to one scale (each "
                            "in its own unit, the totals as evaluated at the end of each bar).",
                            "Waiting and process time of every state"))
    if "takt" in pictures:
        body.append(_figure(pictures["takt"], "Cycle time (process time per resource) of every step against "
                            "the takt time.", "Cycle time against takt"))
    return "".join(body)


def _page(title: str, stream, sections) -> str:
    """The HTML page: head, title and facts, contents, the sections, the footer."""
    facts = " · ".join(f"{label}: {_e(value)}" for label, value in
                       (("Version", stream.version), ("Date", stream.date), ("Analyst", stream.analyst)) if value)
    if not stream.duration_rule.is_calendar:
        facts += (" · " if facts else "") + _e(f"Durations in {stream.duration_rule.describe()}.")
    nav = "".join(f'<li><a href="#{sid}">{_e(heading)}</a></li>' for sid, heading, _ in sections)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="vsm-xl {_e(__version__)}">',
        f"<title>{_e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{_e(title)}</h1>" + (f'<p class="meta">{facts}</p>' if facts else "") + "</header>",
        f'<nav aria-label="Contents"><b>Contents</b><ol>{nav}</ol></nav>',
    ]
    for k, (sid, heading, content) in enumerate(sections):
        major = ' class="major"' if k and sid in ("maps", "evaluation") else ""
        parts.append(f'<section id="{sid}"{major}><h2>{_e(heading)}</h2>{content}</section>')
    parts.append(f"<footer>Written by vsm-xl {_e(__version__)}. Times by one rule: waiting and lead time in "
                 "min, h or working days, process time in s, min or h (rounded once); shares in percent; "
                 "WBF: distance to the ideal point (1, 1), lower is better.</footer>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _states_table(pairs, stream, spreads=()) -> str:
    """Every state's headline figures side by side (states as columns)."""
    headers = ["Metric"] + [st.name for st, _ in pairs]
    rows = [
        ("Total process time", [process_text(stream, s.total_process_time) for _, s in pairs]),
        ("Total lead time", [wait_text(stream, s.total_lead_time) for _, s in pairs]),
        ("Total wait time", [wait_text(stream, s.total_wait_time) for _, s in pairs]),
        ("Flow efficiency", [f"{percent(s.flow_efficiency)} ({s.flow_rating})" for _, s in pairs]),
        ("Rolled %C&A", [percent(s.rolled_complete_accurate) or "—" for _, s in pairs]),
        ("WIP", [num(s.wip_total) or "—" for _, s in pairs]),
        ("Capacity constraint", [s.capacity_constraint for _, s in pairs]),
        ("Secondary constraint", [s.secondary_constraint or "—" for _, s in pairs]),
        ("Largest delay", [s.largest_delay for _, s in pairs]),
        ("Highest queue", [s.highest_queue or "—" for _, s in pairs]),
    ] + list(spreads)
    return _table(headers, [(label, *values) for label, values in rows], numeric=tuple(range(1, len(headers))))


def _cr_text(cr) -> _Raw:
    if cr is None:
        return _Raw("—")
    text = f"{cr:.3f}"
    return _Raw(f'<span class="bad">{_e(text)} (above {CR_LIMIT:.2f})</span>' if cr > CR_LIMIT else _e(text))


def _evaluation(result, model, pictures, state_of=lambda name: None) -> str:
    body = []
    order = [ind.name for ind in model.indicators] if model is not None else list(result.indicators)
    units = {ind.name: ind.unit for ind in model.indicators} if model is not None else {}
    for group, w in result.weights.items():
        scheme = getattr(w, "scheme", "pairwise")
        scheme_text = "AHP (Saaty 1–9, eigenvector)" if scheme == "ahp" else "pairwise comparison (0/1/2)"
        facts = [f"Scheme: {scheme_text}"]
        cr = getattr(w, "cr", None)
        if scheme == "ahp":
            if cr is not None:
                facts.append(f"consistency ratio CR {cr:.3f}"
                             + (f" (random index {w.random_index:.2f})" if getattr(w, "random_index", None) else ""))
            else:
                facts.append("CR not defined for this many indicators")
        participants = getattr(w, "participants", ()) or ()
        if participants:
            facts.append(f"{len(participants)} participants, pooled by "
                         + ("geometric mean" if scheme == "ahp" else "mean"))
        consensus = getattr(w, "consensus", None)
        if consensus is not None:
            facts.append(f"consensus {percent(consensus, 1)} ({w.consensus_band})")
        body.append(f"<h3>Weights: {_e(group)}</h3><p>{_e('; '.join(facts))}.</p>")
        if cr is not None and cr > CR_LIMIT:
            pair = getattr(w, "most_inconsistent", None)
            which = (f" The most inconsistent judgment: {w.indicators[pair[0]]} against {w.indicators[pair[1]]}."
                     if pair else "")
            body.append(f'<p class="warn">The judgments are inconsistent (CR above {CR_LIMIT:.2f}): revise them.'
                        f"{_e(which)}</p>")
        headers = ["Indicator"]
        sums = getattr(w, "sums", None)
        if sums is not None:
            headers.append("Row sum")
        headers += ["Weight", "Rank"]
        headers += [p.name for p in participants]
        rows = []
        for k, name in enumerate(w.indicators):
            row = [name] + ([num(sums[k])] if sums is not None else []) + [percent(w.weights[k], 1), w.ranks[k]]
            row += [percent(p.weights[k], 1) for p in participants]
            rows.append(row)
        if participants and scheme == "ahp":
            rows.append(["CR"] + ([""] if sums is not None else []) + [_cr_text(cr), ""]
                        + [_cr_text(p.cr) for p in participants])
        body.append(_table(headers, rows, numeric=tuple(range(1, len(headers)))))
    names = [a.name for a in result.alternatives]
    if model is not None:
        rows = [[f"{ind.name} ({ind.unit})" if ind.unit else ind.name,
                 f"measured: {ind.measure}" if ind.measure else "typed"] + [num(v) for v in ind.values]
                for ind in model.indicators]
        body.append("<h3>Indicator values (measured ones computed from each alternative's state)</h3>"
                    + _table(["Indicator", "Source"] + names, rows, numeric=tuple(range(2, len(names) + 2))))
    partial = dict(zip(result.indicators, result.partial_benefits))
    rows = [[f"{name} ({units[name]})" if units.get(name) else name] + [f"{u:.4f}" for u in partial[name]]
            for name in order if name in partial]
    body.append("<h3>Partial benefits (value functions, 0 = worst, 1 = best)</h3>"
                + _table(["Indicator"] + names, rows, numeric=tuple(range(1, len(names) + 1))))
    ranked = sorted(result.alternatives, key=lambda a: (a.rank, a.wbf))
    bases = [getattr(state_of(a.name), "basis", "") or "—" for a in ranked]
    shown = any(b != "—" for b in bases)  # a Basis column only where a state says how it was obtained
    body.append("<h3>Overall benefits G and the WBF ranking (lower is better)</h3>" + _table(
        ["Rank", "Alternative", *(["Basis"] if shown else []), "G monetary", "G non-monetary", "WBF"],
        [(a.rank, a.name + (" (best)" if a.name == result.best else ""), *([basis] if shown else []),
          f"{a.benefit_monetary:.4f}", f"{a.benefit_non_monetary:.4f}", f"{a.wbf:.4f}") for a, basis in zip(ranked, bases)],
        numeric=(0, 3, 4, 5) if shown else (0, 2, 3, 4),
        row_classes=["best" if a.name == result.best else "" for a in ranked]))
    if "indifference" in pictures:
        body.append(_figure(pictures["indifference"], "Every alternative at (G non-monetary, G monetary) with its "
                            "indifference curve: the points at its WBF from the ideal point (1, 1).",
                            "Indifference curves of the alternatives"))
    return "".join(body)


def _sensitivity(found, pictures) -> str:
    body = [f"<h3>Weight stability</h3><p>The interval of each weight in which <b>{_e(found.best)}</b> stays best "
            "while that weight moves and the other weights of its group keep their proportions, and the "
            "alternative that takes over beyond each end.</p>"]
    rows = [(s.indicator, s.group, percent(s.weight, 1), interval_text(s), s.below or "—", s.above or "—")
            for s in found.weights]
    body.append(_table(["Indicator", "Group", "Weight", "Stays best for", "Below: best", "Above: best"], rows,
                       numeric=(2, 3)))
    if "tornado" in pictures:
        body.append(_figure(pictures["tornado"], "Weight intervals: the narrower the bar, the more sensitive the "
                            "ranking to that weight.", "Tornado chart of the weight intervals"))
    r = found.robustness
    body.append("<h3>Uncertain values</h3>")
    if not r.ranges:
        body.append("<p>No indicator value is given as low / likely / high, so there is nothing to simulate: "
                    "the ranking above holds as computed.</p>")
        return "".join(body)
    dist = ("triangular" if r.distribution == "triangular"
            else "Beta-PERT (mean (low + 4·likely + high) / 6)")
    given = "1 value is" if r.ranges == 1 else f"{r.ranges} values are"
    body.append(f"<p>{given} given as low / likely / high. {r.draws} random draws "
                f"({_e(dist)} distributions, seed {r.seed}: the same seed gives the same figures) give each "
                "alternative's probability of ranking first and the spread of its WBF; the rank range is exact "
                "(every value at its favourable or unfavourable end).</p>")
    rows = []
    for a in r.alternatives:
        ranks = str(a.rank_best) if a.rank_best == a.rank_worst else f"{a.rank_best}–{a.rank_worst}"
        rows.append((a.name, f"{a.wbf_likely:.4f}", percent(a.first_share, 1) if r.draws else "—",
                     *(f"{v:.4f}" if v is not None else "—" for v in (a.wbf_p5, a.wbf_median, a.wbf_p95)), ranks))
    body.append(_table(["Alternative", "WBF (likely)", "P(best)", "WBF P5", "WBF median", "WBF P95", "Ranks"], rows,
                       numeric=(1, 2, 3, 4, 5, 6)))
    return "".join(body)


def _smaa(found, pictures) -> str:
    """The SMAA-2 section: how the draws were made, the rank acceptability chart and table, the
    central weights with the confidence factors, and the winning indices."""
    from vsm_xl.io.smaa_report import acceptability_rows, central_weight_rows, sampling_text, winning_rows

    names = list(found.names)
    m = len(names)
    body = [f"<p>Stochastic multicriteria acceptability analysis (SMAA-2, Lahdelma and Salminen 2001): "
            f"{_e(sampling_text(found))} Each draw ranks the alternatives by WBF.</p>"]
    if "acceptability" in pictures:
        body.append(_figure(pictures["acceptability"], "Rank acceptability b^r: each bar is one alternative's share "
                            "of the draws at each rank, rank 1 dark green to the last rank red; a bar of one colour "
                            "held that rank in every draw, and an alternative that never ranked first says so.",
                            "Stacked bars of the rank acceptabilities"))
    body.append(_table(["Alternative", *[f"Rank {r}" for r in range(1, m + 1)]], acceptability_rows(found),
                       numeric=tuple(range(1, m + 1))))
    never = [a.name for a in found.alternatives if a.central_weights is None]
    listed = ", ".join(never[:-1]) + " and " + never[-1] if len(never) > 1 else "".join(never)
    note = (f" {listed} never ranked first, so {'it has' if len(never) == 1 else 'they have'} no central "
            "weights (–)." if never else "")
    body.append("<h3>Central weights and confidence factors</h3>"
                "<p>The central weights of an alternative are the mean weights of the draws in which it ranked "
                "first (the typical preferences that make it best; each group sums to 100 %). Its confidence "
                "factor is the share of the value draws in which it ranks first at those weights." + _e(note)
                + "</p>")
    body.append(_table(["Indicator", "Group", *names], central_weight_rows(found), numeric=tuple(range(2, m + 2))))
    body.append("<h3>Pairwise winning indices</h3><p>The share of the draws in which the alternative of the row "
                "ranks better than the alternative of the column (a tie counts half).</p>")
    body.append(_table(["Alternative", *names], winning_rows(found), numeric=tuple(range(1, m + 1))))
    return "".join(body)


def _history(rows, stream, charts: bool) -> str:
    """The trend of the measurements from event logs (vsm-xl mine --refresh)."""
    from vsm_xl.report.history import history_chart, history_table

    headers, body = history_table(rows, stream.duration_rule)
    out = [f"<p>One row per measurement of the current state from an event log ({len(rows)}).</p>",
           _table(headers, body, numeric=(1, 2, 3, 4, 5, 6))]
    if charts:
        from vsm_xl.report.charts import render

        out.append(_figure(render(history_chart(rows, stream.duration_rule), "svg"), "The trend of the measured "
                           "current state: lead time, flow efficiency and rolled %C&A by the end of each period.",
                           "History of the measured current state"))
    return "".join(out)


def write_report(analysis, path, found=None, warnings=(), smaa=None, history=()) -> int:
    """Write the report atomically; returns its size in bytes."""
    from vsm_xl.io.atomic import write_text_atomic

    text = html_report(analysis, found, warnings, smaa=smaa, history=history)
    write_text_atomic(path, text)
    return len(text.encode("utf-8"))
