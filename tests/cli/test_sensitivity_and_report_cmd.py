"""vsm-xl sensitivity and vsm-xl report through the real entry point: output shapes, the JSON
contract, reproducibility with the seed, and the errors a user can meet."""
import json
import re

import yaml

from tests.cli.conftest import EXAMPLES


def _with_ranges(tmp_path):
    """The claims example with three estimates as low / likely / high: the lead time of Option A
    (3 / 9 / 30 days) and of Option C (3 / 6 / 30), Option C's process costs (600,000 / 700,000 /
    1,100,000 EUR/yr)."""
    data = yaml.safe_load((EXAMPLES / "claims_handling.yaml").read_text())
    lead, costs = data["evaluation"]["indicators"][0], data["evaluation"]["indicators"][5]
    lead["values"][1] = {"low": 3, "likely": 9, "high": 30}
    lead["values"][3] = {"low": 3, "likely": 6, "high": 30}
    costs["values"][3] = {"low": 600000, "likely": 700000, "high": 1100000}
    path = tmp_path / "ranged.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_sensitivity_json_contract(vsm_xl):
    """Claims (METHOD.md 2.5): Investment's weight 1/6 can rise to 0.3958 before Option A takes
    over; every other interval is the whole [0, 1]; without ranges Option C is first in every draw."""
    done = vsm_xl("sensitivity", EXAMPLES / "claims_handling.xlsx", "--format", "json", "--draws", "50")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["best"] == "Option C" and data["draws"] == 50 and data["seed"] == 0
    assert [set(w) >= {"indicator", "group", "weight", "low", "high", "below", "above"} for w in data["weights"]]
    investment = next(w for w in data["weights"] if w["indicator"] == "Investment")
    assert investment["group"] == "monetary" and abs(investment["weight"] - 1 / 6) < 1e-12
    assert (investment["low"], round(investment["high"], 4), investment["below"], investment["above"]) == (
        0.0, 0.3958, None, "Option A")
    others = [(w["low"], w["high"]) for w in data["weights"] if w["indicator"] != "Investment"]
    assert others == [(0.0, 1.0)] * 5
    alts = {a["name"]: a for a in data["alternatives"]}
    assert set(alts["Option C"]) >= {"name", "p_best", "wbf_p5", "wbf_median", "wbf_p95"}
    assert alts["Option C"]["p_best"] == 1.0 and alts["Option A"]["p_best"] == 0.0
    assert round(alts["Option C"]["wbf_median"], 4) == 0.2962


def test_sensitivity_simulation_is_reproducible(vsm_xl, tmp_path):
    model = _with_ranges(tmp_path)
    runs = [vsm_xl("sensitivity", model, "--format", "json", "--draws", "400", "--seed", seed,
                   "--distribution", "pert") for seed in ("7", "7", "8")]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    first, again, other = (json.loads(r.stdout) for r in runs)
    assert first == again and first != other
    assert first["ranges"] == 3 and first["distribution"] == "pert"
    a = next(x for x in first["alternatives"] if x["name"] == "Option A")
    assert 0 < a["p_best"] < 1 and a["wbf_p5"] < a["wbf_median"] < a["wbf_p95"]
    assert abs(sum(x["p_best"] for x in first["alternatives"]) - 1) < 1e-12


def test_sensitivity_table_and_errors(vsm_xl, tmp_path):
    table = vsm_xl("sensitivity", _with_ranges(tmp_path), "--draws", "200")
    assert table.returncode == 0, table.stderr
    words = " ".join(table.stdout.split())
    assert "Weight stability: Option C stays best" in words
    assert "Simulation: 200 draws (triangular, seed 0) of the 3 values given as low / likely / high" in words
    assert re.search(r"Investment\s+monetary\s+16\.7 %\s+0 %\s+39\.58 %\s+–\s+Option A", table.stdout)
    none = vsm_xl("sensitivity", EXAMPLES / "order_fulfillment.yaml")
    assert none.returncode == 1 and "has no evaluation part" in none.stderr and "Traceback" not in none.stderr
    bad = vsm_xl("sensitivity", EXAMPLES / "claims_handling.yaml", "--draws", "-3")
    assert bad.returncode == 2 and "-3" in bad.stderr
    out = tmp_path / "s.json"
    assert vsm_xl("sensitivity", EXAMPLES / "claims_handling.yaml", "--format", "json", "-o", out).returncode == 0
    assert json.loads(out.read_text())["best"] == "Option C"
    assert vsm_xl("sensitivity", EXAMPLES / "claims_handling.yaml", "-o", out).returncode == 1  # exists


def test_report_writes_one_self_contained_file(vsm_xl, tmp_path):
    out = tmp_path / "order.html"
    done = vsm_xl("report", EXAMPLES / "order_fulfillment.xlsx", "-o", out)
    assert done.returncode == 0, done.stderr
    assert re.search(r"Wrote .*order\.html \(\d+ kB\)", done.stderr)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Customer Order Fulfillment" in text
    assert not re.search(r'(src|href)="(?!data:|#)', text)
    again = vsm_xl("report", EXAMPLES / "order_fulfillment.xlsx", "-o", out)
    assert again.returncode == 1 and "already exists" in again.stderr
    wrong = vsm_xl("report", EXAMPLES / "order_fulfillment.xlsx", "-o", tmp_path / "r.pdf")
    assert wrong.returncode == 2 and "written as .html" in wrong.stderr
    ranged = tmp_path / "claims.html"
    assert vsm_xl("report", _with_ranges(tmp_path), "-o", ranged, "--draws", "100").returncode == 0
    assert "100 random draws (triangular" in ranged.read_text(encoding="utf-8")


def test_help_lists_the_new_verbs(vsm_xl):
    text = vsm_xl("--help").stdout
    assert "sensitivity" in text and "report" in text
    assert "--distribution [triangular|pert]" in vsm_xl("sensitivity", "--help").stdout
