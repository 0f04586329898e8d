"""What several verbs share: loading a model from any supported file with every problem
addressed to its cell, and writing outputs safely."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import click

from vsm_xl.core.errors import Problem, ValidationError, VsmError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
MODEL_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Loaded:
    path: Path
    stream: object  # ValueStream
    analysis: object  # Analysis
    warnings: tuple  # Problem / Notice with cells where known
    is_workbook: bool


def load_and_analyze(path) -> Loaded:
    """Read a workbook or YAML/JSON model and analyse it; problems come back with cells."""
    from vsm_xl.core.analysis import analyze

    path = Path(path)
    if not path.exists():
        raise VsmError(f"{path}: no such file")
    suffix = path.suffix.lower()
    locate = None
    warnings: tuple = ()
    if suffix in WORKBOOK_SUFFIXES:
        from vsm_xl.workbook.reader import read_workbook

        read = read_workbook(path)
        stream, locate, warnings = read.stream, read.locate, tuple(read.warnings)
    elif suffix in MODEL_SUFFIXES:
        from vsm_xl.io.yaml_io import read_yaml

        stream = read_yaml(path)
    else:
        raise VsmError(f"{path}: cannot read {suffix or 'files without a suffix'} "
                       "(use .xlsx, .xlsm, .yaml or .json)")
    try:
        analysis = analyze(stream)
    except ValidationError as exc:
        raise ValidationError(_located(p, locate) for p in exc.problems) from None
    notices = tuple(_located(Problem(n.message, subject=n.subject), locate) for n in analysis.notices)
    return Loaded(path, stream, analysis, warnings + notices, suffix in WORKBOOK_SUFFIXES)


def _located(problem: Problem, locate) -> Problem:
    if problem.location or locate is None or not problem.subject:
        return problem
    cell = locate(problem.subject)
    return replace(problem, location=cell) if cell else problem


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
