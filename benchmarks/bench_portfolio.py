"""Speed of `vsm-xl portfolio` over N template workbooks, whole processes, measured in one run.

Each figure is a whole `python ...` process started from nothing (interpreter, imports,
finding the files, reading, printing), as a user runs it; the rounds interleave the variants
so that they share the machine's load, and the median round counts.

1. `vsm-xl portfolio DIR --jobs 2` vs `--jobs 1`:         target  speed-up >= 1.7x
2. the portfolio (default --jobs: the cores) vs a bare     target  ratio <= 1.5
   calamine read of the same files (a process that opens every workbook and turns every
   sheet into Python values)
3. `-o portfolio.xlsx` (the workbook with its table, bands and chart): reported.

The N workbooks are copies of template workbooks written from the METHOD examples and from
the converted test corpus (steps tables of 3 to 5 steps per state, some with an evaluation).
CPU seconds (user + system, all processes) are printed beside the wall-clock times: on a
machine busy with other work the wall-clock ratios drift, the CPU seconds much less.

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

BARE_READ = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
for path in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    with CalamineWorkbook.from_path(str(path)) as book:
        for name in book.sheet_names:
            book.get_sheet_by_name(name).to_python()
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


def timed(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one whole process and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="rounds; the median is reported")
    args = parser.parse_args(argv)
    from vsm_xl.parallel import default_jobs

    cores = default_jobs()
    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other processes on the machine skew the timings)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = make_templates(tmp, args.files)
        books = str(files[0].parent)
        python = sys.executable
        variants = {
            "bare": [python, "-c", BARE_READ, books],
            "jobs1": [python, "-m", "vsm_xl", "portfolio", books, "--jobs", "1", "--format", "json"],
            "jobs2": [python, "-m", "vsm_xl", "portfolio", books, "--jobs", "2", "--format", "json"],
        }
        default = f"jobs{cores}" if cores in (1, 2) else "default"
        if default == "default":
            variants["default"] = [python, "-m", "vsm_xl", "portfolio", books, "--format", "json"]
        for command in variants.values():  # warm the file cache and the bytecode alike
            timed(command)
        rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, command in variants.items():
                rounds[name].append(timed(command))
        wall = {name: statistics.median(w for w, _ in runs) for name, runs in rounds.items()}
        cpu = {name: statistics.median(c for _, c in runs) for name, runs in rounds.items()}
        n = len(files)
        for name, label in (("bare", "bare calamine read"), ("jobs1", "vsm-xl portfolio --jobs 1"),
                            ("jobs2", "vsm-xl portfolio --jobs 2"), ("default", f"vsm-xl portfolio (--jobs {cores})")):
            if name in wall:
                print(f"{label:<32} {n} workbooks: {wall[name]:6.2f} s wall, {cpu[name]:6.2f} s CPU "
                      f"(runs: {', '.join(f'{w:.2f}' for w, _ in rounds[name])})")
        speedup = wall["jobs1"] / wall["jobs2"]
        print(f"--jobs 2 vs --jobs 1: {speedup:.2f}x faster (target >= 1.7x) {verdict(speedup >= 1.7)}")
        ratio = wall[default] / wall["bare"]
        print(f"portfolio (--jobs {cores}) vs bare calamine read: {ratio:.2f}x (target <= 1.5) {verdict(ratio <= 1.5)}")
        print(f"portfolio --jobs 1 vs bare calamine read: {wall['jobs1'] / wall['bare']:.2f}x (reported); "
              f"CPU seconds {cpu['jobs1'] / cpu['bare']:.2f}x")
        workbook = tmp / "portfolio.xlsx"
        written, _ = timed([python, "-m", "vsm_xl", "portfolio", books, "-o", str(workbook), "--force"])
        print(f"-o portfolio.xlsx (table, bands, chart; --jobs {cores}): {written:.2f} s wall, "
              f"{written - wall[default]:+.2f} s over printing JSON")
    print(f"load average after the run: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
