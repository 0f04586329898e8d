"""The checklist's own words (issue 15, item 5; METHOD.md section 4): a state summary's stated
totals and the root causes are kept, written back and compared; targets are compared with the
designed state; the waste analysis, WIP in days and takt reach every export.

Figures: the first two steps of METHOD.md's order fulfilment (Order Entry 15 min / 2 h, WIP 50;
Credit Check 10 min / 8 h, WIP 30) give PT 25 min, LT 10 h, FE 4.17 %, WIP 80, against the
checklist's stated current state (PT 70 min, LT 44 h, FE 2.7 %, WIP 240)."""
import copy
import json

import yaml

from vsm_xl.api import evaluate
from vsm_xl.core.analysis import analyze
from vsm_xl.core.errors import ValidationError
from vsm_xl.core.model import RootCause
from vsm_xl.io.json_report import report_dict
from vsm_xl.io.markdown import markdown_summary
from vsm_xl.io.tables import render_tables
from vsm_xl.io.yaml_io import dump_yaml, loads_document, stream_from_dict, stream_to_dict

TWO_STEPS = yaml.safe_load("""
value_stream:
  name: Order fulfilment, two steps listed
  root_causes: [Batch thinking]
  demand: {available_time_hours: 7.5, units: 90}
  current_state:
    total_process_time_minutes: 70
    total_lead_time_hours: 44
    flow_efficiency_percent: 2.7
    total_wip: 240
    root_causes: [Manual entry]
    steps:
      - {name: Order Entry, process_time_minutes: 15, lead_time_hours: 2, inventory: 50, waste_types: [defects]}
      - {name: Credit Check, process_time_minutes: 10, lead_time_hours: 8, inventory: 30, waste_types: [waiting]}
  waste_analysis:
    defects: {steps: [Order Entry], root_cause: Manual re-keying}
    waiting: {steps: [Credit Check], root_causes: [Batch credit runs, Nightly job]}
  future_state:
    target_lead_time_hours: 0.5
    target_flow_efficiency_percent: 10
    steps:
      - {name: Order Entry, process_time_minutes: 10, lead_time_minutes: 30, inventory: 10}
      - {name: Credit Check, process_time_minutes: 1, lead_time_minutes: 5, inventory: 0}
""")
CURRENT = "value_stream.current_state"


def _read(data):
    return loads_document(yaml.safe_dump(data, sort_keys=False))


def test_stated_totals_are_kept_and_total_wip_understood():
    read = _read(TWO_STEPS)
    assert read.warnings == ()  # total_wip, root_causes and root_cause are known keys now
    current = read.stream.states[0]
    assert current.stated == (("total_process_time_minutes", 70), ("total_lead_time_hours", 44),
                              ("flow_efficiency_percent", 2.7), ("total_wip", 240))
    assert read.stream.states[1].stated == ()


def test_stated_totals_warn_at_their_yaml_keys_with_both_figures():
    result = evaluate(TWO_STEPS)
    warnings = {w.location: w.message for w in result.warnings}
    assert warnings[f"{CURRENT}.total_lead_time_hours"] == (
        "Current state: stated LT 44 h, the 2 listed steps give 10 h: are steps missing?")
    assert warnings[f"{CURRENT}.total_process_time_minutes"].endswith("stated PT 70 min, the 2 listed steps give "
                                                                      "25 min: are steps missing?")
    assert warnings[f"{CURRENT}.total_wip"].endswith("stated WIP 240, the 2 listed steps give 80: are steps missing?")
    assert warnings[f"{CURRENT}.flow_efficiency_percent"].endswith("stated FE 2.7 %, the 2 listed steps give 4.17 %")
    assert len(warnings) == 4


def test_round_trip_keeps_stated_and_computed_apart():
    """An export writes the computed totals under the plain keys and the stated ones under
    ``stated:``; read back, the plain keys of an export are ignored and ``stated:`` is kept."""
    stream = _read(TWO_STEPS).stream
    assert stream_from_dict(stream_to_dict(stream)) == stream
    exported = stream_to_dict(stream, analyze(stream))["value_stream"]["current_state"]
    assert exported["total_lead_time_hours"] == 10 and exported["wip_total"] == 80  # computed
    assert exported["stated"] == {"total_process_time_minutes": 70, "total_lead_time_hours": 44,
                                  "flow_efficiency_percent": 2.7, "total_wip": 240}
    text = dump_yaml(stream, analyze(stream))
    again = loads_document(text)
    assert again.stream == stream
    assert dump_yaml(again.stream, analyze(again.stream)) == text
    # the stated figures still differ from the steps: the warnings are located under stated:
    warnings = {w.location for w in evaluate(yaml.safe_load(text)).warnings}
    assert f"{CURRENT}.stated.total_lead_time_hours" in warnings


