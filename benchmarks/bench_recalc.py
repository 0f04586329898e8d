"""VSM_* calls and time of one full recalculation of the template through the ``formulas``
engine, with the cell functions of vsm_xl.udfs bound in (counted by wrapping each function).

Workbooks: the blank template (2 states x 20 steps, 12 indicators x 6 alternatives) and the
two examples, written by the template builder. Target: at most 30 VSM_* calls per full
recalculation of the template (issue 8; cell by cell it was 147: 80 VSM_DURATION and 40
VSM_WAIT_TIME).

The ``formulas`` engine computes both branches of IF, so a guarded call counts even when its
guard makes the cell blank: the count is what Excel's worst case (every guard open) calls.

    python benchmarks/bench_recalc.py
"""
from __future__ import annotations

import collections
import sys
import tempfile
import time
from pathlib import Path

from common import EXAMPLES, ROOT, verdict

sys.path.insert(0, str(ROOT))

TARGET_CALLS = 30


def counted(counts):
    import functools

    import vsm_xl.udfs as udfs

    def wrap(name, fn):
        @functools.wraps(fn)
        def call(*args):
            counts[name] += 1
            return fn(*args)
        return call

    return {name: wrap(name, getattr(udfs, name)) for name in udfs.__all__}


def main() -> int:
    from tests.support.formula_engine import evaluate_workbook
    from vsm_xl.io.yaml_io import read_yaml
    from vsm_xl.workbook.writer import write_template

    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = {"template (blank)": write_template(tmp / "template.xlsx")}
        for name in ("order_fulfillment", "claims_handling", "claims_handling_team"):
            files[name] = write_template(tmp / f"{name}.xlsx", read_yaml(EXAMPLES / f"{name}.yaml"))
        print(f"{'workbook':<22}{'VSM_* calls':>12}{'recalc s':>10}  calls by function")
        for label, path in files.items():
            counts: collections.Counter = collections.Counter()
            start = time.perf_counter()
            evaluate_workbook(path, counted(counts))
            seconds = time.perf_counter() - start
            total = sum(counts.values())
            detail = ", ".join(f"{k.removeprefix('VSM_')} {v}" for k, v in counts.most_common())
            print(f"{label:<22}{total:>12}{seconds:>10.2f}  {detail}")
            ok = ok and total <= TARGET_CALLS
    print(f"target: at most {TARGET_CALLS} VSM_* calls per full recalculation: {verdict(ok)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
