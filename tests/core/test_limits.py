"""core/limits: the budgets are an immutable object in a context variable, never environment
state (issue 21, item 14): a ``using`` block in one thread leaves another thread's budgets
alone, the core reads no environment, and worker processes are handed the caller's budgets."""
from __future__ import annotations

import ast
import dataclasses
import os
import threading
from pathlib import Path

import pytest

from vsm_xl.core import limits
from vsm_xl.workers.parallel import map_files

CORE = Path(limits.__file__).parent


def _rows_budget(_item) -> int:
    return limits.current().max_rows


def test_the_core_reads_no_environment():
    for path in CORE.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "os" not in names | modules, f"{path.name} imports os"


def test_budgets_are_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        limits.current().max_rows = 5  # type: ignore[misc]


def test_using_changes_only_its_own_thread():
    inside, seen_elsewhere = threading.Event(), []
    release = threading.Event()

    def holder():
        with limits.using(max_rows=7):
            inside.set()
            release.wait(5)

    def reader():
        inside.wait(5)
        seen_elsewhere.append(limits.current().max_rows)
        release.set()

    threads = [threading.Thread(target=holder), threading.Thread(target=reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen_elsewhere == [limits.Budgets().max_rows]
    assert limits.current() == limits.Budgets()


def test_using_restores_after_an_error_and_refuses_nonsense():
    with pytest.raises(RuntimeError), limits.using(max_rows=3):
        assert limits.current().max_rows == 3
        raise RuntimeError
    assert limits.current().max_rows == limits.Budgets().max_rows
    with pytest.raises(ValueError, match="max_rows must be positive"), limits.using(max_rows=0):
        pass


def test_configure_sets_the_default_without_the_environment(monkeypatch):
    before = dict(os.environ)
    monkeypatch.setattr(limits, "_default", limits.Budgets())
    limits.configure(max_rows=11)
    assert limits.current().max_rows == 11
    with limits.using(max_cells=5):
        assert (limits.current().max_rows, limits.current().max_cells) == (11, 5)
    assert dict(os.environ) == before


def test_worker_processes_get_the_callers_budgets():
    """Spawned workers share no memory with the caller (forked ones would inherit the budgets
    and hide a worker that is not handed them)."""
    import multiprocessing

    before = multiprocessing.get_start_method()
    multiprocessing.set_start_method("spawn", force=True)
    try:
        _check_workers()
    finally:
        multiprocessing.set_start_method(before, force=True)


def _check_workers():
    with limits.using(max_rows=7):
        assert map_files(_rows_budget, list(range(6)), jobs=2) == [7] * 6
    assert map_files(_rows_budget, list(range(4)), jobs=2) == [limits.Budgets().max_rows] * 4
