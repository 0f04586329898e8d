"""Writing output files without ever losing a user's data. The one place outputs are written.

Every write goes to a temporary file in the target's folder and is renamed over the target
only once complete; inputs are never overwritten unless asked; existing outputs only with
``force``; a read-only file is never overwritten.

- A symbolic link is written through: the file it points to gets the new content, the link
  stays a link.
- A file with several hard links is rewritten in place once the temporary copy is complete,
  so that every name keeps seeing the same (new) content.
- Temporary files are removed on every failure, and on SIGTERM / SIGINT (:func:`install_signal_cleanup`).
- :func:`staged` / :func:`commit` write a set of files that belong together (a converted
  workbook, its YAML and the conversion log): all are written to temporary files first and
  renamed together at the end, with the signals held off, so that a run stopped midway
  leaves either none of them or all of them.
- :func:`die_with_parent`: worker processes end when the process that started them dies.
- :func:`remove_stale`: a run killed outright (SIGKILL, power loss) cannot remove its temporary
  files. Each is named ``.NAME.PID-HOST.XXXXXXXX.tmp`` (the process that would commit it, a tag
  of the machine), and the first write of a later run into a folder removes those of this
  machine whose process is gone and that were not modified for :data:`STALE_AFTER` seconds, and
  reports them (:func:`report_stale_to`).
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import signal
import socket
import stat
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from vsm_xl.core.errors import OutputError

_LIVE: set[str] = set()  # temporary files of this process not yet renamed or removed


def check_output(path, *, inputs=(), force: bool = False, in_place: bool = False) -> Path:
    """Refuse to overwrite an input (unless ``in_place``), an existing file (unless ``force``)
    or a read-only file (ever)."""
    target = Path(path)
    for source in inputs:
        if source is not None and _same_file(Path(source), target) and not in_place:
            raise OutputError(f"{target} is the input file; use --in-place to overwrite it")
    if target.exists() and not (force or in_place):
        raise OutputError(f"{target} already exists; use --force to overwrite it")
    if target.exists() and target.is_dir():
        raise OutputError(f"{target} is a folder, not a file")
    real = Path(os.path.realpath(target))
    if real.exists() and _read_only(real):
        raise OutputError(f"{target} is read-only; make it writable first if it should be overwritten")
    if not real.parent.exists():
        raise OutputError(f"folder {real.parent} does not exist")
    if real.exists():
        check_not_open(real, target)
    return target


def check_not_open(real: Path, shown=None) -> None:
    """Refuse to overwrite a file another program has open for editing: Excel's owner file
    ``~$NAME`` beside it (Word-style ``~$`` + the name without its first two characters too),
    LibreOffice's ``.~lock.NAME#``, or a lock another process holds on it (``flock`` or a POSIX
    lock; on Windows, the file opened without sharing). Its later save would silently undo
    this write, or this write its work."""
    shown = shown or real
    name, folder = real.name, real.parent
    for owner in dict.fromkeys((f"~${name}", f"~${name[2:]}")):
        if (folder / owner).exists():
            raise OutputError(f"{shown} is open in Excel (its owner file {owner} is beside it); close it there "
                              f"first, or delete {owner} if Excel is not running")
    lock = f".~lock.{name}#"
    if (folder / lock).exists():
        raise OutputError(f"{shown} is open in LibreOffice (its lock file {lock} is beside it); close it there "
                          f"first, or delete {lock} if LibreOffice is not running")
    if _locked(real):
        raise OutputError(f"{shown} is locked by another process that has it open; close it there first")


def _locked(path: Path) -> bool:
    """Another process holds a lock on ``path`` (tried without waiting, and released at once)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except PermissionError:
        return os.name == "nt"  # Windows: a sharing violation (a read-only file is refused before)
    except OSError:
        return False
    try:
        import fcntl
    except ImportError:  # Windows: opening it was the test
        os.close(fd)
        return False
    try:
        for lock in (fcntl.flock, fcntl.lockf):  # two kinds of lock, independent of each other on Linux
            try:
                lock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # BlockingIOError (EAGAIN/EWOULDBLOCK) or EACCES: held by another process
                return True
            lock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _read_only(path: Path) -> bool:
    """No write permission bit for anyone (root could write anyway: the bits are the user's word)."""
    return not (os.stat(path).st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def staged(path) -> Path:
    """A new, empty temporary file beside the file ``path`` finally names (through symbolic
    links), registered for removal on failure or signal; give it to :func:`commit`. The
    first one in a folder removes the stale temporaries of killed runs there (:func:`remove_stale`)."""
    real = Path(os.path.realpath(path))
    remove_stale(real.parent, once=True)
    with _signals_held():  # a signal between creating and registering it would leave it behind
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.{_OWNER or os.getpid()}-{_HOST}.", suffix=".tmp",
                                   dir=real.parent)
        os.close(fd)
        _LIVE.add(tmp)
    return Path(tmp)


# -- temporaries of killed runs ---------------------------------------------------------------

STALE_AFTER = 10.0  # seconds a temporary file of a process that is gone must have been left alone
_HOST = hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]
_OWNER: int | None = None  # in a worker: the process that commits its temporaries (its parent)
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d{1,10})-(?P<host>[0-9a-f]{6})\.[a-z0-9_]{8}\.tmp")
_SWEPT: set[str] = set()  # folders this process has already swept
_report: Callable[[str], None] = logging.getLogger("vsm_xl").warning


