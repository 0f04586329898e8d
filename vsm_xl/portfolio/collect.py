"""One overview of many value streams: a row per value stream and state with its totals,
flow efficiency and band, rolled %C&A, WIP, both bottlenecks and, where the workbook has an
evaluation, the best alternative and its WBF.

Template workbooks are read by the one template reader, as ``vsm-xl evaluate`` reads them;
other spreadsheets (.xlsx, .xlsm, .csv team sheets) are converted on the fly as ``vsm-xl convert`` would read
them. A file that cannot be read is listed with its reason and never stops the others.

Row keys are those of the ``states`` entries of ``vsm-xl evaluate --format json``
(:func:`vsm_xl.io.json_report.report_dict`) plus ``file``, ``value_stream``,
``best_alternative`` and ``best_wbf``.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

# The states entries' contract keys of evaluate --format json, in its order.
STATE_KEYS = (
    "name", "total_process_time_minutes", "total_lead_time_minutes", "total_wait_time_minutes",
    "flow_efficiency", "flow_rating", "rolled_complete_accurate", "wip_total",
    "capacity_constraint", "largest_delay",
)
ROW_KEYS = ("file", "value_stream", *STATE_KEYS, "kind", "step_count", "takt_time_minutes", "best_alternative",
            "best_wbf")
PORTFOLIO_SUFFIXES = (".xlsx", ".xlsm", ".csv")
# what the displayed outputs (the printed table, the workbook) need to write a time by the one
# display rule: the stream's working day and display setting; not a column of the data outputs
DISPLAY_KEYS = ("day_minutes", "display_unit")


@dataclass
class Portfolio:
    """The rows (dicts with :data:`ROW_KEYS`), in file order, and the files that failed."""

    rows: list[dict] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    files: int = 0
    converted: list[str] = field(default_factory=list)  # team sheets read on the fly
    guessed: dict = field(default_factory=dict)  # file -> readings the conversion chose among several
    row_count: int = 0  # rows read (also those given to a sink and not kept in ``rows``)

    @property
    def ok(self) -> bool:
        return not self.failures


def analysis_of(path: Path, log=None):
    """The analysis of the value stream in ``path`` and whether it was converted from a team
    sheet. A template workbook is read by the one template reader (nothing is written), so it is
    accepted or refused with the same figures, or the same problems at the same cells, as
    ``vsm-xl evaluate``; other files are converted on the fly
    (``log``: the FileLog their conversion notes go to)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from vsm_xl.workbook.read.reader import read_template

        read = read_template(path)
        if read is not None:
            return read.analysis, False
    from vsm_xl.convert.log import FileLog
    from vsm_xl.convert.sources import open_source
    from vsm_xl.convert.tables import read_stream
    from vsm_xl.core.analysis import analyze

    return analyze(read_stream(open_source(path), log if log is not None else FileLog(path.name))), True


def file_rows(item: tuple) -> dict:
    """Rows of one file, ``item = (path, display name)``: ``{"file", "rows", "error",
    "converted"}``. Never raises for a bad file (runs in worker processes)."""
    from vsm_xl.core.errors import VsmError

    path, display = Path(item[0]), item[1]
    try:
        from vsm_xl.io.json_report import report_dict

        from vsm_xl.convert.log import AMBIGUOUS, FileLog

        log = FileLog(path.name)
        analysis, converted = analysis_of(path, log)
        rows = analysis_rows(report_dict(analysis), display)
        stream = analysis.value_stream
        for row in rows:
            row.update(day_minutes=stream.duration_rule.minutes_per("d"), display_unit=stream.display_unit)
        guessed = sum(1 for note in log.notes if note.level == AMBIGUOUS)
        return {"file": display, "rows": rows, "error": None, "converted": converted, "guessed": guessed}
    except (VsmError, OSError, MemoryError) as exc:  # a bad file; anything else is a crash of this code
        reason = str(exc) if isinstance(exc, VsmError) else f"{type(exc).__name__}: {exc}"
        return {"file": display, "rows": [], "error": " ".join(reason.split()) or type(exc).__name__,
                "converted": False}


