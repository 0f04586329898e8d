"""Speed of `vsm-xl portfolio` over N template workbooks, whole processes, measured in one run.

Each figure is a whole `python ...` process started from nothing (interpreter, imports,
finding the files, reading, printing), as a user runs it; the rounds interleave the variants
so that they share the machine's load, and the median round counts.

1. `vsm-xl portfolio DIR --jobs 2` vs `--jobs 1`:         target  speed-up >= 1.7x
2. the portfolio vs a bare calamine read of the same files  target  ratio <= 1.5
   with the same number of processes (a read that opens every workbook and turns every
   sheet into Python values; --jobs N against N reading processes: like with like)
3. `-o portfolio.xlsx` (the workbook with its table, bands and chart): reported.

The N workbooks are copies of template workbooks written from the METHOD examples and from
the converted test corpus (steps tables of 3 to 5 steps per state, some with an evaluation).
CPU seconds (user + system, all processes) are printed beside the wall-clock times. On a
machine busy with other work the wall-clock figures say little about parallel speed (two
workers get no two cores), so the run also prints what the CPU seconds project for an idle
machine: the main process's own CPU time plus half the workers' (two workers, chunks of
equal work). The verdicts are on the measured wall-clock times.

    python benchmarks/bench_portfolio.py [--files 1000] [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CORPUS, EXAMPLES, ROOT, copy_round_robin, verdict

# the bare read in N processes (argv[2]), the files in N equal slices, as the portfolio's workers
BARE_READ = """
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from python_calamine import CalamineWorkbook

def read(paths):
    for path in paths:
        with CalamineWorkbook.from_path(str(path)) as book:
            for name in book.sheet_names:
                book.get_sheet_by_name(name).to_python()

if __name__ == "__main__":
    paths, n = sorted(Path(sys.argv[1]).glob("*.xlsx")), int(sys.argv[2])
    if n == 1:
        read(paths)
    else:
        with ProcessPoolExecutor(n) as pool:
            list(pool.map(read, [paths[i::n] for i in range(n)]))
"""


def make_templates(folder: Path, n: int) -> list[Path]:
    from vsm_xl.convert.run import convert_many
    from vsm_xl.io.yaml_io import read_yaml
    from vsm_xl.workbook.writer import write_template

    seeds = folder / "seeds"
    seeds.mkdir()
    for name in ("order_fulfillment", "claims_handling"):
        write_template(seeds / f"{name}.xlsx", read_yaml(EXAMPLES / f"{name}.yaml"))
    convert_many([CORPUS], seeds, jobs=2, progress=False)
    books = folder / "books"
    books.mkdir()
    return copy_round_robin(sorted(seeds.glob("*.xlsx")), books, n)


# `python -m vsm_xl ...` that also reports its own CPU seconds and its workers' (on stderr)
VSM_XL = """
import resource, runpy, sys
sys.argv = ["vsm-xl", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("vsm_xl", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print("CPU", own.ru_utime + own.ru_stime, workers.ru_utime + workers.ru_stime, file=sys.stderr)
sys.exit(code)
"""


def timed(command: list[str]) -> tuple[float, float, float, float]:
    """Wall-clock and CPU seconds (user + system) of one whole process and its children; and
    for `vsm-xl`, the CPU seconds of the main process and of its workers."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    own, workers = cpu, 0.0
    for line in result.stderr.splitlines():
        if line.startswith("CPU "):
            own, workers = (float(x) for x in line.split()[1:3])
    return wall, cpu, own, workers


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="rounds; the median is reported")
    args = parser.parse_args(argv)
    from vsm_xl.workers.parallel import default_jobs

    cores = default_jobs()
    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other processes on the machine skew the timings)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = make_templates(tmp, args.files)
        books = str(files[0].parent)
        python = sys.executable
        variants = {
            "bare1": [python, "-c", BARE_READ, books, "1"],
            "bare2": [python, "-c", BARE_READ, books, "2"],
            "jobs1": [python, "-c", VSM_XL, "portfolio", books, "--jobs", "1", "--format", "json"],
            "jobs2": [python, "-c", VSM_XL, "portfolio", books, "--jobs", "2", "--format", "json"],
        }
        default = f"jobs{cores}" if cores in (1, 2) else "default"
        if default == "default":
            variants["default"] = [python, "-c", VSM_XL, "portfolio", books, "--format", "json"]
            variants["bare_default"] = [python, "-c", BARE_READ, books, str(cores)]
        bare_of = {"jobs1": "bare1", "jobs2": "bare2", "default": "bare_default"}
        for command in variants.values():  # warm the file cache and the bytecode alike
            timed(command)
        rounds: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, command in variants.items():
                rounds[name].append(timed(command))
        wall = {name: statistics.median(r[0] for r in runs) for name, runs in rounds.items()}
        cpu = {name: statistics.median(r[1] for r in runs) for name, runs in rounds.items()}
        # idle-machine projection: the main process's CPU plus an equal share of the workers'
        workers_of = {"jobs1": 1, "jobs2": 2, "default": cores}
        idle = {name: statistics.median(r[2] + r[3] / workers_of.get(name, 1) for r in runs)
                for name, runs in rounds.items()}
        n = len(files)
        for name, label in (("bare1", "bare calamine read, 1 process"), ("bare2", "bare calamine read, 2 processes"),
                            ("bare_default", f"bare calamine read, {cores} processes"), ("jobs1", "vsm-xl portfolio --jobs 1"),
                            ("jobs2", "vsm-xl portfolio --jobs 2"), ("default", f"vsm-xl portfolio (--jobs {cores})")):
            if name in wall:
                print(f"{label:<32} {n} workbooks: {wall[name]:6.2f} s wall, {cpu[name]:6.2f} s CPU, "
                      f"{idle[name]:5.2f} s projected idle (wall runs: {', '.join(f'{r[0]:.2f}' for r in rounds[name])})")
        speedup = wall["jobs1"] / wall["jobs2"]
        print(f"--jobs 2 vs --jobs 1: {speedup:.2f}x faster (target >= 1.7x) {verdict(speedup >= 1.7)}")
        ratio = wall[default] / wall[bare_of[default]]
        print(f"portfolio (--jobs {cores}) vs bare calamine read in {cores} processes: {ratio:.2f}x (target <= 1.5) "
              f"{verdict(ratio <= 1.5)}")
        print(f"portfolio --jobs 1 vs bare calamine read in 1 process: {wall['jobs1'] / wall['bare1']:.2f}x (reported); "
              f"CPU seconds {cpu['jobs1'] / cpu['bare1']:.2f}x")
        print(f"projected for an idle machine from the CPU seconds: --jobs 2 {idle['jobs1'] / idle['jobs2']:.2f}x "
              f"faster than --jobs 1; portfolio --jobs 1 {idle['jobs1'] / idle['bare1']:.2f}x the bare read; the "
              f"workers used {statistics.median(r[3] for r in rounds['jobs2']) / max(cpu['jobs1'], 1e-9):.2f}x "
              "the CPU of --jobs 1 together")
        workbook = tmp / "portfolio.xlsx"
        written = timed([python, "-m", "vsm_xl", "portfolio", books, "-o", str(workbook), "--force"])[0]
        print(f"-o portfolio.xlsx (table, bands, chart; --jobs {cores}): {written:.2f} s wall, "
              f"{written - wall[default]:+.2f} s over printing JSON")
    print(f"load average after the run: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
