"""The map's vocabulary in the YAML (core.flows; issue 16 item 1): read, written back exactly,
and its problems at their YAML paths."""
from __future__ import annotations

import copy

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.errors import ValidationError
from vsm_xl.core.flows import InformationFlow, MaterialFlow, Partner, ProductionControl, Shipment, bursts
from vsm_xl.io.interchange_read import document_from_dict, stream_from_dict
from vsm_xl.io.interchange_write import stream_to_dict

DOC = {"value_stream": {
    "customer": {"name": "Retail", "frequency": "daily", "shipment": {"mode": "truck", "frequency": "daily"}},
    "supplier": "Mill",
    "current_state": {
        "production_control": {"name": "PC", "system": "ERP"},
        "information_flows": [
            {"from": "customer", "to": "Production Control", "kind": "electronic", "frequency": "weekly",
             "label": "forecast"},
            {"from": "production control", "to": "B", "kind": "paper"}],
        "steps": [{"name": "A", "process_time": 1, "lead_time": 2},
                  {"name": "B", "process_time": 1, "lead_time": 2, "inflow": {"kind": "FIFO lane", "max": 3}},
                  {"name": "C", "process_time": 1, "lead_time": 2, "inflow": "push"}]},
    "future_state": {"steps": [{"name": "A", "process_time": 1, "lead_time": 2},
                               {"name": "C", "process_time": 1, "lead_time": 2, "inflow": "pull"}]},
    "improvements": [{"name": "k", "steps": ["C", "A"]}, {"name": "j", "states": ["Current state"], "steps": "B"}]}}


def test_flows_are_read_in_the_model_words():
    stream = stream_from_dict(DOC)
    assert stream.customer == Partner("Retail", "daily", Shipment("truck", "daily"))
    assert stream.supplier == Partner("Mill")
    current = stream.states[0]
    assert current.production_control == ProductionControl("PC", "ERP")
    assert current.information_flows == (
        InformationFlow("customer", "production control", "electronic", "weekly", "forecast"),
        InformationFlow("production control", "B", "manual"))
    assert [s.inflow for s in current.steps] == [None, MaterialFlow("fifo", 3.0), MaterialFlow("push")]
    assert stream.improvements[0].steps == ("C", "A")
    assert stream.improvements[1].steps == ("B",)


def test_flows_round_trip_exactly():
    stream = stream_from_dict(DOC)
    again = stream_from_dict(stream_to_dict(stream))
    assert again == stream
    written = stream_to_dict(stream)["value_stream"]
    assert written["current_state"]["steps"][1]["inflow"] == {"kind": "fifo", "max": 3}
    assert written["current_state"]["steps"][2]["inflow"] == "push"


def test_bursts_are_one_per_improvement_and_step_of_the_states_it_changes():
    stream = stream_from_dict(DOC)
    # k names no state: every state but the current one; j the current state only
    assert [(b.label, stream.states[1].steps[b.step].name) for b in bursts(stream, 1)] == [("K1", "C"), ("K1", "A")]
    assert [(b.label, stream.states[0].steps[b.step].name) for b in bursts(stream, 0)] == [("K2", "B")]


def _problems(doc) -> dict:
    read = document_from_dict(doc)
    with pytest.raises(ValidationError) as info:
        analyze(read.stream)
    return {read.locate(p.subject): p.message for p in info.value.problems}


def _notices(doc) -> dict:
    read = document_from_dict(doc)
    return {read.locate(n.subject): n.message for n in analyze(read.stream).notices}


def test_flow_problems_reach_their_yaml_paths():
    doc = copy.deepcopy(DOC)
    state = doc["value_stream"]["current_state"]
    state["steps"][1]["inflow"] = {"kind": "fifo", "max": -2}
    state["steps"][2]["inflow"] = "conveyor"
    state["information_flows"][1].update({"to": "Nowhere", "kind": "smoke"})
    doc["value_stream"]["improvements"][1]["steps"] = ["B", "Z"]
    found = _problems(doc)
    vs = "value_stream.current_state"
    assert set(found) == {f"{vs}.steps[1].inflow.max", f"{vs}.steps[2].inflow",
                          f"{vs}.information_flows[1].kind", "value_stream.improvements[1].steps[1]"}
    assert "not -2" in found[f"{vs}.steps[1].inflow.max"]
    assert "'conveyor'" in found[f"{vs}.steps[2].inflow"]


def test_an_end_naming_no_step_is_a_warning_at_its_yaml_path():
    """A warning, not a refusal: the Map leaves the arrow out (a state refreshed from an event
    log may have other steps than its flows name)."""
    doc = copy.deepcopy(DOC)
    doc["value_stream"]["current_state"]["information_flows"][1]["to"] = "Nowhere"
    found = _notices(doc)
    assert "'Nowhere'" in found["value_stream.current_state.information_flows[1].to"]


def test_an_end_naming_a_step_of_another_state_is_a_warning():
    doc = copy.deepcopy(DOC)
    doc["value_stream"]["future_state"]["information_flows"] = [{"from": "production control", "to": "B"}]
    assert list(_notices(doc)) == ["value_stream.future_state.information_flows[0].to"]
