"""The interchange keys of issue 9: scheme, AHP cells, participants, value ranges, the checklist's
target-only future state and its waste_analysis (METHOD.md sections 3 and 4)."""
import copy

import pytest
import yaml

import vsm_xl.api

from vsm_xl.core.analysis import analyze
from vsm_xl.core.errors import ValidationError
from vsm_xl.io.yaml_io import dump_json, dump_yaml, loads_document, stream_from_dict, stream_to_dict

ISSUE_EXAMPLE = yaml.safe_load("""
value_stream:
  name: Claims
  current_state:
    steps:
      - {name: Intake, process_time_minutes: 15, lead_time_hours: 2, waste_types: [defects]}
      - {name: Review, process_time_minutes: 10, lead_time_hours: 8, waste_types: [waiting, defects]}
  waste_analysis:
    waiting: {percent_of_lead_time: 95.8, steps: [Review], total_hours: 9.6}
    defects: {steps: [Intake, Review], step_count: 2}
  future_state:
    target_lead_time_hours: 4
    target_flow_efficiency_percent: 25
evaluation:
  alternatives: [Current state, Option A]
  indicators:
    - {name: Lead time, group: non-monetary, worst: 30, best: 3, values: [24, {low: 7, likely: 9, high: 14}]}
    - {name: First-pass yield, group: non-monetary, worst: 0.5, best: 1, values: [0.8, 0.9]}
    - {name: Flow degree, group: non-monetary, worst: 10, best: 1, values: [8, 3]}
    - {name: Investment, group: monetary, worst: 500000, best: 0, values: [0, 100000]}
    - {name: Annual savings, group: monetary, worst: 0, best: 300000, values: [0, 100000]}
  pairwise:
    non-monetary:
      scheme: ahp
      indicators: ["Lead time", "First-pass yield", "Flow degree"]
      matrix: [[null, 3, 5], ["1/3", null, 2], [0.2, 0.5, null]]
    monetary:
      indicators: [Investment, Annual savings]
      participants:
        - {name: Anna, matrix: [[null, 2], [0, null]]}
        - {name: Ben, matrix: [[null, 1], [null, null]]}
""")


def test_issue_example_reads_with_every_form():
    read = loads_document(yaml.safe_dump(ISSUE_EXAMPLE, sort_keys=False))
    assert read.warnings == ()
    stream = read.stream
    nm = stream.evaluation.pairwise["non-monetary"]
    assert nm.scheme == "ahp"
    assert nm.matrix == ((None, 3, 5), (1 / 3, None, 2), (0.2, 0.5, None))
    mon = stream.evaluation.pairwise["monetary"]
    assert [p.name for p in mon.participants] == ["Anna", "Ben"] and mon.matrix == ()
    lead = stream.evaluation.indicators[0]
    assert lead.values == (24, 9) and lead.ranges == (None, (7, 9, 14))
    assert stream.evaluation.indicators[1].ranges == ()
    assert stream.future_targets == (("lead_time_hours", 4), ("flow_efficiency_percent", 25))
    assert [s.name for s in stream.states] == ["Current state"]  # targets without steps: no state
    result = analyze(stream).evaluation
    assert result.weights["non-monetary"].scheme == "ahp"
    # Ben's blank lower triangle is derived (2 − 1 = 1): pooled cell (2 + 1)/2 = 1.5 -> 3/4, 1/4
    assert result.weights["monetary"].weights == pytest.approx([0.75, 0.25])


@pytest.mark.parametrize("cell", [3, "3", 3.0])
def test_ahp_cells_as_numbers_fractions_or_decimals(cell):
    data = copy.deepcopy(ISSUE_EXAMPLE)
    data["evaluation"]["pairwise"]["non-monetary"]["matrix"] = [[None, cell, 5], [0.333, None, 2], ["1/5", None, None]]
    stream = stream_from_dict(data)
    result = analyze(stream).evaluation.weights["non-monetary"]
    reference = analyze(stream_from_dict(ISSUE_EXAMPLE)).evaluation.weights["non-monetary"]
    assert result.weights == pytest.approx(reference.weights, abs=1e-12)  # 0.333 snapped to 1/3


def test_round_trip_yaml_and_json_identical():
    stream = stream_from_dict(ISSUE_EXAMPLE)
    assert stream_from_dict(stream_to_dict(stream)) == stream
    text = dump_yaml(stream)
    assert "scheme: ahp" in text and "1/3" in text and "participants:" in text and "likely: 9" in text
    assert "target_lead_time_hours: 4" in text
    assert dump_yaml(loads_document(text).stream) == text
    assert loads_document(dump_json(stream)).stream == stream


