"""vsm-xl export: a workbook (or model) as YAML, JSON, Mermaid flowcharts or a Markdown summary."""
from __future__ import annotations

from pathlib import Path

import click

from vsm_xl.cli.common import echo_warnings, load_and_analyze, write_output


@click.command("export")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(["yaml", "json", "mermaid", "md"]), required=True,
              help="yaml: the interchange format with computed totals; json: the evaluation report; "
                   "mermaid: one raw Mermaid diagram (.mmd) with a subgraph per state, the capacity "
                   "constraint and the largest delay marked; md: the Value Stream Analysis Summary "
                   "with a fenced Mermaid flowchart per state.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of printing.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
def command(workbook, fmt, output, force):
    """Export WORKBOOK (.xlsx from the template, or a .yaml model) to another format."""
    loaded = load_and_analyze(workbook)
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
