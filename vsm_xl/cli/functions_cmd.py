"""vsm-xl functions: the catalogue of VSM_* cell functions, read from the functions themselves
(their xlwings metadata: docstring, arguments, each argument's doc and default)."""
from __future__ import annotations

import json
import sys

import click


def catalogue(names=()) -> list[dict]:
    """One entry per cell function: name, Excel signature, one-line help, arguments."""
    from vsm_xl import udfs

    wanted = {_excel_name(n) for n in names}
    unknown = wanted - set(udfs.__all__)
    if unknown:
        raise click.BadParameter(f"no cell function {', '.join(sorted(unknown))} "
                                 f"(see `vsm-xl functions`)", param_hint="NAME")
    entries = []
    for name in udfs.__all__:
        if wanted and name not in wanted:
            continue
        meta = getattr(udfs, name).__xlfunc__
        arguments = [{"name": a["name"], "optional": "optional" in a, "default": a.get("optional"),
                      "doc": a["doc"]} for a in meta["args"]]
        excel_name = meta.get("excel_name") or meta["name"]
        shown = ", ".join(f"[{a['name']}]" if a["optional"] else a["name"] for a in arguments)
        entries.append({
            "name": excel_name,
            "signature": f"{excel_name}({shown})",
            "help": (meta["ret"]["doc"] or "").strip().splitlines()[0] if meta["ret"]["doc"] else "",
            "category": meta.get("category", "VSM"),
            "arguments": arguments,
        })
    return entries


def _excel_name(name: str) -> str:
    name = name.strip().upper()
    return name if name.startswith("VSM_") else "VSM_" + name


def _shown(argument: dict) -> str:
    return f"[{argument['name']}]" if argument["optional"] else argument["name"]


def _default(argument: dict) -> str:
    default = argument["default"]
    if not argument["optional"] or default is None:
        return ""
    return f"{default:g}" if isinstance(default, (int, float)) and not isinstance(default, bool) else str(default)


def as_markdown(entries) -> str:
    def cell(text):
        return str(text).replace("|", "\\|")

    lines = ["# VSM_* cell functions", ""]
    for entry in entries:
        lines += [f"## `{entry['signature']}`", "", entry["help"], "",
                  "| argument | default | description |", "|---|---|---|"]
        lines += [f"| `{_shown(a)}` | {cell(_default(a))} | {cell(a['doc'])} |" for a in entry["arguments"]]
        lines.append("")
    return "\n".join(lines)


def as_text(entries) -> str:
    """The plain table (without rich)."""
    lines = []
    for entry in entries:
        lines += [entry["signature"], f"    {entry['help']}"]
        width = max((len(_shown(a)) for a in entry["arguments"]), default=0)
        for a in entry["arguments"]:
            lines.append(f"    {_shown(a):<{width}}  {a['doc']}")
        lines.append("")
    return "\n".join(lines)


def print_table(entries) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # rich is a dependency, but the catalogue must not need it
        click.echo(as_text(entries))
        return
    table = Table(title="VSM_* cell functions (Excel category VSM)", show_lines=True, expand=False)
    table.add_column("function", overflow="fold", style="bold", no_wrap=False)
    table.add_column(_escape("arguments ([optional])"), overflow="fold")
    for entry in entries:
        arguments = "\n".join(f"{_shown(a)}: {a['doc']}" for a in entry["arguments"])
        table.add_row(f"{_escape(entry['signature'])}\n[not bold]{_escape(entry['help'])}[/not bold]",
                      _escape(arguments))
    Console(file=sys.stdout, soft_wrap=False).print(table)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


@click.command("functions")
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "md"]), default="table", show_default=True,
              help="table: readable in a terminal; json: for tools; md: Markdown for documentation.")
def command(names, fmt):
    """List the VSM_* Excel cell functions with their help and arguments.

    Give NAMEs (VSM_WBF or just wbf) to show only those.
    """
    entries = catalogue(names)
    if fmt == "json":
        click.echo(json.dumps({"functions": entries}, indent=2, ensure_ascii=False))
    elif fmt == "md":
        click.echo(as_markdown(entries))
    else:
        print_table(entries)
