"""io/atomic.py unit by unit, in this process (fast: the mutation run in tests/mutation runs this
file for every mutant of the module): which outputs are refused and with what words, how a
temporary file is named and committed (modes, symbolic and hard links), what a later run
removes of a killed run's temporaries, and the signals held while files land.
The end-to-end cases (killed processes, a watcher, other processes' locks) are in tests/hardening."""
from __future__ import annotations

import fcntl
import os
import signal
import stat
import threading
import time
from pathlib import Path

import pytest

from vsm_xl.core.errors import OutputError
from vsm_xl.io import atomic


@pytest.fixture(autouse=True)
def _clean_registry():
    live, swept, owner, report = set(atomic._LIVE), set(atomic._SWEPT), atomic._OWNER, atomic._report
    yield
    atomic._LIVE.clear()
    atomic._LIVE.update(live)
    atomic._SWEPT.clear()
    atomic._SWEPT.update(swept)
    atomic._OWNER, atomic._report = owner, report


def _file(path: Path, text: str = "old", mode: int | None = None) -> Path:
    path.write_text(text, encoding="utf-8")
    if mode is not None:
        os.chmod(path, mode)
    return path


def _refused(words: str, *args, **kwargs) -> None:
    with pytest.raises(OutputError) as info:
        atomic.check_output(*args, **kwargs)
    assert info.value.message == words


# -- which outputs are refused -----------------------------------------------------------------

def test_a_new_file_in_an_existing_folder_is_fine(tmp_path):
    assert atomic.check_output(str(tmp_path / "new.xlsx")) == tmp_path / "new.xlsx"


def test_the_input_itself_only_in_place(tmp_path):
    book = _file(tmp_path / "a.xlsx")
    _refused(f"{book} is the input file; use --in-place to overwrite it", book, inputs=[None, book])
    _refused(f"{book} is the input file; use --in-place to overwrite it", book, inputs=[book], force=True)
    assert atomic.check_output(book, inputs=[book], in_place=True) == book


def test_the_input_through_a_hard_link_is_the_input(tmp_path):
    book = _file(tmp_path / "a.xlsx")
    os.link(book, tmp_path / "b.xlsx")
    _refused(f"{tmp_path / 'b.xlsx'} is the input file; use --in-place to overwrite it", tmp_path / "b.xlsx",
             inputs=[book])


def test_an_existing_file_only_with_force(tmp_path):
    out = _file(tmp_path / "out.xlsx")
    _refused(f"{out} already exists; use --force to overwrite it", out, inputs=[tmp_path / "other.xlsx"])
    assert atomic.check_output(out, force=True) == out
    assert atomic.check_output(out, in_place=True) == out


def test_a_folder_never(tmp_path):
    _refused(f"{tmp_path} is a folder, not a file", tmp_path, force=True)


@pytest.mark.parametrize("mode", [0o444, 0o555, 0o000])
def test_a_read_only_file_never(tmp_path, mode):
    out = _file(tmp_path / "out.xlsx", mode=mode)
    _refused(f"{out} is read-only; make it writable first if it should be overwritten", out, force=True)
    _refused(f"{out} is read-only; make it writable first if it should be overwritten", out, in_place=True)


@pytest.mark.parametrize("mode", [0o200, 0o020, 0o002, 0o644])
def test_any_write_bit_is_writable(tmp_path, mode):
    out = _file(tmp_path / "out.xlsx", mode=mode)
    assert atomic._read_only(out) is False
    assert atomic.check_output(out, force=True) == out


def test_a_missing_folder(tmp_path):
    _refused(f"folder {tmp_path / 'nope'} does not exist", tmp_path / "nope" / "out.xlsx")


@pytest.mark.parametrize("owner", ["~$claims.xlsx", "~$aims.xlsx"])
def test_open_in_excel(tmp_path, owner):
    out = _file(tmp_path / "claims.xlsx")
    _file(tmp_path / owner, "")
    _refused(f"{out} is open in Excel (its owner file {owner} is beside it); close it there first, "
             f"or delete {owner} if Excel is not running", out, force=True)


