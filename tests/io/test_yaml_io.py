"""The interchange format (METHOD.md section 4): reading both examples, every accepted key
spelling, problems with YAML paths, export of computed totals, round trips."""
import json

import pytest
import yaml

from vsm_xl.core.analysis import analyze
from vsm_xl.core.durations import DurationRule
from vsm_xl.core.errors import ValidationError, VsmError
from vsm_xl.core.model import Waste
from vsm_xl.io.yaml_io import (
    document_from_dict, dump_json, dump_yaml, loads_document, loads_yaml, read_yaml, read_yaml_document,
    stream_from_dict, stream_to_dict, write_yaml,
)

# METHOD.md section 1: (name, owner, PT min, LT min, %C&A, inventory) of the order fulfilment example
CURRENT = [("Order Entry", "Sales", 15, 120, 0.85, 50), ("Credit Check", "Finance", 10, 480, 0.95, 30),
           ("Inventory Alloc", "Warehouse", 5, 240, 0.90, 20), ("Pick & Pack", "Warehouse", 30, 360, 0.92, 40),
           ("Ship", "Logistics", 10, 1440, 0.98, 100)]
FUTURE = [("Order Entry", "Sales", 10, 30, 0.98, 10), ("Credit Check", "System", 1, 5, 0.99, 0),
          ("Inventory Alloc", "System", 1, 5, 0.99, 0), ("Pick & Pack", "Warehouse", 25, 120, 0.96, 15),
          ("Ship", "Logistics", 10, 240, 0.99, 20)]


def one_step(**step):
    """A document with one current-state step (name Work unless given)."""
    step = {"name": "Work", **step}
    return {"value_stream": {"name": "T", "current_state": {"steps": [step]}}}


def problems_of(data):
    with pytest.raises(ValidationError) as info:
        stream_from_dict(data)
    return {p.location: p.message for p in info.value.problems}


# -- reading the examples ------------------------------------------------------------------


def test_order_fulfillment_steps_match_method_table(order_stream):
    """METHOD.md section 1, order fulfilment: both the checklist keys (current state) and the
    duration strings (future state) read into minutes and fractions."""
    assert order_stream.name == "Customer Order Fulfillment"
    assert [(s.name, s.kind) for s in order_stream.states] == [("Current state", "current"),
                                                               ("Future state", "future")]
    for state, rows in zip(order_stream.states, (CURRENT, FUTURE)):
        got = [(s.name, s.owner, s.process_time, s.lead_time, s.complete_accurate, s.inventory) for s in state.steps]
        assert got == [(n, o, float(pt), float(lt), pytest.approx(ca), float(inv)) for n, o, pt, lt, ca, inv in rows]
    first = order_stream.states[0].steps[0]
    assert first.wastes == (Waste("defects", "Manual entry errors"), Waste("motion", "Multiple system entry"))
    assert first.notes == "Manual entry"
    assert dict(order_stream.boundaries)["trigger"] == "Customer places order"
    assert [i.priority for i in order_stream.improvements] == [1, 2, 3, 4]
    assert order_stream.improvements[0].lead_time_reduction_hours == 7.9
    assert order_stream.roadmap[1].improvements == ("On-demand carrier", "Automated inventory")
    assert order_stream.roadmap[1].duration_weeks == 8


def test_order_fulfillment_analysis_gives_method_figures(order_analysis):
    """METHOD.md section 1 expected: PT 70 min, LT 2640 min, FE 2.65 %, rolled %C&A 65.5 %,
    WIP 240, capacity constraint Pick & Pack, largest delay Ship; future PT 47, LT 400, FE 11.75 %."""
    current, future = order_analysis.states
    assert (current.total_process_time, current.total_lead_time, current.wip_total) == (70, 2640, 240)
    assert current.flow_efficiency == pytest.approx(0.0265, abs=5e-5)
    assert current.rolled_complete_accurate == pytest.approx(0.655, abs=5e-4)
    assert (current.capacity_constraint, current.largest_delay) == ("Pick & Pack", "Ship")
    assert (future.total_process_time, future.total_lead_time, future.wip_total) == (47, 400, 45)
    assert future.flow_efficiency == pytest.approx(0.1175)


