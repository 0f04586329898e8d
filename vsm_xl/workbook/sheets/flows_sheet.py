"""The Flows sheet: where the customer, the supplier, each state's production control and its
information flows are typed (drop-downs where the words are fixed), (read back by :mod:`vsm_xl.workbook.read.read_flows`).
Positions in :mod:`vsm_xl.workbook.layout.layout_flows`; the Map sheet draws what is typed here."""
from __future__ import annotations

from openpyxl.worksheet.datavalidation import DataValidation

from vsm_xl.core.flows import INFORMATION_KINDS, PARTNERS
from vsm_xl.io.safe_text import text_cell
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import layout_flows as LF
from vsm_xl.workbook.layout import styles as S
from vsm_xl.workbook.layout.template_layout import area, cell

CHOICES_COL = 9  # I: the words From and To offer (hidden), partner words then the step names
MAX_CHOICES = 250  # step names offered at most


def build_flows(wb, stream, index: int) -> LF.FlowsGeometry:
    """Add the Flows sheet at ``index``, filled from ``stream`` (blank rows for a template)."""
    ws = wb.create_sheet(LF.FLOWS, index)
    states = list(stream.states) if stream is not None else []
    infos = [(state.name, f) for state in states for f in state.information_flows]
    at = [(s, i) for s, state in enumerate(states) for i in range(len(state.information_flows))]
    n_info = max(len(infos) + LF.SPARE_INFORMATION_ROWS, LF.TEMPLATE_INFORMATION_ROWS)
    g = LF.plan_flows(len(states) or 2, n_info)
    ws["A1"] = "Flows: customer, supplier, production control and information flows (drawn on the Map)"
    S.style_font(ws["A1"], S.TITLE_FONT)
    S.wrapped_note(ws, 2, (
        "Type the partners at the ends of the stream, who schedules each state (production control) and the "
        "information flows of each state: From and To name a step of the state, customer, supplier or production "
        "control. The material flow into each step is on the Steps sheet (Flow in, FIFO max)."),
        last_col=len(LF.INFO_HEADERS), height=42)
    for headers in (LF.PARTNER_HEADERS, LF.CONTROL_HEADERS, LF.INFO_HEADERS):
        for c, (_, _, width) in enumerate(headers, start=1):
            letter = cell(c, 1)[:-1]
            ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, width)
    _headers(ws, g.partner_header, LF.PARTNER_HEADERS)
    for role, r in g.partner_rows.items():
        partner = getattr(stream, role, None) if stream is not None else None
        S.style_label(ws.cell(row=r, column=1, value=role.capitalize()))
        shipment = partner.shipment if partner is not None else None
        values = {"name": partner.name if partner else None, "frequency": partner.frequency if partner else None,
                  "mode": shipment.mode if shipment else None,
                  "shipment_frequency": shipment.frequency if shipment else None}
        _inputs(ws, r, LF.PARTNER_HEADERS[1:], values, first=2)
    _headers(ws, g.control_header, LF.CONTROL_HEADERS)
    for s, r in enumerate(g.control_rows):
        state = states[s] if s < len(states) else None
        control = state.production_control if state is not None else None
        template = L.TEMPLATE_STATES[s] if stream is None and s < len(L.TEMPLATE_STATES) else None
        _inputs(ws, r, LF.CONTROL_HEADERS, {"state": state.name if state else template,
                                           "name": control.name if control else None,
                                           "system": control.system if control else None})
    _headers(ws, g.info_header, LF.INFO_HEADERS)
    g.info_at = {key: g.info_rows.start + n for n, key in enumerate(at)}
    for n, r in enumerate(g.info_rows):
        name, f = infos[n] if n < len(infos) else (None, None)
        values = {"state": name} if f is None else {"state": name, "source": f.source, "target": f.target,
                                                     "kind": f.kind, "frequency": f.frequency, "label": f.label}
        _inputs(ws, r, LF.INFO_HEADERS, {k: v or None for k, v in values.items()})
    _validations(ws, g, states)
    S.protect(ws)
    return g


def _headers(ws, row: int, headers) -> None:
    for c, (_, header, _) in enumerate(headers, start=1):
        S.style_header(ws.cell(row=row, column=c, value=header))
    ws.row_dimensions[row].height = 30  # "Production control" wraps


def _inputs(ws, row: int, headers, values: dict, first: int = 1) -> None:
    for c, (key, _, _) in enumerate(headers, start=first):
        S.style_input(ws.cell(row=row, column=c, value=values.get(key)))


def _validations(ws, g: LF.FlowsGeometry, states) -> None:
    first, last = g.info_rows.start, g.info_rows.stop - 1
    kind = DataValidation(type="list", formula1='"' + ",".join(INFORMATION_KINDS) + '"', allow_blank=True)
    kind.error, kind.errorTitle, kind.showErrorMessage = "Choose electronic or manual", "vsm-xl", True
    ws.add_data_validation(kind)
    kind.add(area(LF.col(LF.INFO_HEADERS, "kind"), first, LF.col(LF.INFO_HEADERS, "kind"), last))
    names = dict.fromkeys(step.name for state in states for step in state.steps)
    words = list(PARTNERS) + list(names)[:MAX_CHOICES]  # a long stream: its first steps (a warning list)
    for i, word in enumerate(words):
        text_cell(ws.cell(row=first + i, column=CHOICES_COL), word)  # a name is text, never a formula
    ws.column_dimensions[cell(CHOICES_COL, 1)[:-1]].hidden = True
    # a warning, not a stop: a step added on the Steps sheet after writing is a good answer too
    ends = DataValidation(type="list", formula1=area(CHOICES_COL, first, CHOICES_COL, first + len(words) - 1, True),
                          allow_blank=True, errorStyle="warning")
    ends.error = "From and To name a step of the state, customer, supplier or production control"
    ends.errorTitle, ends.showErrorMessage = "vsm-xl", True
    ws.add_data_validation(ends)
    ends.add(area(LF.col(LF.INFO_HEADERS, "source"), first, LF.col(LF.INFO_HEADERS, "target"), last))
    state_names = [state.name for state in states]
    if state_names and len(",".join(state_names)) < 250 and not any(c in n for n in state_names for c in ',"'):
        state = DataValidation(type="list", formula1='"' + ",".join(state_names) + '"', allow_blank=True,
                               errorStyle="warning")
        state.error, state.errorTitle, state.showErrorMessage = "Name a state of the Steps sheet", "vsm-xl", True
        ws.add_data_validation(state)
        state.add(area(1, first, 1, last))
        state.add(area(1, g.control_rows[0], 1, g.control_rows[-1]))
