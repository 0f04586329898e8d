"""vsm-xl sensitivity --smaa through the real entry point: the tables, the JSON keys of the
README, reproducibility with the seed, the weight sampling option and the errors a user meets."""
import json
import re

from tests.cli.conftest import EXAMPLES

TEAM = EXAMPLES / "claims_handling_team.xlsx"


def test_smaa_json_keys_and_figures(vsm_xl):
    done = vsm_xl("sensitivity", TEAM, "--smaa", "--format", "json", "--draws", "400", "--seed", "3")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["best"] == "Option C" and "weights" in data  # the sensitivity document is kept
    smaa = data["smaa"]
    assert {"method", "draws", "seed", "distribution", "ranges", "weights", "ranks", "alternatives",
            "winning"} <= set(smaa)
    assert (smaa["method"], smaa["draws"], smaa["seed"], smaa["ranges"], smaa["ranks"]) == ("SMAA-2", 400, 3, 3,
                                                                                            [1, 2, 3, 4])
    modes = {w["group"]: w["mode"] for w in smaa["weights"]}
    assert modes == {"monetary": "team", "non-monetary": "simplex"}  # the team judged the monetary group
    investment = smaa["weights"][0]["indicators"][0]
    assert investment == {"indicator": "Investment", "low": 0.0, "high": 0.5}
    alts = {a["name"]: a for a in smaa["alternatives"]}
    assert alts["Current state"]["acceptability"] == [0.0, 0.0, 0.0, 1.0]
    assert alts["Current state"]["central_weights"] is None and alts["Current state"]["confidence"] is None
    c = alts["Option C"]
    assert 0.5 < c["acceptability"][0] < 1 and c["confidence"] == 1.0
    assert abs(sum(c["central_weights"][n] for n in ("Investment", "Annual savings", "Process costs")) - 1) < 1e-9
    for r in range(4):
        assert abs(sum(a["acceptability"][r] for a in alts.values()) - 1) < 1e-9
    winning = smaa["winning"]
    assert "Option C" not in winning["Option C"]
    assert abs(winning["Option A"]["Option C"] + winning["Option C"]["Option A"] - 1) < 1e-9


def test_smaa_is_reproducible_and_takes_the_weight_sampling(vsm_xl):
    runs = [vsm_xl("sensitivity", TEAM, "--smaa", "--format", "json", "--draws", "300", "--seed", seed,
                   "--distribution", "pert") for seed in ("5", "5", "6")]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    first, again, other = (json.loads(r.stdout)["smaa"] for r in runs)
    assert first == again and first != other and first["distribution"] == "pert"
    fixed = vsm_xl("sensitivity", TEAM, "--smaa", "--format", "json", "--draws", "50",
                   "--smaa-weights", "monetary=fixed", "--smaa-weights", "non-monetary=fixed")
    data = json.loads(fixed.stdout)
    assert {w["mode"] for w in data["smaa"]["weights"]} == {"fixed"}
    p_best = {a["name"]: a["p_best"] for a in data["alternatives"]}
    assert {a["name"]: a["acceptability"][0] for a in data["smaa"]["alternatives"]} == p_best  # the same draws


def test_smaa_tables(vsm_xl):
    done = vsm_xl("sensitivity", TEAM, "--smaa", "--draws", "200", "--seed", "1")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    words = " ".join(text.split())
    assert "Weight stability: Option C stays best" in words  # the usual tables first
    assert ("SMAA-2: 200 draws (seed 1) of the weights: monetary uniformly within the team's range (Investment "
            "0–50 %, Annual savings 16.7–50 %, Process costs 33.3–50 %); non-monetary uniformly from the whole "
            "simplex; and of the 3 values given as low / likely / high (triangular).") in words
    assert re.search(r"Current state\s+0\.0 %\s+0\.0 %\s+0\.0 %\s+100\.0 %", text)
    assert re.search(r"Confidence factor\s+–\s+[\d.]+ %\s+[–\d.% ]+100\.0 %", text)
    assert "Winning index" in words and "Central weights" in words