def analysis_rows(report: dict, display: str) -> list[dict]:
    """Portfolio rows from a ``report_dict``: one per state (one row with blank state
    figures for a stream that has only an evaluation)."""
    evaluation = report.get("evaluation") or {}
    best = evaluation.get("best")
    best_wbf = None
    for alternative in evaluation.get("alternatives", ()):
        if alternative.get("name") == best:
            best_wbf = alternative.get("wbf")
    states = report.get("states") or [{}]
    rows = []
    for state in states:
        row = {"file": display, "value_stream": report.get("name") or Path(display).stem}
        for key in STATE_KEYS:
            row[key] = state.get(key)
        row["kind"] = state.get("kind")
        row["step_count"] = state.get("step_count")
        row["takt_time_minutes"] = state.get("takt_time_minutes")
        row["best_alternative"] = best
        row["best_wbf"] = best_wbf
        rows.append(row)
    return rows


def build_portfolio(inputs: Sequence, *, jobs: int = 1, progress: bool | None = None,
                    skip=(), cluster=None, sink=None) -> Portfolio:
    """Read every input (files or folders) into a :class:`Portfolio`.

    With ``jobs > 1`` the files are read in worker processes, in chunks
    (:func:`vsm_xl.workers.parallel.map_files`); the workers import only what reading needs (no
    openpyxl, pandas or rich: tests/test_parallel.py checks). With ``cluster`` (an address
    ``tcp://host:8786``, ``"local[:N]"`` or a ``dask.distributed.Client``) they are read on a
    Dask cluster (:mod:`vsm_xl.workers.cluster`); the result is the same.

    ``sink``: called with each file's rows, in file order, as they arrive; the rows are then not
    kept in ``Portfolio.rows`` (``Portfolio.row_count`` counts them), so that outputs of any size
    stream (:mod:`vsm_xl.portfolio.outputs`).
    """
    from vsm_xl.io.input_files import find_files
    from vsm_xl.workers.parallel import Crash, iter_files

    # (path, display) as two strings a file: what this process holds grows by about 200 bytes
    # a file, not by the kilobyte of Path objects
    files, missing = find_files(inputs, PORTFOLIO_SUFFIXES)
    skipped = {Path(s).resolve() for s in skip}
    if skipped:
        files = [(p, d) for p, d in files if Path(p).resolve() not in skipped]
    if jobs > 1 and len(files) > 1 and cluster is None:
        # import once here so that forked workers inherit the modules instead of each importing them
        import openpyxl.utils.datetime  # noqa: F401  (the package reader's date rules)
        import python_calamine  # noqa: F401

        import vsm_xl.workbook.xlsx.package  # noqa: F401
        import vsm_xl.workbook.read.reader  # noqa: F401
        import vsm_xl.core.analysis  # noqa: F401
        import vsm_xl.io.json_report  # noqa: F401
    portfolio = Portfolio(files=len(files) + len(missing))
    with contextlib.closing(iter_files(file_rows, files, jobs, "Reading", progress,
                                       name_of=lambda item: item[1], cluster=cluster)) as results:
        for (path, display), result in zip(files, results):
            if isinstance(result, Crash):
                raise result.error()  # a crash of this code, not a bad file
            if isinstance(result, Exception):
                portfolio.failures.append((display, f"the worker process failed: {result}"))
                continue
            if result["error"]:
                portfolio.failures.append((display, result["error"]))
            portfolio.row_count += len(result["rows"])
            if sink is None:
                portfolio.rows.extend(result["rows"])
            elif result["rows"]:
                sink(result["rows"])
            if result["converted"]:
                portfolio.converted.append(display)
            if result.get("guessed"):
                portfolio.guessed[display] = result["guessed"]
    for raw in missing:
        portfolio.failures.append((str(raw), "no such file or folder"))
    return portfolio


def ordered_rows(rows: list[dict]) -> list[dict]:
    """The rows grouped by value stream (a file's stream keeps its states together, in the
    workbook's order: current before future), the stream with the lowest flow efficiency first;
    streams without a figure (evaluation only) last, by name."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row.get("file"), row.get("value_stream")), []).append(row)

    def key(item):
        (file, stream), members = item
        fe = [r["flow_efficiency"] for r in members if r.get("flow_efficiency") is not None]
        return (not fe, min(fe) if fe else 0.0, str(stream or ""), str(file or ""))

    return [row for _, members in sorted(groups.items(), key=key) for row in members]


def stream_label(row: dict) -> str:
    return " – ".join(str(v) for v in (row.get("value_stream"), row.get("name")) if v)


# -- printing -------------------------------------------------------------------------------

def data_row(row: dict) -> dict:
    """A row as the data outputs (JSON, CSV, Parquet) write it: :data:`ROW_KEYS` only."""
    return {k: row.get(k) for k in ROW_KEYS}


def rows_json(rows: list[dict]) -> str:
    return json.dumps([data_row(r) for r in rows], indent=2, ensure_ascii=False) + "\n"


def row_rule(row: dict):
    """The duration rule of a row's stream (its working day)."""
    from vsm_xl.core.durations import CALENDAR, DurationRule

    day = row.get("day_minutes")
    return DurationRule(hours_per_day=day / 60) if day and day != 1440 else CALENDAR


