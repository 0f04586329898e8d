"""Finding the steps table wherever it sits in a sheet: below a title, after blank rows,
beside notes, side by side with a second table, or stacked under another one.

A header row is a row whose cells name a step column and at least one time column
(vocabulary.py). The table spans the run of header cells around them (a single blank
column is allowed inside); it ends at a totals row, at the next header row, or at two
blank rows followed by something that is not a step. Rows are streamed once and only the
columns the table uses are kept, so a sheet of 100,000 rows stays small in memory.
"""
from __future__ import annotations

import functools
import re
from collections import deque
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vsm_xl.convert import vocabulary as V
from vsm_xl.convert.cell_values import is_empty, is_number_like, read_text
from vsm_xl.workbook.layout import template_layout as layout

if TYPE_CHECKING:  # an annotation only: sources imports this module (cell_name)
    from vsm_xl.convert.sources import SheetSource

# Rows searched for a header before giving up on a sheet (from its top or the last table).
SEARCH_WINDOW = 500
_TITLE_ROWS = 8  # rows above a header searched for a title or a declared unit
ROW_STEP = 1000  # rows between two reports to a row watcher
_row_watcher: ContextVar = ContextVar("row_watcher", default=None)


@contextmanager
def watching_rows(callback):
    """Within the block, ``callback(sheet name, rows read)`` every :data:`ROW_STEP` rows a
    sheet scan reads (the progress of one large file: the rows are read once, here)."""
    token = _row_watcher.set(callback)
    try:
        yield
    finally:
        _row_watcher.reset(token)
_MAX_BESIDE = 50


@functools.lru_cache(maxsize=8192)
def _match(text: str):
    return V.match_header(text)


def _is_time_word(text: str) -> bool:
    match = _match(text.strip())
    return match is not None and match.field in V.TIME_FIELDS


def column_letter(index: int) -> str:
    """``0`` -> ``A``, ``27`` -> ``AB`` (0-based, as the rows of a table are read)."""
    return layout.column_letter(index + 1)


def cell_name(sheet: str, row: int, column: int) -> str:
    quoted = f"'{sheet}'" if any(ch in sheet for ch in " -+()&,;!'") else sheet
    return f"{quoted}!{column_letter(column)}{row}"


@dataclass
class HeaderCell:
    column: int
    text: str
    match: V.HeaderMatch | None


@dataclass
class RawTable:
    """A steps table as found: its header, the kept values of its step rows, and what was
    skipped around them."""

    sheet: str
    header_row: int
    cells: list[HeaderCell]
    first_column: int
    last_column: int
    step_column: int
    keep: tuple[int, ...]  # columns whose values are kept, in this order in ``rows``
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    title: str = ""
    title_location: str = ""
    top_text: str = ""  # the first text above the table (a sheet title), for the stream name
    # "Owner: J. Smith", "Walk date | 2026-03-04": the header lines above the table, as
    # (key, value, cell), in sheet order
    header_lines: list[tuple[str, str, str]] = field(default_factory=list)
    declared: tuple[str, str, str] | None = None  # (unit, text, location)
    units_row: int | None = None  # a row of units under the header ("min", "h", "%")
    units: dict = field(default_factory=dict)  # column -> unit from that row
    blank_rows: int = 0
    note_rows: list[tuple[int, str]] = field(default_factory=list)
    totals: tuple[int, tuple] | None = None
    beside: list[tuple[str, str]] = field(default_factory=list)
    last_row: int = 0
    ended_by: str = "end of sheet"

    @property
    def time_column(self) -> int:
        return next(c.column for c in self.cells if c.match and c.match.field in V.TIME_FIELDS)

    @property
    def numeric_columns(self) -> tuple[int, ...]:
        return tuple(c.column for c in self.cells if c.match and c.match.field in V.NUMERIC_FIELDS)

    def range_text(self) -> str:
        last = max(self.last_row, self.header_row)
        return f"{column_letter(self.first_column)}{self.header_row}:{column_letter(self.last_column)}{last}"


def header_clusters(values: list) -> list[list[HeaderCell]]:
    """The groups of header cells in a row that name a step and a time column."""
    cells = []
    for column, value in enumerate(values):
        if isinstance(value, str) and value.strip():
            cells.append(HeaderCell(column, value.strip(), _match(value.strip())))
    if not cells or not any(c.match and c.match.field in V.TIME_FIELDS for c in cells):
        return []
    clusters: list[list[HeaderCell]] = []
    current: list[HeaderCell] = []
    for cell in cells:
        if current and cell.column - current[-1].column > 2:
            clusters.append(current)
            current = []
        current.append(cell)
    clusters.append(current)
    found = []
    for cluster in clusters:
        fields = {c.match.field for c in cluster if c.match}
        if V.STEP in fields and fields & set(V.TIME_FIELDS):
            found.extend(_split_repeated(cluster))
    return found


