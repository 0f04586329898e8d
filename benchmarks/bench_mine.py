"""Speed and memory of `vsm-xl mine` on a big event log, against the issue's targets and a
baseline measured in the same run.

1. `vsm-xl mine LOG -o stream.yaml` of 1,000,000 events (the tests' seeded simulator: a
   parallel branch, rework, 6 activities, 16 resources), as a whole process:
                                           target  <= 60 s and <= 500 MB peak (ru_maxrss)
2. the baseline: a bare pandas read_csv of the same file (all columns as text, then the two
   time columns parsed), as a whole process; the ratio mine / baseline is printed beside it.

Each process is started from a small launcher so that its peak resident size is its own.

    python benchmarks/bench_mine.py [--events 1000000] [--keep FOLDER]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, verdict

_LAUNCH = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "mb": peak, "code": done.returncode, "err": done.stderr[-400:]}))
"""

_BASELINE = """
import sys
import pandas as pd
frame = pd.read_csv(sys.argv[1], dtype=str)
for column in ("Start Timestamp", "Complete Timestamp"):
    frame[column] = pd.to_datetime(frame[column], format="ISO8601")
print(len(frame))
"""


def make_log(path: Path, events: int) -> int:
    sys.path.insert(0, str(ROOT))
    from tests.mine.simulate import simulate, write_csv

    rows = simulate(max(1, round(events / 6.98)), seed=7)  # 6.98 events a case on average
    write_csv(path, rows)
    return len(rows)


def measured(command) -> dict:
    done = subprocess.run([sys.executable, "-c", _LAUNCH, *map(str, command)], capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout)
    if result["code"] != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{result['err']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="keep the generated log in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / "big_events.csv"
        started = time.perf_counter()
        n = make_log(log, args.events)
        print(f"log: {n:,} events, {log.stat().st_size / 1e6:.0f} MB, written in {time.perf_counter() - started:.0f} s")
        base = measured([sys.executable, "-c", _BASELINE, log])
        mine = measured([sys.executable, "-m", "vsm_xl", "mine", log, "-o", folder / "stream.yaml", "--force",
                         "--no-progress"])
        print(f"baseline pandas read_csv + to_datetime: {base['seconds']:6.1f} s  {base['mb']:6.0f} MB peak")
        print(f"vsm-xl mine -o stream.yaml:             {mine['seconds']:6.1f} s  {mine['mb']:6.0f} MB peak"
              f"   (x{mine['seconds'] / base['seconds']:.2f} time, x{mine['mb'] / base['mb']:.2f} memory of the baseline)")
        print(f"target <= 60 s: {verdict(mine['seconds'] <= 60)}   target <= 500 MB: {verdict(mine['mb'] <= 500)}")
        print("(a shared machine: time is noisy; memory is the process's own peak)")


if __name__ == "__main__":
    main()
