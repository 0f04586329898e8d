"""vsm-xl export: a workbook (or model) as YAML, JSON, Mermaid flowcharts, a Markdown summary,
or the value stream maps as a picture (SVG or PNG)."""
from __future__ import annotations

from pathlib import Path

import click

from vsm_xl.cli.common import echo_warnings, load_and_analyze, write_output

PICTURES = ("svg", "png")


@click.command("export")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(["yaml", "json", "mermaid", "md", *PICTURES]), required=True,
              help="yaml: the interchange format with computed totals; json: the evaluation report; "
                   "mermaid: one raw Mermaid diagram (.mmd) with a subgraph per state, the capacity "
                   "constraint and the largest delay marked; md: the Value Stream Analysis Summary "
                   "with a fenced Mermaid flowchart per state; svg, png: the value stream map of every "
                   "state (supplier, customer with takt, production control and information arrows, "
                   "process and data boxes, inventory, push/FIFO/supermarket, kaizen bursts, the "
                   "timeline), ALL STATES IN ONE FILE stacked top to bottom, current state first "
                   "(--state NAME for one state's map). png needs -o.")
@click.option("--state", "state", metavar="NAME", help="svg, png: draw only the state of this name.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of printing.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def command(workbook, fmt, output, force, state):
    """Export WORKBOOK (.xlsx from the template, or a .yaml model) to another format."""
    if state is not None and fmt not in PICTURES:
        raise click.UsageError("--state is for --to svg or --to png")
    if fmt == "png" and output is None:
        raise click.UsageError("--to png writes a file: give -o map.png")
    loaded = load_and_analyze(workbook)
    if fmt in PICTURES:
        _picture(loaded, fmt, state, output, workbook, force)
        return
    if fmt == "yaml":
        from vsm_xl.io.yaml_io import dump_yaml

        text = dump_yaml(loaded.stream, loaded.analysis)
    elif fmt == "json":
        from vsm_xl.io.json_report import report_json

        text = report_json(loaded.analysis, loaded.warnings) + "\n"
    elif fmt == "mermaid":
        from vsm_xl.io.mermaid import mermaid_document

        text = mermaid_document(loaded.analysis, fenced=False)
    else:
        from vsm_xl.io.markdown import markdown_summary

        text = markdown_summary(loaded.analysis)
    echo_warnings(loaded.warnings)
    write_output(text, output, inputs=[workbook], force=force)


def _picture(loaded, fmt, state, output, workbook, force) -> None:
    from vsm_xl.api import map_drawings

    drawings = map_drawings(loaded.analysis, state=state)
    echo_warnings(loaded.warnings)
    if fmt == "svg":
        from vsm_xl.io.map_svg import svg_text

        write_output(svg_text(drawings), output, inputs=[workbook], force=force)
        return
    from vsm_xl.io.atomic import atomic_path, check_output
    from vsm_xl.report.map_png import png_bytes

    target = check_output(output, inputs=[workbook], force=force)
    data = png_bytes(drawings)
    with atomic_path(target) as temporary:
        Path(temporary).write_bytes(data)
    click.echo(f"Wrote {target}", err=True)
