"""The numpy paths of the array cell functions give the same floats as the pure-Python paths
(the reference, and what xlwings Lite runs), the same errors, and numpy is never needed.

Independent expectation: the pure path, run with VSM_XL_NO_NUMPY=1, and the value function
called value by value (ValueFunction.__call__, the formula of METHOD.md 2.2)."""
from __future__ import annotations

import math
import random
import subprocess
import sys

import pytest

from vsm_xl import udfs
from vsm_xl.cell_functions import fast_arrays as optional_numpy
from vsm_xl.core.value_functions import ValueFunction

pytest.importorskip("numpy")

WIDTH = 400  # alternatives; 50 rows x 400 = 20,000 cells, over optional_numpy.MIN_CELLS
ROWS = 50


def both_ways(monkeypatch, fn, *args):
    """(numpy result, pure result) of one cell function."""
    with_numpy = fn(*args)
    monkeypatch.setenv(optional_numpy.SWITCH_OFF, "1")
    pure = fn(*args)
    monkeypatch.delenv(optional_numpy.SWITCH_OFF)
    return with_numpy, pure


def same_floats(a, b) -> bool:
    """Equal, and equal in the sign of every zero (repr tells 0.0 from -0.0)."""
    return repr(a) == repr(b)


def random_block(rng: random.Random):
    worst, best, function, curvature, values = [], [], [], [], []
    for z in range(ROWS):
        w, b = sorted(rng.choice([rng.uniform(-1e3, 1e3), float(rng.randint(-50, 50))]) for _ in range(2))
        if w == b:
            b = w + 1.0
        if z % 3 == 0:
            w, b = b, w  # lower is better
        if z % 11 == 0:
            w, b = int(w), int(w) + 7  # integer worst and best, as typed in a sheet
        exponential = z % 5 == 0
        worst.append([w])
        best.append([b])
        function.append(["exponential" if exponential else "linear"])
        curvature.append([rng.choice((2.0, -1.5, 1e-12)) if exponential else None])
        low, high = min(w, b), max(w, b)
        row = [rng.uniform(low - 0.2 * (high - low), high + 0.2 * (high - low)) for _ in range(WIDTH)]
        row[0], row[1], row[2] = float(w), float(b), (w + b) / 2  # exactly on worst and best
        values.append(row)
    return values, worst, best, function, curvature


@pytest.mark.parametrize("seed", range(5))
def test_partial_benefits_are_the_same_floats_with_and_without_numpy(monkeypatch, seed):
    args = random_block(random.Random(seed))
    with_numpy, pure = both_ways(monkeypatch, udfs.VSM_PARTIAL_BENEFIT, *args)
    assert same_floats(with_numpy, pure)
    values, worst, best, function, curvature = args
    for z in (0, 1, 2, 5, 22):  # linear and exponential rows, against the value function value by value
        vf = ValueFunction(worst[z][0], best[z][0], function[z][0], curvature[z][0])
        assert same_floats(with_numpy[z], [vf(v) for v in values[z]])


def test_extreme_values_and_odd_rows_take_the_same_paths(monkeypatch):
    values, worst, best, function, curvature = random_block(random.Random(9))
    values[1][5] = 1e308          # (v - worst) / span overflows: clipped to 1 both ways
    values[1][6] = -1e308
    values[5][5], values[5][6] = 1e308, -1e308  # an exponential row: expm1 must not overflow
    values[2][7] = "12,5"         # numeric text: this row is read cell by cell
    values[3] = [None] * WIDTH    # an unused row (worst and best given): blank
    worst[4], best[4], values[4] = [None], [None], [None] * WIDTH  # an entirely blank row
    with_numpy, pure = both_ways(monkeypatch, udfs.VSM_PARTIAL_BENEFIT, values, worst, best, function, curvature)
    assert same_floats(with_numpy, pure)
    assert with_numpy[1][5] == 1.0 and with_numpy[1][6] == 0.0
    assert {with_numpy[5][5], with_numpy[5][6]} == {0.0, 1.0}
    assert with_numpy[4] == [""] * WIDTH


@pytest.mark.parametrize("bad, message", [(True, "TRUE"), (math.inf, "finite"), (math.nan, "nan")])
def test_a_bad_value_gives_the_same_error_with_and_without_numpy(monkeypatch, bad, message):
    values, worst, best, function, curvature = random_block(random.Random(3))
    values[6][10] = bad
    with_numpy, pure = both_ways(monkeypatch, udfs.VSM_PARTIAL_BENEFIT, values, worst, best, function, curvature)
    assert with_numpy == pure
    assert isinstance(pure, str) and pure.startswith("#") and "row 7, column 11" in pure


def partial_benefit_rows(rng: random.Random, rows: int = 25):
    u = [[rng.random() for _ in range(WIDTH)] for _ in range(rows)]
    u[0][:4] = [0.0, 1.0, -0.0, 1.0]
    raw = [rng.uniform(1, 10) for _ in range(rows)]
    return u, [[r / sum(raw)] for r in raw]


@pytest.mark.parametrize("seed", range(5))
def test_overall_benefits_are_the_same_floats_with_and_without_numpy(monkeypatch, seed):
    u, weights = partial_benefit_rows(random.Random(seed), rows=40)
    with_numpy, pure = both_ways(monkeypatch, udfs.VSM_OVERALL_BENEFIT, u, weights)
    assert same_floats(with_numpy, pure)
    # against the definition G = sum of u x g, added in indicator order
    g = [w[0] for w in weights]
    total = math.fsum(g)
    for j in (0, 1, WIDTH - 1):
        assert with_numpy[0][j] == pytest.approx(sum(row[j] * w / total for row, w in zip(u, g)), abs=1e-15)


@pytest.mark.parametrize("bad", [1.5, -0.25, math.nan, math.inf, True, "x"])
def test_a_bad_partial_benefit_gives_the_same_error_with_and_without_numpy(monkeypatch, bad):
    u, weights = partial_benefit_rows(random.Random(4))
    u[3][17] = bad
    with_numpy, pure = both_ways(monkeypatch, udfs.VSM_OVERALL_BENEFIT, u, weights)
    assert with_numpy == pure
    assert isinstance(pure, str) and pure.startswith("#") and "row 4, column 18" in pure


def test_without_numpy_installed_the_pure_path_runs(monkeypatch):
    monkeypatch.setattr(optional_numpy, "_module", None)  # as where the import failed
    args = random_block(random.Random(1))
    assert optional_numpy.numpy_for(10 ** 6) is None
    result = udfs.VSM_PARTIAL_BENEFIT(*args)
    monkeypatch.setenv(optional_numpy.SWITCH_OFF, "1")
    assert same_floats(result, udfs.VSM_PARTIAL_BENEFIT(*args))


def test_the_cell_functions_need_no_numpy():
    """Where numpy cannot be imported (as in xlwings Lite without it), import and large arrays work."""
    code = ("import sys; sys.modules['numpy'] = None\n"  # any import of numpy now fails
            "from vsm_xl.udfs import VSM_PARTIAL_BENEFIT\n"
            "u = VSM_PARTIAL_BENEFIT([[float(v) for v in range(1000)]] * 20, 0, 999)\n"
            "print(u[3][999], u[0][0])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1.0", "0.0"]