def test_open_in_libreoffice(tmp_path):
    out = _file(tmp_path / "claims.xlsx")
    _file(tmp_path / ".~lock.claims.xlsx#", "")
    _refused(f"{out} is open in LibreOffice (its lock file .~lock.claims.xlsx# is beside it); close it there "
             "first, or delete .~lock.claims.xlsx# if LibreOffice is not running", out, in_place=True)


def test_owner_files_of_other_names_do_not_count(tmp_path):
    out = _file(tmp_path / "claims.xlsx")
    for other in ("~$other.xlsx", ".~lock.other.xlsx#", "~$claims.xlsx.bak", "~claims.xlsx"):
        _file(tmp_path / other, "")
    assert atomic.check_output(out, force=True) == out


def test_a_flock_held_elsewhere_refuses(tmp_path):
    """flock locks belong to an open file: one taken through another descriptor (as another
    process would) is seen, and the probe leaves it held."""
    out = _file(tmp_path / "claims.xlsx")
    with open(out, "rb+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        _refused(f"{out} is locked by another process that has it open; close it there first", out, force=True)
        assert atomic._locked(out) is True
    assert atomic._locked(out) is False
    assert atomic.check_output(out, force=True) == out


def test_the_probe_releases_its_own_locks(tmp_path):
    out = _file(tmp_path / "claims.xlsx")
    assert atomic._locked(out) is False
    with open(out, "rb+") as mine:  # the probe's flock is gone: this one gets it
        fcntl.flock(mine.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(mine.fileno(), fcntl.LOCK_UN)
    assert atomic._locked(tmp_path / "missing.xlsx") is False


def test_same_file():
    assert atomic._same_file(Path(__file__), Path(__file__).parent / ".." / "io" / Path(__file__).name)
    assert not atomic._same_file(Path(__file__), Path(__file__).with_name("nope.py"))
    assert not atomic._same_file(Path(__file__).with_name("nope.py"), Path(__file__).with_name("nope.py"))


# -- staging and committing --------------------------------------------------------------------

def test_a_staged_file_is_named_for_its_owner_and_machine(tmp_path):
    tmp = atomic.staged(tmp_path / "out.xlsx")
    assert tmp.parent == tmp_path and tmp.exists() and tmp.read_bytes() == b""
    found = atomic._TEMPORARY.fullmatch(tmp.name)
    assert found and found["name"] == "out.xlsx" and found["pid"] == str(os.getpid())
    assert found["host"] == atomic._HOST and len(atomic._HOST) == 6
    assert str(tmp) in atomic._LIVE
    atomic._OWNER = 4242  # a worker: named after the process that commits it
    assert atomic._TEMPORARY.fullmatch(atomic.staged(tmp_path / "out.xlsx").name)["pid"] == "4242"


def test_staged_beside_the_file_a_link_points_to(tmp_path):
    (tmp_path / "real").mkdir()
    _file(tmp_path / "real" / "out.xlsx")
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "real" / "out.xlsx")
    tmp = atomic.staged(tmp_path / "link.xlsx")
    assert tmp.parent == tmp_path / "real" and tmp.name.startswith(".out.xlsx.")


def test_commit_moves_the_content_and_forgets_the_temporary(tmp_path):
    target = tmp_path / "out.txt"
    tmp = atomic.staged(target)
    tmp.write_text("new", encoding="utf-8")
    atomic.commit([(str(tmp), str(target))])
    assert target.read_text(encoding="utf-8") == "new"
    assert not tmp.exists() and str(tmp) not in atomic._LIVE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_new_file_gets_the_usual_mode(tmp_path):
    umask = os.umask(0o027)
    try:
        target = tmp_path / "out.txt"
        atomic.write_text_atomic(target, "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640  # 0o666 less the umask, not mkstemp's 0o600


def test_a_replaced_file_keeps_its_mode(tmp_path):
    target = _file(tmp_path / "out.txt", mode=0o604)
    atomic.write_text_atomic(target, "new")
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o604
    assert target.read_text(encoding="utf-8") == "new"


def test_a_replaced_file_is_a_new_file(tmp_path):
    """os.replace: the old file (still open by a reader) keeps the old content whole."""
    target = _file(tmp_path / "out.txt", "old content")
    with open(target, encoding="utf-8") as reader:
        inode = os.fstat(reader.fileno()).st_ino
        atomic.write_text_atomic(target, "new content")
        assert reader.read() == "old content"
    assert os.stat(target).st_ino != inode
    assert target.read_text(encoding="utf-8") == "new content"


def test_a_symbolic_link_is_written_through(tmp_path):
    real = _file(tmp_path / "real.txt")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    atomic.write_text_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "new"


def test_hard_links_all_see_the_new_content(tmp_path):
    first = _file(tmp_path / "a.txt", "old old old old")
    os.link(first, tmp_path / "b.txt")
    inode = os.stat(first).st_ino
    atomic.write_text_atomic(first, "new")
    for name in ("a.txt", "b.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == "new"  # truncated, not "newold…"
        assert os.stat(tmp_path / name).st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert not atomic._LIVE - {str(p) for p in tmp_path.iterdir()} - _outside(tmp_path)


def _outside(folder: Path) -> set[str]:
    return {p for p in atomic._LIVE if not p.startswith(str(folder))}


def test_a_target_made_read_only_meanwhile_is_refused_and_the_temporary_removed(tmp_path):
    target = _file(tmp_path / "out.txt")
    tmp = atomic.staged(target)
    os.chmod(target, 0o444)
    with pytest.raises(OutputError, match="is read-only; make it writable first"):
        atomic.commit([(tmp, target)])
    assert not tmp.exists() and str(tmp) not in atomic._LIVE
    assert target.read_text(encoding="utf-8") == "old"


def test_a_target_opened_meanwhile_is_refused(tmp_path):
    target = _file(tmp_path / "out.txt")
    tmp = atomic.staged(target)
    _file(tmp_path / "~$out.txt", "")
    with pytest.raises(OutputError, match="is open in Excel"):
        atomic.commit([(tmp, target)])
    assert not tmp.exists() and target.read_text(encoding="utf-8") == "old"


def test_commit_lands_all_or_removes_the_rest(tmp_path):
    a, b = tmp_path / "a.txt", _file(tmp_path / "b.txt", mode=0o444)
    pairs = [(atomic.staged(a), a), (atomic.staged(b), b)]
    for tmp, _ in pairs:
        tmp.write_text("new", encoding="utf-8")
    with pytest.raises(OutputError):
        atomic.commit(pairs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    assert not any(str(tmp) in atomic._LIVE for tmp, _ in pairs)


def test_atomic_path_on_success_and_failure(tmp_path):
    target = _file(tmp_path / "out.txt")
    with atomic.atomic_path(target) as tmp:
        assert tmp != target and tmp.parent == tmp_path
        tmp.write_text("new", encoding="utf-8")
        assert target.read_text(encoding="utf-8") == "old"
    assert target.read_text(encoding="utf-8") == "new"
    with pytest.raises(KeyboardInterrupt), atomic.atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    assert not _live_in(tmp_path)


def _live_in(folder: Path) -> set[str]:
    return {p for p in atomic._LIVE if p.startswith(str(folder))}


def test_atomic_path_of_a_staged_file_is_that_file(tmp_path):
    tmp = atomic.staged(tmp_path / "out.txt")
    with atomic.atomic_path(tmp) as inner:
        assert inner == tmp
        inner.write_text("x", encoding="utf-8")
    assert tmp.read_text(encoding="utf-8") == "x" and str(tmp) in atomic._LIVE
    assert not (tmp_path / "out.txt").exists()


def test_write_text_atomic_encoding(tmp_path):
    atomic.write_text_atomic(tmp_path / "a.txt", "Größe")
    atomic.write_text_atomic(tmp_path / "b.txt", "Größe", encoding="latin-1")
    assert (tmp_path / "a.txt").read_bytes() == "Größe".encode()
    assert (tmp_path / "b.txt").read_bytes() == "Größe".encode("latin-1")


def test_discard_and_adopt(tmp_path):
    tmp = atomic.staged(tmp_path / "out.txt")
    assert atomic.adopt(("log", [(str(tmp), "out.txt")])) == [(str(tmp), "out.txt")]
    assert atomic.adopt(None) == [] and atomic.adopt(("log",)) == [] and atomic.adopt(("a", [], "c")) == []
    atomic._LIVE.discard(str(tmp))
    atomic.adopt(("log", ((str(tmp), "out.txt"),)))
    assert str(tmp) in atomic._LIVE
    atomic.discard(tmp, tmp_path / "never.tmp")
    assert not tmp.exists() and str(tmp) not in atomic._LIVE
    kept = atomic.staged(tmp_path / "other.txt")
    atomic.remove_temporaries()
    assert not kept.exists() and not atomic._LIVE


# -- temporaries of killed runs ----------------------------------------------------------------

def _dead_pid() -> int:
    for pid in range(32767, 2, -1):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except OSError:
            continue
    raise AssertionError("no free process id")


def _temporary(folder: Path, name: str, pid: int, host: str = "", age: float = 3600, tag: str = "k3j9x0ab") -> Path:
    path = _file(folder / f".{name}.{pid}-{host or atomic._HOST}.{tag}.tmp", "half")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_running():
    assert atomic._running(os.getpid()) is True
    assert atomic._running(0) is True and atomic._running(-1) is True  # not a process: left alone
    assert atomic._running(_dead_pid()) is False


def test_running_as_another_user(monkeypatch):
    def denied(pid, sig):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "kill", denied)
    assert atomic._running(12345) is True


def test_remove_stale_removes_only_a_dead_runs_old_files_of_this_machine(tmp_path):
    dead = _dead_pid()
    stale = _temporary(tmp_path, "a.xlsx", dead)
    kept = [
        _temporary(tmp_path, "b.xlsx", dead, age=atomic.STALE_AFTER - 3),  # fresh
        _temporary(tmp_path, "c.xlsx", os.getpid()),  # its run is alive
        _temporary(tmp_path, "d.xlsx", 0),  # not a process id
        _temporary(tmp_path, "e.xlsx", dead, host="000000" if atomic._HOST != "000000" else "111111"),
        _file(tmp_path / f".f.xlsx.{dead}-{atomic._HOST}.k3j9x0ab.tmp.bak"),
        _file(tmp_path / f".g.xlsx.{dead}.k3j9x0ab.tmp"),  # an older name without the machine
        _file(tmp_path / f"h.xlsx.{dead}-{atomic._HOST}.k3j9x0ab.tmp"),  # no leading dot
        _file(tmp_path / f".i.xlsx.{dead}-{atomic._HOST}.k3j9x0aB.tmp"),  # not mkstemp's letters
    ]
    folder = tmp_path / f".j.xlsx.{dead}-{atomic._HOST}.k3j9x0ab.tmp"
    folder.mkdir()
    os.utime(folder, (time.time() - 3600, time.time() - 3600))
    said = []
    atomic.report_stale_to(said.append)
    assert atomic.remove_stale(tmp_path) == [stale]
    assert not stale.exists() and all(p.exists() for p in kept) and folder.is_dir()
    assert said == [f"removed 1 temporary file that a stopped run left in {os.path.realpath(tmp_path)}: {stale.name}"]


def test_remove_stale_leaves_other_users_files(tmp_path):
    theirs = _temporary(tmp_path, "a.xlsx", _dead_pid())
    os.chown(theirs, os.getuid() + 1, -1)
    os.utime(theirs, (time.time() - 3600, time.time() - 3600))
    assert atomic.remove_stale(tmp_path) == [] and theirs.exists()


def test_remove_stale_says_how_many_and_names_five(tmp_path):
    dead = _dead_pid()
    made = [_temporary(tmp_path, f"{k}.xlsx", dead, tag=f"abcdef{k}{k}") for k in range(7)]
    said = []
    atomic.report_stale_to(said.append)
    removed = atomic.remove_stale(tmp_path)
    assert sorted(removed) == sorted(made)
    names = ", ".join(p.name for p in removed[:5])
    assert said == [f"removed 7 temporary files that a stopped run left in {os.path.realpath(tmp_path)}: "
                    f"{names} and 2 more"]


def test_remove_stale_once_per_folder(tmp_path):
    dead = _dead_pid()
    said = []
    atomic.report_stale_to(said.append)
    assert atomic.remove_stale(tmp_path, once=True) == []
    late = _temporary(tmp_path, "a.xlsx", dead)
    assert atomic.remove_stale(tmp_path, once=True) == [] and late.exists()
    assert atomic.remove_stale(tmp_path) == [late]
    assert atomic.remove_stale(tmp_path / "missing") == []
    assert len(said) == 1


def test_the_first_staged_file_in_a_folder_sweeps_it(tmp_path):
    stale = _temporary(tmp_path, "a.xlsx", _dead_pid())
    atomic.report_stale_to(lambda text: None)
    atomic.staged(tmp_path / "out.xlsx")
    assert not stale.exists()


def test_the_default_report_is_the_vsm_xl_logger(tmp_path, caplog):
    atomic._report = atomic.logging.getLogger("vsm_xl").warning
    stale = _temporary(tmp_path, "a.xlsx", _dead_pid())
    with caplog.at_level("WARNING", logger="vsm_xl"):
        atomic.remove_stale(tmp_path)
    assert [r.getMessage() for r in caplog.records] == [
        f"removed 1 temporary file that a stopped run left in {os.path.realpath(tmp_path)}: {stale.name}"]


# -- signals -------------------------------------------------------------------------------------

def _blocked() -> set:
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, []))


def test_signals_are_held_while_files_land():
    before = _blocked()
    with atomic._signals_held():
        assert {signal.SIGINT, signal.SIGTERM} <= _blocked()
    assert _blocked() == before


def test_signals_are_not_held_in_another_thread():
    seen = []

    def work():
        before = _blocked()
        with atomic._signals_held():
            seen.append(_blocked() == before)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [True]


def test_sigterm_removes_the_temporaries_and_exits(tmp_path):
    old = signal.getsignal(signal.SIGTERM)
    try:
        atomic.install_signal_cleanup()
        assert signal.getsignal(signal.SIGTERM) is atomic._on_signal
    finally:
        signal.signal(signal.SIGTERM, old)
    tmp = atomic.staged(tmp_path / "out.txt")
    with pytest.raises(SystemExit) as info:
        atomic._on_signal(signal.SIGTERM, None)
    assert info.value.code == 128 + signal.SIGTERM
    assert not tmp.exists() and not atomic._LIVE


def test_cleanup_is_installed_only_from_the_main_thread():
    old = signal.getsignal(signal.SIGTERM)
    thread = threading.Thread(target=atomic.install_signal_cleanup)
    thread.start()
    thread.join()
    assert signal.getsignal(signal.SIGTERM) is old


class _Exited(Exception):
    pass


def test_a_worker_removes_its_temporaries_and_exits_at_once(tmp_path, monkeypatch):
    def exit_now(code):
        raise _Exited(code)

    monkeypatch.setattr(atomic.os, "_exit", exit_now)
    tmp = atomic.staged(tmp_path / "out.txt")
    with pytest.raises(_Exited) as info:
        atomic._on_signal_in_worker(signal.SIGTERM, None)
    assert info.value.args == (128 + signal.SIGTERM,)
    assert not tmp.exists() and not atomic._LIVE


def test_die_with_parent_names_the_owner_and_handles_the_signals(_worker_state):
    atomic.die_with_parent(os.getppid())  # the parent is alive: it returns
    assert atomic._OWNER == os.getppid()
    assert signal.getsignal(signal.SIGTERM) is atomic._on_signal_in_worker
    assert signal.getsignal(signal.SIGINT) is atomic._on_signal_in_worker


def _death_signal() -> int:
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    found = ctypes.c_int(-1)
    libc.prctl(2, ctypes.byref(found), 0, 0, 0)  # PR_GET_PDEATHSIG
    return found.value


@pytest.fixture()
def _worker_state():
    old = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in old.items():
        signal.signal(sig, handler)
    import ctypes

    ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)  # PR_SET_PDEATHSIG 0: this process is no worker


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="Linux: the kernel's parent-death signal")
def test_a_worker_asks_the_kernel_for_sigterm_when_its_parent_dies(_worker_state):
    import ctypes

    ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)
    assert _death_signal() == 0
    atomic.die_with_parent(os.getppid())
    assert _death_signal() == signal.SIGTERM


