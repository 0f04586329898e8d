"""SMAA-2 reproduces a published example: the R package ``smaa`` (van Valkenhoef and Tervonen,
version 0.3-3, CRAN; https://github.com/cran/smaa), the example of its help pages ``smaa``,
``smaa.cw``, ``smaa.cf`` and ``smaa.pwi`` as printed in the package's saved example output
``tests/Examples/smaa-Ex.Rout.save``: Heparin against Enoxaparin on three criteria (Prox DVT,
Dist DVT, Bleed; the thrombosis prophylaxis case of Tervonen et al. 2011, Statistics in
Medicine 30(12), 1419-1428), an additive value model over 10,000 draws of the partial values
(``thrombo-meas``) and of the weights, uniform on the simplex (``thrombo-weights-nopref``).

The printed figures (N = 10000 iterations)::

    Rank acceptabilities          Central weights                      Confidence factors
                 [,1]   [,2]                 Prox DVT  Dist DVT  Bleed
    Heparin    0.3504 0.6496      Heparin    0.1865097 0.2772205 0.5362698    0.6682
    Enoxaparin 0.6496 0.3504      Enoxaparin 0.4073100 0.3641477 0.2285423    0.8956

    pair-wise winning: Heparin over Enoxaparin 0.3504, Enoxaparin over Heparin 0.6496

The draws are the package's own, so the figures are reproduced exactly (to the digits printed),
not within sampling error: the counting code :func:`vsm_xl.core.smaa.smaa` uses on the WBF is the
code checked here (measured on 2026-12-07: every figure equal).

The package is GPL-3 and none of it is copied here; these tests read its two data files
``thrombo-meas.txt.gz`` and ``thrombo-weights-nopref.txt.gz`` where they are installed: the folder
named by ``VSM_SMAA_R_EXTDATA`` (the package's ``inst/extdata``, or ``extdata`` of an R library),
else an R library's ``smaa/extdata`` (``install.packages("smaa")``); without them they are skipped.
The brute-force tests (tests/core/test_smaa.py) check the same code in every run.
"""
from __future__ import annotations

import gzip
import os
import re
from pathlib import Path

import pytest

from vsm_xl.core.smaa_indices import confidence_factor, rank_indices

FILES = ("thrombo-meas.txt.gz", "thrombo-weights-nopref.txt.gz")
LIBRARIES = ("/usr/lib/R/site-library", "/usr/local/lib/R/site-library", "/usr/lib/R/library")


def _extdata() -> Path | None:
    """The R package's data folder, where installed (see the module's docstring)."""
    given = os.environ.get("VSM_SMAA_R_EXTDATA")
    candidates = [Path(given)] if given else [*(Path(lib) / "smaa" / "extdata" for lib in LIBRARIES),
                                              *Path(os.path.expanduser("~/R")).glob("*/*/smaa/extdata")]
    return next((c for c in candidates if all((c / f).is_file() for f in FILES)), None)


DATA = _extdata()
pytestmark = pytest.mark.skipif(DATA is None, reason="the R package smaa's data files are not installed "
                                "(set VSM_SMAA_R_EXTDATA to its extdata folder)")
N, ALTERNATIVES, CRITERIA = 10_000, ("Heparin", "Enoxaparin"), ("Prox DVT", "Dist DVT", "Bleed")


def read_dput(path: Path) -> tuple[list[float], list[int]]:
    """The numbers and the dimensions of an R ``dput`` of a numeric array (column-major)."""
    text = gzip.open(path, "rt").read()
    body = text[text.index("c(") + 2:text.index("), .Dim")]
    dims = re.search(r"\.Dim = c\(([^)]*)\)", text).group(1)
    return [float(x) for x in body.split(",")], [int(d.strip().rstrip("L")) for d in dims.split(",")]


@pytest.fixture(scope="module")
def thrombo():
    meas, meas_dims = read_dput(DATA / "thrombo-meas.txt.gz")
    pref, pref_dims = read_dput(DATA / "thrombo-weights-nopref.txt.gz")
    assert meas_dims == [N, 2, 3] and pref_dims == [N, 3]
    # meas[k, i, c] sits at k + N i + 2 N c (R arrays are column-major)
    partial = [[[meas[k + N * i + 2 * N * c] for c in range(3)] for i in range(2)] for k in range(N)]
    weights = [[pref[k + N * c] for c in range(3)] for k in range(N)]
    return partial, weights


def values(partial, weights):
    """The additive value of each alternative in each draw (R's smaa.values)."""
    return [[sum(u * w for u, w in zip(alt, wk)) for alt in draw] for draw, wk in zip(partial, weights)]


def test_rank_acceptabilities_central_weights_and_winning_equal_the_r_package(thrombo):
    partial, weights = thrombo
    found = rank_indices(values(partial, weights), weights, higher_is_better=True)
    assert found.draws == N
    assert [list(row) for row in found.acceptability] == [pytest.approx([0.3504, 0.6496], abs=1e-12),
                                                          pytest.approx([0.6496, 0.3504], abs=1e-12)]
    assert found.central_weights[0] == pytest.approx((0.1865097, 0.2772205, 0.5362698), abs=5e-8)
    assert found.central_weights[1] == pytest.approx((0.4073100, 0.3641477, 0.2285423), abs=5e-8)
    assert found.winning[0][1] == pytest.approx(0.3504, abs=1e-12)
    assert found.winning[1][0] == pytest.approx(0.6496, abs=1e-12)


def test_confidence_factors_equal_the_r_package(thrombo):
    partial, weights = thrombo
    central = rank_indices(values(partial, weights), weights, higher_is_better=True).central_weights
    found = [confidence_factor(values(partial, [central[i]] * N), i, higher_is_better=True) for i in range(2)]
    assert found == [pytest.approx(0.6682, abs=1e-12), pytest.approx(0.8956, abs=1e-12)]


def test_fixed_weights_give_the_r_package_acceptabilities(thrombo):
    """``smaa(meas, c(0.5, 0.2, 0.3))``: Heparin 0.1279 first, Enoxaparin 0.8721."""
    partial, _ = thrombo
    fixed = [[0.5, 0.2, 0.3]] * N
    found = rank_indices(values(partial, fixed), fixed, higher_is_better=True)
    assert [row[0] for row in found.acceptability] == [pytest.approx(0.1279, abs=1e-12),
                                                       pytest.approx(0.8721, abs=1e-12)]


def test_scores_lower_is_better_give_the_mirror_image(thrombo):
    """The WBF's direction (lower is better): the same draws with negated values rank alike."""
    partial, weights = thrombo
    scores = [[-v for v in row] for row in values(partial, weights)]
    assert rank_indices(scores, weights).acceptability[0][0] == pytest.approx(0.3504, abs=1e-12)
