"""Speed and memory of `vsm-xl convert`, measured in one run against the issue's targets.

1. convert vs a bare openpyxl load + save of the same INPUT team workbooks (.xlsx/.xlsm of
   the test corpus, copied to N files), one process each:  target  ratio <= 1.3  (the headline,
   the issue's original baseline: the same inputs)
   and, as an extra line, vs a bare openpyxl load + save of the OUTPUT workbooks convert wrote
   (template-sized: what saving such a workbook costs at least)
2. --jobs 2 vs --jobs 1 over N files (all corpus types):   target  speed-up >= 1.7 (2 cores)
3. a steps sheet of 100,000 rows, in a subprocess: peak memory (ru_maxrss, and the Python
   heap by tracemalloc) of reading it into the model, and of the whole conversion including
   the template workbook:                          target  <= 100 MB

Each figure is printed with its target and PASS or MISS.

    python benchmarks/bench_convert.py [--files 200] [--rows 100000] [--runs 3] [--skip-big-write]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from common import CORPUS, copy_round_robin, verdict



def make_files(folder: Path, n: int, suffixes) -> list[Path]:
    """``n`` team sheets: copies of the corpus's good files (round robin)."""
    sources = [p for p in sorted(CORPUS.glob("*")) if p.is_file() and p.suffix.lower() in suffixes]
    return copy_round_robin(sources, folder, n)


def bare_openpyxl(files, scratch: Path) -> float:
    import openpyxl

    started = time.perf_counter()
    for path in files:
        wb = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
        wb.save(scratch / f"copy{path.suffix}")
    return time.perf_counter() - started


def bare_openpyxl_outputs(out: Path, scratch: Path) -> tuple[float, int]:
    """(seconds, files) of a bare openpyxl load + save of every workbook convert wrote to ``out``."""
    outputs = sorted(out.glob("*.xlsx"))
    if not outputs:
        raise SystemExit(f"no converted workbooks in {out}")
    return bare_openpyxl(outputs, scratch), len(outputs)


def timed_convert(files, out: Path, jobs: int) -> float:
    from vsm_xl.convert.run import convert_many

    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    started = time.perf_counter()
    logs = convert_many(files, out, jobs=jobs, progress=False)
    elapsed = time.perf_counter() - started
    failed = [log for log in logs if not log.ok]
    if failed:
        raise SystemExit(f"benchmark inputs failed to convert: {failed[0].source}: {failed[0].reason}")
    return elapsed


BIG_SCRIPT = textwrap.dedent("""
    import resource, sys, time, tracemalloc
    from pathlib import Path
    what, source, out, traced = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4] == "1"
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    if what == "read":
        from vsm_xl.convert.log import FileLog
        from vsm_xl.convert.sources import open_source
        from vsm_xl.convert.tables import read_stream
        stream = read_stream(open_source(source), FileLog(source.name))
        steps = sum(len(s.steps) for s in stream.states)
    else:
        from vsm_xl.convert.run import convert_job, plan_jobs
        log = convert_job(plan_jobs([(source, source.name)], out)[0])
        assert log.ok, log.reason
        steps = sum(s["steps"] for s in log.states)
    elapsed = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1] / 1e6 if traced else 0.0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{steps} {elapsed:.2f} {heap:.1f} {rss:.1f}")
""")


def big_sheet(path: Path, rows: int) -> None:
    import random

    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Steps")
    ws.append(["Order handling, all teams"])
    ws.append([])
    ws.append(["Step", "Owner", "PT (min)", "LT (h)", "%C&A", "Inventory", "Notes"])
    rng = random.Random(1)
    for i in range(rows):
        ws.append([f"Step {i + 1}", f"Team {i % 17}", rng.randint(1, 60), rng.randint(2, 48),
                   rng.randint(80, 100), rng.randint(0, 50), "checked" if i % 10 == 0 else None])
    wb.save(path)