def test_a_worker_whose_parent_is_gone_ends(_worker_state, monkeypatch):
    ended = []
    monkeypatch.setattr(atomic, "_on_signal_in_worker", lambda signum, frame: ended.append((signum, frame)))
    atomic.die_with_parent(_dead_pid())  # not its parent: the parent died before it asked
    assert ended == [(signal.SIGTERM, None)]
    atomic.die_with_parent(None)
    assert len(ended) == 1 and atomic._OWNER is None


# -- the cases the tests above do not reach -------------------------------------------------------

def test_messages_name_the_file_as_given_not_where_its_link_points(tmp_path):
    (tmp_path / "real").mkdir()
    real = _file(tmp_path / "real" / "book.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    _file(tmp_path / "real" / "~$book.xlsx", "")
    _refused(f"{link} is open in Excel (its owner file ~$book.xlsx is beside it); close it there first, "
             "or delete ~$book.xlsx if Excel is not running", link, force=True)
    (tmp_path / "real" / "~$book.xlsx").unlink()
    tmp = atomic.staged(link)
    _file(tmp_path / "real" / "~$book.xlsx", "")  # opened while the results were computed
    with pytest.raises(OutputError) as info:
        atomic.commit([(tmp, link)])
    assert info.value.message.startswith(f"{link} is open in Excel (its owner file ~$book.xlsx")


@pytest.mark.parametrize("system, locked", [("posix", False), ("nt", True)])
def test_a_file_that_cannot_be_opened_for_writing(tmp_path, monkeypatch, system, locked):
    """Windows refuses to open a file another program holds (a sharing violation): locked;
    elsewhere a permission problem is no lock (a read-only file is refused before)."""
    out = _file(tmp_path / "out.xlsx")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "open", denied)
    monkeypatch.setattr(atomic.os, "name", system)
    result = atomic._locked(out)
    monkeypatch.undo()
    assert result is locked