TIME_KEYS = ("total_process_time_minutes", "total_lead_time_minutes", "total_wait_time_minutes")


def time_units(rows) -> dict:
    """The unit of each time column (row key -> unit) by the one display rule (core/display),
    the same in the CLI table and the workbook: the unit of the column's largest figure (each
    stream's working day its own), or the unit every stream's display setting names; PT by
    the process rule, LT and WT by the waiting rule, LT and WT in one unit (read side by side)."""
    from vsm_xl.core import display

    units = {}
    fixed = {r.get("display_unit") or "" for r in rows}
    for source in TIME_KEYS[:2]:
        if len(fixed) == 1 and "" not in fixed:
            units[source] = next(iter(fixed))
            continue
        kind = display.PROCESS if source == "total_process_time_minutes" else display.WAIT
        found = [display.unit_for(r[source], kind, row_rule(r)) for r in rows if r.get(source) is not None]
        units[source] = max(found, key=display.UNITS.index) if found else "h"
    units["total_wait_time_minutes"] = units["total_lead_time_minutes"]
    return units


def shown_time(row: dict, key: str, kind: str, unit: str | None = None) -> str:
    """A row's time (minutes under ``key``) by the display rule of its stream, in ``unit`` when
    given (the column's unit: :func:`time_units`)."""
    from vsm_xl.core import display

    minutes = row.get(key)
    if minutes is None:
        return "-"
    return display.display(minutes, kind, row_rule(row), unit or row.get("display_unit") or None)


def time_figure(row: dict, key: str, kind: str, unit: str) -> str:
    """A row's time as a figure in the column's ``unit`` (written in the header), rounded by the
    one display rule."""
    from vsm_xl.core import display

    minutes = row.get(key)
    if minutes is None:
        return "-"
    return f"{display.shown(minutes, kind, row_rule(row), unit).value:,g}"


def rows_csv(rows: list[dict]) -> str:
    from vsm_xl.io.safe_text import csv_value

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(ROW_KEYS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else csv_value(row.get(k))) for k in ROW_KEYS})
    return buffer.getvalue()


def _fmt(value, kind: str) -> str:
    """A figure of the table that is no time (times: :func:`shown_time`)."""
    if value is None:
        return "-"
    if kind == "pct":
        return f"{value * 100:.2f} %"
    if kind == "num":
        return f"{value:,g}"
    if kind == "wbf":
        return f"{value:.4f}"
    return str(value)


# (row key, header, kind, dropped at a narrow width: the lower the sooner; 0 never)
TABLE_COLUMNS = (
    ("value_stream", "Value stream", "text", 0), ("file", "File", "text", 1), ("name", "State", "text", 0),
    ("total_process_time_minutes", "PT", "process", 0), ("total_lead_time_minutes", "LT", "wait", 0),
    ("flow_efficiency", "FE", "pct", 0), ("flow_rating", "Band", "text", 5),
    ("rolled_complete_accurate", "Rolled %C&A", "pct", 4), ("wip_total", "WIP", "num", 2),
    ("capacity_constraint", "Constraint", "text", 6), ("largest_delay", "Largest delay", "text", 3),
    ("best_alternative", "Best", "text", 0), ("best_wbf", "WBF", "wbf", 0),
)
BAND_STYLE = {"significant waste": "red", "moderate": "yellow", "good": "green", "excellent": "bright_green"}
NARROWEST_WORD = 4  # a column is never narrower than this, nor than its longest word


def _cell_texts(rows: list[dict]) -> list[list[str]]:
    units = time_units(rows)
    texts = []
    previous = None
    for row in rows:
        stream = (row.get("file"), row.get("value_stream"))
        cells = []
        for key, _, kind, _ in TABLE_COLUMNS:
            if key in ("value_stream", "file") and stream == previous:
                cells.append("")  # a stream's name once, over its states
            elif key == "name" and row.get("name") is None:
                cells.append("(no steps)")
            elif kind in ("process", "wait"):
                cells.append(time_figure(row, key, kind, units[key]))  # as the workbook shows it
            else:
                cells.append(_fmt(row.get(key), kind))
        previous = stream
        texts.append(cells)
    return texts


