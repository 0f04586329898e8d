"""Start-up of one `vsm-xl evaluate` of a bundled example, as a whole process, against a bare
`python -c "import openpyxl; openpyxl.load_workbook(...)"` of the same file, measured in the same
run (issue 19 item 4): target  ratio <= 0.6.

Both commands run as fresh processes of the same interpreter, in alternating rounds (the machine is
shared: its load changes while we measure); the medians and the minima are reported with the
load average. Also printed: which of the heavy libraries the evaluate process imported at all
(`python -X importtime`), since that is where start-up goes.

    python benchmarks/bench_startup.py [--runs 15] [--example order_fulfillment]

Measured here on 2026-12-07: ratio of the medians 1.14 before (load 4.1: the read path imported
openpyxl and numpy, vsm_xl.core all of the core), 0.54-0.56 after (load 3.3-4.3); 0.66 at load 7.1.
"""
from __future__ import annotations

import argparse
import os
import statistics
import shutil
import subprocess
import sys
import tempfile
import time

from common import EXAMPLES, ROOT, verdict

TARGET = 0.6
HEAVY = ("openpyxl", "pandas", "numpy", "rich", "yaml", "importlib.metadata", "matplotlib", "formulas")


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" (1, 5, 15 min) on {os.cpu_count()} cores"


def environment(cache: str) -> dict:
    """This checkout's vsm_xl first on the path (a venv may point at another checkout), and
    bytecode cached (in ``cache``, not in the checkout) as an installed package has it: a
    PYTHONDONTWRITEBYTECODE in the environment would otherwise compile every module on every start."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = cache
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


def timed(argv, env) -> float:
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"{' '.join(map(str, argv))} failed:\n{proc.stderr}")
    return elapsed


def imported(argv, env) -> list[str]:
    """The heavy top-level modules the process imported (from -X importtime)."""
    proc = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], env=env, capture_output=True, text=True)
    names = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    return [name for name in HEAVY if name in names]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--example", default="order_fulfillment")
    args = parser.parse_args(argv)
    book = EXAMPLES / f"{args.example}.xlsx"
    cache = tempfile.mkdtemp(prefix="vsm-bench-pyc-")
    env = environment(cache)
    bare = [sys.executable, "-c", f"import openpyxl; openpyxl.load_workbook({str(book)!r})"]
    ours = [sys.executable, "-m", "vsm_xl", "evaluate", str(book)]
    print(f"load average before: {load_average()}")
    for _ in range(2):
        timed(bare, env), timed(ours, env)  # warm the file cache and the bytecode
    bares, evals = [], []
    for _ in range(args.runs):
        bares.append(timed(bare, env))
        evals.append(timed(ours, env))
    print(f"load average after:  {load_average()}")
    bare_m, ours_m = statistics.median(bares), statistics.median(evals)
    ratio = ours_m / bare_m
    print(f"bare python -c 'import openpyxl; openpyxl.load_workbook({book.name})': median {bare_m * 1000:.0f} ms, "
          f"min {min(bares) * 1000:.0f} ms")
    print(f"vsm-xl evaluate {book.name}:                                  median {ours_m * 1000:.0f} ms, "
          f"min {min(evals) * 1000:.0f} ms")
    print(f"ratio of the medians {ratio:.2f}, of the minima {min(evals) / min(bares):.2f} "
          f"(target <= {TARGET}) {verdict(ratio <= TARGET)}")
    print(f"heavy modules the evaluate process imports: {', '.join(imported(ours, env)) or 'none'}")
    shutil.rmtree(cache, ignore_errors=True)
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