def test_without_fcntl_opening_it_was_the_test(tmp_path, monkeypatch):
    import sys

    out = _file(tmp_path / "out.xlsx")
    closed = []
    real_close = os.close
    monkeypatch.setitem(sys.modules, "fcntl", None)  # import fcntl raises ImportError, as on Windows
    monkeypatch.setattr(atomic.os, "close", lambda fd: (closed.append(fd), real_close(fd)))
    assert atomic._locked(out) is False
    assert len(closed) == 1


def test_same_file_when_the_system_cannot_say(tmp_path, monkeypatch):
    a = _file(tmp_path / "a.txt")
    _file(tmp_path / "b.txt")

    def cannot(*args):
        raise OSError("no")

    monkeypatch.setattr(atomic.os.path, "samefile", cannot)
    assert atomic._same_file(a, tmp_path / "." / "a.txt") is True
    assert atomic._same_file(a, tmp_path / "b.txt") is False


def test_staging_sweeps_a_folder_once_per_run(tmp_path):
    atomic.report_stale_to(lambda text: None)
    atomic.staged(tmp_path / "a.xlsx")
    late = _temporary(tmp_path, "b.xlsx", _dead_pid())
    atomic.staged(tmp_path / "c.xlsx")
    assert late.exists()  # swept once, at the first write into the folder


