"""The conditional outlines of the Map (process boxes, partner and production control boxes,
the timeline's square wave): a box is drawn where its formula says a step is, so that it
follows the Steps sheet. Shared by the map's builders (map_sheet, map_flows)."""
from __future__ import annotations

from openpyxl.formatting.rule import Rule
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.styles.differential import DifferentialStyle

from vsm_xl.workbook.layout.template_layout import area, cell

MEDIUM = Side(style="medium", color="1F3864")
WAVE_UP = Border(top=MEDIUM, left=MEDIUM, right=MEDIUM)  # the square wave of the timeline ...
WAVE_SIDES = Border(left=MEDIUM, right=MEDIUM)
WAVE_DOWN = Border(bottom=MEDIUM)
BOX_ALL = Border(top=MEDIUM, left=MEDIUM, right=MEDIUM, bottom=MEDIUM)  # ... and the boxes
BOX_BOTTOM = Border(left=MEDIUM, right=MEDIUM, bottom=MEDIUM)
BOX_FILL = PatternFill(fill_type="solid", bgColor="DDEBF7")
PARTNER_FILL = PatternFill(fill_type="solid", bgColor="E2EFDA")


def partner_rules(ws, col: int, top: int, bottom: int, condition: str, fill=PARTNER_FILL, span: int = 0) -> None:
    """A partner's or production control's box outline (conditional, like the process boxes);
    a one-row box over ``col`` and ``span`` // 2 columns each side of it (merged)."""
    if top == bottom:
        half = span // 2
        box_rule(ws, area(col - half, top, col + half, top), condition, BOX_ALL, fill)
        return
    box_rule(ws, cell(col, top), condition, Border(top=MEDIUM, left=MEDIUM, right=MEDIUM), fill)
    box_rule(ws, area(col, top + 1, col, bottom - 1), condition, WAVE_SIDES, fill)
    box_rule(ws, cell(col, bottom), condition, BOX_BOTTOM, fill)


_DXF: dict = {}


def box_rule(ws, rng: str, condition: str, border: Border, fill=BOX_FILL, font=None) -> None:
    """A conditional format (``border``, ``fill``, ``font`` while ``condition`` holds). The
    differential styles are few and shared: building one per rule made up half the Map's time."""
    key = (id(border), id(fill), id(font))
    dxf = _DXF.get(key)
    if dxf is None:
        dxf = _DXF[key] = (DifferentialStyle(border=border, fill=fill, font=font), border, fill, font)
    ws.conditional_formatting.add(rng, Rule(type="expression", formula=[condition], dxf=dxf[0]))
