"""What the benchmark scripts share (run as `python benchmarks/<name>.py`, so this folder is on
sys.path)."""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "team_sheets"
EXAMPLES = ROOT / "examples"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def copy_round_robin(sources, folder: Path, n: int) -> list[Path]:
    """``n`` files in ``folder``: copies of ``sources`` taken in turn, numbered."""
    files = []
    for i in range(n):
        source = sources[i % len(sources)]
        target = folder / f"{source.stem}-{i:04d}{source.suffix}"
        shutil.copy(source, target)
        files.append(target)
    return files