def measure_big(what: str, source: Path, out: Path, traced: bool) -> tuple:
    """(steps, seconds, Python heap peak MB, peak RSS MB) of a fresh process. tracemalloc
    (``traced``) costs time and memory of its own, so RSS and time come from an untraced run."""
    proc = subprocess.run([sys.executable, "-c", BIG_SCRIPT, what, str(source), str(out), "1" if traced else "0"],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"the {what} run failed:\n{proc.stderr}")
    steps, seconds, heap, rss = proc.stdout.split()
    return int(steps), float(seconds), float(heap), float(rss)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="alternating rounds; medians are reported")
    parser.add_argument("--skip-big-write", action="store_true",
                        help="measure only the reading of the big sheet (its template takes minutes)")
    args = parser.parse_args(argv)
    import os

    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other processes on the machine skew the timings)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        workbooks = tmp / "workbooks"
        workbooks.mkdir()
        files = make_files(workbooks, args.files, (".xlsx", ".xlsm"))
        # alternating rounds, medians: the machine is shared, its load changes while we measure.
        # Each round: load + save of the inputs, convert them, load + save of what convert wrote.
        scratch = tmp / "scratch"
        scratch.mkdir()
        bares, converts, out_bares = [], [], []
        written = 0
        for _ in range(args.runs):
            bares.append(bare_openpyxl(files, scratch))
            converts.append(timed_convert(files, tmp / "out1", jobs=1))
            seconds, written = bare_openpyxl_outputs(tmp / "out1", scratch)
            out_bares.append(seconds)
        bare, converted, out_bare = statistics.median(bares), statistics.median(converts), statistics.median(out_bares)
        ratio = converted / bare
        print(f"convert {len(files)} workbooks (--jobs 1): {converted:.2f} s; baseline = bare openpyxl load+save of "
              f"the same {len(files)} INPUT workbooks in one process: {bare:.2f} s; ratio {ratio:.2f} (target <= 1.3) "
              f"{verdict(ratio <= 1.3)}")
        print(f"  extra: bare openpyxl load+save of the {written} OUTPUT workbooks convert wrote: {out_bare:.2f} s; "
              f"ratio {converted / out_bare:.2f} (what writing template-sized workbooks costs at least)")

        mixed = tmp / "mixed"
        mixed.mkdir()
        all_files = make_files(mixed, args.files, (".xlsx", ".xlsm", ".csv"))
        ones, twos = [], []
        for _ in range(args.runs):
            ones.append(timed_convert(all_files, tmp / "j1", jobs=1))
            twos.append(timed_convert(all_files, tmp / "j2", jobs=2))
        one, two = statistics.median(ones), statistics.median(twos)
        speedup = one / two
        print(f"convert {len(all_files)} files: --jobs 1 {one:.2f} s, --jobs 2 {two:.2f} s; "
              f"speed-up {speedup:.2f}x (target >= 1.7) {verdict(speedup >= 1.7)}")

        big = tmp / "big_steps.xlsx"
        big_sheet(big, args.rows)
        steps, seconds, _, rss = measure_big("read", big, tmp, traced=False)
        heap = measure_big("read", big, tmp, traced=True)[2]
        print(f"read a {args.rows:,}-row steps sheet into the model: {steps:,} steps in {seconds:.1f} s; "
              f"peak RSS {rss:.0f} MB {verdict(rss <= 100)}, Python heap peak {heap:.0f} MB "
              f"{verdict(heap <= 100)} (target <= 100 MB)")
        if not args.skip_big_write:
            (tmp / "bigout").mkdir()
            steps, seconds, _, rss = measure_big("convert", big, tmp / "bigout", traced=False)
            print(f"convert a {args.rows:,}-row steps sheet incl. the template workbook: {seconds:.1f} s; "
                  f"peak RSS {rss:.0f} MB (target <= 100 MB) {verdict(rss <= 100)}")


if __name__ == "__main__":
    main()
