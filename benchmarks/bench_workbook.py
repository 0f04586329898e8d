"""Speed of writing workbooks, measured in one run against issue 3's target.

Issue 3: evaluate-and-write per workbook (what `vsm-xl evaluate X.xlsx -o Y.xlsx` does: read and
check the workbook, analyse it, write the evaluated copy) versus a bare openpyxl load + save of
the same workbook, measured in the same run on the same files:      target  ratio <= 1.3

The files: examples/order_fulfillment.xlsx, examples/claims_handling.xlsx, and the template
filled with a larger model (3 states x 20 steps, 12 indicators x 6 alternatives, both pairwise
matrices full), written to a temporary folder. Rounds alternate the baseline and ours (the
machine is shared: its load changes while we measure); medians are reported, with the load
average before and after.

Issue 7: evaluate-and-write now against the code before the one-pass reader (git revision
``--before``, default e0f097d, unpacked with `git archive` into a temporary folder): both run the
CLI's own steps (``cli.common.load_and_analyze`` then ``cli.evaluate_cmd._write_evaluated``) in
separate processes on the same files, in alternating batches; medians are compared.

Also reported, without a target: read_workbook, write_evaluated and write_template (build and
save) of each file, in milliseconds.

    python benchmarks/bench_workbook.py [--runs 15] [--before REV]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from common import EXAMPLES, ROOT, verdict

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
    analyze_document(document)
    write_evaluated(document.workbook, target)
    return time.perf_counter() - started


# Runs in a child process with PYTHONPATH set to one version of vsm_xl: the CLI's own steps of
# `vsm-xl evaluate SOURCE -o TARGET`, timed per file.
_CLI_STEPS = """
import json, sys, time
from pathlib import Path
from vsm_xl.cli.common import load_and_analyze
from vsm_xl.cli.evaluate_cmd import _write_evaluated
files, runs, out = json.loads(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
times = {}
for label, path in files.items():
    _write_evaluated(load_and_analyze(path), out)  # warm up
    times[label] = []
    for _ in range(runs):
        started = time.perf_counter()
        _write_evaluated(load_and_analyze(path), out)
        times[label].append(time.perf_counter() - started)
print(json.dumps(times))
"""


def cli_steps(version: Path, files: dict, runs: int, scratch: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(version))
    done = subprocess.run([sys.executable, "-c", _CLI_STEPS, json.dumps({k: str(v) for k, v in files.items()}),
                           str(runs), str(scratch)], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def before_and_after(files: dict, revision: str, runs: int, tmp: Path) -> None:
    print(f"\nIssue 7: evaluate-and-write (the CLI's steps) now vs before the one-pass reader (git {revision}), "
          f"median of {runs} runs in alternating batches")
    before = tmp / "before"
    before.mkdir()
    try:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "vsm_xl"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"skipped: cannot unpack {revision} ({exc})")
        return
    times: dict = {"before": {}, "now": {}}
    batches = 3
    for _ in range(batches):
        for key, version in (("before", before), ("now", ROOT)):
            for label, values in cli_steps(version, files, max(1, runs // batches), tmp / f"{key}.xlsx").items():
                times[key].setdefault(label, []).extend(values)
    print(f"{'workbook':<28}{'before':>12}{'now':>12}{'now/before':>12}")
    for label in files:
        then, now = statistics.median(times["before"][label]), statistics.median(times["now"][label])
        print(f"{label:<28}{then * 1000:>9.1f} ms{now * 1000:>9.1f} ms{now / then:>12.2f}")


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="alternating rounds per file; medians are reported")
    parser.add_argument("--before", default="e0f097d", help="git revision to compare evaluate-and-write with")
    args = parser.parse_args(argv)

    from vsm_xl.io.yaml_io import read_yaml
    from vsm_xl.workbook.read.reader import read_workbook
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
        before_and_after({label: path for label, (path, _) in files.items()}, args.before, args.runs, tmp)

        print(f"\nOperations alone (median ms of {args.runs}; no target)")
        print(f"{'workbook':<28}{'read_workbook':>15}{'write_evaluated':>17}{'write_template':>16}")
        for label, (path, stream) in files.items():
            read = read_workbook(path)
            reads = [timed(read_workbook, path) for _ in range(args.runs)]
            writes = [timed(write_evaluated, read, tmp / "evaluated.xlsx") for _ in range(args.runs)]
            templates = [timed(write_template, tmp / "template_copy.xlsx", stream) for _ in range(args.runs)]
            print(f"{label:<28}{statistics.median(reads) * 1000:>15.1f}{statistics.median(writes) * 1000:>17.1f}"
                  f"{statistics.median(templates) * 1000:>16.1f}")
        blank = [timed(write_template, tmp / "blank.xlsx") for _ in range(args.runs)]
        print(f"{'blank template':<28}{'':>15}{'':>17}{statistics.median(blank) * 1000:>16.1f}")
    print(f"\nload average after the run: {load_average()}")


if __name__ == "__main__":
    main()
