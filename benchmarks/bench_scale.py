"""Throughput and memory of `vsm-xl portfolio` on one machine and on a Dask cluster, in one run
over the same generated corpus: `--jobs 1`, `--jobs 2` and `--cluster local:2`.

Each variant is a whole `python -m vsm_xl portfolio BOOKS -o portfolio.parquet` process
(interpreter, imports, a LocalCluster's start and close for `--cluster`, reading, the streamed
Parquet output), as a user runs it. Printed per variant: wall-clock seconds, files per second,
CPU seconds (the command and its workers: what the work costs, whatever the machine's load),
the peak memory of the whole process tree (the command and its workers, summed; sampled every
20 ms with psutil) and of the command's own process; then the ratios to `--jobs 1`. The three
Parquet files must hold the same rows (checked). The rounds interleave the variants so that
they share the machine's load; the median round counts.

The machine's own ceiling is measured in the same run: a pure-Python loop in one process, then
the same loop in two processes at once. On two idle cores two processes give 2.0x the throughput
of one; a shared or throttled machine gives less, and `--jobs 2` cannot beat that ratio. The
`--jobs 2` ratio is printed against it too.

The corpus: copies of template workbooks written from the METHOD examples and from the
converted test corpus (as benchmarks/bench_portfolio.py), `--files` of them.

    python benchmarks/bench_scale.py [--files 1000] [--runs 1]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing import Process
from pathlib import Path

from bench_portfolio import make_templates
from common import ROOT

MB = 1024 * 1024


def tree_rss(process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    import psutil

    total = 0
    for p in [process, *process.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def _spin() -> None:
    total = 0
    for i in range(20_000_000):
        total += i * i


def machine_ratio() -> float:
    """Throughput of the same pure-Python loop in two processes at once against one: the most
    that two workers can give on this machine now (2.0 on two idle cores)."""
    def elapsed(n: int) -> float:
        started = time.perf_counter()
        processes = [Process(target=_spin) for _ in range(n)]
        for p in processes:
            p.start()
        for p in processes:
            p.join()
        return time.perf_counter() - started
    return 2 * elapsed(1) / elapsed(2)


def run(command: list[str]) -> dict:
    """Wall-clock seconds, CPU seconds (the command and its workers) and peak memory (process
    tree, command) of one whole process."""
    import psutil

    before = os.times()
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    process = psutil.Process(child.pid)
    peak_tree = peak_own = 0
    while child.poll() is None:
        try:
            peak_own = max(peak_own, process.memory_info().rss)
            peak_tree = max(peak_tree, tree_rss(process))
        except psutil.NoSuchProcess:
            break
        time.sleep(0.02)
    _, stderr = child.communicate()
    wall = time.perf_counter() - started
    after = os.times()
    cpu = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}):\n{stderr[-2000:]}")
    return {"wall": wall, "cpu": cpu, "tree": peak_tree, "own": peak_own}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="workbooks in the corpus (default 1000)")
    parser.add_argument("--runs", type=int, default=1, help="rounds; the median is reported")
    parser.add_argument("--only-cluster", action="store_true",
                        help="run --cluster local:2 only (a long run's throughput and memory; no ratios)")
    args = parser.parse_args(argv)
    import pyarrow.parquet as pq

    print(f"load average before the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other processes on the machine skew the timings)")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        files = make_templates(tmp, args.files)
        books = str(files[0].parent)
        print(f"corpus: {len(files)} template workbooks ({time.perf_counter() - started:.1f} s to make)")
        variants = {"--jobs 1": ["--jobs", "1"], "--jobs 2": ["--jobs", "2"], "--cluster local:2": ["--cluster", "local:2"]}
        if args.only_cluster:
            variants = {"--cluster local:2": variants["--cluster local:2"]}
        outputs = {name: tmp / f"portfolio-{i}.parquet" for i, name in enumerate(variants)}

        def command(name, folder=books):
            return [sys.executable, "-m", "vsm_xl", "portfolio", folder, *variants[name], "-o", str(outputs[name]),
                    "--force", "--no-progress"]

        warm = tmp / "warm"  # the bytecode and Dask's start warmed on a few files (the corpus is in the cache)
        warm.mkdir()
        for path in files[:50]:
            shutil.copy(path, warm)
        for name in variants:
            run(command(name, str(warm)))
        rounds: dict[str, list[dict]] = {name: [] for name in variants}
        ceilings = []
        for _ in range(args.runs):
            ceilings.append(machine_ratio())
            for name in variants:
                rounds[name].append(run(command(name)))
            ceilings.append(machine_ratio())
        ceiling = statistics.median(ceilings)
        tables = {name: pq.read_table(path) for name, path in outputs.items()}
        first = next(iter(tables.values()))
        same = all(table.equals(first) for table in tables.values())
        n = len(files)
        wall = {name: statistics.median(r["wall"] for r in runs) for name, runs in rounds.items()}
        tree = {name: max(r["tree"] for r in runs) for name, runs in rounds.items()}
        own = {name: max(r["own"] for r in runs) for name, runs in rounds.items()}
        cpu = {name: statistics.median(r["cpu"] for r in runs) for name, runs in rounds.items()}
        print(f"{'variant':<20} {'wall s':>8} {'files/s':>9} {'CPU s':>7} {'peak MB (tree)':>15} {'peak MB (command)':>18}")
        for name in variants:
            print(f"{name:<20} {wall[name]:8.2f} {n / wall[name]:9.1f} {cpu[name]:7.2f} {tree[name] / MB:15.0f} "
                  f"{own[name] / MB:18.0f}")
        print(f"the machine now: a pure-Python loop in 2 processes gives {ceiling:.2f}x the throughput of 1 "
              f"(2.00 on two idle cores; rounds: {', '.join(f'{c:.2f}' for c in ceilings)})")
        for name in ("--jobs 2", "--cluster local:2") if len(variants) == 3 else ():
            ratio = wall['--jobs 1'] / wall[name]
            print(f"{name} vs --jobs 1: {ratio:.2f}x the throughput ({ratio / ceiling:.0%} of the machine's "
                  f"{ceiling:.2f}x), {cpu[name] / cpu['--jobs 1']:.2f}x the CPU seconds, "
                  f"{tree[name] / tree['--jobs 1']:.2f}x the peak memory (tree)")
        if len(variants) == 3:
            print(f"--cluster local:2 vs --jobs 2: {wall['--jobs 2'] / wall['--cluster local:2']:.2f}x the throughput")
        print(f"rows: {first.num_rows} in each Parquet file; the files are {'identical' if same else 'DIFFERENT'}")
    print(f"load average after the run: {os.getloadavg()[0]:.2f}")
    if not same:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
