"""Speed of the evaluation cell functions on a large model, as Excel calls them.

1,000 alternatives x 50 indicators (25 monetary, 25 non-monetary; every fifth indicator has an
exponential value function, the rest linear):

- array path: one call per range, as one array formula per block evaluates it:
  VSM_PARTIAL_BENEFIT over the 50x1000 block, VSM_OVERALL_BENEFIT over each group's 25x1000
  block, VSM_WBF over the two 1x1000 rows;
- cell by cell: one call per result cell (50,000 + 2 x 1,000 + 1,000 calls).

Arguments are shaped as xlwings passes them with ``ndim=2`` (lists of rows of floats; a column
is a list of one-cell rows). xlwings' own conversion of the ranges, and the release of the
result after it (the previous run's result is freed before each timed run), are not timed.

Target: the array path in <= 10 ms (median of several runs) on a 2-core machine. Where numpy
is installed, the large blocks go through it (vsm_xl.cell_functions.fast_arrays: the same floats); the
pure-Python path, which xlwings Lite runs, is timed beside it (VSM_XL_NO_NUMPY=1).

The same array path is then timed in Pyodide (the Python of xlwings Lite) when Node and the
npm package are installed (tests/pyodide, `npm ci` there; the test script does it): a wheel of
this checkout and the pure xlwings wheel, this file copied in, the ratio to CPython printed.

    python benchmarks/bench_udfs.py [--runs 51] [--no-pyodide]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from vsm_xl.cell_functions import fast_arrays as optional_numpy
from vsm_xl.udfs import VSM_OVERALL_BENEFIT, VSM_PARTIAL_BENEFIT, VSM_WBF

ALTERNATIVES = 1000
INDICATORS = 50
TARGET_MS = 10.0


def model(seed: int = 7, exponential_every: int = 5):
    rng = random.Random(seed)
    worst, best, function, curvature, values = [], [], [], [], []
    for z in range(INDICATORS):
        low, high = sorted(rng.uniform(0, 1000) for _ in range(2))
        w, b = (high, low) if z % 2 else (low, high)  # half of them: lower is better
        exponential = exponential_every and z % exponential_every == 0
        worst.append([w])
        best.append([b])
        function.append(["exponential" if exponential else "linear"])
        curvature.append([rng.choice((2.0, -1.5, 3.0)) if exponential else None])
        # a few values outside [worst, best] get clipped
        values.append([rng.uniform(low - 0.05 * (high - low), high + 0.05 * (high - low))
                       for _ in range(ALTERNATIVES)])
    half = INDICATORS // 2
    weights = []
    for _ in range(2):
        raw = [rng.uniform(1, 10) for _ in range(half)]
        weights.append([[r / sum(raw)] for r in raw])
    return values, worst, best, function, curvature, weights


def array_path(values, worst, best, function, curvature, weights):
    half = INDICATORS // 2
    u = VSM_PARTIAL_BENEFIT(values, worst, best, function, curvature)
    g_monetary = VSM_OVERALL_BENEFIT(u[:half], weights[0])
    g_non_monetary = VSM_OVERALL_BENEFIT(u[half:], weights[1])
    return u, VSM_WBF(g_monetary, g_non_monetary)


def cell_by_cell(values, worst, best, function, curvature, weights):
    half = INDICATORS // 2
    u = [[VSM_PARTIAL_BENEFIT(v, worst[z][0], best[z][0], function[z][0], curvature[z][0]) for v in row]
         for z, row in enumerate(values)]
    g = []
    for group, rows in ((0, u[:half]), (1, u[half:])):
        # a one-column block gives a 1x1 result, which Excel shows as one cell
        g.append([VSM_OVERALL_BENEFIT([[row[j]] for row in rows], weights[group])[0][0]
                  for j in range(ALTERNATIVES)])
    return u, [[VSM_WBF(m, nm) for m, nm in zip(g[0], g[1])]]


def timed(fn, args, runs: int):
    times, result = [], None
    for _ in range(runs):
        # Let go of the previous run's result first: freeing 50,000 floats is the caller's work
        # (xlwings frees the result after converting it for Excel), not this run's.
        result = None
        start = time.perf_counter()
        result = fn(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3, min(times) * 1e3, result


def timed_both_ways(args, runs: int):
    """(with numpy, pure Python) figures of the array path, runs taken in turns: this shared
    machine's speed drifts by a third within seconds, and both figures should see the same."""
    with_numpy, pure = [], []
    for _ in range(runs):
        with_numpy.append(timed(array_path, args, 1))
        os.environ[optional_numpy.SWITCH_OFF] = "1"
        pure.append(timed(array_path, args, 1))
        del os.environ[optional_numpy.SWITCH_OFF]
    return [(statistics.median(t[0] for t in times), min(t[1] for t in times), times[-1][2])
            for times in (with_numpy, pure)]


