"""The map's vocabulary drawn on the Map sheet (core.flows): the supplier's box at the left, the
customer's at the right with its demand and takt, production control over the boxes with its
information arrows, and the kaizen bursts of the state's improvements. Texts are native formulas
over the Flows and Steps sheets (they follow edits there); where an arrow or a burst sits is
decided when the workbook is written, like the boxes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from vsm_xl.core import display as D
from vsm_xl.core.flows import CUSTOMER, PRODUCTION_CONTROL, SUPPLIER, burst_label, bursts
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_flows as LF
from vsm_xl.workbook.formulas import map_formulas as MF
from vsm_xl.workbook.layout import map_layout as M
from vsm_xl.workbook.layout import styles as S
from vsm_xl.workbook.layout.template_layout import cell
from vsm_xl.workbook.sheets.map_rules import partner_rules  # noqa: F401 - used by the builders here

_CONTROL_FILL = PatternFill(fill_type="solid", bgColor="FFF2CC")
PARTNER_FONT = Font(name=S.FONT_NAME, size=9, color="1F3864")
TITLE_FONT = Font(name=S.FONT_NAME, size=9, bold=True, color="1F3864")
ELECTRONIC_FONT = Font(name=S.FONT_NAME, size=9, italic=True, color="2F5597")
BURST_FONT = Font(name=S.FONT_NAME, size=10, bold=True, color="C00000", underline="single")
WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass
class Placement:
    """Where a state's information arrows and kaizen bursts go: ``arrows`` (Flows row, column,
    slot, other end's word), ``bursts`` (improvement index, Steps row, slot)."""

    arrows: list = field(default_factory=list)
    bursts: list = field(default_factory=list)

    @property
    def info_rows(self) -> int:
        return max((slot + 1 for *_, slot, _ in self.arrows), default=0)

    @property
    def burst_rows(self) -> int:
        return max((slot + 1 for *_, slot in self.bursts), default=0)


def place(stream, s: int, block: L.StepBlock, groups: list, width: int, flows: LF.FlowsGeometry | None) -> Placement:
    """The arrows and bursts of state ``s`` over the boxes of ``groups`` (Steps rows per flow
    position) on a map ``width`` positions wide."""
    out = Placement()
    if stream is None or s >= len(stream.states):
        return out
    state = stream.states[s]
    probe = M.MapSection(0, groups, 1, width)
    col_of = {}
    for g, members in enumerate(groups):
        for r in members:
            col_of[r] = probe.box_col(g)
    step_col = {step.name: col_of.get(block.rows[k]) for k, step in enumerate(state.steps) if k < len(block.rows)}
    slots: dict = {}
    for i, info in enumerate(state.information_flows):
        row = flows.info_at.get((s, i)) if flows is not None else None
        if row is None:
            continue
        col, other = _anchor(info.source, info.target, step_col, probe)
        if col is None:
            continue  # its step is not drawn (a cut map)
        slot = slots.get(col, 0)
        slots[col] = slot + 1
        out.arrows.append((row, col, slot, other))
    taken: dict = {}
    for burst in bursts(stream, s):
        if burst.step >= len(block.rows) or block.rows[burst.step] not in col_of:
            continue
        r = block.rows[burst.step]
        slot = taken.get(r, 0)
        taken[r] = slot + 1
        out.bursts.append((burst.improvement, r, slot))
    return out


def _anchor(source: str, target: str, step_col: dict, s: M.MapSection):
    """The column an arrow is drawn over, and the word for its other end ("" for production
    control, whose box is over them all)."""
    ends = {CUSTOMER: s.customer_col, SUPPLIER: s.supplier_col}
    if source == PRODUCTION_CONTROL or target == PRODUCTION_CONTROL:
        other = target if source == PRODUCTION_CONTROL else source
        col = ends.get(other, step_col.get(other))
        return col, "" if source == PRODUCTION_CONTROL or other in ends else "to production control"
    if target in step_col:
        return step_col[target], f"from {source}"
    if source in step_col:
        return step_col[source], f"to {target}"
    return ends.get(target, s.customer_col), f"from {source}"


def draw(ws, s: M.MapSection, b: int, placement: Placement, flows: LF.FlowsGeometry | None,
         improvements: L.PlainTable | None) -> None:
    """The production control box, the information arrows, the bursts and the partners' boxes."""
    if flows is not None and b < len(flows.control_rows):
        # over the middle box and the gaps beside it (merged: the text in the first of them)
        first, r = s.control_col - 1, s.control_row
        ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=first + 2)
        c = ws.cell(row=r, column=first, value=MF.production_control(flows.control_rows[b]))
        S.apply(c, [("font", TITLE_FONT), ("alignment", WRAP)])
        ws.row_dimensions[r].height = 30
        partner_rules(ws, first + 1, r, r, f'{cell(first, r, True)}<>""', _CONTROL_FILL, span=2)
    for row, col, slot, other in placement.arrows:
        c = ws.cell(row=s.info_row(slot), column=col, value=MF.information_arrow(row, other))
        S.apply(c, [("font", ELECTRONIC_FONT), ("alignment", WRAP)])
        ws.row_dimensions[s.info_row(slot)].height = 36  # three wrapped lines: label, frequency
    for i, r, slot in placement.bursts:
        col = s.box_col(next(g for g, members in enumerate(s.groups) if r in members))
        c = ws.cell(row=s.burst_row(slot), column=col, value=f"✸ {burst_label(i)} ✸")
        S.apply(c, [("font", BURST_FONT), ("alignment", S.CENTER)])
        if improvements is not None:
            target = f"{L.sheet_ref(L.IMPROVEMENTS)}!{cell(1, improvements.first_row + i)}"
            c.hyperlink = Hyperlink(ref=c.coordinate, location=target, tooltip="the improvement's row")
    if flows is not None:
        _partner(ws, s, s.supplier_col, "Supplier", M.SUPPLIER_LINES, flows.partner_rows["supplier"])
        _partner(ws, s, s.customer_col, "Customer", M.CUSTOMER_LINES, flows.partner_rows["customer"])


def _partner(ws, s: M.MapSection, col: int, title: str, lines, flows_row: int) -> None:
    """A partner's box from the first box row down (the customer's reads demand and takt)."""
    first = s.box_row(0, "name")
    name = MF.flows_cell(2, flows_row)
    for n, line in enumerate(lines):
        r = first + n
        if line == "title":
            value = f'=IF({name}="","","{title}")'
        elif line == "takt":
            helper = cell(col, s.helper_row(0, "pt"), True)
            ws.cell(row=s.helper_row(0, "pt"), column=col, value=MF.takt_minutes())
            value = MF.shown_cell(helper, D.PROCESS, "Takt ")
        else:
            value = MF.partner_line(line, flows_row)
        c = ws.cell(row=r, column=col, value=value)
        font = TITLE_FONT if line == "title" else PARTNER_FONT
        S.apply(c, [("font", font), ("alignment", WRAP if line == "title" else MF_LINE)])
    cond = f'{cell(col, first, True)}<>""'
    partner_rules(ws, col, first, first + len(lines) - 1, cond)


MF_LINE = Alignment(horizontal="center", vertical="center", shrink_to_fit=True)


