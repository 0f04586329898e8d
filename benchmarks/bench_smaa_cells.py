"""Speed of the live Sensitivity sheet's recalculation: the SMAA-2 cell functions as Excel calls
them after an input changed (issue 20, item 3: 2,000 draws of a 4 x 7 study in under 50 ms).

The study is bench_smaa.py's: the claims example with a seventh indicator (Space), six values
given as low / likely / high, arguments shaped as xlwings passes them with ``ndim=2`` and as the
template lays them out (12 indicator rows, 6 alternative columns, the unused ones blank; the
Estimates ranges table of 10 rows). One recalculation is the sheet's three helper array formulas:
VSM_P_BEST, VSM_RANK_ACCEPTABILITY and VSM_CENTRAL_WEIGHTS, with a new seed each round (so nothing
is remembered from the round before; the second and third find the first one's result).
Baseline, in the same run: the core's smaa() alone on the same model and draws. xlwings' own
conversion of the ranges is not timed.

    python benchmarks/bench_smaa_cells.py [--draws 2000] [--runs 7]
"""
from __future__ import annotations

import argparse
import os
import time

from bench_smaa import RANGES, TARGET_MS, model, timed
from common import verdict

ROWS, COLUMNS, RANGE_ROWS = 12, 6, 10


def cell_arguments(m):
    """The template's ranges as xlwings hands them over (lists of rows, None for blanks)."""
    pad = ROWS - len(m.indicators)
    names = [[i.name] for i in m.indicators] + [[None]] * pad
    groups = [[i.group] for i in m.indicators] + [[None]] * pad
    worst = [[i.worst] for i in m.indicators] + [[None]] * pad
    best = [[i.best] for i in m.indicators] + [[None]] * pad
    values = [list(i.values) + [None] * (COLUMNS - len(i.values)) for i in m.indicators] + [[None] * COLUMNS] * pad
    function = [[i.function] for i in m.indicators] + [[None]] * pad
    curvature = [[i.curvature] for i in m.indicators] + [[None]] * pad
    alternatives = [list(m.alternatives) + [None] * (COLUMNS - len(m.alternatives))]
    ranges = [[name, alt, low, likely, high] for (name, alt), (low, likely, high) in RANGES.items()]
    ranges += [[None] * 5] * (RANGE_ROWS - len(ranges))
    return names, groups, worst, best, values, alternatives, ranges, function, curvature


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from vsm_xl import udfs
    from vsm_xl.core.model import GROUPS
    from vsm_xl.core.smaa import SIMPLEX, smaa

    m = model()
    cells = cell_arguments(m)
    seeds = iter(range(10_000))
    n_alt = len(m.alternatives)

    def recalculation():
        call = cells + (float(next(seeds)), float(args.draws))
        udfs.VSM_P_BEST(*call)
        udfs.VSM_RANK_ACCEPTABILITY(*call)
        udfs.VSM_CENTRAL_WEIGHTS(*call)

    core_ranges = {(name, alt): bounds for (name, alt), bounds in RANGES.items()}
    functions = [recalculation, lambda: smaa(m, ranges=core_ranges, draws=args.draws, seed=1,
                                             sampling={g: SIMPLEX for g in GROUPS})]
    before = os.getloadavg()[0]
    cells_time, core_time = timed(functions, args.runs)
    cells_cpu, core_cpu = timed(functions, args.runs, time.process_time)
    print(f"{args.draws} draws of a {n_alt} x {len(m.indicators)} study, median of {args.runs} runs; load average "
          f"{before:.1f} -> {os.getloadavg()[0]:.1f} (a shared machine: wall times grow with the load, CPU times "
          "much less)")
    print("                                              wall       CPU")
    print(f"  one recalculation of the Sensitivity sheet {cells_time * 1e3:6.1f} ms {cells_cpu * 1e3:6.1f} ms")
    print(f"  smaa() alone (baseline)                    {core_time * 1e3:6.1f} ms {core_cpu * 1e3:6.1f} ms")
    print(f"  ratio sheet / core                         {cells_time / core_time:6.2f}    {cells_cpu / core_cpu:6.2f}")
    print(f"  target {TARGET_MS:.0f} ms (issue 20, item 3), CPU time: {verdict(cells_cpu * 1e3 <= TARGET_MS)}; "
          f"wall time: {verdict(cells_time * 1e3 <= TARGET_MS)}")


if __name__ == "__main__":
    main()