def test_claims_handling_evaluation_gives_method_table(claims_stream):
    """METHOD.md section 2.5, claims handling: G non-monetary, G monetary, WBF and rank to 4 decimals."""
    model = claims_stream.evaluation
    assert model.alternatives == ("Current state", "Option A", "Option B", "Option C")
    assert [i.group for i in model.indicators] == ["non-monetary"] * 3 + ["monetary"] * 3
    assert model.indicators[1].function == "exponential" and model.indicators[1].curvature == 2
    assert model.pairwise["non-monetary"].matrix[0] == (None, 2, 2)
    result = analyze(claims_stream).evaluation
    expected = {"Current state": (0.2309, 0.2500, 1.0742, 4), "Option A": (0.7991, 0.5650, 0.4791, 2),
                "Option B": (0.7002, 0.4550, 0.6220, 3), "Option C": (0.8972, 0.7222, 0.2962, 1)}
    for alt in result.alternatives:
        nm, m, w, rank = expected[alt.name]
        assert (round(alt.benefit_non_monetary, 4), round(alt.benefit_monetary, 4), round(alt.wbf, 4), alt.rank) \
            == (nm, m, w, rank)
    assert claims_stream.states == ()


# -- accepted spellings --------------------------------------------------------------------


@pytest.mark.parametrize("times", [
    {"process_time_minutes": 15, "lead_time_hours": 2},
    {"process_time": "15m", "lead_time": "2h"},
    {"process_time": 15, "lead_time": "2 h"},
    {"process_time_hours": 0.25, "lead_time_minutes": 120},
    {"process_time_seconds": 900, "lead_time": "1:30", "wait_time_minutes": 999},  # 1:30 is h:mm
    {"process_time": "15 min", "wait_time_minutes": 105},  # only a wait time: LT = PT + WT
])
def test_time_keys_all_mean_minutes(times):
    step = stream_from_dict(one_step(**times)).states[0].steps[0]
    assert step.process_time == 15
    assert step.lead_time == (90 if times.get("lead_time") == "1:30" else 120)


@pytest.mark.parametrize("share", [{"complete_accurate_percent": 85}, {"complete_accurate_percent": "85%"},
                                   {"complete_accurate": 0.85}, {"complete_accurate": "85%"},
                                   {"complete_accurate": 85}, {"complete_accurate": "85 %"}])
def test_complete_accurate_spellings(share):
    step = stream_from_dict(one_step(process_time=1, lead_time=2, **share)).states[0].steps[0]
    assert step.complete_accurate == pytest.approx(0.85)


def test_percent_key_holds_percents():
    """complete_accurate_percent: 0.5 is half a percent, not 50 % (the key says percent)."""
    step = stream_from_dict(one_step(process_time=1, lead_time=2, complete_accurate_percent=0.5)).states[0].steps[0]
    assert step.complete_accurate == pytest.approx(0.005)


def test_step_extras_and_wastes_as_strings():
    step = stream_from_dict(one_step(process_time="1h", lead_time="1d", changeover_minutes=12, resources=2,
                                     position=3, owner="Ops", notes="n", is_bottleneck=True,
                                     waste_types=["Waiting", "over-processing", "Transport"])).states[0].steps[0]
    assert (step.lead_time, step.changeover, step.resources, step.position) == (1440, 12, 2, 3)
    assert step.marked_bottleneck is True
    assert [w.type for w in step.wastes] == ["waiting", "overprocessing", "transportation"]
    assert stream_from_dict(one_step(process_time=1, lead_time=1, wastes="waiting, defects")).states[0].steps[0] \
        .wastes == (Waste("waiting"), Waste("defects"))


def test_working_hours_per_day_switches_days_to_working_time():
    """METHOD.md section 1: a day is 24 h unless the workbook declares working hours per day."""
    data = one_step(process_time="1h", lead_time="1.5d")
    assert stream_from_dict(data).states[0].steps[0].lead_time == 1.5 * 24 * 60
    data["value_stream"]["working_hours_per_day"] = 8
    stream = stream_from_dict(data)
    assert stream.duration_rule == DurationRule(8, 7)
    assert stream.states[0].steps[0].lead_time == 1.5 * 8 * 60


