"""Speed of the live Sensitivity sheet's recalculation: the SMAA-2 cell functions as Excel calls
them after an input changed (issue 20, item 3: 2,000 draws of a 4 x 7 study in under 50 ms).

The study is bench_smaa.py's: the claims example with a seventh indicator (Space), six values
given as low / likely / high, arguments shaped as xlwings passes them with ``ndim=2`` and as the
template lays them out (12 indicator rows, 6 alternative columns, the unused ones blank; the
Estimates ranges table of 10 rows). One recalculation is the sheet's three helper array formulas:
VSM_P_BEST, VSM_RANK_ACCEPTABILITY and VSM_CENTRAL_WEIGHTS, with a new seed each round (so nothing
is remembered from the round before; the second and third find the first one's result).
Baseline, in the same run: the core's smaa() alone on the same model and draws. xlwings' own
conversion of the ranges is not timed. A second line passes the Steps arguments as the template
does (two state blocks of 20 rows, 8 steps each): once with no measured indicator (the claims
study: what every workbook's sheet computes), once with Lead time measured for two alternatives
whose states have three ranged step times each (their draws come on top).

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


BLOCK_ROWS, STEPS = 20, 8


def steps_arguments(measured: bool) -> tuple:
    """The trailing Steps arguments of the template's formulas: Measure, Unit, the alternatives'
    states and the Steps sheet's columns over two blocks (markers and names, PT:LT, the six range
    columns, Position), then the time settings."""
    labels, times, ranges, positions = [], [], [], []
    for name in ("Current state", "Option A"):
        rows = [(["State", name], [None, None], [None] * 6), (["#", "Step"], ["PT", "LT"], ["PT low"] + [None] * 5)]
        for k in range(BLOCK_ROWS):
            if k < STEPS:
                ranged = [None, None, "1d", "5d", None, None] if k < 3 and measured else [None] * 6
                rows.append(([k + 1, f"Step {k + 1}"], [f"{10 + k}m", "2d"], ranged))
            else:
                rows.append(([None, None], [None, None], [None] * 6))
        rows += [(["Total", None], [None, None], [None] * 6)] + [([None, None], [None, None], [None] * 6)] * 8
        for label, time_, rng in rows:
            labels.append(label)
            times.append(time_)
            ranges.append(rng)
            positions.append([None])
    measures = [["lead_time" if measured else None]] + [[None]] * (ROWS - 1)
    units = [["d" if measured else None]] + [[None]] * (ROWS - 1)
    states = [["Current state", "Option A"] + [None] * (COLUMNS - 2)]
    return (measures, units, states, labels, times, ranges, positions, "min", None, None)


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

    def recalculation(steps=()):
        call = cells + (float(next(seeds)), float(args.draws), "triangular") + steps
        for function in (udfs.VSM_P_BEST, udfs.VSM_RANK_ACCEPTABILITY, udfs.VSM_CENTRAL_WEIGHTS):
            found = function(*call)
            assert not isinstance(found, str), found  # an error text would time nothing

    core_ranges = {(name, alt): bounds for (name, alt), bounds in RANGES.items()}
    functions = [recalculation, lambda: smaa(m, ranges=core_ranges, draws=args.draws, seed=1,
                                             sampling={g: SIMPLEX for g in GROUPS})]
    plain, measured = steps_arguments(False), steps_arguments(True)
    functions += [lambda: recalculation(plain), lambda: recalculation(measured)]
    before = os.getloadavg()[0]
    cells_time, core_time, plain_time, measured_time = timed(functions, args.runs)
    cells_cpu, core_cpu, plain_cpu, measured_cpu = timed(functions, args.runs, time.process_time)
    print(f"{args.draws} draws of a {n_alt} x {len(m.indicators)} study, median of {args.runs} runs; load average "
          f"{before:.1f} -> {os.getloadavg()[0]:.1f} (a shared machine: wall times grow with the load, CPU times "
          "much less)")
    print("                                              wall       CPU")
    print(f"  one recalculation of the Sensitivity sheet {cells_time * 1e3:6.1f} ms {cells_cpu * 1e3:6.1f} ms")
    print(f"  ... with the Steps arguments, none measured{plain_time * 1e3:6.1f} ms {plain_cpu * 1e3:6.1f} ms")
    print(f"  ... Lead time measured, 2 ranged states   {measured_time * 1e3:6.1f} ms {measured_cpu * 1e3:6.1f} ms")
    print(f"  smaa() alone (baseline)                    {core_time * 1e3:6.1f} ms {core_cpu * 1e3:6.1f} ms")
    print(f"  ratio sheet / core                         {cells_time / core_time:6.2f}    {cells_cpu / core_cpu:6.2f}")
    print(f"  target {TARGET_MS:.0f} ms (issue 20, item 3), CPU time: {verdict(max(cells_cpu, plain_cpu) * 1e3 <= TARGET_MS)}; "
          f"wall time: {verdict(cells_time * 1e3 <= TARGET_MS)}")


if __name__ == "__main__":
    main()
