"""The Python API: load by suffix, evaluate, the DataFrame views, checked against METHOD.md."""
import json

import pandas as pd
import pytest
import yaml

import vsm_xl
from vsm_xl.api import Result, evaluate, load, read_document
from vsm_xl.core.errors import NoDataError, ValidationError, VsmError
from vsm_xl.core.model import ValueStream
from vsm_xl.io.json_report import report_dict

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parents[1] / "examples"
ORDER = EXAMPLES / "order_fulfillment.yaml"
CLAIMS = EXAMPLES / "claims_handling.yaml"


@pytest.fixture(scope="module")
def order():
    return evaluate(ORDER)


@pytest.fixture(scope="module")
def claims():
    return evaluate(CLAIMS)


# -- load --------------------------------------------------------------------------------------


def test_load_dispatches_by_suffix(tmp_path):
    stream = load(ORDER)
    assert isinstance(stream, ValueStream) and stream.name == "Customer Order Fulfillment"
    for suffix in (".yml", ".json", ".YAML"):
        path = tmp_path / f"copy{suffix}"
        data = yaml.safe_load(ORDER.read_text())
        path.write_text(json.dumps(data) if suffix == ".json" else yaml.safe_dump(data, sort_keys=False))
        assert load(path) == stream
    assert vsm_xl.load(ORDER) == stream


def test_load_refuses_unknown_suffix(tmp_path):
    path = tmp_path / "model.txt"
    path.write_text("value_stream: {}")
    with pytest.raises(VsmError, match=r"cannot read \.txt"):
        load(path)
    with pytest.raises(VsmError, match="no such file"):
        load(tmp_path / "missing.yaml")


def test_load_workbook_made_from_the_template(tmp_path):
    """A template workbook filled from the order fulfilment YAML loads back to the same model
    and gives METHOD.md's totals (PT 70 min, LT 2640 min)."""
    template = pytest.importorskip("vsm_xl.workbook.sheets.template", reason="the workbook template module is not built yet")
    pytest.importorskip("vsm_xl.workbook.read.reader", reason="the workbook reader is not built yet")
    stream = load(ORDER)
    workbook, _ = template.build_workbook(stream)
    path = tmp_path / "order.xlsx"
    workbook.save(path)
    assert load(path) == stream
    result = evaluate(path)
    assert (result.states()["total_process_time_minutes"].tolist(), result.states()["total_lead_time_minutes"]
            .tolist()) == ([70, 47], [2640, 400])


# -- evaluate ----------------------------------------------------------------------------------


def test_evaluate_accepts_stream_path_and_dict(order):
    assert isinstance(order, Result)
    from_stream = evaluate(load(ORDER))
    from_dict = evaluate(yaml.safe_load(ORDER.read_text()))
    assert from_stream.to_dict() == from_dict.to_dict() == order.to_dict()
    assert vsm_xl.evaluate(str(ORDER)).to_dict() == order.to_dict()
    with pytest.raises(VsmError, match="cannot evaluate int"):
        evaluate(42)


