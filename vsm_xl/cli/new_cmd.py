"""vsm-xl new: a blank template workbook, or one filled from a YAML model."""
from __future__ import annotations

from pathlib import Path

import click


@click.command("new")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Workbook to write (default: value_stream.xlsx, or the YAML's name with .xlsx, in the current folder).")
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Fill the workbook from this YAML/JSON model (the interchange format).")
@click.option("--force", is_flag=True, help="Overwrite the output if it exists.")
def command(output, source, force):
    """Write a blank template workbook, or one filled from a YAML model.

    The workbook computes live with the VSM_* functions once the xlwings add-in is enabled
    (see its Guide sheet); without it, it shows the figures saved in it by vsm-xl.
    """
    from vsm_xl.io.atomic import check_output
    from vsm_xl.workbook.writer import write_template

    stream = None
    if source is not None and source.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise click.BadParameter(f"cannot read {source.suffix or 'files without a suffix'} "
                                 "(use a .yaml, .yml or .json model)", param_hint="--from")
    if source is not None:
        from vsm_xl.io.yaml_io import read_yaml

        stream = read_yaml(source)
    if output is None:
        output = Path(source.stem + ".xlsx") if source is not None else Path("value_stream.xlsx")
    target = check_output(output, inputs=[source], force=force)
    write_template(target, stream)
    what = f"from {source}" if source is not None else "blank template"
    click.echo(f"Wrote {target} ({what})", err=True)
