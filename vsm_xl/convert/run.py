"""Running many files: expanding folders, naming outputs without collisions, converting in
parallel processes, and never letting one bad file stop the others.

The worker processes are :func:`vsm_xl.workers.parallel.map_files`'s (shared with the portfolio).
"""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from vsm_xl.convert.log import CONVERTED, FAILED, FileLog
from vsm_xl.convert.sources import SUPPORTED_SUFFIXES
from vsm_xl.core.durations import CALENDAR, DurationRule
from vsm_xl.core.errors import VsmError
from vsm_xl.io.input_files import find_files
from vsm_xl.workers.parallel import default_jobs, iter_files, map_files  # noqa: F401 - map_files: imported from here too

LOG_MD = "conversion-log.md"
LOG_JSON = "conversion-log.json"


@dataclass(frozen=True)
class Job:
    """One input file and where its outputs go."""

    source: Path
    display: str  # the name the log uses (relative to the input folder)
    workbook: Path
    yaml: Path


def expand_inputs(inputs: Sequence, suffixes=SUPPORTED_SUFFIXES, skip_under=None) -> tuple[list, list]:
    """Files named and files under folders named (recursively, sorted), as ``(path, display)``
    with ``path`` a :class:`~pathlib.Path`; and the inputs that do not exist
    (:func:`vsm_xl.io.input_files.find_files`, which gives the paths as strings)."""
    found, missing = find_files(inputs, suffixes, skip_under)
    return [(Path(path), display) for path, display in found], missing


def plan_jobs(files: list, outdir: Path) -> list[Job]:
    """Output names ``<stem>.xlsx`` / ``<stem>.yaml``; stems that clash (``a.csv`` and
    ``a.xlsx``, or the same name in two folders) get the suffix and then the folder added."""
    def stem_of(path: Path, display: str, level: int) -> str:
        stem = path.stem
        if level >= 1:
            stem = f"{stem}-{path.suffix.lower().lstrip('.')}"
        if level >= 2:
            parents = Path(display).parent.parts
            if parents:
                stem = "-".join(parents) + "-" + stem
        return stem

    levels = [0] * len(files)
    for _ in range(3):
        names: dict[str, list[int]] = {}
        for i, (path, display) in enumerate(files):
            names.setdefault(stem_of(path, display, levels[i]).casefold(), []).append(i)
        clashes = [group for group in names.values() if len(group) > 1]
        if not clashes:
            break
        for group in clashes:
            for i in group:
                levels[i] = min(levels[i] + 1, 2)
    jobs = []
    used: set[str] = set()
    for i, (path, display) in enumerate(files):
        stem = stem_of(path, display, levels[i])
        base, n = stem, 2
        while stem.casefold() in used:  # still clashing: number them
            stem, n = f"{base}-{n}", n + 1
        used.add(stem.casefold())
        jobs.append(Job(path, display, outdir / f"{stem}.xlsx", outdir / f"{stem}.yaml"))
    return jobs


def convert_job(job: Job, force: bool = False, rule: DurationRule = CALENDAR) -> FileLog:
    """Convert one file and write its outputs; every failure becomes a failed
    :class:`FileLog` with its reason."""
    from vsm_xl.io.atomic import commit

    log, pairs = stage_job(job, force, rule)
    try:
        commit(pairs)
    except (OSError, VsmError) as exc:
        _failed(log, exc)
    return log


def stage_job(job: Job, force: bool = False, rule: DurationRule = CALENDAR) -> tuple[FileLog, list]:
    """Convert one file into temporary files: ``(log, [(temporary, target), ...])`` for
    :func:`vsm_xl.io.atomic.commit` (none when it failed)."""
    from vsm_xl.io.atomic import discard

    started = time.perf_counter()
    log = FileLog(job.display)
    pairs: list = []
    try:
        _convert(job, force, rule, log, pairs)
        log.status = CONVERTED
    except (VsmError, OSError, MemoryError) as exc:  # a bad file is reported, never fatal to the run
        discard(*(tmp for tmp, _ in pairs))
        pairs = []
        _failed(log, exc)
    except BaseException:  # a crash of this code (or a stop): surfaces, leaving nothing behind
        discard(*(tmp for tmp, _ in pairs))
        raise
    log.seconds = time.perf_counter() - started
    return log, pairs


