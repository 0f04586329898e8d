"""Result.smaa(): the SMAA-2 DataFrames agree with the core's figures and with each other."""
import math

import pytest

import vsm_xl
from vsm_xl.core.smaa import smaa
from tests.cli.conftest import EXAMPLES


@pytest.fixture(scope="module")
def result():
    return vsm_xl.evaluate(EXAMPLES / "claims_handling_team.xlsx")


def test_smaa_dataframes(result):
    found = result.smaa(draws=400, seed=2)
    core = smaa(result.analysis.model, draws=400, seed=2)
    assert found.found == core  # the API is the core's figures
    ranks = found.rank_acceptability()
    assert list(ranks.columns) == ["name", "rank_1", "rank_2", "rank_3", "rank_4"]
    assert list(ranks["name"]) == ["Current state", "Option A", "Option B", "Option C"]
    assert ranks[["rank_1", "rank_2", "rank_3", "rank_4"]].sum(axis=1).round(12).tolist() == [1.0] * 4
    assert ranks.set_index("name").loc["Current state", "rank_4"] == 1.0
    central = found.central_weights().set_index("name")
    assert list(central.columns) == [i.name for i in result.analysis.model.indicators]
    assert central.loc["Current state"].isna().all()  # never first
    c = central.loc["Option C"]
    assert math.isclose(c["Investment"] + c["Annual savings"] + c["Process costs"], 1.0)
    assert c["Investment"] == core.central_weight("Option C", "Investment")
    confidence = found.confidence().set_index("name")
    assert confidence.loc["Option C", "confidence"] == 1.0 and math.isnan(confidence.loc["Current state", "confidence"])
    assert confidence.loc["Option A", "first"] == ranks.set_index("name").loc["Option A", "rank_1"]
    winning = found.winning().set_index("name")
    assert math.isnan(winning.loc["Option A", "Option A"])
    assert math.isclose(winning.loc["Option A", "Option C"] + winning.loc["Option C", "Option A"], 1.0)
    assert winning.loc["Option C", "Current state"] == 1.0
    assert found.to_dict()["method"] == "SMAA-2"


def test_smaa_options_reach_the_core(result):
    fixed = result.smaa(draws=100, seed=1, sampling={"monetary": "fixed", "non-monetary": "fixed"},
                        distribution="pert")
    assert [s.mode for s in fixed.found.sampling] == ["fixed", "fixed"] and fixed.found.distribution == "pert"
    p_best = result.sensitivity(draws=100, seed=1, distribution="pert").alternatives().set_index("name")["p_best"]
    assert fixed.rank_acceptability().set_index("name")["rank_1"].to_dict() == p_best.to_dict()
    with pytest.raises(vsm_xl.VsmError, match="no evaluation part"):
        vsm_xl.evaluate(EXAMPLES / "order_fulfillment.yaml").smaa()