def _split_repeated(cluster: list[HeaderCell]) -> list[list[HeaderCell]]:
    """Two tables side by side without a blank column between them (Step PT LT Step PT LT)
    split where the step column repeats."""
    steps = [i for i, c in enumerate(cluster) if c.match and c.match.field == V.STEP and c.match.rank == 0]
    if len(steps) < 2:
        steps = [i for i, c in enumerate(cluster) if c.match and c.match.field == V.STEP]
    if len(steps) < 2:
        return [cluster]
    parts = []
    bounds = steps[1:] + [len(cluster)]
    start = 0
    for end in bounds:
        part = cluster[start:end]
        fields = {c.match.field for c in part if c.match}
        if V.STEP in fields and fields & set(V.TIME_FIELDS):
            parts.append(part)
        elif parts:
            parts[-1].extend(part)
        start = end
    return parts or [cluster]


def _units_row(values: list, table: RawTable) -> dict[int, str] | None:
    """Units under the header ("min", "h", "%", "[Std.]") for headers written without them."""
    units = {}
    for column in range(table.first_column, table.last_column + 1):
        value = values[column] if column < len(values) else None
        if is_empty(value):
            continue
        if not isinstance(value, str) or len(value.strip()) > 12:
            return None
        word = V.fold(value.strip()).strip("[](){} .")
        unit = V.unit_word(word)
        if unit is None:
            return None
        units[column] = unit
    return units or None


class _Open:
    """A table being read."""

    def __init__(self, table: RawTable):
        self.table = table
        self.blank_run = 0
        self.fresh = True  # the next non-blank row may be a units row
        self.numeric = table.numeric_columns
        self.width = max(table.keep) + 1

    def _kept(self, values: list) -> tuple:
        if len(values) >= self.width:
            return tuple(values[c] for c in self.table.keep)
        return tuple(values[c] if c < len(values) else None for c in self.table.keep)

    def feed(self, number: int, values: list) -> bool:
        """Take one row; ``False`` when the table ended before this row."""
        t = self.table
        span = values[t.first_column:t.last_column + 1]
        if not any(v is not None and (not isinstance(v, str) or not is_empty(v)) for v in span):
            self.blank_run += 1
            t.blank_rows += 1
            return True
        if self.fresh:
            self.fresh = False
            units = _units_row(values, t)
            if units:
                t.units_row = number
                t.units = units
                t.last_row = number
                return True
        name = values[t.step_column] if t.step_column < len(values) else None
        numeric = [v for v in (values[c] for c in self.numeric if c < len(values)) if not is_empty(v)]
        if self.blank_run >= 2:
            looks_like_step = (not is_empty(name) and not V.is_total_label(name)
                               and any(is_number_like(v) for v in numeric))
            if not looks_like_step:
                t.ended_by = f"{self.blank_run} blank rows"
                return False
        self.blank_run = 0
        t.last_row = number
        if V.is_total_label(name) or (is_empty(name) and numeric):
            t.totals = (number, self._kept(values))
            t.ended_by = f"totals row {number}"
            return False
        if not numeric:
            text = " ".join(read_text(v) for v in span if not is_empty(v))
            t.note_rows.append((number, text))
            return True
        t.rows.append((number, self._kept(values)))
        return True


def _new_table(sheet: str, number: int, cluster: list[HeaderCell], above: deque,
               declared: tuple | None) -> RawTable:
    first, last = cluster[0].column, cluster[-1].column
    step = next(c.column for c in cluster if c.match and c.match.field == V.STEP and c.match.rank == 0) \
        if any(c.match and c.match.field == V.STEP and c.match.rank == 0 for c in cluster) \
        else next(c.column for c in cluster if c.match and c.match.field == V.STEP)
    keep = tuple(c.column for c in cluster if c.match)
    table = RawTable(sheet, number, cluster, first, last, step, keep)
    # The title is the first line of the block of text rows just above the header (a title
    # and its subtitle); any text above that declares a unit ("all times in hours") counts.
    block: list[tuple[int, tuple[int, str]]] = []
    expected = number - 1
    lines = {row_number: found for row_number, values in above
             for found in [_header_line(values)] if found is not None}
    table.header_lines = [(key, value, cell_name(sheet, row_number, column))
                          for row_number, (key, value, column) in sorted(lines.items())]
    for row_number, values in reversed(above):
        if row_number in lines:
            expected = row_number - 1
            continue  # a header line is no title
        if row_number < expected - (2 if not block else 0):
            break
        near = [(c, v) for c, v in enumerate(values)
                if isinstance(v, str) and v.strip() and first - 3 <= c <= last]
        if not near or len(near) > 2:
            break
        block.append((row_number, near[0]))
        expected = row_number - 1
    for row_number, values in above:
        text = next((v for v in values if isinstance(v, str) and v.strip()), None)
        if text and row_number not in lines:
            table.top_text = read_text(text)
            break
    if block:
        row_number, (column, text) = block[-1]
        table.title = read_text(text)
        table.title_location = cell_name(sheet, row_number, column)
    for row_number, values in reversed(above):
        for column, text in enumerate(values):
            unit = V.declared_unit(text) if isinstance(text, str) else None
            if unit and table.declared is None:
                table.declared = (unit, read_text(text), cell_name(sheet, row_number, column))
    if table.declared is None:
        table.declared = declared  # a declaration higher up the sheet holds for every table
    return table


