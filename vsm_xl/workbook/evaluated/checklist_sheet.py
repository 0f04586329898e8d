"""The Checklist sheet of an evaluated copy: what the checklist analyses beyond the Steps
sheet's totals, as values the core computed (:func:`vsm_xl.core.analysis.analyze`,
:func:`vsm_xl.core.waste_analysis.waste_analysis`): every state's bottlenecks (the capacity
constraint and the secondary one, the largest delay, the highest queue), takt and WIP in days of
demand, the totals the checklist states against the steps, the future-state targets against the
designed state, the waste analysis of the current state with its root causes, and the root
causes. Written as a new worksheet part like the Sensitivity sheet (and rewritten when a copy
is evaluated again).
"""
from __future__ import annotations

from vsm_xl.core.stated import figure
from vsm_xl.io.formatting import figure_label, root_cause_rows, target_rows, wastes_dict
from vsm_xl.workbook.evaluated.sensitivity_sheet import add_sheet, kind_styles, sheet_xml

SHEET = "Checklist"
TITLE = "Checklist analysis: bottlenecks, targets, wastes, root causes"  # A1: vsm-xl's own sheet
_REL_ID = "rIdVsmChecklist"
_WIDTHS = (40, 20, 20, 22, 30, 40)


def sheet_rows(analysis, day: str, source: str) -> list[list]:
    """The sheet's rows (cells ``(value, kind)`` as :func:`vsm_xl.workbook.evaluated.sensitivity_sheet.sheet_xml` takes)."""
    stream = analysis.value_stream
    states = list(zip(stream.states, analysis.states))
    rows: list[list] = [
        [(TITLE, "title")],
        [(f"Computed by vsm-xl on {day} from {source} (values: evaluate the workbook again after "
          "changing it).", "text")],
        [],
        [("Bottlenecks", "header"), *((state.name, "header") for state, _ in states)],
    ]
    demand = analysis.demand
    figures = [
        ("Capacity constraint (largest PT)", lambda s: (s.capacity_constraint, "text")),
        ("Secondary constraint (second-largest PT)", lambda s: (s.secondary_constraint or "–", "text")),
        ("Largest delay (largest WT)", lambda s: (s.largest_delay, "text")),
        ("Highest queue (largest inventory)", lambda s: (s.highest_queue or "–", "text")),
    ]
    if demand is not None:
        figures += [("Takt time (min)", lambda s: (demand.takt_time, "number")),
                    ("WIP in days of demand", lambda s: (demand.wip_days(s.wip_total), "number"))]
    for label, value in figures:
        rows.append([(label, "text"), *(value(summary) for _, summary in states)])
    if analysis.stated:
        rows += [[], [(h, "header") for h in ("Stated total", "State", "Stated", "The steps give", "Agrees")]]
        for c in analysis.stated:
            f = figure(c.key)
            rows.append([(figure_label(c.key), "text"), (stream.states[c.state].name, "text"),
                         (f.text(c.stated) if f else c.stated, "text"),
                         (f.text(c.computed) if f and c.computed is not None else "–", "text"),
                         ("yes" if c.agrees else "no", "text")])
    if analysis.targets:
        rows += [[], [(h, "header") for h in ("Future-state target", "Target", "Designed", "Result")]]
        rows += [[(text, "text") for text in row] for row in target_rows(analysis)]
    wastes = wastes_dict(stream)
    if wastes:
        rows += [[], [(f"Waste analysis: {stream.current_state.name}", "bold")],
                 [(h, "header") for h in ("Waste", "Steps", "Wait time (h)", "Share of LT", "Seen at", "Root causes")]]
        for kind, w in wastes.items():
            wait = w["wait_time_minutes"]
            rows.append([(kind, "text"), (w["step_count"], "int"), (wait / 60 if wait is not None else None, "number"),
                         (w["share_of_lead_time"], "percent"), (", ".join(w["steps"]) or "–", "text"),
                         ("; ".join(w["root_causes"]), "text")])
    others = [row for row in root_cause_rows(stream) if not row[0].startswith("waste: ")]
    if others:
        rows += [[], [(h, "header") for h in ("Root cause of", "Root cause")]]
        rows += [[(where, "text"), (text, "text")] for where, text in others]
    return [[cell if cell is not None else (None, "text") for cell in row] for row in rows]


def add_checklist_sheet(package, parts: dict, analysis, patch_styles, *, day: str, source: str) -> str | None:
    """Put the Checklist sheet into ``parts``; returns its name, or None without states."""
    if not analysis.states:
        return None
    xml = sheet_xml(sheet_rows(analysis, day, source), kind_styles(patch_styles), _WIDTHS)
    return add_sheet(package, parts, xml, SHEET, TITLE, _REL_ID)
