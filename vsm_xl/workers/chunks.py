"""What the process pool (:mod:`vsm_xl.workers.parallel`) and the cluster (:mod:`vsm_xl.workers.cluster`)
share: the chunking of the work, running one chunk, the crash record, the input-order buffer
and the progress bar. Its own module so that neither of the two imports the other back
(``parallel`` hands work to ``cluster`` when asked for a cluster). Standard library only until
the progress bar is drawn."""
from __future__ import annotations

import math
import os
import pickle
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

# Tasks per worker: enough that the last ones balance the load, few enough that the pool's
# per-task cost stays small against the work. A chunk holds at most MAX_CHUNK items.
TASKS_PER_WORKER = 16
MAX_CHUNK = 64
# Chunks out at a time per worker (running, queued, or done and waiting for an earlier one):
# what this process holds stays flat in the number of files.
WINDOW_PER_WORKER = 8


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def chunk_bounds(count: int, jobs: int) -> list[tuple[int, int]]:
    """``(start, stop)`` of consecutive chunks covering ``range(count)`` for ``jobs`` workers."""
    if count <= 0:
        return []
    size = max(1, min(MAX_CHUNK, math.ceil(count / (max(1, jobs) * TASKS_PER_WORKER))))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


@dataclass(frozen=True)
class Crash:
    """A crash of vsm_xl's own code while working on one item (a bug, not a problem with the
    input), carried back from the worker: ``message`` (its type and text) and its traceback
    as text. The caller raises :meth:`error`: it is never reported as a bad file. (Not an
    exception class: the one exception tree is of problems with inputs, vsm_xl.core.errors.)"""

    message: str
    trace: str = ""

    def error(self) -> RuntimeError:
        """A RuntimeError to raise, carrying ``trace`` (the CLI writes it to its log)."""
        error = RuntimeError(self.message)
        error.trace = self.trace  # type: ignore[attr-defined]
        return error


def run_chunk(function: Callable, items: Sequence) -> list:
    """``[function(item) for item in items]`` with an exception returned in place of its
    item's result (made picklable, so that one odd exception cannot lose the whole chunk):
    a problem of the input (``VsmError``) or of the system (``OSError``, ``MemoryError``) as
    itself, any other (a crash of this code) as a :class:`Crash`."""
    results = []
    for item in items:
        try:
            results.append(function(item))
        except Exception as exc:  # noqa: BLE001 - sorted here: input problems, or a crash of this code
            from vsm_xl.core.errors import VsmError

            if isinstance(exc, (VsmError, OSError, MemoryError)):
                results.append(_portable(exc))
            else:
                import traceback

                results.append(Crash(f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    return results


def _portable(exc: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _report(on_result, results) -> None:
    if on_result is not None:
        for result in results:
            if not isinstance(result, (BaseException, Crash)):
                on_result(result)


class InOrder:
    """Chunks of results that arrive in any order, given back in input order: ``put(start,
    results)``, then ``ready()`` yields every result whose predecessors are all in."""

    def __init__(self):
        self.next = 0
        self.waiting: dict[int, list] = {}

    def put(self, start: int, results: list) -> None:
        self.waiting[start] = results

    def ready(self) -> Iterator:
        while self.next in self.waiting:
            chunk = self.waiting.pop(self.next)
            self.next += len(chunk)
            yield from chunk

    @property
    def held(self) -> int:
        """Chunks in, waiting for an earlier one."""
        return len(self.waiting)


class _Progress:
    """A rich progress bar on stderr."""

    def __init__(self, label: str, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), TextColumn("{task.fields[name]}"),
                                 console=Console(stderr=True), transient=True)
        self.progress.start()
        self.task = self.progress.add_task(label, total=total, name="")

    def advance(self, name: str, count: int = 1) -> None:
        self.progress.update(self.task, advance=count, name=name[-40:])

    def close(self) -> None:
        self.progress.stop()
