"""vsm-xl evaluate: check and evaluate a workbook (or YAML model), print the results and
optionally write the evaluated workbook."""
from __future__ import annotations

import json
from pathlib import Path

import click

from vsm_xl.cli.common import echo_warnings, load_and_analyze
from vsm_xl.core.errors import Problem, VsmError


@click.command("evaluate")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the evaluated workbook here (results as numbers: opens without the add-in).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "yaml", "md"]), default="table",
              show_default=True, help="How to print the results.")
@click.option("--in-place", is_flag=True,
              help="Write the evaluated results into WORKBOOK itself (its VSM_* formulas become numbers).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def command(workbook, output, fmt, in_place, force):
    """Check and evaluate WORKBOOK (.xlsx from the template, or a .yaml model).

    Prints every state's totals, flow efficiency and bottlenecks and, where the workbook has
    an evaluation, the weights, overall benefits, WBF and ranks. Problems are listed with
    their cells and nothing is written.
    """
    from vsm_xl.io.atomic import check_output

    if in_place and output is not None:
        raise click.UsageError("use either -o/--output or --in-place, not both")
    if in_place:
        output = workbook
    target = None
    if output is not None:
        if output.suffix.lower() not in (".xlsx", ".xlsm"):
            raise click.UsageError(f"the evaluated workbook must be .xlsx or .xlsm, not {output.name}")
        target = check_output(output, inputs=[workbook], force=force, in_place=in_place)
    try:
        loaded = load_and_analyze(workbook)
    except VsmError as exc:
        if fmt == "json":  # scripts reading stdout get the problems in the same language
            click.echo(json.dumps(_error_json(exc), indent=2, ensure_ascii=False))
        raise
    click.echo(_render(loaded, fmt), nl=False)
    if fmt in ("yaml", "md"):  # table and json list the warnings themselves
        echo_warnings(loaded.warnings)
    if target is not None:
        _write_evaluated(loaded, target)
        click.echo(f"Wrote {target}", err=True)


def _error_json(exc: VsmError) -> dict:
    problems = getattr(exc, "problems", None) or (Problem(exc.message, exc.location),)
    return {"error": str(exc).splitlines()[0],
            "problems": [{"cell": p.location, "message": p.message} for p in problems]}


def _render(loaded, fmt: str) -> str:
    if fmt == "json":
        from vsm_xl.io.json_report import report_json

        return report_json(loaded.analysis, loaded.warnings) + "\n"
    if fmt == "yaml":
        from vsm_xl.io.yaml_io import dump_yaml

        return dump_yaml(loaded.stream, loaded.analysis)
    if fmt == "md":
        from vsm_xl.io.markdown import markdown_summary

        return markdown_summary(loaded.analysis)
    from vsm_xl.io.tables import render_tables

    return render_tables(loaded.analysis, loaded.warnings)


def _write_evaluated(loaded, target: Path) -> None:
    from vsm_xl.workbook.read.reader import read_workbook
    from vsm_xl.workbook.writer import write_evaluated, write_template

    if loaded.workbook is not None:  # the workbook as read: no second parse, no second analysis
        write_evaluated(loaded.workbook, target)
        return
    # a YAML model: lay it out in the template first, then write the evaluated copy of that
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / (target.stem + ".xlsx")
        write_template(staged, loaded.stream)
        write_evaluated(read_workbook(staged, analyze_it=False), target, loaded.analysis)
