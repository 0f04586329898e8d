"""vsm-xl convert: team spreadsheets of any shape (.xlsx, .xlsm, .csv, or folders of them)
into template workbooks and YAML, with a conversion log saying how each file was read.

Exit code: 0 every file converted, 1 some file was not converted, 2 usage error."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from vsm_xl.cli.common import check_cluster_option


@click.command("convert")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the workbooks, the YAML files and the conversion log (created if missing).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Files converted in parallel processes (default: the number of cores).")
@click.option("--cluster", metavar="ADDRESS",
              help="Convert on a Dask cluster: a scheduler address (tcp://host:8786) or local[:N] (N worker "
                   "processes on this machine). The workers send the outputs back; this process writes them. "
                   "Needs the 'dask' extra.")
@click.option("--force", is_flag=True, help="Overwrite outputs that exist already.")
@click.option("--hours-per-day", type=click.FloatRange(min=0, min_open=True, max=24), default=None,
              help="Read days in the sheets as working days of this many hours (default: 24, calendar time).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: on a terminal only).")
@click.option("-q", "--quiet", is_flag=True, help="Print only the files that were not converted.")
def command(inputs, outdir, jobs, cluster, force, hours_per_day, progress, quiet):
    """Convert team spreadsheets (INPUT files or folders) into template workbooks.

    Finds the steps table wherever it sits (title rows, notes beside, several sheets, a state
    column), understands English and German headers and units, and writes for every input
    OUTDIR/<name>.xlsx and OUTDIR/<name>.yaml, plus conversion-log.md and conversion-log.json.
    Ambiguous readings are taken as the most likely one, listed in the log and marked in the
    workbook (cell comments and a "Conversion notes" sheet). A bad file never stops the run.
    """
    from vsm_xl.convert.run import LOG_JSON, LOG_MD, convert_many, expand_inputs
    from vsm_xl.core.durations import CALENDAR, DurationRule

    check_cluster_option(cluster, jobs, "convert the files")
    if outdir.exists() and not outdir.is_dir():
        raise click.UsageError(f"{outdir} is a file; -o needs a folder")
    files, _ = expand_inputs(inputs, skip_under=outdir)
    if not files:
        raise click.UsageError("no .xlsx, .xlsm or .csv files in " + ", ".join(str(i) for i in inputs))
    for name in (LOG_MD, LOG_JSON):
        if (outdir / name).exists() and not force:
            raise click.UsageError(f"{outdir / name} already exists; use --force to overwrite the outputs")
    outdir.mkdir(parents=True, exist_ok=True)
    rule = CALENDAR if hours_per_day is None else DurationRule(hours_per_day=hours_per_day)
    logs = convert_many(inputs, outdir, jobs=jobs, force=force, rule=rule, progress=progress, cluster=cluster)
    converted = [log for log in logs if log.ok]
    failed = [log for log in logs if not log.ok]
    if not quiet:
        for log in converted:
            states = ", ".join(f"{s['name']} ({s['steps']} steps)" for s in log.states)
            flags = _flags(log)
            click.echo(f"converted  {log.source} -> {log.outputs[0]}: {states}{flags}")
    if failed:
        click.echo(f"\nNot converted ({len(failed)} of {len(logs)}):", err=True)
        for log in failed:
            click.echo(f"  {log.source}: {log.reason}", err=True)
    if not quiet:
        click.echo(f"\n{len(converted)} of {len(logs)} files converted into {outdir}; "
                   f"see {outdir / LOG_MD}")
    sys.exit(1 if failed else 0)


def _flags(log) -> str:
    ambiguous = sum(1 for n in log.notes if n.level == "ambiguous")
    warnings = sum(1 for n in log.notes if n.level == "warning")
    parts = []
    if ambiguous:
        parts.append(f"{ambiguous} ambiguous")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f" [{', '.join(parts)}]" if parts else ""
