"""Running one function over many files in worker processes, for ``convert`` and
``portfolio``: work goes out in chunks (not one task per file), results come back in input
order, and one bad file never stops the others.

Why chunks: a task costs the pool a pickle, a queue round trip and a wake-up of the parent,
about as much as reading a small workbook; with one task per file the parent process
competes with the workers for the cores. A few dozen tasks per worker keep that cost small
and still balance the load and move the progress bar.

Nothing here imports more than the standard library until a pool is started; the workers
import only what the function needs (with the ``fork`` start method they inherit what the
parent imported beforehand, so callers import the reading modules, and nothing heavier,
before calling :func:`map_files`).
"""
from __future__ import annotations

import math
import os
import pickle
import sys
from dataclasses import dataclass
from typing import Callable, Generator, Iterator, Sequence

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


def map_files(function: Callable, items: Sequence, jobs: int = 1, label: str = "Working",
              progress: bool | None = None, name_of: Callable = str,
              on_result: Callable | None = None, cluster=None) -> list:
    """``[function(item) for item in items]``, in ``jobs`` worker processes when ``jobs > 1``,
    on a Dask cluster when ``cluster`` is given (see :func:`iter_files`)."""
    return list(iter_files(function, items, jobs, label, progress, name_of, on_result, cluster))


def iter_files(function: Callable, items: Sequence, jobs: int = 1, label: str = "Working",
               progress: bool | None = None, name_of: Callable = str,
               on_result: Callable | None = None, cluster=None) -> Generator:
    """``function(item)`` for every item, yielded in input order as soon as the results up to it
    are in; in ``jobs`` worker processes when ``jobs > 1``, or on a Dask cluster when
    ``cluster`` is given (an address ``tcp://host:8786``, ``local[:N]`` or a
    ``dask.distributed.Client``: :mod:`vsm_xl.cluster`).

    ``function`` must be picklable (a module-level function or a ``functools.partial`` of one);
    an exception it raises (or a worker's death) is yielded in place of that item's result, a
    crash of vsm_xl's own code as a :class:`Crash` for the caller to raise.
    ``on_result`` is called in this process with each result (not exceptions or crashes) as it arrives,
    in any order. Only a bounded window of work is out at a time, so the results held here do
    not grow with the number of items. Worker processes end when this process dies or is
    stopped (SIGTERM, Ctrl-C), and when the generator is closed early.
    A progress bar is shown on a terminal (stderr) unless ``progress`` is False.
    """
    items = list(items)
    if progress is None:
        progress = sys.stderr.isatty()
    if cluster is not None:
        from vsm_xl.cluster import iter_on_cluster

        yield from iter_on_cluster(cluster, function, items, label, progress, name_of, on_result)
        return
    if jobs <= 1 or len(items) <= 1:
        bar = _Progress(label, len(items)) if progress and items else None
        try:
            for item in items:
                [result] = run_chunk(function, (item,))
                _report(on_result, (result,))
                if bar:
                    bar.advance(name_of(item))
                yield result
        finally:
            if bar:
                bar.close()
        return
    yield from _iter_in_processes(function, items, jobs, label, progress, name_of, on_result)


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


def start_worker(parent_pid: int, budgets) -> None:
    """A worker process's start: the parent's budgets (whatever the start method: a spawned
    worker shares no memory, and the budgets are no environment variable), and its end with the
    parent (:func:`vsm_xl.io.atomic.die_with_parent`)."""
    from vsm_xl.core import limits
    from vsm_xl.io.atomic import die_with_parent

    limits.install(budgets)
    die_with_parent(parent_pid)


def _iter_in_processes(function, items, jobs, label, progress, name_of, on_result=None) -> Generator:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from vsm_xl.core import limits

    bounds = chunk_bounds(len(items), jobs)
    window = max(2, jobs * WINDOW_PER_WORKER)  # chunks out (running, queued or waiting here)
    order = InOrder()
    bar = None
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(bounds)), initializer=start_worker,
                               initargs=(os.getpid(), limits.current()))
    try:
        # not `with pool`: its exit would wait for every chunk before a stop could end them
        pending: dict = {}
        queue = list(reversed(bounds))  # popped from the end: in input order

        def arrived(start: int, stop: int, chunk: list) -> None:
            order.put(start, chunk)
            _report(on_result, chunk)
            if bar:
                bar.advance(name_of(items[stop - 1]), stop - start)

        def fill() -> None:
            while queue and len(pending) + order.held < window:
                start, stop = queue.pop()
                try:
                    pending[pool.submit(run_chunk, function, items[start:stop])] = (start, stop)
                except Exception as exc:  # the pool broke (a worker died): the rest fails with it
                    arrived(start, stop, [exc] * (stop - start))

        fill()
        # the bar (and its refresh thread) starts once the workers are running: a process
        # forked while another thread runs may inherit a held lock
        bar = _Progress(label, len(items)) if progress else None
        while True:
            if pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    start, stop = pending.pop(future)
                    try:
                        chunk = future.result()
                    except Exception as exc:  # the worker died (BrokenProcessPool) or pickling failed
                        chunk = [exc] * (stop - start)
                    arrived(start, stop, chunk)
            fill()
            if not pending and not queue:
                break
            yield from order.ready()  # (with nothing out, every chunk held here is given out)
        # every chunk is in: the workers end normally before the last results are given out
        # (a consumer that stops after them must not stop workers: they would remove their
        # temporaries, which this process has adopted)
        pool.shutdown(wait=True)
        if bar:
            bar.close()
            bar = None
        yield from order.ready()
    except BaseException:  # stopped (SIGTERM, Ctrl-C, closed early): the workers stop now
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            try:
                process.terminate()
            except Exception:  # noqa: BLE001 - already gone
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if bar:
            bar.close()


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