def test_problems_come_back_with_yaml_paths(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("value_stream:\n  current_state:\n    steps:\n"
                    "      - {name: A, process_time_minutes: 90, lead_time_hours: 1}\n")
    with pytest.raises(ValidationError) as info:
        evaluate(path)
    (problem,) = info.value.problems
    assert problem.location == "value_stream.current_state.steps[0].lead_time_hours"
    assert "shorter than process time" in problem.message


def test_clipped_values_are_located_warnings(tmp_path):
    """METHOD.md 2.2: a value outside [worst, best] is clipped and reported."""
    data = yaml.safe_load(CLAIMS.read_text())
    data["evaluation"]["indicators"][0]["values"][3] = 2  # better than best = 3
    result = evaluate(data)
    (warning,) = result.warnings
    assert warning.location == "evaluation.indicators[0].values[3]"
    assert result.to_dict()["warnings"] == [{"cell": "evaluation.indicators[0].values[3]", "message": warning.message}]


# -- DataFrames --------------------------------------------------------------------------------


def test_steps_frame(order):
    """METHOD.md section 1: the current state's PT/LT/WT, %C&A, inventory and bottleneck flags."""
    frame = order.steps("Current state")
    assert frame.shape == (5, 18)
    # the example's customer orders 40 a day: inventory / 40 days of demand
    assert frame["inventory_days"].tolist() == pytest.approx([50 / 40, 30 / 40, 20 / 40, 40 / 40, 100 / 40])
    assert frame["step"].tolist() == ["Order Entry", "Credit Check", "Inventory Alloc", "Pick & Pack", "Ship"]
    assert frame["process_time_minutes"].tolist() == [15, 10, 5, 30, 10]
    assert frame["lead_time_minutes"].tolist() == [120, 480, 240, 360, 1440]
    assert frame["wait_time_minutes"].tolist() == [105, 470, 235, 330, 1430]
    assert frame["complete_accurate"].tolist() == pytest.approx([0.85, 0.95, 0.90, 0.92, 0.98])
    assert frame["inventory"].sum() == 240
    assert frame.loc[frame["capacity_constraint"], "step"].tolist() == ["Pick & Pack"]
    assert frame.loc[frame["largest_delay"], "step"].tolist() == ["Ship"]
    everything = order.steps()
    assert everything.shape == (10, 19) and everything.columns[0] == "state"
    assert everything.groupby("state", sort=False)["process_time_minutes"].sum().tolist() == [70, 47]
    with pytest.raises(VsmError, match="no state named 'Nope'"):
        order.steps("Nope")


def test_states_frame(order):
    """METHOD.md section 1: totals 70/2640 and 47/400 min, FE 2.65 % and 11.75 %, WIP 240 and 45."""
    frame = order.states()
    assert frame.shape == (2, 17)
    assert frame["state"].tolist() == ["Current state", "Future state"]
    # second-largest PT: Order Entry 15 min (current); 10 min tied with Ship in the future state,
    # Order Entry first in flow order. Largest inventory: Ship's 100 and 20.
    assert frame["secondary_constraint"].tolist() == ["Order Entry", "Order Entry"]
    assert frame["highest_queue"].tolist() == ["Ship", "Ship"]
    # takt = 8 h available / 40 a day = 12 min; WIP in days of demand 240 / 40 and 45 / 40
    assert frame["takt_time_minutes"].tolist() == [12, 12]
    assert frame["wip_days"].tolist() == pytest.approx([6, 1.125])
    assert frame["total_process_time_minutes"].tolist() == [70, 47]
    assert frame["total_lead_time_minutes"].tolist() == [2640, 400]
    assert frame["flow_efficiency"].tolist() == pytest.approx([70 / 2640, 0.1175])
    assert frame["flow_rating"].tolist() == ["significant waste", "moderate"]
    assert frame["wip_total"].tolist() == [240, 45]
    comparisons = order.comparisons()
    assert comparisons.loc[0, "process_time_reduction"] == pytest.approx(0.329, abs=5e-4)
    assert comparisons.loc[0, "lead_time_reduction"] == pytest.approx(0.848, abs=5e-4)
    assert comparisons.loc[0, "flow_efficiency_ratio"] == pytest.approx(4.43, abs=5e-3)


def test_evaluation_frames(claims):
    """METHOD.md 2.5: partial benefits by hand (lead time: (e − 30)/(3 − 30)), weights 2/3, 1/6,
    1/6 and 1/6, 1/3, 1/2, the G/WBF/rank table; best Option C."""
    partial = claims.partial_benefits()
    assert partial.shape == (6, 4)
    assert partial.index.tolist()[0] == "Lead time" and partial.columns.tolist()[3] == "Option C"
    assert partial.loc["Lead time"].tolist() == pytest.approx([6 / 27, 21 / 27, 18 / 27, 24 / 27])
    assert partial.loc["Investment"].tolist() == pytest.approx([1, 0.64, 0.88, 0.1])
    weights = claims.weights()
    assert weights.columns.tolist() == ["indicator", "group", "scheme", "sum", "weight", "rank"]
    assert weights.set_index("indicator")["weight"].to_dict() == pytest.approx(
        {"Lead time": 2 / 3, "First-pass yield": 1 / 6, "Flow degree": 1 / 6,
         "Investment": 1 / 6, "Annual savings": 1 / 3, "Process costs": 1 / 2})
    assert weights["rank"].tolist() == [1, 2, 2, 3, 2, 1]
    alternatives = claims.alternatives().set_index("name")
    assert alternatives["benefit_non_monetary"].round(4).tolist() == [0.2309, 0.7991, 0.7002, 0.8972]
    assert alternatives["benefit_monetary"].round(4).tolist() == [0.2500, 0.5650, 0.4550, 0.7222]
    assert alternatives["wbf"].round(4).tolist() == [1.0742, 0.4791, 0.6220, 0.2962]
    assert alternatives["rank"].tolist() == [4, 2, 3, 1]
    assert claims.best == "Option C" and alternatives["best"].idxmax() == "Option C"


def test_without_evaluation_part(order):
    assert order.best is None
    with pytest.raises(NoDataError, match="no evaluation part"):
        order.alternatives()
    assert order.to_dict()["evaluation"] is None


def test_without_states(claims):
    assert claims.states().empty and list(claims.states().columns)[0] == "state"
    assert claims.steps().empty


def test_to_dict_is_the_json_report(order, claims):
    for result in (order, claims):
        assert result.to_dict() == report_dict(result.analysis, result.warnings)
        assert json.loads(result.to_json()) == result.to_dict()
    assert "# Value Stream Analysis Summary: Customer Order Fulfillment" in order.to_markdown()
    assert order.to_mermaid().count("flowchart LR") == 2
    assert load(ORDER) == __import__("vsm_xl.io.yaml_io", fromlist=["loads_yaml"]).loads_yaml(order.to_yaml())
    assert "Best: Option C" in claims.to_text()


def test_read_document_returns_warnings(tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text("value_stream:\n  name: X\n  colour: red\n")
    document = read_document(path)
    assert [(w.location, w.message) for w in document.warnings] == [
        ("value_stream.colour", "unknown key 'colour' ignored")]
    assert not document.is_workbook and document.path == path
    assert isinstance(evaluate(path).states(), pd.DataFrame)


def test_sensitivity_frames():
    """Claims (METHOD.md 2.5): Investment stays below 0.3958 for Option C to stay best; no ranges in
    the example, so Option C is first in every draw and every WBF percentile is its WBF."""
    import vsm_xl

    found = vsm_xl.evaluate(EXAMPLES / "claims_handling.yaml").sensitivity(draws=100, seed=3)
    assert found.best == "Option C"
    weights = found.weights()
    assert list(weights.columns) == ["indicator", "group", "weight", "low", "high", "below", "above"]
    row = weights.set_index("indicator").loc["Investment"]
    assert round(row["high"], 4) == 0.3958 and row["above"] == "Option A" and row["below"] is None
    alts = found.alternatives().set_index("name")
    assert alts.loc["Option C", "p_best"] == 1.0 and alts["p_best"].sum() == 1.0
    assert round(alts.loc["Option C", "wbf_median"], 4) == 0.2962
    assert str(alts["wbf_p5"].dtype) == "float64"
    assert found.to_dict()["alternatives"][3]["name"] == "Option C"
    none = vsm_xl.evaluate(EXAMPLES / "claims_handling.yaml").sensitivity(draws=0).alternatives()
    assert none["p_best"].isna().all()
    with pytest.raises(NoDataError, match="no evaluation part"):
        vsm_xl.evaluate(EXAMPLES / "order_fulfillment.yaml").sensitivity()
    html = vsm_xl.evaluate(EXAMPLES / "claims_handling.yaml").to_html()
    assert html.startswith("<!DOCTYPE html>") and "Weight stability" in html


def test_checklist_frames():
    """Issue 15: the checklist's own words as DataFrames. Two listed steps of METHOD.md's order
    fulfilment (PT 25 min, LT 10 h, WIP 80) against the stated 70 min, 44 h, 2.7 %, 240; future
    LT 35 min against the 0.5 h target (not met), FE 11 / 35 = 31.4 % against 10 % (met)."""
    from tests.io.test_interchange_checklist import TWO_STEPS

    result = vsm_xl.evaluate(TWO_STEPS)
    stated = result.stated()
    assert stated["key"].tolist() == ["total_process_time_minutes", "total_lead_time_hours",
                                      "flow_efficiency_percent", "total_wip"]
    assert stated["computed"].tolist() == pytest.approx([25, 10, 25 / 600 * 100, 80])
    assert not stated["agrees"].any()
    targets = result.targets()
    assert targets["met"].tolist() == [False, True]
    assert targets["designed"].tolist() == pytest.approx([35 / 60, 11 / 35 * 100])
    wastes = result.wastes()
    assert wastes["waste"].tolist() == ["waiting", "defects"]
    assert wastes.loc[0, "wait_time_minutes"] == 575 and wastes.loc[0, "share_of_lead_time"] == pytest.approx(575 / 600)
    assert wastes.loc[1, "root_causes"] == ["Manual re-keying"]
    assert result.root_causes()["of"].tolist() == ["value stream", "Current state", "waste: waiting", "waste: waiting",
                                                   "waste: defects"]
    states = result.states()
    assert states["takt_time_minutes"].tolist() == [5, 5]  # 7.5 h / 90 units
    assert states["wip_days"].tolist() == pytest.approx([80 / 90, 10 / 90])
    assert result.steps("Current state")["inventory_days"].tolist() == pytest.approx([50 / 90, 30 / 90])
