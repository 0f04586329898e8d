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

import os
import sys
from typing import Callable, Generator, Sequence

from vsm_xl.workers.chunks import (  # noqa: F401  (re-exported: callers import them from here)
    MAX_CHUNK,
    TASKS_PER_WORKER,
    WINDOW_PER_WORKER,
    Crash,
    InOrder,
    _Progress,
    _report,
    chunk_bounds,
    default_jobs,
    run_chunk,
)



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
    ``dask.distributed.Client``: :mod:`vsm_xl.workers.cluster`).

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
        from vsm_xl.workers.cluster import iter_on_cluster

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