def test_smaa_errors(vsm_xl):
    none = vsm_xl("sensitivity", EXAMPLES / "order_fulfillment.yaml", "--smaa")
    assert none.returncode == 1 and "has no evaluation part" in none.stderr and "Indicators sheet" in none.stderr
    assert "Traceback" not in none.stderr
    team = vsm_xl("sensitivity", EXAMPLES / "claims_handling.yaml", "--smaa", "--smaa-weights", "monetary=team")
    assert team.returncode == 1 and "not judged by a team" in team.stderr
    bad = vsm_xl("sensitivity", EXAMPLES / "claims_handling.yaml", "--smaa", "--smaa-weights", "monetary")
    assert bad.returncode == 2 and "GROUP=MODE" in bad.stderr
    unknown = vsm_xl("sensitivity", EXAMPLES / "claims_handling.yaml", "--smaa", "--smaa-weights", "money=dice")
    assert unknown.returncode == 1 and "unknown weight sampling 'dice'" in unknown.stderr
    alone = vsm_xl("sensitivity", EXAMPLES / "claims_handling.yaml", "--smaa-weights", "monetary=fixed")
    assert alone.returncode == 2 and "add --smaa" in alone.stderr
    zero = vsm_xl("sensitivity", EXAMPLES / "claims_handling.yaml", "--smaa", "--draws", "0")
    assert zero.returncode == 1 and "at least one draw" in zero.stderr


def test_report_has_the_smaa_section(vsm_xl, tmp_path):
    out = tmp_path / "team.html"
    done = vsm_xl("report", TEAM, "-o", out, "--draws", "300", "--seed", "2")
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert '<section id="smaa">' in text and 'alt="Stacked bars of the rank acceptabilities"' in text
    assert "300 draws (seed 2) of the weights" in text
    none = tmp_path / "none.html"
    assert vsm_xl("report", TEAM, "-o", none, "--draws", "0").returncode == 0
    assert '<section id="smaa">' not in none.read_text(encoding="utf-8")  # no draws, no acceptabilities


STEP_RANGES = """
value_stream:
  name: Two states
  current_state:
    name: A
    steps:
      - {name: X, process_time_minutes: 10, lead_time_minutes: {low: 120, likely: 240, high: 720}}
      - {name: Y, process_time_minutes: 10, lead_time_minutes: {low: 60, likely: 300, high: 540}}
  target_states:
    - name: B
      steps:
        - {name: Z, process_time_minutes: 20, lead_time_hours: 10}
evaluation:
  alternatives: [A, B]
  indicators:
    - {name: Lead time, group: non-monetary, unit: h, worst: 30, best: 0, measure: lead_time}
    - {name: Cost, group: monetary, worst: 10, best: 0, values: [5, 5]}
"""


def test_smaa_draws_measured_lead_times_with_the_step_ranges(vsm_xl, tmp_path):
    """A's lead time (two ranged steps) straddles B's 10 h: P(A best) = 0.3803 by the numerical
    convolution of tests/core/test_smaa_measured.py, here within 4.5 standard errors of 2,000 draws;
    the text says what was drawn."""
    path = tmp_path / "two.yaml"
    path.write_text(STEP_RANGES, encoding="utf-8")
    done = vsm_xl("sensitivity", path, "--smaa", "--format", "json", "--draws", "2000", "--seed", "1")
    assert done.returncode == 0, done.stderr
    smaa = json.loads(done.stdout)["smaa"]
    assert (smaa["measured"], smaa["ranges"]) == (1, 0)
    first = {a["name"]: a["acceptability"][0] for a in smaa["alternatives"]}
    assert abs(first["A"] - 0.3803) < 4.5 * (0.3803 * 0.6197 / 2000) ** 0.5
    text = vsm_xl("sensitivity", path, "--smaa", "--draws", "200")
    assert "1 measured value of states whose step times are ranges" in re.sub(r"\s+", " ", text.stdout)