def _failed(log: FileLog, exc: Exception) -> None:
    log.status = FAILED
    log.outputs = []
    if isinstance(exc, VsmError):
        log.reason = exc.message if not exc.location else str(exc)
    else:  # OSError, MemoryError
        log.reason = f"{type(exc).__name__}: {exc}"


def _convert(job: Job, force: bool, rule: DurationRule, log: FileLog, pairs: list) -> None:
    from vsm_xl.convert.outputs import write_template_with_notes, write_yaml_beside
    from vsm_xl.convert.sources import open_source
    from vsm_xl.convert.tables import read_stream
    from vsm_xl.io.atomic import check_output, staged

    for target in (job.workbook, job.yaml):
        check_output(target, inputs=[job.source], force=force)
    stream = _template_stream(job.source, log)
    if stream is None:
        stream = read_stream(open_source(job.source), log, rule)
    log.details["durations"] = rule.describe()
    workbook = staged(job.workbook)
    pairs.append((str(workbook), str(job.workbook)))
    write_template_with_notes(stream, workbook, log)
    log.outputs.append(job.workbook.name)
    yaml = staged(job.yaml)
    pairs.append((str(yaml), str(job.yaml)))
    write_yaml_beside(stream, yaml)
    log.outputs.append(job.yaml.name)


