"""Writing output files without ever losing a user's data.

Every write goes to a temporary file in the target's folder and is renamed over the target
only once complete; inputs are never overwritten unless asked; existing outputs only with
``force``.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from vsm_xl.core.errors import OutputError


def check_output(path, *, inputs=(), force: bool = False, in_place: bool = False) -> Path:
    """Refuse to overwrite an input (unless ``in_place``) or an existing file (unless ``force``)."""
    target = Path(path)
    for source in inputs:
        if source is not None and _same_file(Path(source), target) and not in_place:
            raise OutputError(f"{target} is the input file; use --in-place to overwrite it")
    if target.exists() and not (force or in_place):
        raise OutputError(f"{target} already exists; use --force to overwrite it")
    if target.exists() and target.is_dir():
        raise OutputError(f"{target} is a folder, not a file")
    if not target.parent.exists():
        raise OutputError(f"folder {target.parent} does not exist")
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; on success rename it onto ``path``."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        if target.exists():
            with contextlib.suppress(OSError):
                os.chmod(tmp, os.stat(target).st_mode & 0o777)
        else:
            with contextlib.suppress(OSError):
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text_atomic(path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
