"""A workbook open in another program is not overwritten (issue 21, 7): ``--in-place`` wrote while
Excel had the file open (its ``~$NAME.xlsx`` owner file beside it) or another process held a
lock, and that program's later save silently won or was lost. Now it is refused, saying so, and
nothing is written."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vsm_xl.core.errors import OutputError
from vsm_xl.io.atomic import check_output, write_text_atomic

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "claims_handling.xlsx"
fcntl = pytest.importorskip("fcntl")

HOLD = """
import fcntl, sys, time
f = open(sys.argv[1], "r+b")
getattr(fcntl, sys.argv[2])(f.fileno(), fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()  # until the test closes the pipe
"""


def _evaluate_in_place(path: Path):
    return subprocess.run([sys.executable, "-m", "vsm_xl", "evaluate", path, "--in-place"], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


class _Holder:
    """Another process holding a lock (``flock`` or ``lockf``) on a file until closed."""

    def __init__(self, path: Path, kind: str):
        self.proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path), kind], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline().strip() == "locked"

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.mark.parametrize("owner", ["~$claims_handling.xlsx", "~$aims_handling.xlsx", ".~lock.claims_handling.xlsx#"])
def test_owner_file_beside_it_refuses_in_place(tmp_path, owner):
    path = tmp_path / "claims_handling.xlsx"
    shutil.copy(EXAMPLE, path)
    (tmp_path / owner).write_bytes(b"\x00user")
    before = path.read_bytes()
    done = _evaluate_in_place(path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    program = "LibreOffice" if "lock" in owner else "Excel"
    assert f"is open in {program}" in done.stderr and owner in done.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, owner])
    (tmp_path / owner).unlink()  # closed: now it is written
    done = _evaluate_in_place(path)
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() != before


@pytest.mark.parametrize("kind", ["flock", "lockf"])
def test_a_lock_held_by_another_process_refuses_the_write(tmp_path, kind):
    path = tmp_path / "claims_handling.xlsx"
    shutil.copy(EXAMPLE, path)
    before = path.read_bytes()
    holder = _Holder(path, kind)
    try:
        with pytest.raises(OutputError, match="locked by another process"):
            check_output(path, inputs=[path], in_place=True)
        with pytest.raises(OutputError, match="locked by another process"):
            check_output(path, force=True)
        with pytest.raises(OutputError, match="locked by another process"):
            write_text_atomic(path, "x")  # the commit checks again
        done = _evaluate_in_place(path)
        assert done.returncode == 1 and "locked by another process" in done.stderr
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == [path.name]
    finally:
        holder.close()
    time.sleep(0.05)
    assert check_output(path, inputs=[path], in_place=True) == path  # released: allowed again


def test_nothing_beside_it_and_no_lock_is_allowed(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("old")
    (tmp_path / "~$other.xlsx").write_text("x")  # another file's owner file does not matter
    assert check_output(path, force=True) == path
    write_text_atomic(path, "new")
    assert path.read_text() == "new"
