"""Running ``convert`` and ``portfolio`` on a Dask distributed cluster (``--cluster``).

The same work as ``--jobs`` (:func:`vsm_xl.workers.parallel.run_chunk` over chunks of the files, the
same worker function), sent to Dask as futures over batches of paths; the results come back
here in input order, the same as with ``--jobs 1``. Dask is the engine: it places the
batches, moves the results and, when a worker is lost, runs its batches again on another
worker (``distributed.scheduler.allowed-failures`` times). A batch that still fails (Dask
gave up on it: a file that kills every worker it lands on) is split and its files are run
one by one, so that only the file to blame is listed as not read.

Where the cluster comes from (``cluster=``):

- ``"local"`` or ``"local:N"``: a ``LocalCluster`` of N worker processes (default: the
  cores), one thread each, listening on 127.0.0.1 only (the scheduler, its HTTP server, the
  nannies and workers), started here and closed at the end
  (also on Ctrl-C: no worker of ours outlives the run);
- ``"tcp://host:8786"``: the scheduler of a running cluster (``dask scheduler`` and
  ``dask worker tcp://host:8786``); the files must be readable at the same paths on every
  worker (a shared drive mounted at the same place);
- a ``dask.distributed.Client``: used as it is, never closed here.

Only bounded work is out at once (:data:`vsm_xl.workers.parallel.WINDOW_PER_WORKER` batches per
worker), so this process holds few results at a time whatever the number of files. Dask is the
``dask`` extra: without it, :func:`require_dask` raises a :class:`ClusterError` that says what
to install.
"""
from __future__ import annotations

import contextlib
import re
from typing import Callable, Generator, Iterator, Sequence

from vsm_xl.core.errors import ClusterError

EXTRA = "dask"
INSTALL_HINT = 'pip install "vsm-xl[dask]"   (in a checkout: pip install -e ".[dask]")'
LOCAL = re.compile(r"local(?::(\d+))?\Z")
ADDRESS = re.compile(r"(tcp|tls|inproc|ucx|ws|wss)://[^\s/]+\Z")
CONNECT_TIMEOUT = 30  # seconds to reach a scheduler
WORKERS_TIMEOUT = 120  # seconds to wait for a first worker to join a scheduler without any


WORKER_PROFILER = "distributed.worker.profile.enabled"  # the Dask setting that turns it off


