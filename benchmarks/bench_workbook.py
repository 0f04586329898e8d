"""Speed of writing workbooks, measured in one run against issue 3's target.

Issue 3: evaluate-and-write per workbook (what `vsm-xl evaluate X.xlsx -o Y.xlsx` does: read and
check the workbook, analyse it, write the evaluated copy) versus a bare openpyxl load + save of
the same workbook, measured in the same run on the same files:      target  ratio <= 1.3

The files: examples/order_fulfillment.xlsx, examples/claims_handling.xlsx, and the template
filled with a larger model (3 states x 20 steps, 12 indicators x 6 alternatives, both pairwise
matrices full), written to a temporary folder. Rounds alternate the baseline and ours (the
machine is shared: its load changes while we measure); medians are reported, with the load
average before and after.

Also reported, without a target: read_workbook, write_evaluated and write_template (build and
save) of each file, in milliseconds.

    python benchmarks/bench_workbook.py [--runs 15]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from common import EXAMPLES, verdict

TARGET = 1.3


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" (1, 5, 15 min) on {os.cpu_count()} cores"


def large_model():
    """3 states x 20 steps, 12 indicators x 6 alternatives, 6 indicators per pairwise matrix."""
    from vsm_xl.core.model import EvaluationModel, Indicator, PairwiseMatrix, State, Step, ValueStream, Waste

    rng = random.Random(3)
    states = []
    for s, (name, kind) in enumerate((("Current state", "current"), ("Future state", "future"),
                                      ("Target condition 1", "target"))):
        steps = []
        for k in range(20):
            pt = rng.randint(2, 60) / (s + 1)
            steps.append(Step(name=f"Step {k + 1}", process_time=pt, lead_time=pt + rng.randint(0, 600),
                              owner=f"Team {k % 4 + 1}", complete_accurate=rng.randint(80, 100) / 100,
                              inventory=float(rng.randint(0, 40)),
                              wastes=(Waste("waiting", "queue before the step"),) if k % 3 == 0 else (),
                              notes="checked" if k % 5 == 0 else ""))
        states.append(State(name, tuple(steps), kind))
    alternatives = ("Current state", "Option A", "Option B", "Option C", "Option D", "Option E")
    indicators = []
    for i in range(12):
        group = "monetary" if i < 6 else "non-monetary"
        worst, best = (100.0, 0.0) if i % 2 else (0.0, 100.0)
        indicators.append(Indicator(name=f"Indicator {i + 1}", group=group, worst=worst, best=best,
                                    values=tuple(float(rng.randint(5, 95)) for _ in alternatives),
                                    function="exponential" if i % 3 == 0 else "linear",
                                    curvature=2.0 if i % 3 == 0 else None, unit="pts"))
    pairwise = {}
    for group, names in (("monetary", [x.name for x in indicators[:6]]),
                         ("non-monetary", [x.name for x in indicators[6:]])):
        n = len(names)
        upper = {(i, j): rng.choice((0, 1, 2)) for i in range(n) for j in range(i + 1, n)}
        matrix = tuple(tuple(None if i == j else upper[(i, j)] if i < j else 2 - upper[(j, i)] for j in range(n))
                       for i in range(n))
        pairwise[group] = PairwiseMatrix(tuple(names), matrix)
    return ValueStream(name="Large value stream", states=tuple(states), version="1", analyst="bench",
                       evaluation=EvaluationModel(alternatives, tuple(indicators), pairwise))


def bare_openpyxl(source: Path, scratch: Path) -> float:
    import openpyxl

    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(source)
        wb.save(scratch)
    return time.perf_counter() - started


def evaluate_and_write(source: Path, target: Path) -> float:
    """What `vsm-xl evaluate SOURCE -o TARGET` does (cli.common.load_and_analyze + write)."""
    from vsm_xl.api import analyze_document, read_document
    from vsm_xl.workbook.writer import write_evaluated

    started = time.perf_counter()
    document = read_document(source)
    analysis, _ = analyze_document(document)
    write_evaluated(source, target, analysis)
    return time.perf_counter() - started


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="alternating rounds per file; medians are reported")
    args = parser.parse_args(argv)

    from vsm_xl.io.yaml_io import read_yaml
    from vsm_xl.workbook.reader import read_workbook
    from vsm_xl.workbook.writer import write_evaluated, write_template

    print(f"load average before the run: {load_average()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = {}
        for name in ("order_fulfillment", "claims_handling"):
            files[f"{name}.xlsx"] = (tmp / f"{name}.xlsx", read_yaml(EXAMPLES / f"{name}.yaml"))
            shutil.copy(EXAMPLES / f"{name}.xlsx", files[f"{name}.xlsx"][0])
        large = large_model()
        files["large (3x20 steps, 12x6)"] = (write_template(tmp / "large.xlsx", large), large)

        print(f"\nIssue 3: evaluate-and-write vs bare openpyxl load + save of the same workbook, median of "
              f"{args.runs} alternating rounds")
        print(f"{'workbook':<28}{'bare load+save':>16}{'evaluate+write':>16}{'ratio':>8}  target <= {TARGET}")
        totals = [0.0, 0.0]
        verdicts = []
        for label, (path, _) in files.items():
            bare_out, ours_out = tmp / "bare_copy.xlsx", tmp / "evaluated.xlsx"
            bare_openpyxl(path, bare_out)  # warm the imports and the file cache alike
            evaluate_and_write(path, ours_out)
            bares, ours = [], []
            for _ in range(args.runs):
                bares.append(bare_openpyxl(path, bare_out))
                ours.append(evaluate_and_write(path, ours_out))
            bare, mine = statistics.median(bares), statistics.median(ours)
            totals[0] += bare
            totals[1] += mine
            ratio = mine / bare
            verdicts.append(ratio <= TARGET)
            print(f"{label:<28}{bare * 1000:>13.1f} ms{mine * 1000:>13.1f} ms{ratio:>8.2f}  {verdict(ratio <= TARGET)}")
        ratio = totals[1] / totals[0]
        print(f"{'all three (sum of medians)':<28}{totals[0] * 1000:>13.1f} ms{totals[1] * 1000:>13.1f} ms"
              f"{ratio:>8.2f}  {verdict(ratio <= TARGET)}")
        print(f"issue 3 overall: {verdict(all(verdicts))} (every workbook at or below {TARGET}x)")

        print(f"\nOperations alone (median ms of {args.runs}; no target)")
        print(f"{'workbook':<28}{'read_workbook':>15}{'write_evaluated':>17}{'write_template':>16}")
        for label, (path, stream) in files.items():
            analysis = read_workbook(path).analysis
            reads = [timed(read_workbook, path) for _ in range(args.runs)]
            writes = [timed(write_evaluated, path, tmp / "evaluated.xlsx", analysis) for _ in range(args.runs)]
            templates = [timed(write_template, tmp / "template_copy.xlsx", stream) for _ in range(args.runs)]
            print(f"{label:<28}{statistics.median(reads) * 1000:>15.1f}{statistics.median(writes) * 1000:>17.1f}"
                  f"{statistics.median(templates) * 1000:>16.1f}")
        blank = [timed(write_template, tmp / "blank.xlsx") for _ in range(args.runs)]
        print(f"{'blank template':<28}{'':>15}{'':>17}{statistics.median(blank) * 1000:>16.1f}")
    print(f"\nload average after the run: {load_average()}")


if __name__ == "__main__":
    main()
