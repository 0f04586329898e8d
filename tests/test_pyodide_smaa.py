"""SMAA-2 in Pyodide, the Python of xlwings Lite: the core runs there from the standard library
alone and gives the same figures as CPython for the same seed (floats within 1e-12)."""
from __future__ import annotations

import json
import os

import pytest

from tests.support import pyodide
from tests.test_pyodide import same

# Runs in both Pythons: the claims example (METHOD.md 2.5) with three ranged values, the
# monetary weights within bounds and the non-monetary ones on the whole simplex.
CODE = """
import dataclasses, json, sys
from vsm_xl.core import EvaluationModel, Indicator, PairwiseMatrix, smaa
before = set(sys.modules)
R = lambda *t: t
indicators = (
    Indicator("Lead time", "non-monetary", 30, 3, (24, 9, 12, 6), ranges=(None, R(3, 9, 30), None, R(3, 6, 30))),
    Indicator("First-pass yield", "non-monetary", 0.6, 1.0, (0.62, 0.85, 0.8, 0.9), "exponential", 2),
    Indicator("Flow degree", "non-monetary", 60, 1, (48, 20, 25, 12), "exponential", 2),
    Indicator("Investment", "monetary", 500000, 0, (0, 180000, 60000, 450000)),
    Indicator("Annual savings", "monetary", 0, 300000, (0, 150000, 90000, 260000)),
    Indicator("Process costs", "monetary", 1200000, 600000, (1100000, 850000, 950000, 700000),
              ranges=(None, None, None, R(600000, 700000, 1100000))),
)
pairwise = {
    "non-monetary": PairwiseMatrix(("Lead time", "First-pass yield", "Flow degree"),
                                   ((None, 2, 2), (0, None, 1), (0, 1, None))),
    "monetary": PairwiseMatrix(("Investment", "Annual savings", "Process costs"),
                               ((None, 1, 0), (1, None, 1), (2, 1, None))),
}
model = EvaluationModel(("Current state", "Option A", "Option B", "Option C"), indicators, pairwise)
runs = {d: dataclasses.asdict(smaa(model, draws=400, seed=5, distribution=d,
                                   sampling={"monetary": {"Investment": (0, 0.4), "Process costs": (0.3, 0.7)}}))
        for d in ("triangular", "pert")}
json.dumps({"runs": runs, "platform": sys.platform})
"""


@pytest.fixture(scope="module")
def lite(vsm_wheel):
    reason = pyodide.unavailable_reason()
    if reason:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI needs Pyodide for the xlwings Lite test: {reason}")
        pytest.skip(reason)
    return json.loads(pyodide.run(CODE, [vsm_wheel]))


def close(a, b) -> bool:
    """``same`` through dicts too (the dataclasses as dicts)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    return same(a, b)


def test_smaa_gives_the_same_figures_in_pyodide(lite):
    namespace: dict = {}
    exec(CODE.rsplit("\n", 2)[0], namespace)  # everything but the last expression
    expected = json.loads(json.dumps(namespace["runs"]))
    assert lite["platform"] == "emscripten"
    for distribution in ("triangular", "pert"):
        got, want = lite["runs"][distribution], expected[distribution]
        assert got.keys() == want.keys()
        different = [key for key in want if not close(got[key], want[key])]
        assert different == [], (distribution, different)
    assert not close(expected["triangular"], expected["pert"])  # the comparison can tell runs apart
    c = expected["triangular"]["alternatives"][3]
    assert 0.5 < c["acceptability"][0] < 1  # a real result, not an empty one