def require_dask() -> None:
    """Raise :class:`ClusterError` naming the extra to install when dask.distributed is missing."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ClusterError(f"--cluster needs Dask, the '{EXTRA}' extra ({exc.name or 'distributed'} is not "
                           f"installed). Install it with:  {INSTALL_HINT}") from None


def check_spec(spec) -> None:
    """Refuse a cluster given as text that is neither ``local[:N]`` nor a scheduler address."""
    if not isinstance(spec, str):
        return
    match = LOCAL.match(spec)
    if match:
        if match.group(1) is not None and int(match.group(1)) < 1:
            raise ClusterError(f"--cluster {spec}: a local cluster needs at least 1 worker")
        return
    if not ADDRESS.match(spec):
        raise ClusterError(f"--cluster {spec!r}: give a scheduler address such as tcp://127.0.0.1:8786, "
                           "or local[:N] for a cluster of N worker processes on this machine")


@contextlib.contextmanager
def connected(cluster) -> Iterator:
    """A ``dask.distributed.Client`` for ``cluster`` (see the module's docstring); what was
    started here is closed at the end, whatever happens."""
    check_spec(cluster)
    require_dask()
    if not isinstance(cluster, str):
        yield cluster  # the caller's Client
        return
    from distributed import Client

    match = LOCAL.match(cluster)
    if match:
        from distributed import LocalCluster

        from vsm_xl.workers.chunks import default_jobs

        workers = int(match.group(1)) if match.group(1) else default_jobs()
        import dask

        # one task per worker thread at a time (none queued on a worker): a worker that dies
        # takes no other batch with it, and the last batches go to whichever worker is free.
        # No statistical profiler in the workers: it samples every task's stack every 10 ms and
        # keeps a profile per task name that is never cut, so a worker's memory grew with the
        # files it read (by some 8 kB a file, 69 -> 153 MB over 10,000 files; tracemalloc:
        # distributed/profile.py), and the sampling costs CPU. Nanny passes the settings on.
        with _sigint_ignored(), dask.config.set({"distributed.scheduler.worker-saturation": 1.0,
                                                 WORKER_PROFILER: False}):
            local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                 dashboard_address="127.0.0.1:0", silence_logs=50)
        try:
            with Client(local) as client:
                yield client
        finally:
            local.close()
        return
    try:
        client = Client(cluster, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {cluster}: {exc}") from None
    try:
        yield client
    finally:
        client.close()


@contextlib.contextmanager
def _sigint_ignored():
    """SIGINT ignored while the processes of a LocalCluster start, which inherit that: Ctrl-C on
    a terminal signals the whole process group, and this process, not each worker, then stops
    the run (closing the cluster, which ends its processes) without a traceback from every
    worker. (A Ctrl-C during the start, a second or two, is lost; blocking the signal instead
    does not reach the workers.) Main thread only (elsewhere a no-op)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def run_batch(budgets: dict, function: Callable, items: Sequence) -> list:
    """One batch on a worker: :func:`vsm_xl.workers.parallel.run_chunk` under the budgets of the
    process that sent it (a remote worker does not share its environment)."""
    from vsm_xl.core import limits
    from vsm_xl.workers.chunks import run_chunk

    with limits.using(**budgets):
        return run_chunk(function, items)


def iter_on_cluster(cluster, function: Callable, items: Sequence, label: str = "Working",
                    progress: bool = False, name_of: Callable = str,
                    on_result: Callable | None = None) -> Generator:
    """``function(item)`` for every item on the cluster, yielded in input order (an exception
    in place of an item's result); ``on_result`` as in :func:`vsm_xl.workers.parallel.iter_files`."""
    from dataclasses import asdict

    from vsm_xl.core import limits
    from vsm_xl.workers.chunks import WINDOW_PER_WORKER, InOrder, _Progress, _report, chunk_bounds

    items = list(items)
    if not items:
        return
    with connected(cluster) as client:
        workers = _workers(client)
        bounds = chunk_bounds(len(items), workers)
        window = max(2, workers * WINDOW_PER_WORKER)
        budgets = asdict(limits.current())
        order = InOrder()
        pending: dict = {}
        queue = list(reversed(bounds))  # popped from the end: in input order
        bar = _Progress(label, len(items)) if progress else None
        from distributed import as_completed

        arriving = as_completed()

        def submit(start: int, stop: int) -> None:
            future = client.submit(run_batch, budgets, function, items[start:stop], pure=False)
            pending[future] = (start, stop)
            arriving.add(future)

        def fill() -> None:
            while queue and len(pending) + order.held < window:
                submit(*queue.pop())

        try:
            fill()
            while pending:
                future = next(arriving)
                start, stop = pending.pop(future)
                try:
                    chunk = future.result()
                except Exception as exc:  # Dask gave up on the batch (KilledWorker) or could not send it
                    future.release()
                    if stop - start > 1:  # run its files one by one: only the one to blame fails
                        for i in range(start, stop):
                            submit(i, i + 1)
                        continue
                    chunk = [exc]
                future.release()
                order.put(start, chunk)
                _report(on_result, chunk)
                if bar:
                    bar.advance(name_of(items[stop - 1]), stop - start)
                fill()
                if pending or queue:
                    yield from order.ready()  # (with nothing out, every batch held here is given out)
                    fill()
        except BaseException:  # stopped (Ctrl-C, SIGTERM, closed early): nothing more runs for us
            with contextlib.suppress(Exception):
                client.cancel(list(pending), force=True)
            raise
        finally:
            if bar:
                bar.close()
    # every batch is in and a cluster started here is closed: the last results
    yield from order.ready()


def _workers(client) -> int:
    """The worker threads of the cluster (waiting for a first one to join when there is none yet)."""
    count = sum(client.nthreads().values())  # one task per thread at a time
    if count:
        return count
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except TimeoutError:
        raise ClusterError(f"no Dask worker joined the scheduler at {client.scheduler.address} within "
                           f"{WORKERS_TIMEOUT} s; start one with: dask worker {client.scheduler.address}") from None
    return max(1, sum(client.nthreads().values()))
