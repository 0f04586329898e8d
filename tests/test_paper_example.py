"""The paper's example as one study (examples/paper_cirp2013.yaml): the map's states carry the
steps, the indicators take their values from them (measures), and every front end reproduces the
paper's Table 4.

Source: CIRP Annals 2013, section 3, Tables 1, 3 and 4 (METHOD.md 2.6): lead time 25.7 / 10 / 12 /
10 days, flow degree 90 / 37 / 42 / 37, EPEI 11 days, OEE 100 %, space 5000 / 4500 / 4750 / 3750
m²; weights 33.3 / 33.3 / 25 / 8.3 %; G non-monetary 0.250 / 0.478 / 0.445 / 0.520."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import vsm_xl
from vsm_xl.io.yaml_io import read_yaml, stream_from_dict, stream_to_dict
from vsm_xl.udfs import VSM_EPEI, VSM_FLOW_DEGREE, VSM_OEE, VSM_OVERALL_BENEFIT, VSM_PARTIAL_BENEFIT, VSM_WEIGHTS

from tests.support.udf_cases import TABLE3, column

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "examples" / "paper_cirp2013.yaml"
STATES = ["Current state", "Target condition 1", "Target condition 2", "Target condition 3"]
TABLE4_G = [0.250, 0.478, 0.445, 0.520]
TABLE1_LEAD_TIME_DAYS = [25.7, 10, 12, 10]
TABLE1_FLOW_DEGREE = [90, 37, 42, 37]
TABLE1_SPACE = [5000, 4500, 4750, 3750]
TABLE1_EXPENSES = [0, 990_000, 362_000, 1_020_000]  # the paper's "–" for the current state
TABLE1_SAVINGS = [0, 280_000, 110_000, 400_000]


def test_no_indicator_value_is_typed():
    document = yaml.safe_load(PAPER.read_text(encoding="utf-8"))
    assert document["evaluation"]["alternatives"] == "states"
    assert all("measure" in ind and "values" not in ind for ind in document["evaluation"]["indicators"])


def test_api_reproduces_table_4():
    result = vsm_xl.evaluate(PAPER)
    alternatives = result.alternatives().set_index("name")
    assert list(alternatives.index) == STATES
    assert [round(g, 3) for g in alternatives["benefit_non_monetary"]] == TABLE4_G
    assert list(alternatives["basis"]) == ["measured", "estimated", "estimated", "estimated"]
    values = result.indicators().set_index("indicator")
    assert [round(v) for v in values.loc["Flow degree", STATES]] == TABLE1_FLOW_DEGREE
    assert list(values.loc["EPEI", STATES]) == pytest.approx([11] * 4)
    assert list(values.loc["OEE", STATES]) == pytest.approx([100] * 4)
    assert list(values.loc["Space", STATES]) == TABLE1_SPACE
    assert list(values.loc["Investment", STATES]) == TABLE1_EXPENSES
    assert list(values.loc["Annual savings", STATES]) == TABLE1_SAVINGS
    states = result.states().set_index("state")
    assert [round(m / 1440, 6) for m in states["total_lead_time_minutes"]] == TABLE1_LEAD_TIME_DAYS


def test_cli_json_reproduces_table_4():
    done = subprocess.run([sys.executable, "-m", "vsm_xl", "evaluate", str(PAPER), "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    by_name = {a["name"]: a for a in report["evaluation"]["alternatives"]}
    assert [round(by_name[s]["benefit_non_monetary"], 3) for s in STATES] == TABLE4_G
    assert by_name["Target condition 2"]["state"] == "Target condition 2"
    assert by_name["Current state"]["basis"] == "measured"
    measures = {i["name"]: i["measure"] for i in report["evaluation"]["indicators"]}
    assert measures["Flow degree"] == "flow_degree" and measures["Space"] == "space"


def test_cell_functions_reproduce_table_4_from_the_steps():
    """The same figures from the steps with the VSM_* functions alone, in the argument shapes
    xlwings passes (a column range: one-cell rows): flow degree per state from its steps' LT and
    PT, EPEI and OEE of the pacemaker, space as the sum of the areas, then partial benefits, the
    Table 3 weights and G."""
    document = yaml.safe_load(PAPER.read_text(encoding="utf-8"))["value_stream"]
    states = [document["current_state"]] + document["target_states"]
    flow, epei, oee, space = [], [], [], []
    for state in states:
        steps = state["steps"]
        flow.append(VSM_FLOW_DEGREE(column([s["lead_time"] for s in steps]),
                                    column([s["process_time_minutes"] for s in steps])))
        pacemaker = next(s for s in steps if "operating_time_minutes" in s)
        epei.append(VSM_EPEI(column([pacemaker["operating_time_minutes"]]),
                             column([pacemaker["changeover_minutes"]] * pacemaker["variants"]),
                             1, pacemaker["availability"], 24, "min"))
        oee.append(VSM_OEE(pacemaker["availability"], pacemaker["performance"], pacemaker["quality"]))
        space.append(sum(s["area"] for s in steps))
    assert [round(f) for f in flow] == TABLE1_FLOW_DEGREE
    assert epei == pytest.approx([11] * 4)
    partial = [VSM_PARTIAL_BENEFIT(flow, 90, 1.8), VSM_PARTIAL_BENEFIT(epei, 11, 1),
               VSM_PARTIAL_BENEFIT([100 * x for x in oee], 50, 100), VSM_PARTIAL_BENEFIT(space, 5000, 3500)]
    weights = VSM_WEIGHTS(TABLE3)
    g = VSM_OVERALL_BENEFIT([row[0] if isinstance(row[0], list) else row for row in partial], weights)
    assert [round(x, 3) for x in (g[0] if isinstance(g[0], list) else g)] == TABLE4_G


def test_round_trip_keeps_the_measures_and_the_states():
    stream = read_yaml(PAPER)
    assert stream_from_dict(stream_to_dict(stream)) == stream
    exported = stream_to_dict(stream)
    assert exported["evaluation"]["alternatives"] == "states"
    assert exported["value_stream"]["current_state"]["basis"] == "measured"
    assert exported["value_stream"]["improvements"][1]["states"] == ["Target condition 1", "Target condition 3"]


def test_changing_one_step_moves_the_wbf():
    """Target condition 2's Welding LT from 2.5 d to 1 d: LT 10.5 d, flow degree 15120 / 411.43 =
    36.75, u (90 - 36.75) / 88.2 and G non-monetary up by the flow degree's third."""
    data = yaml.safe_load(PAPER.read_text(encoding="utf-8"))
    before = vsm_xl.evaluate(stream_from_dict(data)).alternatives().set_index("name")
    data["value_stream"]["target_states"][1]["steps"][1]["lead_time"] = "1 d"
    after = vsm_xl.evaluate(stream_from_dict(data)).alternatives().set_index("name")
    fg_before, fg_after = 17280 / 411.43, 15120 / 411.43
    gain = ((fg_before - fg_after) / 88.2) / 3
    assert after.loc["Target condition 2", "benefit_non_monetary"] == pytest.approx(
        before.loc["Target condition 2", "benefit_non_monetary"] + gain)
    assert after.loc["Target condition 2", "wbf"] < before.loc["Target condition 2", "wbf"]
    assert after.loc["Current state", "wbf"] == before.loc["Current state", "wbf"]