def test_a_link_named_like_a_temporary_is_left_alone(tmp_path):
    target = _temporary(tmp_path, "target.xlsx", os.getpid())  # old, but its run is alive
    link = tmp_path / f".a.xlsx.{_dead_pid()}-{atomic._HOST}.k3j9x0ab.tmp"
    link.symlink_to(target)
    assert atomic.remove_stale(tmp_path) == [] and link.is_symlink()


def _scandir_in(order):
    real = os.scandir

    def scandir(path):
        entries = {e.name: e for e in real(path)}
        return iter([entries[name] for name in order(entries)])
    return scandir


def test_remove_stale_goes_on_past_other_files(tmp_path, monkeypatch):
    dead = _dead_pid()
    _file(tmp_path / "other.txt")
    stale = _temporary(tmp_path, "a.xlsx", dead)
    monkeypatch.setattr(atomic.os, "scandir", _scandir_in(lambda entries: ["other.txt", stale.name]))
    atomic.report_stale_to(lambda text: None)
    assert atomic.remove_stale(tmp_path) == [stale]


def test_remove_stale_goes_on_past_a_file_gone_meanwhile(tmp_path, monkeypatch):
    dead = _dead_pid()
    gone = _temporary(tmp_path, "a.xlsx", dead)
    stale = _temporary(tmp_path, "b.xlsx", dead)

    def order(entries):
        gone.unlink()  # swept by another run between listing and looking
        return [gone.name, stale.name]

    monkeypatch.setattr(atomic.os, "scandir", _scandir_in(order))
    atomic.report_stale_to(lambda text: None)
    assert atomic.remove_stale(tmp_path) == [stale]