def test_demand_and_state_names():
    data = {"value_stream": {
        "demand": {"available_time": "7h 30m", "units": 45, "period": "day"},
        "current_state": {"name": "As-is 2026", "steps": [{"name": "A", "process_time": 1, "lead_time": 2}]},
        "future_state": {"steps": [{"name": "A", "process_time": 1, "lead_time": 1}]},
        "target_states": [{"name": "Option B", "steps": [{"name": "A", "process_time": 1, "lead_time": 1}]}],
    }}
    stream = stream_from_dict(data)
    assert [(s.name, s.kind) for s in stream.states] == [("As-is 2026", "current"), ("Future state", "future"),
                                                         ("Option B", "target")]
    assert (stream.demand.available_minutes, stream.demand.units, stream.demand.period) == (450, 45, "day")


def test_values_by_alternative_name(claims_path):
    data = yaml.safe_load(claims_path.read_text())
    ind = data["evaluation"]["indicators"][0]
    ind["values"] = dict(zip(data["evaluation"]["alternatives"], ind["values"]))
    assert stream_from_dict(data) == read_yaml(claims_path)


def test_json_in_the_same_schema(tmp_path, order_stream, order_path):
    path = tmp_path / "order.json"
    path.write_text(json.dumps(yaml.safe_load(order_path.read_text())))
    assert read_yaml(path) == order_stream


# -- problems ------------------------------------------------------------------------------


def test_all_problems_at_once_with_yaml_paths():
    data = {"value_stream": {"current_state": {"steps": [
        {"name": "A", "process_time_minutes": 5, "lead_time_hours": 1},
        {"name": "B", "process_time_minutes": 5, "lead_time_hours": 1},
        {"name": "C", "process_time_minutes": 5, "lead_time_hours": 1},
        {"name": "D", "process_time_minutes": 5, "lead_time_hours": "two hours-ish"},
        {"process_time_minutes": -1, "lead_time_hours": 1, "complete_accurate_percent": 120,
         "waste_types": ["laziness"]},
    ]}}, "evaluation": {"alternatives": ["a", "b"], "indicators": [
        {"name": "X", "group": "financial", "worst": 1, "best": 2, "values": [1, "lots"]}]}}
    found = problems_of(data)
    steps = "value_stream.current_state.steps"
    assert "lead time" in found[f"{steps}[3].lead_time_hours"]
    assert found[f"{steps}[4].name"] == "the step has no name"
    assert "negative" in found[f"{steps}[4].process_time_minutes"]
    assert "100 %" in found[f"{steps}[4].complete_accurate_percent"]
    assert "laziness" in found[f"{steps}[4].waste_types[0]"]
    assert "monetary" in found["evaluation.indicators[0].group"]
    assert "number" in found["evaluation.indicators[0].values[1]"]
    assert len(found) == 7


def test_validation_error_message_lists_every_problem():
    with pytest.raises(ValidationError) as info:
        stream_from_dict(one_step(process_time="x"))
    text = str(info.value)
    assert text.startswith("2 problems found:")
    assert "value_stream.current_state.steps[0].process_time: process time:" in text
    assert "value_stream.current_state.steps[0].lead_time_hours: step 'Work': lead time is missing" in text


@pytest.mark.parametrize("text, where, what", [
    ("value_stream:\n  name: [unclosed\n", "line 3", "not valid YAML"),
    ("value_stream:\n  name: a\n  name: b\n", "line 3", "appears twice"),
    ("- just\n- a list\n", "(document)", "mapping"),
    ("", "(document)", "empty"),
])
def test_unreadable_documents(text, where, what):
    with pytest.raises(ValidationError) as info:
        loads_yaml(text)
    (problem,) = info.value.problems
    assert where in problem.location and what in problem.message


def test_invalid_json_names_line():
    with pytest.raises(ValidationError) as info:
        loads_document('{"value_stream":\n {"name": }}', source="x.json", json_text=True)
    assert info.value.problems[0].location == "x.json line 2, column 11"  # the "}" where a value belongs


