"""Reading the Flows sheet (:mod:`vsm_xl.workbook.sheets.flows_sheet` builds it): the partners, each
state's production control and information flows. No openpyxl: the reader's workers import this."""
from __future__ import annotations

from dataclasses import replace

from vsm_xl.core.flows import InformationFlow, Partner, ProductionControl, Shipment, end_word, information_kind
from vsm_xl.workbook.layout import layout_flows as LF
from vsm_xl.workbook.layout.template_layout import address, fold


def read_flows(reader, grid, states) -> tuple:
    """``(customer, supplier, states)``: the partners and ``states`` with their production control
    and information flows, from the Flows sheet ``grid`` (None: an older workbook without one).
    Records the cells of problem subjects in ``reader.cells``; rows naming no state are problems."""
    if grid is None:
        return None, None, states
    found = _find_headers(grid)
    partners = {role: _partner(reader, grid, found, role) for role in LF.PARTNER_ROLES}
    index = {state.name: s for s, state in enumerate(states)}
    controls: dict = {}
    infos: dict = {s: [] for s in range(len(states))}
    for r in _rows(grid, found, "control"):
        name = reader.text(grid, 1, r)
        values = [reader.text(grid, c, r) for c in (2, 3)]
        if not any(values):
            continue
        if name not in index:
            reader.problem(grid.title, 1, r, f"production control of {name!r}: no state of the Steps sheet has "
                           "that name")
            continue
        controls[index[name]] = ProductionControl(values[0] or ProductionControl.name, values[1])
    for r in _rows(grid, found, "info"):
        texts = {key: reader.text(grid, c, r) for c, (key, _, _) in enumerate(LF.INFO_HEADERS, start=1)}
        if not any(texts[k] for k in texts if k != "state"):
            continue
        if texts["state"] not in index:
            reader.problem(grid.title, 1, r, f"information flow of {texts['state']!r}: no state of the Steps "
                           "sheet has that name")
            continue
        s = index[texts["state"]]
        i = len(infos[s])
        reader.cells[("information_flow", s, i)] = address(grid.title, 1, r)
        for c, (key, _, _) in enumerate(LF.INFO_HEADERS, start=1):
            if LF.INFO_FIELD[key]:
                reader.cells[("information_flow", s, i, LF.INFO_FIELD[key])] = address(grid.title, c, r)
        for key in ("source", "target"):
            if not texts[key]:
                reader.problem(grid.title, LF.col(LF.INFO_HEADERS, key), r,
                               f"the information flow has no {'From' if key == 'source' else 'To'}")
        infos[s].append(InformationFlow(end_word(texts["source"]), end_word(texts["target"]),
                                        information_kind(texts["kind"]), texts["frequency"], texts["label"]))
    states = [replace(state, production_control=controls.get(s), information_flows=tuple(infos[s]))
              for s, state in enumerate(states)]
    return partners["customer"], partners["supplier"], states


def _find_headers(grid) -> dict:
    """The header rows of the three tables, by their label in column A."""
    labels = {fold(LF.PARTNER_HEADERS[0][1]): "partner", fold(LF.CONTROL_HEADERS[0][1]): "control",
              fold(LF.INFO_HEADERS[0][1]): "info"}
    found: dict = {}
    for r in range(1, grid.max_row + 1):
        key = labels.get(fold(grid.value(1, r)))
        if key and key not in found:
            found[key] = r
    return found


def _rows(grid, found: dict, key: str) -> range:
    if key not in found:
        return range(0)
    later = [r for r in found.values() if r > found[key]]
    end = min(later) - 1 if later else grid.max_row
    return range(found[key] + 1, end + 1)


def _partner(reader, grid, found: dict, role: str) -> Partner | None:
    for r in _rows(grid, found, "partner"):
        if fold(grid.value(1, r)) != role:
            continue
        name, frequency, mode, shipping = (reader.text(grid, c, r) for c in range(2, 6))
        reader.cells[(role,)] = address(grid.title, 2, r)
        if not any((name, frequency, mode, shipping)):
            return None
        shipment = Shipment(mode or "truck", shipping) if (mode or shipping) else None
        return Partner(name, frequency, shipment)
    return None