def column_headers(rows: list[dict]) -> list[str]:
    """The table's headers, each time column with its unit ("LT (d)"), as the workbook's."""
    units = time_units(rows)
    return [f"{label} ({units[key]})" if kind in ("process", "wait") else label
            for key, label, kind, _ in TABLE_COLUMNS]


def longest_word(texts: list[list[str]], i: int, headers: list[str] | None = None) -> int:
    """The narrowest column ``i`` may be: its longest word (a figure such as "11.75 %" is one)."""
    whole = TABLE_COLUMNS[i][2] != "text"
    words = [p for row in texts for p in ([row[i]] if whole else row[i].split())] + (headers or [c[1] for c in TABLE_COLUMNS])[i].split()
    return max([NARROWEST_WORD, *map(len, words)])


def _column_widths(texts: list[list[str]], width: int, headers: list[str]) -> dict[int, int]:
    """``{column index: text width}`` of the columns shown: each as wide as its longest cell
    where that fits, a text column narrowed (widest first) down to its longest word, so no word
    is ever broken; the optional columns dropped, least useful first, while the table is wider
    than ``width`` (each column takes two spaces of padding and one between columns)."""
    def longest_cell(i: int) -> int:
        return max([len(headers[i]), *(len(row[i]) for row in texts)])

    def fit(shown: list[int]) -> dict[int, int] | None:
        widths = {i: longest_cell(i) for i in shown}
        room = width - 3 * len(shown) + 1
        while sum(widths.values()) > room:
            narrowable = [i for i in shown if widths[i] > longest_word(texts, i, headers)]
            if not narrowable:
                return None
            widest = max(narrowable, key=lambda i: (widths[i], -i))
            widths[widest] -= 1
        return widths

    shown = list(range(len(TABLE_COLUMNS)))
    optional = sorted((i for i, c in enumerate(TABLE_COLUMNS) if c[3]), key=lambda i: TABLE_COLUMNS[i][3])
    while (widths := fit(shown)) is None and optional:
        shown.remove(optional.pop(0))
    return widths if widths is not None else {i: longest_word(texts, i, headers) for i in shown}


def empty_text(portfolio: Portfolio) -> str:
    """The one line printed when no file gave a row."""
    read = portfolio.files - len(portfolio.failures)
    return (f"No value streams in the portfolio: {portfolio.files} file{'s' if portfolio.files != 1 else ''} "
            f"given, {read} read.\n")


def rows_table(portfolio: Portfolio, width: int | None = None) -> str:
    """The rows as a text table (rich), coloured on a terminal: grouped by value stream (as the
    workbook, :func:`ordered_rows`), times in hours (the workbook's
    unit), no word broken across lines; at a narrow width the optional columns are left out and
    named under the table. No rows: one line (:func:`empty_text`)."""
    import shutil
    import sys

    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    if not portfolio.rows:
        return empty_text(portfolio)
    terminal = sys.stdout.isatty()
    width = width or (shutil.get_terminal_size((100, 24)).columns if terminal else 100)
    rows = ordered_rows(portfolio.rows)
    texts = _cell_texts(rows)
    headers = column_headers(rows)
    widths = _column_widths(texts, width, headers)
    shown = sorted(widths)
    streams = len({(r.get("file"), r.get("value_stream")) for r in rows})
    table = Table(title=f"Value stream portfolio: {streams} streams, {len(rows)} rows, {portfolio.files} files",
                  box=box.SIMPLE_HEAD, show_edge=False, show_lines=False)
    for i in shown:
        label, kind = headers[i], TABLE_COLUMNS[i][2]
        table.add_column(label, justify="left" if kind == "text" else "right", overflow="fold", width=widths[i])
    previous = None
    for row, cells in zip(rows, texts):
        stream = (row.get("file"), row.get("value_stream"))
        if previous is not None and stream != previous:
            table.add_section()
        previous = stream
        out = []
        for i in shown:
            key = TABLE_COLUMNS[i][0]
            text = escape(cells[i])  # a file named "[draft].xlsx" is no markup
            if key == "flow_rating" and row.get(key) in BAND_STYLE:
                text = f"[{BAND_STYLE[row[key]]}]{text}[/]"
            out.append(text)
        table.add_row(*out)
    left_out = [headers[i] for i in range(len(TABLE_COLUMNS)) if i not in shown]
    if left_out:
        table.caption = f"Not shown at this width: {', '.join(left_out)} (all columns: --format csv or -o .xlsx)"
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=terminal, color_system="auto" if terminal else None)
    console.print(table)
    return buffer.getvalue()