@pytest.mark.parametrize("count, more", [(5, ""), (6, " and 1 more")])
def test_the_report_names_five(tmp_path, count, more):
    dead = _dead_pid()
    for k in range(count):
        _temporary(tmp_path, f"{k}.xlsx", dead, tag=f"abcdef{k}{k}")
    said = []
    atomic.report_stale_to(said.append)
    removed = atomic.remove_stale(tmp_path)
    assert said == [f"removed {count} temporary files that a stopped run left in {os.path.realpath(tmp_path)}: "
                    + ", ".join(p.name for p in removed[:5]) + more]


def test_a_new_file_with_no_umask_is_readable_and_writable_by_all(tmp_path):
    umask = os.umask(0)
    try:
        atomic.write_text_atomic(tmp_path / "out.txt", "x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(os.stat(tmp_path / "out.txt").st_mode) == 0o666


def test_hard_links_to_an_emptied_file(tmp_path):
    first = _file(tmp_path / "a.txt", "old")
    os.link(first, tmp_path / "b.txt")
    atomic.write_text_atomic(first, "")
    assert (tmp_path / "b.txt").read_bytes() == b""


def test_remove_stale_goes_on_past_a_fresh_temporary(tmp_path, monkeypatch):
    dead = _dead_pid()
    fresh = _temporary(tmp_path, "a.xlsx", dead, age=0)
    stale = _temporary(tmp_path, "b.xlsx", dead)
    monkeypatch.setattr(atomic.os, "scandir", _scandir_in(lambda entries: [fresh.name, stale.name]))
    atomic.report_stale_to(lambda text: None)
    assert atomic.remove_stale(tmp_path) == [stale] and fresh.exists()