def report_stale_to(report: Callable[[str], None]) -> None:
    """Where :func:`remove_stale` says what it removed (default: the ``vsm_xl`` logger; the
    command line prints it)."""
    global _report
    _report = report


def _running(pid: int) -> bool:
    if pid <= 0:
        return True  # not a process id: treated as running, the file is left alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


def remove_stale(folder, *, once: bool = False) -> list[Path]:
    """Remove the temporary files in ``folder`` that runs killed outright left behind: named
    as :func:`staged` names them, by this machine, whose process is no longer running, owned
    by this user, not modified for :data:`STALE_AFTER` seconds. Says what it removed and returns
    it. ``once``: only the first call for a folder in this process sweeps it."""
    key = os.path.realpath(folder)
    if once and key in _SWEPT:
        return []
    _SWEPT.add(key)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(key))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = _TEMPORARY.fullmatch(entry.name) if entry.name.endswith(".tmp") else None
        if found is None or found["host"] != _HOST or _running(int(found["pid"])):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if (not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_AFTER
                    or (hasattr(os, "getuid") and info.st_uid != os.getuid())):
                continue
            os.unlink(entry.path)
        except OSError:  # gone already (another run swept it), or not ours to remove
            continue
        removed.append(Path(entry.path))
    if removed:
        names = ", ".join(p.name for p in removed[:5]) + (f" and {len(removed) - 5} more" if len(removed) > 5 else "")
        _report(f"removed {len(removed)} temporary file{'s' if len(removed) != 1 else ''} that a stopped run "
                f"left in {key}: {names}")
    return removed


def discard(*temps) -> None:
    """Remove temporary files (those of :func:`staged`) that will not be committed."""
    for tmp in temps:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _LIVE.discard(str(tmp))


def adopt(result) -> list:
    """The ``(temporary, target)`` pairs of a worker's ``(log, pairs)`` result, registered here
    so that this process removes them if it is stopped before :func:`commit`."""
    pairs = list(result[1]) if isinstance(result, tuple) and len(result) == 2 else []
    _LIVE.update(str(tmp) for tmp, _ in pairs)
    return pairs


def commit(pairs) -> None:
    """Move every ``(temporary file, target)`` onto its target, signals held off so that all
    or none land. A target that is a symbolic link is written through; a target with other
    hard links is rewritten in place."""
    pairs = [(Path(tmp), Path(target)) for tmp, target in pairs]
    with _signals_held():
        try:
            for tmp, target in pairs:
                _move(tmp, target)
        finally:
            discard(*(tmp for tmp, _ in pairs if tmp.exists()))


def _move(tmp: Path, target: Path) -> None:
    real = Path(os.path.realpath(target))
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    if info is not None and _read_only(real):
        raise OutputError(f"{target} is read-only; make it writable first if it should be overwritten")
    if info is not None:
        check_not_open(real, target)  # again: it may have been opened while the results were computed
    if info is not None:
        with contextlib.suppress(OSError):
            os.chmod(tmp, info.st_mode & 0o777)
    else:
        with contextlib.suppress(OSError):
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
    if info is not None and info.st_nlink > 1:
        # other names share this file: rewrite its content in place (the copy is complete)
        with open(tmp, "rb") as src, open(real, "r+b") as dst:
            dst.truncate(0)
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        os.unlink(tmp)
    else:
        os.replace(tmp, real)
    _LIVE.discard(str(tmp))


@contextlib.contextmanager
def atomic_path(path):
    """Yield a temporary path beside ``path``; on success move it onto ``path`` (:func:`commit`).
    A ``path`` that is itself a temporary file of this process (:func:`staged`, committed by its
    caller) is written directly: a temporary of a temporary is one more file a kill can leave."""
    if str(path) in _LIVE:
        yield Path(path)
        return
    tmp = staged(path)
    try:
        yield tmp
        commit([(tmp, path)])
    except BaseException:
        discard(tmp)
        raise


def write_text_atomic(path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)


# -- signals and processes ------------------------------------------------------------------

_HELD = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block is done (main thread, POSIX); elsewhere a no-op."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def remove_temporaries() -> None:
    """Remove every temporary file of this process not yet committed."""
    discard(*list(_LIVE))


def _on_signal(signum, frame):  # noqa: ARG001 - signal handler signature
    remove_temporaries()
    raise SystemExit(128 + signum)  # unwinds: the rest is cleaned up by the finally blocks


def _on_signal_in_worker(signum, frame):  # noqa: ARG001
    remove_temporaries()
    os._exit(128 + signum)


def install_signal_cleanup() -> None:
    """On SIGTERM (and SIGINT, which Python already turns into KeyboardInterrupt) remove the
    temporary files and exit with 128 + the signal number. Call once from the main thread."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_signal)


def die_with_parent(parent_pid: int | None = None) -> None:
    """In a worker process: end (removing temporaries) when the parent process dies, and on
    SIGTERM/SIGINT. Linux asks the kernel (PR_SET_PDEATHSIG); elsewhere a no-op."""
    global _OWNER
    _OWNER = parent_pid  # the parent commits (or removes) what this worker stages
    signal.signal(signal.SIGTERM, _on_signal_in_worker)
    signal.signal(signal.SIGINT, _on_signal_in_worker)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if parent_pid is not None and os.getppid() != parent_pid:  # it died before we asked
        _on_signal_in_worker(signal.SIGTERM, None)
