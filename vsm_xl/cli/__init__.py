"""The ``vsm-xl`` command. Each verb lives in its own module (``vsm_xl/cli/<verb>_cmd.py``,
defining a click command named ``command``) and is imported only when used, so that
``vsm-xl --help`` stays fast."""
from __future__ import annotations

import importlib
import os
import sys

import click

from vsm_xl.core.version import __version__
from vsm_xl.core.errors import VsmError

# verb -> (module, one-line help shown in `vsm-xl --help`)
VERBS = {
    "functions": ("vsm_xl.cli.functions_cmd", "List the VSM_* Excel cell functions with their help."),
    "new": ("vsm_xl.cli.new_cmd", "Write a blank template workbook, or one filled from YAML."),
    "evaluate": ("vsm_xl.cli.evaluate_cmd", "Check and evaluate a workbook or YAML model; print and write results."),
    "export": ("vsm_xl.cli.export_cmd", "Export a workbook as YAML, JSON, Mermaid or a Markdown summary."),
    "convert": ("vsm_xl.cli.convert_cmd", "Convert team spreadsheets (xlsx, xlsm, csv) into template workbooks."),
    "portfolio": ("vsm_xl.cli.portfolio_cmd", "One overview of many value streams (workbook, JSON or CSV)."),
    "sensitivity": ("vsm_xl.cli.sensitivity_cmd", "How stable the ranking is: weight intervals and a seeded simulation."),
    "report": ("vsm_xl.cli.report_cmd", "Write one self-contained HTML report with charts (prints well to PDF)."),
    "mine": ("vsm_xl.cli.mine_cmd", "Measure the current state from an event log; refresh a workbook with it."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx):
        return list(VERBS)

    def get_command(self, ctx, name):
        if name not in VERBS:
            return None
        module_name, short = VERBS[name]
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            return None
        command = module.command
        command.short_help = command.short_help or short
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vsm-xl")
@click.option("--max-expanded-mb", type=click.FloatRange(min=0, min_open=True), metavar="MB",
              help="Budget: refuse workbooks whose parts expand to more than MB megabytes (default 200).")
@click.option("--max-ratio", type=click.IntRange(min=1), metavar="N",
              help="Budget: refuse workbook parts compressed more than N:1 (default 100; zip bombs).")
@click.option("--max-rows", type=click.IntRange(min=1), metavar="N",
              help="Budget: refuse tables of more than N rows (default 100,000).")
@click.option("--max-cells", type=click.IntRange(min=1), metavar="N",
              help="Budget: refuse worksheets of more than N filled cells or shared strings (default 5,000,000).")
@click.option("--max-depth", type=click.IntRange(min=1), metavar="N",
              help="Budget: refuse YAML/JSON models nested more than N levels (default 40).")
def cli(max_expanded_mb, max_ratio, max_rows, max_cells, max_depth):
    """vsm_xl: value stream mapping and the comprehensive evaluation of value streams.

    Start with `vsm-xl evaluate examples/claims_handling.xlsx`, or `vsm-xl new -o my.xlsx`.
    Hostile or huge files are refused within budgets (see SECURITY.md); the --max-* options
    raise them for a genuine large file.
    """
    changes = {"max_ratio": max_ratio, "max_rows": max_rows, "max_cells": max_cells, "max_depth": max_depth,
               "max_expanded_bytes": int(max_expanded_mb * 1_000_000) if max_expanded_mb else None}
    changes = {k: v for k, v in changes.items() if v is not None}
    if changes:
        from vsm_xl.core import limits

        limits.configure(**changes)


def main(argv=None):
    """Entry point: runs the CLI; a VsmError becomes `Error: message` and exit code 1.
    SIGTERM and Ctrl-C remove the temporary files of unfinished writes."""
    from vsm_xl.io.atomic import install_signal_cleanup, report_stale_to

    install_signal_cleanup()
    report_stale_to(lambda text: click.echo(f"Note: {text}", err=True))
    try:
        cli.main(args=argv, prog_name="vsm-xl", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except VsmError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except (OSError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:  # a crash of vsm_xl's own code: said as such, its traceback kept
        log = _internal_error_log(exc)
        what = str(exc) if hasattr(exc, "trace") else f"{type(exc).__name__}: {exc}"  # parallel.Crash: says it
        click.echo(f"Internal error (a bug in vsm_xl, not a problem with your files): {what[:300]}\n"
                   f"The traceback is in {log}; please report it.", err=True)
        sys.exit(2)
    sys.exit(0)


def _internal_error_log(exc: BaseException) -> str:
    """Write the traceback of a crash (and that of the worker it came from) to a new file in the
    temporary folder; its path, or a note that it could not be written."""
    import tempfile
    import traceback

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    trace = getattr(exc, "trace", "")  # vsm_xl.workers.parallel.Crash.error(): the worker's traceback
    if trace:
        text += "\nIn the worker process:\n" + trace
    try:
        fd, path = tempfile.mkstemp(prefix="vsm-xl-internal-error-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(f"vsm-xl {' '.join(sys.argv[1:])}\n\n{text}")
    except OSError:
        return "(not written: the temporary folder is not writable)"
    return path


if __name__ == "__main__":  # python -m vsm_xl.cli
    main()
