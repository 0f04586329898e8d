"""vsm-xl portfolio: one overview of many value streams (template workbooks, or team
spreadsheets converted on the fly): a workbook, Parquet, JSON or CSV.

Exit code: 0 every file read, 1 some file could not be read, 2 usage error."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from vsm_xl.cli.common import check_cluster_option

_FORMATS = ("table", "json", "csv")


@click.command("portfolio")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the portfolio here: .xlsx (table, bands, chart; at most 1,048,572 rows), "
                   ".parquet, .csv or .json (these three streamed: any number of rows).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default=None,
              help="Print the rows as a table (default without -o), JSON or CSV.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Files read in parallel processes (default: the number of cores).")
@click.option("--cluster", metavar="ADDRESS",
              help="Read the files on a Dask cluster: a scheduler address (tcp://host:8786) or local[:N] "
                   "(N worker processes on this machine). Needs the 'dask' extra.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal only).")
def command(inputs, output, fmt, jobs, cluster, force, progress):
    """One row per value stream and state across INPUT workbooks (files or folders).

    Each row: file, value stream, state, total PT/LT/WT, flow efficiency and its band,
    rolled %C&A, WIP, capacity constraint, largest delay and, where the workbook has an
    evaluation, the best alternative and its WBF. Files that are not template workbooks
    are converted on the fly (as `vsm-xl convert` reads them). Without -o the rows are
    printed only.
    """
    from vsm_xl.io.atomic import OutputError, check_output
    from vsm_xl.workers.parallel import default_jobs
    from vsm_xl.portfolio.collect import build_portfolio, rows_table
    from vsm_xl.portfolio.outputs import FILE_SUFFIXES, Collected, Outputs, Printed, file_output, require_pyarrow

    check_cluster_option(cluster, jobs, "read the files")
    target = None
    if output is not None:
        if output.suffix.lower() not in FILE_SUFFIXES:
            raise click.UsageError(f"the portfolio is written as .xlsx, .parquet, .json or .csv, not {output.name}")
        try:
            target = check_output(output, force=force)
        except OutputError as exc:
            raise click.UsageError(str(exc)) from None
        if target.suffix.lower() == ".parquet":
            require_pyarrow()
    outputs = []
    if target is not None:
        outputs.append(file_output(target))
    if target is None or fmt is not None:
        if fmt in ("json", "csv"):
            outputs.append(Printed(fmt))
        else:
            outputs.append(Collected(lambda whole: click.echo(_ended(rows_table(whole)), nl=False)))
    with Outputs(outputs) as sink:
        portfolio = build_portfolio(inputs, jobs=jobs or default_jobs(), progress=progress,
                                    skip=[target] if target is not None else (), cluster=cluster, sink=sink.add)
        if not portfolio.files:  # the inputs exist (click checks): folders without spreadsheets
            raise click.UsageError("no .xlsx, .xlsm or .csv files in " + ", ".join(str(i) for i in inputs))
        sink.finish(portfolio)
    if target is not None:
        click.echo(f"Wrote {target}: {portfolio.row_count} rows from {portfolio.files} files", err=True)
    if portfolio.converted:
        click.echo(f"Converted on the fly (not template workbooks): {', '.join(portfolio.converted)}", err=True)
    if portfolio.failures:
        click.echo(f"Not read ({len(portfolio.failures)} of {portfolio.files}):", err=True)
        for name, reason in portfolio.failures:
            click.echo(f"  {name}: {reason}", err=True)
    sys.exit(1 if portfolio.failures else 0)


def _ended(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"
