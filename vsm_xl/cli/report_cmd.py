"""vsm-xl report: one self-contained HTML report (charts inside, no network, prints to PDF)."""
from __future__ import annotations

from pathlib import Path

import click

from vsm_xl.core.sensitivity import DEFAULT_DISTRIBUTION, DEFAULT_DRAWS, DISTRIBUTIONS


@click.command("report")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write (e.g. report.html).")
@click.option("--draws", type=click.IntRange(min=0), default=DEFAULT_DRAWS, show_default=True,
              help="Random draws of the values given as low / likely / high (sensitivity section) and of "
                   "the weights too (SMAA-2 section; 0: no SMAA).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the random draws.")
@click.option("--distribution", type=click.Choice(DISTRIBUTIONS), default=DEFAULT_DISTRIBUTION,
              show_default=True, help="How a value is drawn from its low / likely / high.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def command(workbook, output, draws, seed, distribution, force):
    """Write the report of WORKBOOK (.xlsx from the template, or a .yaml model) as ONE HTML file.

    The Value Stream Analysis Summary (current metrics, top wastes, future-state targets,
    improvement priorities and roadmap), the current state against every target condition,
    the value stream maps (Mermaid source and the timeline chart), the evaluation (weights
    with scheme, CR, participants and consensus; partial benefits; G; the WBF ranking;
    indifference curves), its sensitivity and its SMAA-2 acceptabilities (rank acceptability
    chart, central weights, confidence factors, winning indices). Charts are embedded: the file needs no network
    and prints well to PDF from any browser.
    """
    from vsm_xl.cli.common import echo_warnings, load_and_analyze
    from vsm_xl.io.atomic import check_output

    if output.suffix.lower() not in (".html", ".htm"):
        raise click.UsageError(f"the report is written as .html, not {output.name}")
    target = check_output(output, inputs=[workbook], force=force)
    loaded = load_and_analyze(workbook)
    found = smaa = None
    if loaded.analysis.evaluation is not None:
        from vsm_xl.core.sensitivity import analysis_sensitivity
        from vsm_xl.core.smaa import analysis_smaa

        found = analysis_sensitivity(loaded.analysis, draws=draws, seed=seed, distribution=distribution)
        if draws:
            smaa = analysis_smaa(loaded.analysis, draws=draws, seed=seed, distribution=distribution)
    from vsm_xl.report.html import write_report

    echo_warnings(loaded.warnings)
    from vsm_xl.eventlog.report_history import history_of

    size = write_report(loaded.analysis, target, found, loaded.warnings, smaa=smaa, history=history_of(workbook))
    click.echo(f"Wrote {target} ({size / 1024:.0f} kB)", err=True)