_KEY_VALUE = re.compile(r"^\s*([^\W\d][^:=]{0,38}?)\s*[:=]\s*(\S.*)$")


def _header_line(values) -> tuple[str, str, int] | None:
    """``(key, value, column)`` of a row above a table that reads as a header line: one text
    ``"Owner: J. Smith"``, or a key ending in ``":"`` (or a short label) and its value in the
    next cell (``Walk date: | 2026-03-04``); ``None`` for a title or a note."""
    filled = [(c, v) for c, v in enumerate(values) if not is_empty(v)]
    if len(filled) == 1 and isinstance(filled[0][1], str):
        match = _KEY_VALUE.match(filled[0][1])
        if match and not match.group(2).startswith("//"):
            return match.group(1).strip(), read_text(match.group(2)), filled[0][0]
    if len(filled) == 2 and isinstance(filled[0][1], str) and filled[1][0] == filled[0][0] + 1:
        key = filled[0][1].strip()
        if key.endswith(":") and 1 < len(key) <= 40:
            return key.rstrip(":").strip(), read_text(filled[1][1]), filled[0][0]
    return None


def scan_sheet(sheet: SheetSource) -> list[RawTable]:
    """Every steps table of a sheet, in reading order (top to bottom, left to right)."""
    tables: list[RawTable] = []
    open_tables: list[_Open] = []
    above: deque = deque(maxlen=_TITLE_ROWS)
    since_table = 0
    declared = None
    watch = _row_watcher.get()
    for number, values in sheet.rows():
        if watch is not None and not number % ROW_STEP:
            watch(sheet.name, number)
        clusters: list = []
        previous: list[RawTable] = []
        if open_tables:
            first = open_tables[0].table
            # a header row repeats (a new table, or the header again after a page break) only
            # where a time column holds a header word instead of a number
            probe = first.time_column
            word = values[probe] if probe < len(values) else None
            if isinstance(word, str) and not word[:1].isdigit() and _is_time_word(word):
                clusters = header_clusters(values)
            if clusters:
                previous = [o.table for o in open_tables]
            else:
                still = [o for o in open_tables if o.feed(number, values)]
                if still:
                    _collect_beside(values, number, still)
                open_tables = still
                if open_tables:
                    continue
                since_table = 0  # every table ended at this row, which may head the next one
                clusters = header_clusters(values)
                if not clusters:
                    if any(not is_empty(v) for v in values):
                        above.append((number, values))
                    continue
        else:
            since_table += 1
            if since_table > SEARCH_WINDOW:
                break
            clusters = header_clusters(values)
            if not clusters:
                if any(not is_empty(v) for v in values):
                    above.append((number, values))
                continue
        # A header row: one new table per cluster. A note row just above it that belonged to
        # the table before is the new table's title ("Future state").
        for table in previous:
            if table.note_rows and table.note_rows[-1][0] >= number - 3:
                row_number, text = table.note_rows.pop()
                above.append((row_number, [None] * table.first_column + [text]))
        started = [_new_table(sheet.name, number, cluster, above, declared) for cluster in clusters]
        declared = next((t.declared for t in started if t.declared), declared)
        tables.extend(started)
        open_tables = [_Open(t) for t in started]
        above.clear()
        since_table = 0
    return tables


def _collect_beside(values: list, number: int, open_tables: list[_Open]) -> None:
    """Text beside the tables (outside their columns) is kept for the log and for a
    declared unit ("Zeiten in Minuten")."""
    spans = [(o.table.first_column, o.table.last_column) for o in open_tables]
    if len(spans) == 1:  # the common case: look only left and right of the one table
        first, last = spans[0]
        if not any(isinstance(v, str) for v in values[:first]) and \
                not any(isinstance(v, str) for v in values[last + 1:]):
            return
    for column, value in enumerate(values):
        if isinstance(value, str) and value.strip() and not any(a <= column <= b for a, b in spans):
            for o in open_tables:
                t = o.table
                if len(t.beside) < _MAX_BESIDE:
                    t.beside.append((cell_name(t.sheet, number, column), read_text(value)))
                if t.declared is None:
                    unit = V.declared_unit(value)
                    if unit:
                        t.declared = (unit, read_text(value), cell_name(t.sheet, number, column))
