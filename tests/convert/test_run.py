"""Running many files: folders expanded, outputs named without collisions, existing outputs
kept unless forced, parallel runs giving the same results, bad files not fatal."""
import shutil
from pathlib import Path

import pytest

from vsm_xl.convert.run import convert_job, convert_many, expand_inputs, map_files, plan_jobs


def test_folders_are_expanded_recursively_and_lock_files_skipped(tmp_path, corpus):
    shutil.copy(corpus / "support_tickets.csv", tmp_path / "a.csv")
    (tmp_path / "sub").mkdir()
    shutil.copy(corpus / "ambiguous_units.xlsx", tmp_path / "sub" / "b.xlsx")
    (tmp_path / "~$b.xlsx").write_bytes(b"lock")
    (tmp_path / "notes.txt").write_text("x")
    files, missing = expand_inputs([tmp_path, tmp_path / "a.csv", tmp_path / "nope.xlsx"])
    assert [d for _, d in files] == ["a.csv", "sub/b.xlsx"]  # a.csv named twice counts once
    assert missing == [str(tmp_path / "nope.xlsx")]


def test_clashing_names_get_their_suffix_then_their_folder(tmp_path):
    files = [(tmp_path / "team.csv", "team.csv"), (tmp_path / "team.xlsx", "team.xlsx"),
             (tmp_path / "x" / "ops.xlsx", "x/ops.xlsx"), (tmp_path / "y" / "ops.xlsx", "y/ops.xlsx"),
             (tmp_path / "solo.xlsm", "solo.xlsm")]
    names = [job.workbook.name for job in plan_jobs(files, tmp_path / "out")]
    assert names == ["team-csv.xlsx", "team-xlsx.xlsx", "x-ops-xlsx.xlsx", "y-ops-xlsx.xlsx", "solo.xlsx"]
    assert len(set(names)) == len(names)


def test_existing_outputs_are_kept_unless_forced(tmp_path, corpus):
    out = tmp_path / "out"
    out.mkdir()
    job = plan_jobs([(corpus / "support_tickets.csv", "support_tickets.csv")], out)[0]
    job.workbook.write_bytes(b"mine")
    log = convert_job(job)
    assert not log.ok and "already exists; use --force" in log.reason
    assert job.workbook.read_bytes() == b"mine"
    assert convert_job(job, force=True).ok
    assert job.workbook.read_bytes() != b"mine"


def test_the_input_is_never_overwritten(tmp_path, corpus):
    source = tmp_path / "ambiguous_units.xlsx"
    shutil.copy(corpus / "ambiguous_units.xlsx", source)
    before = source.read_bytes()
    job = plan_jobs([(source, source.name)], tmp_path)[0]
    log = convert_job(job, force=True)
    assert not log.ok and "is the input file" in log.reason
    assert source.read_bytes() == before


def test_parallel_and_serial_runs_agree_and_keep_input_order(tmp_path, corpus):
    inputs = [corpus / "support_tickets.csv", corpus / "bad" / "garbage.xlsx", corpus / "invoice_stacked.xlsx"]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    serial = convert_many(inputs, tmp_path / "one", jobs=1, progress=False)
    parallel = convert_many(inputs, tmp_path / "two", jobs=2, progress=False)
    assert [l.source for l in serial] == [l.source for l in parallel] == ["support_tickets.csv", "garbage.xlsx",
                                                                          "invoice_stacked.xlsx"]
    assert [l.status for l in serial] == [l.status for l in parallel] == ["converted", "failed", "converted"]
    assert [l.states for l in serial] == [l.states for l in parallel]
    assert (tmp_path / "two" / "conversion-log.json").is_file()


def _square(x):
    return x * x


def test_map_files_in_processes_returns_results_in_order():
    assert map_files(_square, list(range(7)), jobs=2, progress=False) == [x * x for x in range(7)]
    assert map_files(_square, [], jobs=2, progress=False) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_crashing_item_does_not_stop_the_others(jobs):
    """... and a crash of vsm_xl's code comes back as a Crash (issue 21, 12), for the
    caller to raise, with its traceback."""
    from vsm_xl.workers.parallel import Crash

    results = map_files(_fails_on_two, [1, 2, 3], jobs=jobs, progress=False)
    assert results[0] == 1 and isinstance(results[1], Crash) and results[2] == 3
    assert "ZeroDivisionError" in results[1].message and "1 / 0" in results[1].trace


def _fails_on_two(x):
    if x == 2:
        return 1 / 0
    return x


def test_a_template_workbook_is_read_as_it_is(tmp_path):
    """A vsm_xl template among the inputs keeps its states (METHOD.md order fulfilment)."""
    from vsm_xl.io.yaml_io import read_yaml
    from vsm_xl.workbook.writer import write_template

    examples = Path(__file__).resolve().parents[2] / "examples"
    source = tmp_path / "order.xlsx"
    write_template(source, read_yaml(examples / "order_fulfillment.yaml"))
    job = plan_jobs([(source, source.name)], tmp_path / "out")[0]
    (tmp_path / "out").mkdir()
    log = convert_job(job)
    assert log.ok, log.reason
    assert log.states == [{"name": "Current state", "kind": "current", "steps": 5},
                          {"name": "Future state", "kind": "future", "steps": 5}]
    assert "template workbook" in log.details["reader"]


def test_one_large_file_shows_the_progress_of_its_rows(tmp_path, monkeypatch):
    """A large team sheet converted alone: the bar counts its rows (every 1,000), not "0/1"
    files for the whole run (5,000 rows here to keep the test short; the 20,000-row sheet of
    the issue reports 20 times the same way)."""
    from vsm_xl.convert import run

    source = tmp_path / "large.csv"
    lines = ["Step,PT (min),LT (min)"] + [f"Step {i},1,2" for i in range(1, 5_001)]
    source.write_text("\n".join(lines) + "\n")
    seen = []

    class Recorded(run.RowProgress):
        def __init__(self, name):
            seen.append(("start", name))

        def rows(self, sheet, count):
            seen.append((sheet, count))

        def close(self):
            seen.append(("close", None))

    monkeypatch.setattr(run, "RowProgress", Recorded)
    [log] = convert_many([source], tmp_path / "out", jobs=2, progress=True)
    assert log.ok
    assert seen[0] == ("start", "large.csv") and seen[-1] == ("close", None)
    counts = [count for sheet, count in seen[1:-1]]
    assert counts == list(range(1000, 5_001, 1000))  # the header row is row 1: 5,001 rows read
    assert {sheet for sheet, _ in seen[1:-1]} == {"large"}
    # without progress (not a terminal, not asked) no bar is made
    seen.clear()
    convert_many([source], tmp_path / "out2", jobs=1)
    assert seen == []
