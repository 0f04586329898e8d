"""The JSON report contract (``vsm-xl evaluate --format json``), checked on METHOD.md's examples."""
import json
import math

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.errors import Notice, Problem
from vsm_xl.io.json_report import report_dict, report_json

STATE_KEYS = {"name", "total_process_time_minutes", "total_lead_time_minutes", "total_wait_time_minutes",
              "flow_efficiency", "flow_rating", "rolled_complete_accurate", "wip_total", "capacity_constraint",
              "largest_delay"}
ALTERNATIVE_KEYS = {"name", "benefit_monetary", "benefit_non_monetary", "wbf", "rank"}


def test_states_contract_with_method_figures(order_analysis):
    """METHOD.md section 1: PT 70, LT 2640 min, FE 0.0265 (a fraction), rolled 0.655, WIP 240;
    future PT 47, LT 400, FE 0.1175."""
    report = json.loads(report_json(order_analysis))
    assert set(report) >= {"states", "evaluation", "warnings"}
    current, future = report["states"]
    assert STATE_KEYS <= set(current)
    assert current["name"] == "Current state"
    assert (current["total_process_time_minutes"], current["total_lead_time_minutes"],
            current["total_wait_time_minutes"]) == (70, 2640, 2570)
    assert current["flow_efficiency"] == pytest.approx(0.0265, abs=5e-5)
    assert current["flow_rating"] == "significant waste"
    assert current["rolled_complete_accurate"] == pytest.approx(0.655, abs=5e-4)
    assert current["wip_total"] == 240
    assert (current["capacity_constraint"], current["largest_delay"]) == ("Pick & Pack", "Ship")
    assert (future["total_process_time_minutes"], future["total_lead_time_minutes"]) == (47, 400)
    assert future["flow_efficiency"] == pytest.approx(0.1175)
    assert future["flow_rating"] == "moderate"
    assert future["comparison"]["lead_time_reduction"] == pytest.approx(0.848, abs=5e-4)
    for key in STATE_KEYS - {"name", "flow_rating", "capacity_constraint", "largest_delay"}:
        assert isinstance(current[key], float), key
    assert report["evaluation"] is None
    assert report["warnings"] == []


def test_evaluation_contract_with_method_figures(claims_analysis):
    """METHOD.md 2.5: weights 1/6, 1/3, 1/2 and 2/3, 1/6, 1/6; G, WBF and ranks; best Option C."""
    report = json.loads(report_json(claims_analysis))
    assert report["states"] == []
    evaluation = report["evaluation"]
    assert evaluation["weights"]["monetary"] == pytest.approx(
        {"Investment": 1 / 6, "Annual savings": 1 / 3, "Process costs": 1 / 2})
    assert evaluation["weights"]["non-monetary"] == pytest.approx(
        {"Lead time": 2 / 3, "First-pass yield": 1 / 6, "Flow degree": 1 / 6})
    expected = {"Current state": (0.2500, 0.2309, 1.0742, 4), "Option A": (0.5650, 0.7991, 0.4791, 2),
                "Option B": (0.4550, 0.7002, 0.6220, 3), "Option C": (0.7222, 0.8972, 0.2962, 1)}
    assert [a["name"] for a in evaluation["alternatives"]] == list(expected)
    for alt in evaluation["alternatives"]:
        assert ALTERNATIVE_KEYS <= set(alt)
        assert isinstance(alt["rank"], int) and isinstance(alt["wbf"], float)
        m, nm, w, rank = expected[alt["name"]]
        assert (round(alt["benefit_monetary"], 4), round(alt["benefit_non_monetary"], 4), round(alt["wbf"], 4),
                alt["rank"]) == (m, nm, w, rank)
    assert evaluation["best"] == "Option C"


def test_warnings_carry_cells_and_notices_without_one(claims_stream):
    """A value outside [worst, best] is clipped and reported (METHOD.md 2.2): the notice appears
    with cell null unless the caller gives it located."""
    from dataclasses import replace

    model = claims_stream.evaluation
    lead = replace(model.indicators[0], values=(24, 9, 12, 2))  # 2 days is better than best = 3
    analysis = analyze(replace(claims_stream, evaluation=replace(model, indicators=(lead,) + model.indicators[1:])))
    assert len(analysis.notices) == 1
    report = report_dict(analysis, [Problem("extra column ignored", "Steps!K1")])
    assert report["warnings"][0] == {"cell": "Steps!K1", "message": "extra column ignored"}
    assert report["warnings"][1]["cell"] is None and "clipped" in report["warnings"][1]["message"]
    located = Problem(analysis.notices[0].message, "Indicators!H4")
    report = report_dict(analysis, [located])
    assert report["warnings"] == [{"cell": "Indicators!H4", "message": analysis.notices[0].message}]
    assert report_dict(analysis, [Notice("plain notice")])["warnings"][0] == {"cell": None, "message": "plain notice"}


def test_undefined_ratios_are_null_not_infinity(order_analysis):
    """An infinite FE ratio (a current state without flow) becomes null: JSON has no Infinity."""
    from dataclasses import replace

    comparison = replace(order_analysis.comparisons[0], flow_efficiency_ratio=math.inf)
    text = report_json(replace(order_analysis, comparisons=(comparison,)))
    assert "Infinity" not in text
    assert json.loads(text)["states"][1]["comparison"]["flow_efficiency_ratio"] is None