def test_unknown_keys_are_warnings_with_suggestions():
    read = document_from_dict(one_step(process_time=1, lead_time=2, ownr="Ops", colour="red"))
    warnings = {w.location: w.message for w in read.warnings}
    assert warnings["value_stream.current_state.steps[0].ownr"] == "unknown key 'ownr' ignored (did you mean 'owner'?)"
    assert warnings["value_stream.current_state.steps[0].colour"] == "unknown key 'colour' ignored"


def test_read_missing_file(tmp_path):
    with pytest.raises(VsmError, match="no such file"):
        read_yaml(tmp_path / "nope.yaml")


def test_locate_addresses_core_problems_to_yaml_paths(claims_path):
    """Problems the core finds (LT < PT, an inconsistent pairwise pair) come back as YAML paths."""
    read = loads_document(
        "value_stream:\n  current_state:\n    steps:\n"
        "      - {name: A, process_time_minutes: 5, lead_time_hours: 1}\n"
        "      - {name: B, process_time_minutes: 90, lead_time_hours: 1}\n")
    with pytest.raises(ValidationError) as info:
        analyze(read.stream)
    (problem,) = info.value.problems
    assert problem.subject == ("step", 0, 1, "lead_time")  # the field is in the subject, not read from the text
    assert read.locate(problem.subject) == "value_stream.current_state.steps[1].lead_time_hours"
    assert read.locate(problem.subject[:3]) == "value_stream.current_state.steps[1]"
    data = yaml.safe_load(claims_path.read_text())
    data["evaluation"]["pairwise"]["monetary"]["matrix"][0][2] = 1  # 1 + 2 != 2 with its mirror
    read = document_from_dict(data)
    with pytest.raises(ValidationError) as info:
        analyze(read.stream)
    (problem,) = info.value.problems
    assert read.locate(problem.subject) in ("evaluation.pairwise.monetary.matrix[0][2]",
                                            "evaluation.pairwise.monetary.matrix[2][0]")


# -- writing -------------------------------------------------------------------------------


def test_export_writes_checklist_totals(order_stream, order_analysis):
    """The computed keys of METHOD.md section 4 with the section 1 figures."""
    vs = stream_to_dict(order_stream, order_analysis)["value_stream"]
    current, future = vs["current_state"], vs["future_state"]
    assert current["total_process_time_minutes"] == 70
    assert current["total_lead_time_hours"] == 44
    assert current["total_wait_time_minutes"] == 2570
    assert current["flow_efficiency_percent"] == pytest.approx(2.65, abs=0.005)
    assert current["wip_total"] == 240
    assert current["rolled_complete_accurate_percent"] == pytest.approx(65.5, abs=0.05)
    assert [s["is_bottleneck"] for s in current["steps"]] == [False, False, False, True, False]
    assert [s["wait_time_minutes"] for s in current["steps"]] == [105, 470, 235, 330, 1430]
    assert future["flow_efficiency_percent"] == pytest.approx(11.75)
    assert future["comparison"]["process_time_reduction_percent"] == pytest.approx(32.9, abs=0.05)
    assert future["comparison"]["lead_time_reduction_percent"] == pytest.approx(84.8, abs=0.05)
    assert future["comparison"]["flow_efficiency_ratio"] == pytest.approx(4.43, abs=0.005)
    assert future["comparison"]["wip_change"] == -195
    assert "total_process_time_minutes" not in stream_to_dict(order_stream)["value_stream"]["current_state"]


def test_export_writes_evaluation_results(claims_stream, claims_analysis):
    """METHOD.md 2.5: weights 1/6, 1/3, 1/2 (monetary) and 2/3, 1/6, 1/6; best Option C."""
    results = stream_to_dict(claims_stream, claims_analysis)["evaluation"]["results"]
    assert results["best"] == "Option C"
    assert results["weights"]["monetary"]["Process costs"] == {"sum": 3, "weight": 0.5, "rank": 1}
    assert results["weights"]["non-monetary"]["Lead time"]["weight"] == pytest.approx(2 / 3, abs=1e-6)
    assert [(a["name"], a["rank"]) for a in results["alternatives"]][3] == ("Option C", 1)
    assert results["partial_benefits"]["Lead time"]["Current state"] == pytest.approx(6 / 27, abs=1e-6)


