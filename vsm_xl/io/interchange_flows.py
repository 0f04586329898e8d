"""The map's vocabulary in the interchange format (core.flows): the customer and the supplier,
each state's production control and information flows, the material flow into each step and the
steps an improvement changes. Read leniently (a bare word for a mapping's name or kind), written
in one shape so that a document reads back exactly.

    value_stream:
      customer: {name: Retail, frequency: daily, shipment: {mode: truck, frequency: daily}}
      supplier: Paper mill                      # just a name
      current_state:
        production_control: {name: Sales office, system: ERP}
        information_flows:
          - {from: customer, to: production control, kind: electronic, frequency: weekly, label: forecast}
        steps:
          - {name: Pack, inflow: push}          # or {kind: fifo, max: 20}
      improvements:
        - {name: Kanban, steps: [Pack]}         # a kaizen burst on Pack

Unknown words (a flow kind, an end naming no step) are kept as written and reported by
:func:`vsm_xl.core.flows.check_flows` at the paths recorded here.
"""
from __future__ import annotations

from vsm_xl.core.flows import (
    InformationFlow, MaterialFlow, Partner, ProductionControl, Shipment, end_word, information_kind,
    material_flow_kind,
)
from vsm_xl.core.values import is_blank
from vsm_xl.io.formatting import plain_number


def _join(path: str, key) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


def _named(reader, value, path: str, what: str, keys) -> dict | None:
    """A mapping, or ``{name: value}`` for a bare word; None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, dict):
        value = {keys[0]: reader.text(value, path, what)}
    reader.unknown_keys(value, path, keys)
    return value


def read_partner(reader, value, path: str, what: str) -> Partner | None:
    data = _named(reader, value, path, what, ("name", "frequency", "shipment"))
    if data is None:
        return None
    shipment = None
    where = _join(path, "shipment")
    raw = _named(reader, data.get("shipment"), where, "shipment", ("mode", "frequency"))
    if raw is not None:
        shipment = Shipment(reader.text(raw.get("mode"), _join(where, "mode"), "shipment mode") or "truck",
                            reader.text(raw.get("frequency"), _join(where, "frequency"), "shipment frequency"))
    return Partner(reader.text(data.get("name"), _join(path, "name"), f"{what} name"),
                   reader.text(data.get("frequency"), _join(path, "frequency"), "frequency"), shipment)


def read_production_control(reader, value, path: str) -> ProductionControl | None:
    data = _named(reader, value, path, "production control", ("name", "system"))
    if data is None:
        return None
    name = reader.text(data.get("name"), _join(path, "name"), "production control name")
    return ProductionControl(name or ProductionControl.name,
                             reader.text(data.get("system"), _join(path, "system"), "planning system"))


_INFO_KEYS = ("from", "to", "kind", "frequency", "label")
_FIELD_KEY = {"source": "from", "target": "to", "kind": "kind", "frequency": "frequency", "label": "label"}


def read_information_flows(reader, value, path: str, s: int) -> tuple[InformationFlow, ...]:
    result = []
    for i, item in enumerate(reader.sequence(value, path, "information_flows")):
        where = _join(path, i)
        reader.paths[("information_flow", s, i)] = where
        data = reader.mapping(item, where, "an information flow")
        if data is None:
            if item is None:
                reader.problem(where, "the information flow is empty")
            continue
        reader.unknown_keys(data, where, _INFO_KEYS)
        for field, key in _FIELD_KEY.items():
            reader.paths[("information_flow", s, i, field)] = _join(where, key)
        ends = {}
        for key in ("from", "to"):
            ends[key] = end_word(reader.text(data.get(key), _join(where, key), f"information flow {key}"))
            if not ends[key]:
                reader.problem(_join(where, key), f"the information flow has no {key!r}")
        kind = information_kind(reader.text(data.get("kind"), _join(where, "kind"), "kind"))
        result.append(InformationFlow(ends["from"], ends["to"], kind,
                                      reader.text(data.get("frequency"), _join(where, "frequency"), "frequency"),
                                      reader.text(data.get("label"), _join(where, "label"), "label")))
    return tuple(result)


def read_inflow(reader, value, path: str, step: tuple) -> MaterialFlow | None:
    """``push`` or ``{kind: fifo, max: 20}``; the maximum's path is recorded for its problems."""
    if is_blank(value):
        return None
    maximum = None
    if isinstance(value, dict):
        reader.unknown_keys(value, path, ("kind", "max"))
        reader.paths[("step",) + step + ("inflow", "maximum")] = _join(path, "max")
        maximum = reader.number(value.get("max"), _join(path, "max"), "FIFO maximum")
        value = value.get("kind")
        if is_blank(value):
            reader.problem(_join(path, "kind"), "the material flow has no kind (push, fifo, supermarket or pull)")
            return None
    return MaterialFlow(material_flow_kind(reader.text(value, path, "material flow")), maximum)


def read_improvement_steps(reader, value, path: str, i: int) -> tuple[str, ...]:
    """The steps an improvement changes: a list of names or one text (``A; B``)."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(";") if part.strip()]
    names = []
    for j, item in enumerate(reader.sequence(value, path, "steps")):
        reader.paths[("improvement", i, "steps", j)] = _join(path, j)
        names.append(reader.text(item, _join(path, j), "step"))
    reader.paths.setdefault(("improvement", i, "steps"), path)
    return tuple(names)


# -- writing ---------------------------------------------------------------------------------
def partner_dict(partner: Partner) -> dict:
    data: dict = {"name": partner.name}
    if partner.frequency:
        data["frequency"] = partner.frequency
    if partner.shipment is not None:
        data["shipment"] = {"mode": partner.shipment.mode}
        if partner.shipment.frequency:
            data["shipment"]["frequency"] = partner.shipment.frequency
    return data


def state_flows_dict(state) -> dict:
    data: dict = {}
    control = state.production_control
    if control is not None:
        data["production_control"] = {"name": control.name, **({"system": control.system} if control.system else {})}
    if state.information_flows:
        data["information_flows"] = [
            {"from": f.source, "to": f.target, "kind": f.kind,
             **{key: getattr(f, key) for key in ("frequency", "label") if getattr(f, key)}}
            for f in state.information_flows]
    return data


def inflow_value(flow: MaterialFlow):
    if flow.maximum is None:
        return flow.kind
    return {"kind": flow.kind, "max": plain_number(flow.maximum)}
