"""What several verbs share: loading a model from any supported file with every problem
addressed to its cell, and writing outputs safely."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vsm_xl.core.errors import VsmError

if TYPE_CHECKING:  # the core is imported when a verb runs, not when the CLI starts
    from vsm_xl.core.analysis import Analysis
    from vsm_xl.core.model import ValueStream
    from vsm_xl.workbook.read.reader import WorkbookRead

@dataclass(frozen=True)
class Loaded:
    path: Path
    stream: ValueStream
    analysis: Analysis
    warnings: tuple  # Problem / Notice with cells where known
    is_workbook: bool
    workbook: WorkbookRead | None = None  # the workbook as read once (package, tables), for -o


def load_and_analyze(path) -> Loaded:
    """Read a workbook or YAML/JSON model and analyse it; problems come back with their
    cells (workbooks) or YAML paths (models)."""
    from vsm_xl.api import analyze_document, read_document

    path = Path(path)
    if not path.exists():
        raise VsmError(f"{path}: no such file")
    document = read_document(path)
    analysis, warnings = analyze_document(document)
    return Loaded(path, document.stream, analysis, warnings, document.is_workbook, document.workbook)


def echo_warnings(warnings) -> None:
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)


def write_output(text: str, output, *, inputs=(), force=False) -> None:
    """Print ``text``, or write it atomically to ``output`` (never over an input or an
    existing file unless ``force``)."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    from vsm_xl.io.atomic import check_output, write_text_atomic

    target = check_output(output, inputs=inputs, force=force)
    write_text_atomic(target, text)
    click.echo(f"Wrote {target}", err=True)


def check_cluster_option(cluster, jobs, workers_do: str) -> None:
    """``--cluster`` checked before any work: it excludes ``--jobs`` (the cluster's workers
    ``workers_do``), its address must be of a form Dask takes, and the dask extra installed."""
    if cluster is None:
        return
    from vsm_xl.workers.cluster import ClusterError, check_spec, require_dask

    if jobs is not None:
        raise click.UsageError(f"--jobs and --cluster exclude each other (the cluster's workers {workers_do})")
    try:
        check_spec(cluster)
    except ClusterError as exc:
        raise click.UsageError(str(exc)) from None
    require_dask()