def test_stated_mapping_in_a_hand_written_file_and_its_problems():
    data = copy.deepcopy(TWO_STEPS)
    current = data["value_stream"]["current_state"]
    current["stated"] = {"total_steps": 5}
    read = _read(data)
    problems = {w.location: w.message for w in read.warnings}
    assert "unknown stated figure 'total_steps'" in problems[f"{CURRENT}.stated.total_steps"]
    # total_wip and stated.wip_total are the same figure given twice
    data["value_stream"]["current_state"]["stated"] = {"wip_total": 80}
    try:
        _read(data)
    except ValidationError as exc:
        assert {p.location: p.message for p in exc.problems} == {
            f"{CURRENT}.stated.wip_total": "WIP stated twice (as total_wip and wip_total)"}
    else:
        raise AssertionError("WIP stated twice was accepted")


def test_root_causes_of_the_stream_a_state_and_the_wastes_round_trip():
    stream = _read(TWO_STEPS).stream
    assert stream.root_causes == (
        RootCause("Batch thinking"), RootCause("Manual entry", state=0),
        # TIMWOODS order (waiting before defects), whatever the file's order
        RootCause("Batch credit runs", waste="waiting"), RootCause("Nightly job", waste="waiting"),
        RootCause("Manual re-keying", waste="defects"))
    plain = stream_to_dict(stream)["value_stream"]
    assert plain["root_causes"] == ["Batch thinking"]
    assert plain["current_state"]["root_causes"] == ["Manual entry"]
    assert plain["waste_analysis"] == {"waiting": {"root_causes": ["Batch credit runs", "Nightly job"]},
                                       "defects": {"root_causes": ["Manual re-keying"]}}
    assert stream_from_dict(stream_to_dict(stream)) == stream
    exported = stream_to_dict(stream, analyze(stream))["value_stream"]["waste_analysis"]
    assert exported["waiting"]["steps"] == ["Credit Check"]
    assert exported["waiting"]["root_causes"] == ["Batch credit runs", "Nightly job"]
    assert stream_from_dict(stream_to_dict(stream, analyze(stream))) == stream


def test_json_report_carries_the_checklist_parts():
    """Takt 450 min / 90 = 5 min; WIP 80 / 90 a day = 0.89 days; Order Entry's 50 = 0.56 days.
    Future LT 35 min = 0.58 h against the 0.5 h target: not met; FE 11 / 35 = 31.4 % against 10 %: met.
    Waiting: WT 575 of 600 min = 95.83 % of the lead time."""
    result = evaluate(TWO_STEPS)
    report = json.loads(json.dumps(report_dict(result.analysis, result.warnings)))
    current = report["states"][0]
    assert (current["secondary_constraint"], current["highest_queue"]) == ("Credit Check", "Order Entry")
    assert current["takt_time_minutes"] == 5
    assert round(current["wip_days"], 4) == round(80 / 90, 4)
    assert current["inventory_days"][0] == {"step": "Order Entry", "days": 50 / 90}
    assert current["stated"][1] == {"key": "total_lead_time_hours", "stated": 44, "computed": 10, "agrees": False}
    assert report["demand"]["daily_demand"] == 90
    lead, fe = report["targets"]
    assert (lead["key"], lead["met"], lead["text"]) == ("lead_time_hours", False,
                                                        "LT target 0.5 h, designed 0.58 h: not met")
    assert fe["met"] is True and fe["state"] == "Future state"
    waiting = report["waste_analysis"]["waiting"]
    assert waiting["wait_time_minutes"] == 575 and round(waiting["share_of_lead_time"], 4) == 0.9583
    assert waiting["root_causes"] == ["Batch credit runs", "Nightly job"]
    assert report["waste_analysis"]["defects"]["root_causes"] == ["Manual re-keying"]
    assert report["root_causes"][:2] == [{"where": "value stream", "text": "Batch thinking"},
                                         {"where": "Current state", "text": "Manual entry"}]


def test_table_and_markdown_show_targets_bottlenecks_and_root_causes():
    result = evaluate(TWO_STEPS)
    text = render_tables(result.analysis, result.warnings)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Secondary constraint Credit Check Credit Check" in lines
    assert "Highest queue Order Entry Order Entry" in lines
    assert "Takt time 5 min 5 min" in lines
    assert "WIP in days of demand 0.89 0.11" in lines
    assert "Lead time (hours) 0.5 h 0.58 h not met" in lines
    assert "Flow efficiency (%) 10 % 31.43 % met" in lines
    assert "waiting 1 Credit Check 9.6 h (95.8 % of LT) Batch credit runs; Nightly job" in lines
    assert "Current state Manual entry" in lines
    md = markdown_summary(result.analysis, result.warnings)
    assert "| Lead time (hours) | 0.5 h | 0.58 h | not met |" in md
    assert "| Secondary constraint (second-largest PT) | Credit Check |" in md
    assert "| Highest queue (largest inventory) | Order Entry |" in md
    assert "| WIP in days of demand | 0.89 |" in md
    assert "| waiting | 1 | Credit Check | Batch credit runs; Nightly job |" in md
    assert "| value stream | Batch thinking |" in md