def test_checklist_key_style_and_readable_order(order_stream):
    text = dump_yaml(order_stream)
    data = yaml.safe_load(text)
    step = data["value_stream"]["current_state"]["steps"][0]
    assert list(step)[:4] == ["name", "owner", "process_time_minutes", "lead_time_hours"]
    assert step["complete_accurate_percent"] == 85
    assert list(data["value_stream"])[:4] == ["name", "version", "date", "analyst"]
    future = data["value_stream"]["future_state"]["steps"]
    assert future[0]["lead_time_hours"] == 0.5
    assert future[1]["lead_time_minutes"] == 5  # 0.0833 h would not read back exactly
    assert "  current_state:\n    steps:\n      - name: Order Entry\n" in text


def test_hand_marked_bottleneck_survives_export_with_totals(order_stream):
    """is_bottleneck of an export is the computed capacity constraint; a hand mark on another
    step is kept as marked_bottleneck and read back as the mark."""
    data = stream_to_dict(order_stream)
    data["value_stream"]["current_state"]["steps"][4]["is_bottleneck"] = True  # Ship, by hand
    marked = stream_from_dict(data)
    assert [s.marked_bottleneck for s in marked.states[0].steps] == [False] * 4 + [True]
    analysis = analyze(marked)
    assert analysis.states[0].marked_bottleneck == "Ship"
    exported = stream_to_dict(marked, analysis)
    steps = exported["value_stream"]["current_state"]["steps"]
    assert [s["is_bottleneck"] for s in steps] == [False, False, False, True, False]
    assert [s.get("marked_bottleneck", False) for s in steps] == [False] * 4 + [True]
    assert stream_from_dict(exported) == marked


@pytest.mark.parametrize("example", ["order", "claims"])
@pytest.mark.parametrize("with_analysis", [False, True])
def test_examples_round_trip(example, with_analysis, request):
    stream = request.getfixturevalue(f"{example}_stream")
    analysis = request.getfixturevalue(f"{example}_analysis") if with_analysis else None
    assert stream_from_dict(stream_to_dict(stream, analysis)) == stream
    assert loads_yaml(dump_yaml(stream, analysis)) == stream
    assert loads_document(dump_json(stream, analysis), json_text=True).stream == stream


def test_write_yaml_and_json_atomically(tmp_path, order_stream, order_analysis):
    target = tmp_path / "out.yaml"
    write_yaml(order_stream, target, order_analysis)
    assert read_yaml(target) == order_stream
    assert target.read_text().startswith("# Value stream in the vsm_xl interchange format")
    write_yaml(order_stream, tmp_path / "out.json")
    assert json.loads((tmp_path / "out.json").read_text())["value_stream"]["name"] == order_stream.name
    assert read_yaml_document(tmp_path / "out.json").stream == order_stream
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.yaml"]  # no temporary files left


def test_line_breaks_in_names_mean_the_same_in_the_workbook(tmp_path):
    """A name with "\\r\\n" or "\\r" inside reads as "\\n" from YAML, as the workbook's XML reads
    it back: the same name in both (found by the fuzz run's odd-text YAML mutation)."""
    import vsm_xl
    from vsm_xl.workbook.writer import write_template

    model = tmp_path / "m.yaml"
    model.write_text('value_stream:\n  name: s\n  current_state:\n    steps:\n'
                     '      - {name: "S\\r\\nhip", process_time: 5m, lead_time: 1h}\n'
                     '      - {name: "Pa\\rck", process_time: 5m, lead_time: 1h}\n')
    stream = vsm_xl.load(model)
    assert [s.name for s in stream.states[0].steps] == ["S\nhip", "Pa\nck"]
    write_template(tmp_path / "m.xlsx", stream)
    assert [s.name for s in vsm_xl.load(tmp_path / "m.xlsx").states[0].steps] == ["S\nhip", "Pa\nck"]
