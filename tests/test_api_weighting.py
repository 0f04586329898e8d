"""The Python API's weighting frames (issue 9): weights with their scheme, one row per group
with CR and consensus, and every participant's weights beside the pooled ones."""
from pathlib import Path

import pytest

import vsm_xl

TEAM = Path(__file__).resolve().parents[1] / "examples" / "claims_handling_team.yaml"


@pytest.fixture(scope="module")
def result():
    return vsm_xl.evaluate(TEAM)


def test_weights_carry_the_scheme(result):
    weights = result.weights().set_index("indicator")
    assert weights.loc["Lead time", "scheme"] == "ahp" and weights.loc["Investment", "scheme"] == "pairwise"
    assert weights["sum"].isna()["Lead time"] and weights.loc["Investment", "sum"] == pytest.approx(4 / 3)


def test_weighting_frame(result):
    frame = result.weighting().set_index("group")
    assert frame.loc["non-monetary", "scheme"] == "ahp" and frame.loc["non-monetary", "random_index"] == 0.58
    assert frame.loc["monetary", "participants"] == 3 and frame.loc["monetary", "consensus_band"] == "low"


def test_team_weights_frame(result):
    """Anna's own 0/1/2 weights 1/6, 1/3, 1/2 beside the pooled 2/9, 1/3, 4/9."""
    frame = result.team_weights()
    monetary = frame[frame.group == "monetary"]
    anna = monetary[monetary.participant == "Anna (finance)"].set_index("indicator")["weight"]
    assert anna.to_dict() == pytest.approx({"Investment": 1 / 6, "Annual savings": 1 / 3, "Process costs": 1 / 2})
    pooled = monetary[monetary.participant == "pooled"].set_index("indicator")["weight"]
    assert pooled.to_dict() == pytest.approx({"Investment": 2 / 9, "Annual savings": 1 / 3, "Process costs": 4 / 9})
    assert set(frame[frame.group == "non-monetary"].participant) == {"pooled"}
