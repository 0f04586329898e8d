"""Crashes are never disguised (issue 21, 12): a ``raise TypeError`` in vsm_xl's own code was
turned into "sheet skipped", "not a readable workbook" or a failed file by broad handlers, and the
fuzz run counted it as a refusal. Handlers now catch only what a damaged input raises (zip, XML,
parse errors, python-calamine's errors, ``VsmError``); anything else surfaces: raised in-process,
carried back from workers as a ``Crash`` and raised, and said by the command line as an internal
error with its traceback in a log file. The fuzz run counts it as "other"."""
from __future__ import annotations

import random
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import vsm_xl.convert.tables as tables
from vsm_xl.convert.log import FileLog
from vsm_xl.core.errors import SourceError, VsmError
from vsm_xl.workers.parallel import Crash, map_files, run_chunk

ROOT = Path(__file__).resolve().parents[2]
TEAM_CSV = ROOT / "tests" / "data" / "team_sheets" / "claims_team_nord.csv"
TEAM_XLSX = ROOT / "tests" / "data" / "team_sheets" / "invoice_stacked.xlsx"
TEMPLATE = ROOT / "examples" / "claims_handling.xlsx"


def _crash(*args, **kwargs):
    raise TypeError("injected crash")


@pytest.fixture()
def crashing_scan(monkeypatch):
    """``scan_sheet`` as a bug in it would make it: the issue's deliberate bug."""
    monkeypatch.setattr(tables, "scan_sheet", _crash)


@pytest.mark.parametrize("source", [TEAM_CSV, TEAM_XLSX])
def test_a_crash_while_scanning_a_sheet_surfaces(crashing_scan, source):
    from vsm_xl.convert.sources import open_source

    with pytest.raises(TypeError, match="injected crash"):
        tables.read_stream(open_source(source), FileLog(source.name))


def test_a_damaged_sheet_is_still_skipped(monkeypatch):
    """A SourceError (what a damaged sheet raises through sources.reading_errors) skips the
    sheet, as before."""
    from vsm_xl.convert.sources import open_source

    def damaged(sheet):
        raise SourceError("cannot be read (XmlError: bad)")

    monkeypatch.setattr(tables, "scan_sheet", damaged)
    log = FileLog(TEAM_XLSX.name)
    with pytest.raises(VsmError, match="no steps table"):
        tables.read_stream(open_source(TEAM_XLSX), log)
    assert any("sheet skipped" in note.message for note in log.notes)


def test_convert_and_portfolio_of_one_file_surface_it(crashing_scan, tmp_path):
    from vsm_xl.convert.run import plan_jobs, stage_job
    from vsm_xl.portfolio.collect import analysis_of, file_rows

    job = plan_jobs([(TEAM_CSV, TEAM_CSV.name)], tmp_path)[0]
    with pytest.raises(TypeError, match="injected crash"):
        stage_job(job)
    assert list(tmp_path.iterdir()) == []  # nothing staged is left behind
    with pytest.raises(TypeError):
        analysis_of(TEAM_CSV)
    with pytest.raises(TypeError):
        file_rows((str(TEAM_CSV), TEAM_CSV.name))


def test_run_chunk_sorts_input_problems_from_crashes():
    def work(item):
        if item == "bad":
            raise VsmError("bad.xlsx: sheet 'Steps' is damaged")
        if item == "gone":
            raise FileNotFoundError("gone.xlsx")
        if item == "bug":
            raise KeyError("oops")
        return item.upper()

    ok, bad, gone, bug = run_chunk(work, ["ok", "bad", "gone", "bug"])
    assert ok == "OK"
    assert type(bad) is VsmError and type(gone) is FileNotFoundError
    assert isinstance(bug, Crash) and "KeyError" in bug.message and "raise KeyError" in bug.trace
    import pickle

    assert pickle.loads(pickle.dumps(bug)) == bug  # it travels from a worker with its traceback
    error = bug.error()
    assert type(error) is RuntimeError and str(error) == bug.message and error.trace == bug.trace


def test_batch_runs_raise_a_crash_instead_of_a_failed_file(crashing_scan, tmp_path):
    from vsm_xl.convert.run import convert_many
    from vsm_xl.portfolio.collect import build_portfolio

    with pytest.raises(RuntimeError, match="TypeError: injected crash") as info:
        convert_many([TEAM_CSV], tmp_path / "out", jobs=1, progress=False)
    assert "scan_sheet" in info.value.trace or "_crash" in info.value.trace
    assert not list((tmp_path / "out").glob("*.xlsx"))
    with pytest.raises(RuntimeError, match="TypeError: injected crash"):
        build_portfolio([TEAM_CSV], jobs=1, progress=False)
    assert isinstance(map_files(_crash, [1, 2], jobs=2, progress=False)[0], Crash)


@pytest.mark.parametrize("error, surfaces", [(TypeError("ours"), True), (AttributeError("ours"), True),
                                             (ET.ParseError("bad XML"), False), (ValueError("bad number"), False)])
def test_load_grids_refuses_damage_and_lets_crashes_through(monkeypatch, error, surfaces):
    import vsm_xl.workbook.xlsx.package as package
    from vsm_xl.workbook.xlsx.grid import load_grids

    def read_cells(*args):
        raise error

    monkeypatch.setattr(package, "read_cells", read_cells)
    if surfaces:
        with pytest.raises(type(error)):
            load_grids(TEMPLATE)
    else:
        with pytest.raises(VsmError, match="is damaged"):
            load_grids(TEMPLATE)


@pytest.mark.parametrize("error, surfaces", [(TypeError("ours"), True), (Exception("broken zip"), False)])
def test_calamine_readers_refuse_damage_and_let_crashes_through(monkeypatch, error, surfaces):
    import python_calamine

    from vsm_xl.convert.sources import open_source

    def from_path(*args, **kwargs):
        raise error

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", from_path)
    for read in (lambda: open_source(TEAM_XLSX),):  # (templates are read by the package reader)
        if surfaces:
            with pytest.raises(type(error)):
                read()
        else:
            with pytest.raises(VsmError, match="broken zip"):
                read()


def test_the_fuzz_run_counts_a_crash_as_other(crashing_scan, tmp_path):
    from tests.fuzz.run import run_case

    out = tmp_path / "out"
    out.mkdir()
    outcome, detail = run_case("team", TEAM_CSV, out, random.Random(0))
    assert outcome == "other" and "TypeError: injected crash" in detail


def test_the_command_line_says_internal_error_and_keeps_the_traceback(tmp_path):
    code = ("import sys, vsm_xl.convert.tables as t\n"
            "def crash(*a): raise TypeError('injected crash')\n"
            "t.scan_sheet = crash\n"
            "from vsm_xl.cli import main\n"
            "sys.argv = ['vsm-xl', 'convert', sys.argv[1], '-o', sys.argv[2], '--jobs', '1']\n"
            "main()\n")
    done = subprocess.run([sys.executable, "-c", code, str(TEAM_CSV), str(tmp_path / "out")], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Internal error (a bug in vsm_xl, not a problem with your files): TypeError: injected crash" in done.stderr
    assert "Traceback" not in done.stderr
    log = Path(done.stderr.split("The traceback is in ")[1].split(";")[0])
    try:
        text = log.read_text()
        assert "Traceback" in text and "In the worker process" in text
        assert text.count("TypeError: injected crash") >= 2 and 'line 2, in crash' in text
    finally:
        log.unlink()
    assert not list((tmp_path / "out").glob("*.xlsx"))
