"""vsm-xl mine: the current state measured from an event log (CSV, XLSX, XES), written as a
new model or refreshed into an existing workbook with its History."""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("mine")
@click.argument("log", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the measured current state: stream.yaml, .json or workbook.xlsx (with the "
                   "Measurement and History sheets).")
@click.option("--refresh", "refresh", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Replace the current state of this workbook with the measurement (in place, atomically), keeping "
                   "targets, improvements and the evaluation, and append a row to its History sheet.")
@click.option("--case", metavar="COLUMN", help="The case id column (default: found by its header).")
@click.option("--activity", metavar="COLUMN", help="The activity column.")
@click.option("--start", metavar="COLUMN", help="The start time column.")
@click.option("--end", metavar="COLUMN", help="The end time column (or the one timestamp).")
@click.option("--resource", metavar="COLUMN", help="The resource column.")
@click.option("--from", "period_from", metavar="DATE", help="Only cases lying wholly after this (2026-03-01).")
@click.option("--to", "period_to", metavar="DATE", help="Only cases lying wholly before this.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal only).")
def command(log, output, refresh, case, activity, start, end, resource, period_from, period_to, force, progress):
    """Measure the current state from the event LOG (.csv, .xlsx or .xes).

    Per activity of the main path: PT, WT and LT (medians, with p10/p90 on the Measurement
    sheet), WIP in front of the step (time-average, Little's law beside it), %C&A, owners and
    resources per day; activities that run in parallel become parallel branches. Without -o or
    --refresh the measurement is printed.
    """
    from vsm_xl.io.atomic import check_output
    from vsm_xl.io.tables import render_tables
    from vsm_xl.core.analysis import analyze
    from vsm_xl.eventlog.outputs import refresh_workbook, write_mined
    from vsm_xl.eventlog.run import mine_log, stream_of

    if output and refresh and output.suffix.lower() != ".xlsx":
        raise click.UsageError("with --refresh, -o names the refreshed copy (.xlsx)")
    target = check_output(output, inputs=[log, refresh], force=force) if output else None
    if refresh:
        check_output(refresh, in_place=True)
    bar = _bar(progress)
    try:
        mined = mine_log(log, case=case, activity=activity, start=start, end=end, resource=resource,
                         period_from=period_from, period_to=period_to, progress=bar.update if bar else None)
    finally:
        if bar:
            bar.close()
    m = mined.mining
    click.echo(f"{mined.source}: {m.cases} cases, {m.events} events, {mined.period_text}; "
               f"{len(m.steps)} steps on the main path ({m.main_path_share:.0%} of the cases follow it)"
               + (f"; {m.excluded_cases} cases excluded (events outside the period)" if m.excluded_cases else ""))
    if not m.two_timestamps:
        click.echo("Note: one timestamp per event: PT is not measured; type each step's PT.", err=True)
    if refresh:
        written = refresh_workbook(mined, refresh, target)
        click.echo(f"refreshed {written}: current state replaced, History row added")
    elif target:
        stream = stream_of(mined)
        write_mined(mined, stream, target)
        click.echo(f"wrote {target}")
    else:
        stream = stream_of(mined)
        if m.two_timestamps:
            click.echo(render_tables(analyze(stream)))
    sys.exit(0)


def _bar(progress):
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return None
    return _Bar()


class _Bar:
    """A rich progress bar of the bytes (or rows) read."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("reading the log"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self.progress.start()
        self.task = self.progress.add_task("log", total=None)

    def update(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done, total=total)

    def close(self) -> None:
        self.progress.stop()
