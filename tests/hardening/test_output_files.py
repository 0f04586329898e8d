"""Files around the output (issue 11, defect 4): --in-place through a symbolic link, with hard
links, on a read-only file; temporary files removed on failure and on SIGTERM; convert workers
end with their parent; a stopped convert leaves no output or a complete set."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "claims_handling.xlsx"
TEAM_SHEETS = ROOT / "tests" / "data" / "team_sheets"


def _vsm(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "vsm_xl", *map(str, args)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, **kwargs)


def _has_live_formulas(path: Path) -> bool:
    """A VSM_* formula in a sheet (the evaluated copy has none)."""
    with zipfile.ZipFile(path) as zf:
        return any(re.search(rb"<f[^>]*>[^<]*VSM_", zf.read(n))
                   for n in zf.namelist() if n.startswith("xl/worksheets/"))


def test_in_place_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.xlsx"
    shutil.copy(EXAMPLE, real)
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    assert _has_live_formulas(real)
    run = _vsm("evaluate", link, "--in-place")
    assert run.returncode == 0, run.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert not _has_live_formulas(real)  # the real workbook is the evaluated one
    assert not list(tmp_path.glob(".*.tmp"))


def test_in_place_keeps_hard_links(tmp_path):
    real = tmp_path / "real.xlsx"
    shutil.copy(EXAMPLE, real)
    other = tmp_path / "other-name.xlsx"
    os.link(real, other)
    run = _vsm("evaluate", real, "--in-place")
    assert run.returncode == 0, run.stderr
    assert os.path.samefile(real, other) and os.stat(real).st_nlink == 2
    assert not _has_live_formulas(other)


def test_read_only_file_is_refused(tmp_path):
    real = tmp_path / "real.xlsx"
    shutil.copy(EXAMPLE, real)
    real.chmod(0o444)
    before = real.read_bytes()
    run = _vsm("evaluate", real, "--in-place")
    assert run.returncode == 1 and "is read-only" in run.stderr
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"keep")
    out.chmod(0o444)
    run = _vsm("evaluate", real, "-o", out, "--force")
    assert run.returncode == 1 and "is read-only" in run.stderr
    assert real.read_bytes() == before and out.read_bytes() == b"keep"


def test_failed_write_leaves_no_temporary(tmp_path):
    from vsm_xl.io.atomic import atomic_path

    target = tmp_path / "x.txt"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("stopped")
    assert list(tmp_path.iterdir()) == []


def _corpus(tmp_path: Path, copies: int) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    sheets = [p for p in sorted(TEAM_SHEETS.iterdir()) if p.suffix in (".xlsx", ".csv")]
    for n in range(copies):
        for sheet in sheets:
            shutil.copy(sheet, src / f"{n:02d}-{sheet.name}")
    return src


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(x) for x in task.read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _check_consistent(out: Path) -> None:
    """No temporaries; either nothing, or every workbook with its YAML and both logs."""
    assert not [p.name for p in out.glob(".*")], "temporary files left behind"
    workbooks = {p.stem for p in out.glob("*.xlsx")}
    yamls = {p.stem for p in out.glob("*.yaml")}
    assert workbooks == yamls
    logs = [(out / n).exists() for n in ("conversion-log.md", "conversion-log.json")]
    assert logs == [bool(workbooks)] * 2


def _start_convert(tmp_path: Path):
    """``vsm-xl convert --jobs 2`` of a corpus copied six times, once both workers run:
    ``(process, worker pids, output folder)``."""
    src = _corpus(tmp_path, 6)
    out = tmp_path / "out"
    with open(tmp_path / "stderr.txt", "wb") as err:  # a file: workers that live on would hold a pipe open
        proc = subprocess.Popen([sys.executable, "-m", "vsm_xl", "convert", src, "-o", out, "--jobs", "2"],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(workers) < 2:
        workers |= _children(proc.pid)
        time.sleep(0.05)
    return proc, workers, out


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopped_convert_leaves_no_output_and_no_workers(tmp_path, sig):
    proc, workers, out = _start_convert(tmp_path)
    time.sleep(1.0)  # midway
    proc.send_signal(sig)
    proc.wait(timeout=30)
    assert proc.returncode in (128 + sig, 130, 1, 0), (tmp_path / "stderr.txt").read_text()
    time.sleep(0.5)
    alive = [w for w in workers if _alive(w)]
    for pid in alive:  # what the test started, so that a failure leaves nothing running
        os.kill(pid, signal.SIGKILL)
    assert not alive, "worker processes live on"
    _check_consistent(out)


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc")
def test_workers_end_when_the_parent_is_killed(tmp_path):
    proc, workers, out = _start_convert(tmp_path)
    assert workers
    time.sleep(0.5)
    proc.kill()  # SIGKILL: no handler runs in the parent
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and [w for w in workers if _alive(w)]:
        time.sleep(0.1)
    alive = [w for w in workers if _alive(w)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "worker processes live on"
    # nothing was moved into place: the parent commits everything at the end
    assert not list(out.glob("*.xlsx")) and not list(out.glob("*.yaml"))
