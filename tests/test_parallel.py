"""Worker processes for convert and portfolio (vsm_xl/workers/parallel.py): work goes out in chunks,
results come back in input order, a failing item or a dying worker never loses the others,
and reading template workbooks imports nothing heavy (no openpyxl, numpy, pandas, rich), so
that workers start cheap whatever the start method."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from vsm_xl.core.errors import VsmError
from vsm_xl.workers.parallel import MAX_CHUNK, TASKS_PER_WORKER, Crash, chunk_bounds, map_files, run_chunk

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("openpyxl", "numpy", "pandas", "rich", "matplotlib", "xlwings", "formulas")
# what reading a template workbook needs: the one template reader (every front end's) takes its
# date, number-format and shared-formula rules from openpyxl's utilities, which import numpy
READING = ("openpyxl", "numpy")


@pytest.mark.parametrize("count, jobs", [(1, 2), (7, 2), (31, 2), (32, 2), (1000, 2), (1000, 1), (5000, 8)])
def test_chunks_cover_every_item_once_in_order(count, jobs):
    bounds = chunk_bounds(count, jobs)
    assert bounds[0][0] == 0 and bounds[-1][1] == count
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))
    sizes = [stop - start for start, stop in bounds]
    assert min(sizes) >= 1 and max(sizes) <= MAX_CHUNK
    # few tasks (not one per file), yet enough to balance the load between the workers
    if count <= jobs * TASKS_PER_WORKER * MAX_CHUNK:
        assert len(bounds) <= jobs * TASKS_PER_WORKER
    if count >= jobs * TASKS_PER_WORKER:
        assert len(bounds) >= jobs * TASKS_PER_WORKER // 2


def test_a_thousand_files_on_two_workers_go_out_in_32_chunks_of_32():
    assert chunk_bounds(1000, 2)[:2] == [(0, 32), (32, 64)]
    assert len(chunk_bounds(1000, 2)) == 32
    assert chunk_bounds(0, 2) == []


def _square_or_fail(x):
    if x % 5 == 3:  # a bad file (VsmError) comes back as itself; a crash as a Crash
        raise VsmError(f"bad item {x}") if x % 2 else KeyError(f"crash {x}")
    return x * x


class _Unpicklable(VsmError):  # a problem of the input, returned as itself where it can be
    def __init__(self, a, b):  # pickling re-creates it from args=(message,): fails
        super().__init__(f"{a} and {b}")
        # and a lock cannot be pickled at all: also not by tblib's pickling of exceptions,
        # which importing dask.distributed installs for every exception class
        self.lock = threading.Lock()


def _raise_unpicklable(x):
    raise _Unpicklable(x, "more")


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_in_order_with_each_failure_in_its_own_place(jobs):
    results = map_files(_square_or_fail, list(range(100)), jobs=jobs, progress=False)
    for x, result in enumerate(results):
        if x % 5 == 3 and x % 2:
            assert type(result) is VsmError and str(result) == f"bad item {x}"
        elif x % 5 == 3:
            assert isinstance(result, Crash) and result.message == f"KeyError: 'crash {x}'"
        else:
            assert result == x * x


def test_an_exception_that_cannot_cross_processes_is_returned_as_text():
    [result] = run_chunk(_raise_unpicklable, [7])
    assert isinstance(result, RuntimeError) and str(result) == "_Unpicklable: 7 and more"
    results = map_files(_raise_unpicklable, [1, 2, 3], jobs=2, progress=False)
    assert [str(r) for r in results] == [f"_Unpicklable: {x} and more" for x in (1, 2, 3)]


def _die_on_zero(x):
    if x == 0:
        os._exit(3)  # a worker killed mid-chunk (out of memory, a crash in a C library)
    return x


def test_a_dying_worker_fails_items_but_map_files_returns():
    results = map_files(_die_on_zero, list(range(40)), jobs=2, progress=False)
    assert len(results) == 40
    assert isinstance(results[0], Exception)  # BrokenProcessPool for the chunk it was in
    assert all(r == x or isinstance(r, Exception) for x, r in enumerate(results))


# -- what the workers import ------------------------------------------------------------------

_PROBE = """
import json, sys
from vsm_xl.portfolio.collect import build_portfolio, file_rows
files = sys.argv[1:]
for path in files:  # what a worker runs, in this process
    assert file_rows((path, path))["error"] is None
portfolio = build_portfolio(files, jobs=2, progress=False)  # the parent's imports before the fork
assert not portfolio.failures, portfolio.failures
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.fixture(scope="module")
def templates(tmp_path_factory):
    from vsm_xl.io.yaml_io import read_yaml
    from vsm_xl.workbook.writer import write_template

    folder = tmp_path_factory.mktemp("templates")
    paths = []
    for name in ("order_fulfillment", "claims_handling"):
        write_template(folder / f"{name}.xlsx", read_yaml(ROOT / "examples" / f"{name}.yaml"))
        paths.append(str(folder / f"{name}.xlsx"))
    return paths


def test_reading_template_workbooks_imports_nothing_heavy(templates):
    """A forked worker holds the parent's modules plus what reading imports; both are in the
    probe's own process once it has read the files as a worker and built the portfolio."""
    out = subprocess.run([sys.executable, "-c", _PROBE, *templates], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    modules = set(json.loads(out.stdout))
    assert "vsm_xl" in modules and "zipfile" in modules  # the probe did read
    assert modules.isdisjoint(set(HEAVY) - set(READING)), sorted(modules & set(HEAVY))


def test_the_portfolio_command_imports_nothing_heavy_for_json(templates):
    code = ("import json, sys\nfrom vsm_xl.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, "portfolio", *templates, "--jobs", "2", "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    assert len(json.loads(out.stdout)) == 3  # order fulfilment: two states; claims: one evaluation row
    modules = set(json.loads(out.stderr.strip().splitlines()[-1]))
    assert modules.isdisjoint(set(HEAVY) - set(READING)), sorted(modules & set(HEAVY))
