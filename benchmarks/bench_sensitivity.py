"""Speed of the sensitivity simulation (`vsm-xl sensitivity --draws N`), measured in one run.

The claims example (METHOD.md 2.5) with three values given as low / likely / high. Compared:

1. the simulation (core.sensitivity.rank_robustness: only the ranged alternatives' WBFs are
   recomputed per draw, with the value functions' fast paths)
2. the baseline a script would write: per draw, a model with the drawn values and a full
   core.evaluation.evaluate() (checks, partial benefits, weights, ranks).   target ratio <= 0.2

    python benchmarks/bench_sensitivity.py [--draws 20000] [--runs 3]
"""
from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import time

from common import EXAMPLES, verdict

RANGES = {("Lead time", "Option A"): (3, 9, 30), ("Lead time", "Option C"): (3, 6, 30),
          ("Process costs", "Option C"): (600000, 700000, 1100000)}


def model():
    from vsm_xl.io.yaml_io import read_yaml

    return read_yaml(EXAMPLES / "claims_handling.yaml").evaluation


def simulation(m, draws: int) -> float:
    from vsm_xl.core.sensitivity import rank_robustness

    start = time.perf_counter()
    rank_robustness(m, RANGES, draws=draws, seed=1)
    return time.perf_counter() - start


def baseline(m, draws: int) -> float:
    from vsm_xl.core.evaluation import evaluate

    names = [i.name for i in m.indicators]
    rng = random.Random(1)
    start = time.perf_counter()
    for _ in range(draws):
        indicators = list(m.indicators)
        for (indicator, alternative), (low, mode, high) in sorted(RANGES.items()):
            i, j = names.index(indicator), m.alternatives.index(alternative)
            values = list(indicators[i].values)
            values[j] = rng.triangular(low, high, mode)
            indicators[i] = dataclasses.replace(indicators[i], values=tuple(values))
        evaluate(dataclasses.replace(m, indicators=tuple(indicators)))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    m = model()
    fast = statistics.median(simulation(m, args.draws) for _ in range(args.runs))
    slow = statistics.median(baseline(m, args.draws) for _ in range(args.runs))
    ratio = fast / slow
    print(f"{args.draws} draws, median of {args.runs} runs")
    print(f"  simulation (rank_robustness)   {fast:8.3f} s   {fast / args.draws * 1e6:7.1f} us/draw")
    print(f"  baseline (evaluate per draw)   {slow:8.3f} s   {slow / args.draws * 1e6:7.1f} us/draw")
    print(f"  ratio {ratio:.3f} (target <= 0.2): {verdict(ratio <= 0.2)}")


if __name__ == "__main__":
    main()
