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
@click.option("--smaa", is_flag=True,
              help="Also SMAA-2: weights drawn too; rank acceptabilities, central weights, confidence "
                   "factors and the pairwise winning matrix (JSON: the smaa key).")
@click.option("--smaa-weights", "smaa_weights", multiple=True, metavar="GROUP=MODE",
              help="How SMAA draws a group's weights: auto (default: the team's range where a team "
                   "judged, else simplex), simplex, team or fixed; e.g. monetary=fixed. Repeatable.")
def command(workbook, fmt, draws, seed, distribution, output, force, progress, smaa, smaa_weights):
    """How stable the ranking of WORKBOOK's alternatives is (.xlsx from the template, or a .yaml model).

    For every indicator's weight: the interval in which the best alternative stays best while
    the weight moves and the other weights of its group keep their proportions, and which
    alternative takes over at each end. For the values given as low / likely / high: DRAWS
    seeded random draws giving each alternative's probability of ranking first and the spread
    of its WBF (P5, median, P95). With --smaa the weights are drawn as well (SMAA-2): each
    alternative's share of every rank, its central weights, its confidence factor and how often
    it beats each other alternative.
    """
    from vsm_xl.cli.common import echo_warnings, load_and_analyze, write_output
    from vsm_xl.core.sensitivity import analysis_sensitivity
    from vsm_xl.io.sensitivity_report import render_sensitivity, sensitivity_json

    if smaa_weights and not smaa:
        raise click.UsageError("--smaa-weights says how SMAA-2 draws the weights: add --smaa")
    sampling = _sampling(smaa_weights)
    loaded = load_and_analyze(workbook)
    if progress is None:
        progress = sys.stderr.isatty() and draws >= PROGRESS_FROM
    found = _with_bar(analysis_sensitivity, loaded.analysis, draws, progress, seed=seed, distribution=distribution)
    acceptability = None
    if smaa:
        from vsm_xl.core.smaa import analysis_smaa

        acceptability = _with_bar(analysis_smaa, loaded.analysis, draws, progress, seed=seed,
                                  distribution=distribution, sampling=sampling)
    echo_warnings(loaded.warnings)
    if fmt == "json":
        text = sensitivity_json(found, smaa=acceptability) + "\n"
    else:
        text = render_sensitivity(found)
        if acceptability is not None:
            from vsm_xl.io.smaa_report import render_smaa

            text += "\n" + render_smaa(acceptability)
    write_output(text, output, inputs=[workbook], force=force)


def _with_bar(compute, analysis, draws: int, progress: bool, **options):
    """``compute(analysis, draws=draws, **options)`` with a progress bar when asked for."""
    bar = _Bar(draws) if progress and draws else None
    try:
        return compute(analysis, draws=draws, progress=bar.update if bar else None, **options)
    finally:
        if bar:
            bar.close()


def _sampling(pairs) -> dict:
    """``("monetary=fixed", ...)`` as ``{"monetary": "fixed"}`` (checked by the core)."""
    found = {}
    for pair in pairs:
        group, sep, mode = pair.partition("=")
        if not sep or not group.strip() or not mode.strip():
            raise click.BadParameter(f"{pair!r}: use GROUP=MODE, e.g. monetary=fixed", param_hint="--smaa-weights")
        found[group.strip()] = mode.strip()
    return found


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
