"""Temporary files of a killed run are removed by the next run (issue 21, 6): a run killed
outright (SIGKILL, power loss) cannot remove its ``.NAME.*.tmp`` files; they stayed forever.
Now each names the process that would commit it and the machine, and the next run that writes
into the folder removes those whose process is gone and that were left alone for a while, and
says so. Nothing else is touched: a live run's temporaries, fresh ones, other names, other
machines' ones."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vsm_xl.io import atomic

ROOT = Path(__file__).resolve().parents[2]
KILLED_RUN = """
import os, signal, sys
from vsm_xl.io.atomic import staged
tmp = staged(sys.argv[1])
tmp.write_bytes(b"half a workbook")
print(tmp, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _killed_run(target: Path) -> Path:
    """A process that stages ``target`` and is killed before it commits: its temporary file."""
    done = subprocess.run([sys.executable, "-c", KILLED_RUN, str(target)], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == -signal.SIGKILL
    tmp = Path(done.stdout.strip())
    assert tmp.exists() and tmp.parent == target.parent and tmp.name.startswith(f".{target.name}.")
    return tmp


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_the_next_run_removes_a_killed_runs_temporaries_and_says_so(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    stale = [_killed_run(out / "a.xlsx"), _killed_run(out / "b.yaml")]
    fresh = _killed_run(out / "c.xlsx")  # killed a moment ago: may still be looked at
    for tmp in stale:
        _age(tmp, atomic.STALE_AFTER + 5)
    pid = stale[0].name.split(".")[-3].split("-")[0]
    assert pid.isdigit()  # the name says whose it is
    other_name = out / ".a.xlsx.k3j9x0ab.tmp"  # not a name vsm_xl gives (an older version's, or another tool's)
    other_host = out / f".a.xlsx.{pid}-000000.k3j9x0ab.tmp"
    for path in (other_name, other_host):
        path.write_bytes(b"x")
        _age(path, 3600)
    done = subprocess.run([sys.executable, "-m", "vsm_xl", "new", "-o", out / "new.xlsx"], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert not any(tmp.exists() for tmp in stale)
    assert fresh.exists() and other_name.exists() and other_host.exists()
    assert "Note: removed 2 temporary files that a stopped run left in" in done.stderr
    assert stale[0].name in done.stderr and stale[1].name in done.stderr
    assert (out / "new.xlsx").exists()


def test_a_live_runs_temporaries_are_kept(tmp_path):
    target = tmp_path / "x.xlsx"
    tmp = atomic.staged(target)  # this process: running
    try:
        assert f".{os.getpid()}-" in tmp.name
        _age(tmp, 3600)
        assert atomic.remove_stale(tmp_path) == []
        assert tmp.exists()
    finally:
        atomic.discard(tmp)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_remove_stale_reports_through_the_reporter(tmp_path):
    tmp = _killed_run(tmp_path / "x.xlsx")
    said = []
    atomic.report_stale_to(said.append)
    try:
        assert atomic.remove_stale(tmp_path) == []  # fresh
        _age(tmp, atomic.STALE_AFTER + 1)
        assert atomic.remove_stale(tmp_path) == [tmp]
        assert atomic.remove_stale(tmp_path) == []  # and only once
    finally:
        atomic.report_stale_to(atomic.logging.getLogger("vsm_xl").warning)
    assert not tmp.exists()
    assert len(said) == 1 and tmp.name in said[0] and "removed 1 temporary file that a stopped run" in said[0]


def test_a_worker_names_its_temporaries_after_the_process_that_commits_them(tmp_path, monkeypatch):
    """Worker processes of ``convert --jobs`` stage files the parent commits at the end: they
    carry the parent's id, so that a worker that ended early does not make them stale."""
    monkeypatch.setattr(atomic, "_OWNER", 4242)
    tmp = atomic.staged(tmp_path / "x.xlsx")
    try:
        assert ".4242-" in tmp.name
    finally:
        atomic.discard(tmp)