def pyodide_figures(runs: int):
    """(median ms, best ms) of the array path on the mixed model in Pyodide, or a reason why not."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.support import pyodide
    from tests.support.wheels import build_vsm_wheel, download_xlwings_wheel

    reason = pyodide.unavailable_reason()
    if reason:
        return reason
    with tempfile.TemporaryDirectory() as folder:
        wheels = [build_vsm_wheel(Path(folder) / "vsm"),
                  download_xlwings_wheel(Path(folder) / "xlwings", pyodide.python_version())]
        code = (f"import json, bench_udfs as b\nargs = b.model()\n"
                f"median, best, _ = b.timed(b.array_path, args, {runs})\njson.dumps([median, best])")
        median, best = json.loads(pyodide.run(code, wheels, {"bench_udfs.py": __file__}))
    return median, best, pyodide.pyodide_version()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=51, help="runs of the array path (median reported)")
    parser.add_argument("--cell-runs", type=int, default=3, help="runs of the cell-by-cell path")
    parser.add_argument("--no-pyodide", action="store_true", help="skip the Pyodide figure")
    options = parser.parse_args(argv)

    print(f"{ALTERNATIVES} alternatives x {INDICATORS} indicators "
          "(VSM_PARTIAL_BENEFIT + VSM_OVERALL_BENEFIT x 2 + VSM_WBF)")
    rows = []
    headline_args = model(exponential_every=5)
    (headline, best, headline_result), (pure_median, pure_best, pure_result) = \
        timed_both_ways(headline_args, options.runs)
    rows.append(("mixed (1 in 5 exponential)", headline, best))
    for label, every in (("all linear", 0), ("all exponential", 1)):
        median, best, _ = timed(array_path, model(exponential_every=every), options.runs)
        rows.append((label, median, best))
    numpy = optional_numpy.numpy_for(10 ** 9)
    print(f"\narray path, once per range (median / best of {options.runs} runs), "
          f"{'with numpy ' + numpy.__version__ if numpy else 'pure Python (numpy not installed)'}:")
    for label, median, best in rows:
        print(f"  {label:28s} {median:8.2f} ms  {best:8.2f} ms")
    print(f"  {'mixed, pure Python':28s} {pure_median:8.2f} ms  {pure_best:8.2f} ms"
          f"   ({pure_median / headline:.2f} x; VSM_XL_NO_NUMPY=1, as xlwings Lite runs; same floats: "
          f"{'yes' if pure_result == headline_result else 'NO'})")

    cell_median, _, (u_cells, wbf_cells) = timed(cell_by_cell, headline_args, options.cell_runs)
    same = headline_result[0] == u_cells and headline_result[1] == wbf_cells
    print(f"\ncell by cell, one call per cell (median of {options.cell_runs} runs):")
    print(f"  {'mixed (1 in 5 exponential)':28s} {cell_median:8.2f} ms")
    print(f"\nratio cell by cell / array path: {cell_median / headline:.1f} x"
          f"   (same results both ways: {'yes' if same else 'NO'})")
    verdict = "PASS" if headline <= TARGET_MS else "MISS"
    print(f"\ntarget: array path <= {TARGET_MS:g} ms on the mixed model: {headline:.2f} ms -> {verdict}")
    if not options.no_pyodide:
        figures = pyodide_figures(options.runs)
        if isinstance(figures, str):
            print(f"\nPyodide: not measured ({figures})")
        else:
            median, best, version = figures
            print(f"\nPyodide {version} (xlwings Lite's Python, no numpy), array path on the mixed model: "
                  f"{median:.2f} ms median, {best:.2f} ms best = {median / pure_median:.1f} x CPython's "
                  f"pure path, {median / headline:.1f} x the headline")
    if hasattr(os, "getloadavg"):  # other work on the machine slows every figure down
        print(f"(load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs while measuring)")
    return 0 if verdict == "PASS" and same and pure_result == headline_result else 1


if __name__ == "__main__":
    raise SystemExit(main())