def test_waste_analysis_compared_with_the_steps_and_written_back():
    data = copy.deepcopy(ISSUE_EXAMPLE)
    data["value_stream"]["waste_analysis"] = {
        "waiting": {"percent_of_lead_time": 80, "total_hours": 9.6},
        "defects": {"steps": ["Intake"], "step_count": 3},
        "rework": {"steps": ["Review"]},  # an alias of defects... stated twice is fine
        "boredom": {"steps": []},
    }
    read = loads_document(yaml.safe_dump(data, sort_keys=False))
    warnings = {w.location: w.message for w in read.warnings}
    # LT 600 min, PT 25 min: wait 575 min = 9.58 h = 95.8 % of the lead time
    assert "the steps give 95.8 %" in warnings["value_stream.waste_analysis.waiting.percent_of_lead_time"]
    assert "value_stream.waste_analysis.waiting.total_hours" not in warnings  # 9.6 is 9.58 rounded
    assert "mark it at Intake, Review" in warnings["value_stream.waste_analysis.defects.steps"]
    assert "at 2" in warnings["value_stream.waste_analysis.defects.step_count"]
    assert "unknown waste 'boredom'" in warnings["value_stream.waste_analysis.boredom"]
    exported = stream_to_dict(read.stream, analyze(read.stream))["value_stream"]
    assert list(exported)[:4] == ["name", "current_state", "waste_analysis", "future_state"]
    assert exported["waste_analysis"]["waiting"] == {"steps": ["Review"], "step_count": 1,
                                                     "wait_time_hours": 9.5833, "percent_of_lead_time": 95.83}
    assert exported["waste_analysis"]["defects"]["steps"] == ["Intake", "Review"]
    # the export reads back without warnings: what it states is what the steps give
    again = loads_document(dump_yaml(read.stream, analyze(read.stream)))
    assert again.warnings == () and again.stream == read.stream


def test_future_state_with_steps_keeps_its_targets():
    data = copy.deepcopy(ISSUE_EXAMPLE)
    data["value_stream"]["future_state"]["steps"] = [{"name": "Intake", "process_time_minutes": 5,
                                                      "lead_time_hours": 1}]
    stream = stream_from_dict(data)
    assert [s.kind for s in stream.states] == ["current", "future"]
    assert stream.future_targets[0] == ("lead_time_hours", 4)
    assert stream_from_dict(stream_to_dict(stream)) == stream


def test_target_keys_only_on_the_future_state():
    data = copy.deepcopy(ISSUE_EXAMPLE)
    data["value_stream"]["current_state"]["target_lead_time_hours"] = 3
    warnings = {w.location for w in loads_document(yaml.safe_dump(data, sort_keys=False)).warnings}
    assert "value_stream.current_state.target_lead_time_hours" in warnings


def problems(data):
    """Reading problems, or else the core's problems located by the reader (as the CLI shows them)."""
    with pytest.raises(ValidationError) as info:
        vsm_xl.api.evaluate(data)
    return {p.location: p.message for p in info.value.problems}


def test_problems_name_yaml_paths():
    data = copy.deepcopy(ISSUE_EXAMPLE)
    nm = data["evaluation"]["pairwise"]["non-monetary"]
    nm["matrix"][0][1] = "three"
    data["evaluation"]["indicators"][0]["values"][1] = {"low": 7, "likely": 9}
    data["evaluation"]["pairwise"]["monetary"]["participants"][1]["matrix"][0][1] = 3
    data["evaluation"]["pairwise"]["monetary"]["scheme"] = "topsis"
    found = problems(data)
    assert "'three'" in found["evaluation.pairwise.non-monetary.matrix[0][1]"]
    assert "high is missing" in found["evaluation.indicators[0].values[1].high"]
    assert "unknown weighting scheme 'topsis'" in found["evaluation.pairwise.monetary.scheme"]
    data["evaluation"]["pairwise"]["monetary"]["scheme"] = "pairwise"
    data["evaluation"]["indicators"][0]["values"][1] = {"low": 10, "likely": 9, "high": 14}
    nm["matrix"][0][1] = 11
    found = problems(data)
    assert "outside Saaty's scale" in found["evaluation.pairwise.non-monetary.matrix[0][1]"]
    assert "Ben: pairwise: Investment vs Annual savings is 3" in \
        found["evaluation.pairwise.monetary.participants[1].matrix[0][1]"]
    assert "low <= likely <= high" in found["evaluation.indicators[0].values[1]"]


def test_matrix_and_participants_together_is_a_problem():
    data = copy.deepcopy(ISSUE_EXAMPLE)
    data["evaluation"]["pairwise"]["monetary"]["matrix"] = [[None, 1], [1, None]]
    assert "both a matrix and participants" in problems(data)["evaluation.pairwise.monetary.participants"]
