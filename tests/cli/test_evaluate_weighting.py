"""`vsm-xl evaluate` on AHP and team weighting (issue 9): the table shows scheme, CR, random index,
consensus and each participant's weights; the JSON has evaluation.weighting; CR above 0.10 is a
warning that names the cell or the YAML path."""
import json

import pytest

from tests.cli.conftest import EXAMPLES

TEAM_YAML = EXAMPLES / "claims_handling_team.yaml"
TEAM_XLSX = EXAMPLES / "claims_handling_team.xlsx"


@pytest.mark.parametrize("source", [TEAM_YAML, TEAM_XLSX])
def test_table_shows_scheme_cr_and_team(vsm_xl, source):
    result = vsm_xl("evaluate", source)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Weighting (CR above 0.10" in out and "Team weights: monetary (pairwise)" in out
    assert "0.58" in out and "0.003" in out  # RI for n = 3, the AHP matrix's CR
    assert "61.1 % low" in out  # the three participants' consensus
    for name in ("Anna (finance)", "Ben (operations)", "Chris (sponsor)", "pooled"):
        assert name in out
    assert "Best: Option C" in out


def test_json_weighting_keys(vsm_xl):
    """Pooled 0/1/2 weights by hand: row sums 1, 2, 3 / 0, 3, 3 / 3, 1, 2 averaged over the
    three participants, over n(n-1) = 6: 2/9, 1/3, 4/9."""
    result = vsm_xl("evaluate", TEAM_YAML, "--format", "json")
    assert result.returncode == 0, result.stderr
    evaluation = json.loads(result.stdout)["evaluation"]
    monetary = evaluation["weighting"]["monetary"]
    assert monetary["scheme"] == "pairwise" and monetary["cr"] is None
    assert [p["name"] for p in monetary["participants"]] == ["Anna (finance)", "Ben (operations)", "Chris (sponsor)"]
    assert monetary["consensus_band"] == "low" and 0.6 < monetary["consensus"] < 0.65
    assert evaluation["weights"]["monetary"] == pytest.approx(
        {"Investment": 2 / 9, "Annual savings": 1 / 3, "Process costs": 4 / 9})
    ahp = evaluation["weighting"]["non-monetary"]
    assert ahp["scheme"] == "ahp" and ahp["random_index"] == 0.58 and ahp["consistent"] is True
    assert ahp["cr"] == pytest.approx(0.0032, abs=1e-4)
    assert [d["sum"] for d in evaluation["weight_details"]["non-monetary"]] == [None, None, None]


def test_inconsistent_judgments_are_a_warning_with_the_yaml_path(vsm_xl, tmp_path):
    text = TEAM_YAML.read_text(encoding="utf-8").replace(
        'matrix: [[null, 3, 5], ["1/3", null, 2], ["1/5", "1/2", null]]',
        'matrix: [[null, 3, "1/5"], [null, null, 3], [null, null, null]]')
    path = tmp_path / "cyclic.yaml"
    path.write_text(text, encoding="utf-8")
    result = vsm_xl("evaluate", path, "--format", "json")
    assert result.returncode == 0, result.stderr
    warnings = json.loads(result.stdout)["warnings"]
    [warning] = [w for w in warnings if "inconsistent" in w["message"]]
    assert warning["cell"].startswith("evaluation.pairwise.non-monetary.matrix[")
    assert "random index RI = 0.58" in warning["message"] and "most inconsistent judgment is" in warning["message"]


def test_markdown_names_scheme_cr_and_consensus(vsm_xl):
    result = vsm_xl("evaluate", TEAM_YAML, "--format", "md")
    assert result.returncode == 0, result.stderr
    assert "- monetary: pairwise, 3 participants, consensus 61.1 % (low)" in result.stdout
    assert "- non-monetary: ahp, CR 0.003 (random index 0.58)" in result.stdout