def _template_stream(path: Path, log: FileLog):
    """The stream of a file that is a vsm_xl template workbook already, else None. It is read
    by the one template reader (so a bad template is refused with the same problems at the same
    cells as ``vsm-xl evaluate``); its inputs are copied, not reinterpreted."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return None
    from vsm_xl.convert.log import INFO
    from vsm_xl.workbook.read.reader import read_template

    read = read_template(path)
    if read is None:
        return None
    stream = read.stream
    log.details["reader"] = "template workbook (its inputs read as they are)"
    log.note(INFO, "already a vsm_xl template workbook: its inputs were copied, not reinterpreted")
    log.value_stream = stream.name
    log.states = [{"name": s.name, "kind": s.kind, "steps": len(s.steps)} for s in stream.states]
    return stream


def write_logs(logs: list[FileLog], outdir: Path, force: bool = True, outputs=()) -> tuple[Path, Path]:
    """``conversion-log.md`` and ``conversion-log.json`` in ``outdir``, moved into place together
    with ``outputs`` (``(temporary, target)`` pairs of the converted files): a run stopped
    before leaves none of them."""
    from vsm_xl.convert.log import log_json, log_markdown
    from vsm_xl.io.atomic import commit, discard, staged

    md, js = outdir / LOG_MD, outdir / LOG_JSON
    pairs = list(outputs)
    try:
        for target, text in ((md, log_markdown(logs, str(outdir))), (js, log_json(logs, str(outdir)))):
            tmp = staged(target)
            pairs.append((tmp, target))
            tmp.write_text(text, encoding="utf-8")
    except BaseException:
        discard(*(tmp for tmp, _ in pairs))
        raise
    commit(pairs)
    return md, js


def convert_many(inputs: Sequence, outdir, *, jobs: int | None = None, force: bool = False,
                 rule: DurationRule = CALENDAR, progress: bool | None = None, cluster=None) -> list[FileLog]:
    """Convert every input (files or folders) into ``outdir`` and write the conversion logs.

    Returns one :class:`FileLog` per file, in input order; inputs that do not exist are
    failed logs too. The caller checks the log files may be written (see the CLI). With
    ``cluster`` (an address ``tcp://host:8786``, ``"local[:N]"`` or a
    ``dask.distributed.Client``) the files are converted on a Dask cluster
    (:func:`convert_returning_files`: the workers send the outputs back and this process
    writes them, so workers need no access to ``outdir``); the result is the same.
    """
    import contextlib
    import functools

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    files, missing = expand_inputs(inputs, skip_under=outdir)
    jobs_list = plan_jobs(files, outdir)
    jobs = jobs or default_jobs()
    if cluster is not None:
        work = functools.partial(convert_returning_files, force=force, rule=rule)
    else:
        work = functools.partial(stage_job, force=force, rule=rule)
    if jobs > 1 and len(jobs_list) > 1 and cluster is None:
        # import once here so that forked workers inherit the modules instead of each importing them
        import vsm_xl.convert.outputs  # noqa: F401
        import vsm_xl.convert.tables  # noqa: F401
        import vsm_xl.io.yaml_io  # noqa: F401
        import vsm_xl.workbook.sheets.template  # noqa: F401
    from vsm_xl.io.atomic import adopt, check_output, discard
    from vsm_xl.workers.parallel import Crash

    outputs: list = []
    refused: dict[int, FileLog] = {}
    if cluster is not None:  # the outputs' checks need this machine's view of outdir
        for i, job in enumerate(jobs_list):
            try:
                for target in (job.workbook, job.yaml):
                    check_output(target, inputs=[job.source], force=force)
            except (OSError, VsmError) as exc:
                refused[i] = FileLog(job.display)
                _failed(refused[i], exc)

    def arrived(result) -> None:
        outputs.extend(stage_returned(result) if cluster is not None else adopt(result))

    todo = [job for i, job in enumerate(jobs_list) if i not in refused]
    if len(todo) == 1 and cluster is None and (progress if progress is not None else sys.stderr.isatty()):
        work, progress = functools.partial(_with_row_progress, work), False  # one file: its rows
    try:
        with contextlib.closing(iter_files(work, todo, jobs, "Converting", progress, name_of=lambda j: j.display,
                                           on_result=arrived, cluster=cluster)) as results:
            logs = []
            for i, job in enumerate(jobs_list):
                if i in refused:
                    logs.append(refused[i])
                    continue
                result = next(results)
                if isinstance(result, Crash):
                    raise result.error()  # a crash of this code, not a bad file
                if isinstance(result, Exception):
                    result = FileLog(job.display, FAILED,
                                     f"the worker process failed: {type(result).__name__}: {result}")
                else:
                    result = result[0]
                logs.append(result)
        for raw in missing:
            logs.append(FileLog(str(raw), FAILED, "no such file or folder"))
    except BaseException:
        discard(*(tmp for tmp, _ in outputs))
        raise
    write_logs(logs, outdir, outputs=outputs)
    return logs


class RowProgress:
    """A progress bar of the rows of one file (the file count says nothing when there is one):
    rows read so far, then the writing of the outputs. On stderr, gone when done."""

    def __init__(self, name: str):
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.name = name
        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
        self.progress.start()
        self.task = self.progress.add_task(f"Reading {name}")

    def rows(self, sheet: str, count: int) -> None:
        self.progress.update(self.task, description=f"Reading {self.name} ({sheet}): {count:,} rows")

    def close(self) -> None:
        self.progress.stop()


def _with_row_progress(work, job: Job):
    """``work(job)`` with a :class:`RowProgress` of its rows."""
    from vsm_xl.convert.header_detection import watching_rows

    bar = RowProgress(job.display)
    try:
        with watching_rows(bar.rows):
            return work(job)
    finally:
        bar.close()


def convert_returning_files(job: Job, force: bool = False, rule: DurationRule = CALENDAR) -> tuple:
    """On a cluster worker: convert ``job`` in a temporary folder of the worker and return
    ``(log, [(target, bytes), ...])``, the outputs' content for :func:`stage_returned` to
    write in the client. The log is the one :func:`convert_job` gives (the outputs carry the
    targets' names). ``force``: the client has checked the targets already."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="vsm-xl-") as tmp:
        local = Job(job.source, job.display, Path(tmp) / job.workbook.name, Path(tmp) / job.yaml.name)
        log = convert_job(local, force=True, rule=rule)
        files = []
        if log.ok:
            for made, target in ((local.workbook, job.workbook), (local.yaml, job.yaml)):
                files.append((str(target), made.read_bytes()))
    return log, files


def stage_returned(result) -> list:
    """In the client: write the outputs a cluster worker returned (:func:`convert_returning_files`)
    to temporary files beside their targets, registered for removal if the run stops; the
    ``(temporary, target)`` pairs replace the contents in ``result``. A write that fails (a full
    disk) fails the file's log."""
    from vsm_xl.io.atomic import discard, staged

    log, files = result
    pairs: list = []
    try:
        for target, data in files:
            tmp = staged(target)
            pairs.append((tmp, target))
            tmp.write_bytes(data)
    except OSError as exc:
        discard(*(tmp for tmp, _ in pairs))
        pairs = []
        _failed(log, exc)
    files[:] = pairs
    return pairs
