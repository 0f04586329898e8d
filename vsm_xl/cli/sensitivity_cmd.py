"""vsm-xl sensitivity: how stable the ranking of the alternatives is, for every weight and for
the values given as low / likely / high."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from vsm_xl.core.sensitivity import DEFAULT_DISTRIBUTION, DEFAULT_DRAWS, DISTRIBUTIONS

PROGRESS_FROM = 20000  # draws: a progress bar on a terminal from this many on


@click.command("sensitivity")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table: readable tables; json: weights[] and alternatives[] for scripts.")
@click.option("--draws", type=click.IntRange(min=0), default=DEFAULT_DRAWS, show_default=True,
              help="Random draws of the values given as low / likely / high (0: none).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the random draws: the same seed gives the same result.")
@click.option("--distribution", type=click.Choice(DISTRIBUTIONS), default=DEFAULT_DISTRIBUTION,
              show_default=True, help="How a value is drawn from its low / likely / high: triangular, "
                                      "or Beta-PERT (mean (low + 4 likely + high) / 6).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of printing.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--progress/--no-progress", default=None,
              help=f"Show a progress bar (default: on a terminal, from {PROGRESS_FROM} draws).")
def command(workbook, fmt, draws, seed, distribution, output, force, progress):
    """How stable the ranking of WORKBOOK's alternatives is (.xlsx from the template, or a .yaml model).

    For every indicator's weight: the interval in which the best alternative stays best while
    the weight moves and the other weights of its group keep their proportions, and which
    alternative takes over at each end. For the values given as low / likely / high: DRAWS
    seeded random draws giving each alternative's probability of ranking first and the spread
    of its WBF (P5, median, P95).
    """
    from vsm_xl.cli.common import echo_warnings, load_and_analyze, write_output
    from vsm_xl.core.sensitivity import analysis_sensitivity
    from vsm_xl.io.sensitivity_report import render_sensitivity, sensitivity_json

    loaded = load_and_analyze(workbook)
    if progress is None:
        progress = sys.stderr.isatty() and draws >= PROGRESS_FROM
    bar = _Bar(draws) if progress and draws else None
    try:
        found = analysis_sensitivity(loaded.analysis, draws=draws, seed=seed, distribution=distribution,
                                     progress=bar.update if bar else None)
    finally:
        if bar:
            bar.close()
    echo_warnings(loaded.warnings)
    text = sensitivity_json(found) + "\n" if fmt == "json" else render_sensitivity(found)
    write_output(text, output, inputs=[workbook], force=force)


class _Bar:
    """A rich progress bar on stderr, advanced by the number of draws done."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("Drawing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=Console(stderr=True), transient=True)
        self.progress.start()
        self.task = self.progress.add_task("draws", total=total)

    def update(self, done: int) -> None:
        self.progress.update(self.task, completed=done)

    def close(self) -> None:
        self.progress.stop()
