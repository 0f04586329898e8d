"""Turning the steps tables found in a team spreadsheet into the states of a value stream,
deciding each column's reading once (which column is the PT when two compete, which unit a
bare number column has, whether %C&A are percents or fractions) and saying so in the log.

Nothing is guessed silently: every choice among plausible readings becomes an
``ambiguous`` note naming the source cell, and notes about single steps carry the subject
``("step", s, k)`` so that the workbook can be marked at the same place.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from vsm_xl.convert import vocabulary as V
from vsm_xl.convert.cell_values import (
    guess_decimal, is_empty, read_duration, read_duration_range, read_fraction, read_number, read_number_noted,
    read_text,
)
from vsm_xl.convert.header_detection import HeaderCell, RawTable, cell_name, column_letter, scan_sheet
from vsm_xl.convert.log import AMBIGUOUS, INFO, WARNING, ColumnLog, FileLog, TableLog
from vsm_xl.convert.sources import Source
from vsm_xl.core.durations import CALENDAR, DurationRule
from vsm_xl.core.errors import ConversionError, InputError, NoTableError, SourceError
from vsm_xl.core.model import State, Step, ValueStream, Waste

_UNIT_WORDS = {"s": "seconds", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_MAX_CELL_NOTES = 8  # per column and kind; the rest are counted
_MAX_ERRORS = 6


@dataclass
class _Part:
    """The steps of one state as read from one table (or one value of a state column)."""

    label: str
    table: int
    steps: list = field(default_factory=list)
    rows: list = field(default_factory=list)  # source row of each step
    from_state_column: bool = False
    state_index: int = 0


@dataclass
class _Column:
    cell: HeaderCell
    index: int  # position in the table's kept values
    unit: str | None = None
    reading: str = ""
    extra: list = field(default_factory=list)  # further notes columns, joined

    @property
    def match(self) -> V.HeaderMatch:
        """What the header was recognised as (a column is made only for a recognised header)."""
        assert self.cell.match is not None
        return self.cell.match


def read_stream(source: Source, log: FileLog, rule: DurationRule = CALENDAR) -> ValueStream:
    """The value stream in ``source``: one state per steps table (or per value of a state
    column). Raises :class:`NoTableError` or :class:`ConversionError` with the reason."""
    log.details.update(source.details)
    tables: list[RawTable] = []
    without = []
    for sheet in source.sheets:
        try:
            found = scan_sheet(sheet)
        except SourceError as exc:  # a damaged sheet (sources.reading_errors) must not hide the others
            log.note(WARNING, f"sheet skipped: {exc.message}", sheet.name)
            continue
        # anything else: text a workbook cannot hold (InputError, sources.refuse_unwritable)
        # refuses the file; another exception is a crash of this code and surfaces as one
        tables.extend(found)
        if not found:
            without.append(sheet.name)
    if not tables:
        where = ", ".join(f"'{n}'" for n in without) or "the file"
        raise NoTableError(
            f"no steps table found in {where}: no header row names a step column "
            "(step, process, activity, Prozessschritt…) and a time column "
            "(PT, process time, C/T, lead time, LT, Durchlaufzeit…)"
        )
    if without and source.kind == "excel":
        log.note(INFO, "sheets without a steps table (not used): " + ", ".join(without))
    parts: list[_Part] = []
    errors: list[str] = []
    for number, table in enumerate(tables):
        parts.extend(_read_table(table, number, source, log, errors, rule))
    table_logs = log.tables[-len(tables):]
    if errors:
        shown = "; ".join(errors[:_MAX_ERRORS])
        more = f" (and {len(errors) - _MAX_ERRORS} more)" if len(errors) > _MAX_ERRORS else ""
        raise ConversionError(f"unreadable values: {shown}{more}")
    parts = [p for p in parts if p.steps]
    if not parts:
        raise NoTableError("the steps table has a header but no step rows")
    states = _name_states(parts, tables, source)
    for number, table_log in enumerate(table_logs):
        table_log.states = [states[p.state_index].name for p in parts if p.table == number]
    name = _stream_name(tables, source)
    log.value_stream = name
    log.states = [{"name": s.name, "kind": s.kind, "steps": len(s.steps)} for s in states]
    _place_step_notes(parts, states, log)
    date, analyst, metadata = _header_facts(tables, log)
    return ValueStream(name=name, states=tuple(states), duration_rule=rule, date=date, analyst=analyst,
                       metadata=metadata)


def _header_facts(tables: list[RawTable], log: FileLog) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """The date (a walk date), the analyst and the other header lines above the tables, kept
    in their own words as the stream's metadata and said in the log."""
    date = analyst = ""
    kept: dict[str, str] = {}
    for table in tables:
        for key, value, where in table.header_lines:
            kind = V.header_fact(key)
            if kind == "date" and not date:
                date = value
            elif kind == "analyst" and not analyst:
                analyst = value
            else:
                kept.setdefault(key, value)
            log.note(INFO, f"header line kept: {key}: {value}" + (f" (the stream's {kind})" if kind else ""), where)
    return date, analyst, tuple(kept.items())


# -- one table -----------------------------------------------------------------------------

def _choose_columns(table: RawTable, log: FileLog) -> tuple[dict[str, _Column], list[ColumnLog]]:
    """One column per field. Where two columns compete for a time field the usual word
    wins (PT over cycle time), or the one with values; the choice is an ambiguity note."""
    candidates: dict[str, list[_Column]] = {}
    position = {c: i for i, c in enumerate(table.keep)}
    for cell in table.cells:
        if cell.match:
            candidates.setdefault(cell.match.field, []).append(_Column(cell, position[cell.column]))
    filled = {}  # values in each competing column (counted only where columns compete)
    for columns in candidates.values():
        for column in columns:
            filled[column.cell.column] = (
                sum(1 for _, row in table.rows if not is_empty(row[column.index])) if len(columns) > 1 else 1)
    chosen: dict[str, _Column] = {}
    unused: dict[int, str] = {}
    used: set[int] = set()
    for fld, columns in candidates.items():
        if fld == V.STEP:
            best = next(c for c in columns if c.cell.column == table.step_column)
        elif fld == V.NOTES:
            best = columns[0]  # several notes columns are joined
            chosen[fld] = best
            best.extra = columns[1:]
            for other in best.extra:
                used.add(other.cell.column)
            continue
        else:
            best = min(columns, key=lambda c: (filled[c.cell.column] == 0, c.match.rank, c.cell.column))
        chosen[fld] = best
        for other in columns:
            if other is best:
                continue
            why = f"another column ({column_letter(best.cell.column)} '{best.cell.text}') was used for {V.LABELS[fld]}"
            unused[other.cell.column] = why
            if fld in V.NUMERIC_FIELDS and filled[other.cell.column]:
                reason = ("it is the usual word" if best.match.rank < other.match.rank
                          else "it comes first" if filled[best.cell.column] else "it has values")
                log.note(
                    AMBIGUOUS,
                    f"two columns could be the {V.LABELS[fld]}: '{best.cell.text}' and "
                    f"'{other.cell.text}'; used '{best.cell.text}' ({reason}), ignored '{other.cell.text}'",
                    cell_name(table.sheet, table.header_row, other.cell.column),
                )
    logs = []
    for cell in table.cells:
        if not cell.match:
            logs.append(ColumnLog(column_letter(cell.column), cell.text, None, "header not recognised; column ignored"))
        elif cell.column in used:
            logs.append(ColumnLog(column_letter(cell.column), cell.text, V.NOTES, "notes, joined with the first notes column"))
        elif cell.column in unused:
            logs.append(ColumnLog(column_letter(cell.column), cell.text, None, unused[cell.column]))
    return chosen, logs


def _read_table(table: RawTable, number: int, source: Source, log: FileLog, errors: list,
                rule: DurationRule) -> list[_Part]:
    """The steps of one table, by state; its column readings, skipped rows and totals check go
    into a :class:`TableLog`; unreadable values are added to ``errors``."""
    columns, column_logs = _choose_columns(table, log)
    decimal = _table_decimal(table, columns, source)
    _require_time_columns(table, columns)
    _decide_units(table, number, columns, log, decimal, rule)
    reader = _RowReader(table, number, columns, decimal, rule, log, errors)
    rows: list = table.rows
    for index in range(len(rows)):
        row_number, row = rows[index]
        rows[index] = None  # free the raw row as its step is made (large tables)
        reader.read(row_number, row)
    table.rows = []
    _note_fractions(table, columns, reader.fraction_reads, reader.fraction_cells, log, number)
    reader.say_readings()
    all_logs = column_logs + [
        ColumnLog(column_letter(c.cell.column), c.cell.text, fld, c.reading) for fld, c in columns.items()
    ]
    all_logs.sort(key=lambda c: (len(c.column), c.column))
    totals = _check_totals(table, columns, reader.totals_of, decimal, rule, log)
    log.tables.append(TableLog(
        sheet=table.sheet, header_row=table.header_row, range=table.range_text(),
        states=[],  # filled in once the states are named
        step_rows=sum(len(p.steps) for p in reader.parts), columns=all_logs, skipped=_skipped_rows(table),
        totals=totals, title=table.title,
    ))
    return reader.parts


def _table_decimal(table: RawTable, columns: dict[str, _Column], source: Source):
    """The decimal mark of the table's numbers: the source's, or guessed from the text of its
    numeric columns."""
    if source.decimal is not None:
        return source.decimal
    texts = [row[c.index] for c in columns.values() if c.match.field in V.NUMERIC_FIELDS
             for _, row in table.rows[:5000] if isinstance(row[c.index], str)]
    return guess_decimal(texts)


def _require_time_columns(table: RawTable, columns: dict[str, _Column]) -> None:
    """A steps table needs a process time (or lead and wait time) and a lead or wait time."""
    if V.PROCESS_TIME not in columns and not (V.LEAD_TIME in columns and V.WAIT_TIME in columns):
        raise ConversionError(
            f"{cell_name(table.sheet, table.header_row, table.step_column)}: the steps table has no "
            "process time column (PT, process time, C/T, Bearbeitungszeit…)"
        )
    if V.LEAD_TIME not in columns and V.WAIT_TIME not in columns:
        raise ConversionError(
            f"{cell_name(table.sheet, table.header_row, table.step_column)}: the steps table has no "
            "lead time column (LT, lead time, elapsed time, Durchlaufzeit…) nor a wait time column"
        )


def _skipped_rows(table: RawTable) -> list[str]:
    """What the table's log says was skipped: units row, blank and note rows, notes beside it."""
    skipped = []
    if table.units_row:
        skipped.append(f"row {table.units_row}: units under the header")
    if table.blank_rows:
        skipped.append(f"{table.blank_rows} blank row{'s' if table.blank_rows != 1 else ''}")
    for row_number, text in table.note_rows[:20]:
        skipped.append(f"row {row_number}: note or section row \"{text[:60]}\"")
    if len(table.note_rows) > 20:
        skipped.append(f"{len(table.note_rows) - 20} more note rows")
    if table.beside:
        shown = ", ".join(f"{loc} \"{text[:40]}\"" for loc, text in table.beside[:5])
        skipped.append(f"notes beside the table (not part of it): {shown}"
                       + (f" and {len(table.beside) - 5} more" if len(table.beside) > 5 else ""))
    return skipped


class _RowReader:
    """Reads the rows of one table into steps, one row at a time, counting what it derived and
    how it read each column (for the column readings and the totals check)."""

    def __init__(self, table: RawTable, number: int, columns: dict[str, _Column], decimal,
                 rule: DurationRule, log: FileLog, errors: list):
        self.table, self.number, self.columns, self.decimal = table, number, columns, decimal
        self.rule, self.log, self.errors = rule, log, errors
        self.get = {fld: c.index for fld, c in columns.items()}
        self.notes_extra = [c.index for c in columns[V.NOTES].extra] if V.NOTES in columns else []
        self.parts: list[_Part] = []
        self.by_state: dict[str, _Part] = {}
        self.state_value = ""
        self.noted: dict[str, Counter] = {}  # field -> unit words, currencies, scales read around numbers
        self.counters = {"pt_zero": 0, "lt_from_pt": 0, "lt_from_wt": 0, "pt_from_wt": 0, "wt_mismatch": 0}
        self.fraction_reads = {"percent": 0, "percent sign": 0, "fraction": 0, "ones": 0}
        self.fraction_cells: list[tuple] = []  # %C&A cells read as fractions (ambiguous beside percents)
        self.duration_hows: dict[str, dict[str, int]] = {fld: {} for fld in columns if fld in V.DURATION_FIELDS}
        # running sum, count and product of each numeric column, for the totals row check
        self.totals_of = {fld: [0.0, 0, 1.0] for fld in (V.PROCESS_TIME, V.LEAD_TIME, V.WAIT_TIME, V.CHANGEOVER,
                                                         V.INVENTORY, V.COMPLETE_ACCURATE)}
        self.factors = {fld: rule.minutes_per(c.unit) for fld, c in columns.items()
                        if fld in V.DURATION_FIELDS and c.unit}
        self.ranges: dict = {}  # the current row's time ranges, by field
        self.readings: dict = {}  # (field, cell text) -> its reading (_read_duration)

    def cell(self, row_number, col: _Column) -> str:
        return cell_name(self.table.sheet, row_number, col.cell.column)

    def duration(self, row, row_number, fld):
        """The row's ``fld`` in minutes, or None when blank or unreadable (then an error)."""
        if fld not in self.get:
            return None
        raw = row[self.get[fld]]
        totals = self.totals_of[fld]
        if raw.__class__ is float or raw.__class__ is int:  # the common case, fast
            if raw >= 0 and fld in self.factors and raw != math.inf:
                minutes = raw * self.factors[fld]
                hows = self.duration_hows[fld]
                hows["number"] = hows.get("number", 0) + 1
                totals[0] += minutes
                totals[1] += 1
                return minutes
        if is_empty(raw):
            return None
        col = self.columns[fld]
        outcome, reading = self._remembered(fld, raw, lambda: self._read_duration(raw, col))
        if outcome == "error":
            self.errors.append(f"{self.cell(row_number, col)}: {reading}")
            return None
        kind, value = reading
        if kind == "range":  # "5-12 d": an uncertain time, the likely value halfway
            bounds = value
            self.ranges[fld] = bounds
            self.log.note(INFO, f"'{read_text(raw)}' read as a range, {bounds[0]:g} to {bounds[2]:g} min",
                          self.cell(row_number, col), ("row", self.number, row_number, fld))
            return bounds[1]
        minutes, how = value
        self.duration_hows[fld][how] = self.duration_hows[fld].get(how, 0) + 1
        if how.endswith("approx"):
            self.log.note(INFO, f"'{read_text(raw)}' read as {minutes:g} min (approximate)",
                          self.cell(row_number, col), ("row", self.number, row_number, fld))
        totals[0] += minutes
        totals[1] += 1
        return minutes

    def _remembered(self, fld: str, raw, read) -> tuple:
        """``("value", read())`` or ``("error", message)``; for a text cell remembered by
        (``fld``, text): the same few texts repeat down a column ("98 %")."""
        key = (fld, raw) if raw.__class__ is str else None
        reading = self.readings.get(key) if key is not None else None
        if reading is None:
            try:
                reading = ("value", read())
            except InputError as exc:
                reading = ("error", exc.message)
            if key is not None and len(self.readings) < _MEMO_TEXTS:
                self.readings[key] = reading
        return reading

    def _read_duration(self, raw, col: _Column) -> tuple:
        """``("range", bounds)`` or ``("time", (minutes, how))`` of a duration cell (pure: the
        same cell value gives the same reading; a bad one raises InputError)."""
        bounds = read_duration_range(raw, col.unit, self.decimal, self.rule)
        if bounds is not None:
            return "range", bounds
        return "time", read_duration(raw, col.unit, self.decimal, self.rule)

    def read(self, row_number: int, row) -> None:
        """The step of one row, added to its state's part (a row without a name is skipped)."""
        get, columns = self.get, self.columns
        name = read_text(row[get[V.STEP]])
        if not name:
            return
        known_errors = len(self.errors)
        self.ranges = {}
        pt = self.duration(row, row_number, V.PROCESS_TIME)
        lt = self.duration(row, row_number, V.LEAD_TIME)
        wt = self.duration(row, row_number, V.WAIT_TIME)
        co = self.duration(row, row_number, V.CHANGEOVER)
        if len(self.errors) > known_errors:
            return  # the file fails; no guesses about this row
        times = self._complete_times(name, row_number, pt, lt, wt)
        if times is None:
            return
        pt, lt = times
        ca = self._complete_accurate(row, row_number, name)
        inventory = _number(row, get, V.INVENTORY, self.decimal, self.errors,
                            lambda: self.cell(row_number, columns[V.INVENTORY]), self.noted, self._remembered)
        if inventory is not None:
            self.totals_of[V.INVENTORY][0] += inventory
            self.totals_of[V.INVENTORY][1] += 1
        resources = _number(row, get, V.RESOURCES, self.decimal, self.errors,
                            lambda: self.cell(row_number, columns[V.RESOURCES]), self.noted, self._remembered)
        if resources is not None and resources <= 0:
            self.errors.append(f"{self.cell(row_number, columns[V.RESOURCES])}: the number of resources must be positive")
            resources = None
        owner = read_text(row[get[V.OWNER]]) if V.OWNER in get else ""
        notes, wastes = self._notes_and_wastes(row)
        part = self._part_of(row)
        part.steps.append(Step(
            name=name, process_time=pt, lead_time=lt, owner=owner, complete_accurate=ca,
            inventory=inventory, changeover=co, wastes=tuple(wastes),
            notes="; ".join(n for n in notes if n), resources=resources if resources else 1.0,
            **_time_ranges(self.ranges),
        ))
        part.rows.append(row_number)

    def _complete_times(self, name: str, row_number: int, pt, lt, wt):
        """``(process time, lead time)`` of a step, the missing one derived from the others (and
        said); None when the row has no times at all (an error)."""
        get, columns, counters, log = self.get, self.columns, self.counters, self.log
        subject = ("row", self.number, row_number)
        if pt is None and lt is not None and wt is not None and V.PROCESS_TIME not in get:
            pt = lt - wt
            counters["pt_from_wt"] += 1
        if pt is None:
            if lt is None and wt is None:
                self.errors.append(f"{cell_name(self.table.sheet, row_number, self.table.step_column)}: "
                                   f"step '{name}' has no times")
                return None
            pt = 0.0
            counters["pt_zero"] += 1
            log.note(WARNING, f"step '{name}' has no process time; read as 0",
                     self.cell(row_number, columns[V.PROCESS_TIME]) if V.PROCESS_TIME in columns else None,
                     subject + (V.PROCESS_TIME,))
        if lt is None:
            if wt is not None:
                lt = pt + wt
                counters["lt_from_wt"] += 1
            else:
                lt = pt
                counters["lt_from_pt"] += 1
                log.note(WARNING, f"step '{name}' has no lead time; read as its process time (no waiting)",
                         self.cell(row_number, columns[V.LEAD_TIME]) if V.LEAD_TIME in columns else None,
                         subject + (V.LEAD_TIME,))
        elif wt is not None and not math.isclose(lt - pt, wt, rel_tol=0.01, abs_tol=0.01):
            counters["wt_mismatch"] += 1
            if counters["wt_mismatch"] <= _MAX_CELL_NOTES:
                log.note(WARNING, f"step '{name}': wait time {wt:g} min is not lead time − process time "
                         f"({lt - pt:g} min); the lead time was used", self.cell(row_number, columns[V.WAIT_TIME]),
                         subject + (V.WAIT_TIME,))
        if lt < pt:
            log.note(WARNING, f"step '{name}': lead time {lt:g} min is shorter than process time {pt:g} min",
                     self.cell(row_number, columns[V.LEAD_TIME]) if V.LEAD_TIME in columns else None,
                     subject + (V.LEAD_TIME,))
        return pt, lt

    def _complete_accurate(self, row, row_number: int, name: str):
        """The row's %C&A as a fraction, or None (blank, or unreadable: then an error)."""
        if V.COMPLETE_ACCURATE not in self.get or is_empty(row[self.get[V.COMPLETE_ACCURATE]]):
            return None
        raw = row[self.get[V.COMPLETE_ACCURATE]]
        kind, reading = self._remembered(V.COMPLETE_ACCURATE, raw, lambda: read_fraction(raw, self.decimal))
        if kind == "error":
            self.errors.append(f"{self.cell(row_number, self.columns[V.COMPLETE_ACCURATE])}: {reading}")
            return None
        ca, how = reading
        self.fraction_reads[how] += 1
        if how == "fraction" and len(self.fraction_cells) <= _MAX_CELL_NOTES * 4:
            self.fraction_cells.append((row_number, raw, ca, how, name))
        if ca == 1:
            self.fraction_reads["ones"] += 1
        acc = self.totals_of[V.COMPLETE_ACCURATE]
        acc[0] += ca
        acc[1] += 1
        acc[2] *= ca
        return ca

    def _notes_and_wastes(self, row) -> tuple[list[str], list[Waste]]:
        """The row's notes (every notes column) and wastes; a waste word not recognised becomes
        a note."""
        get = self.get
        notes = [read_text(row[get[V.NOTES]])] if V.NOTES in get else []
        notes += [read_text(row[i]) for i in self.notes_extra]
        wastes = []
        if V.WASTE in get and not is_empty(row[get[V.WASTE]]):
            for word in re.split(r"[,;/+\n]+", read_text(row[get[V.WASTE]])):
                if not word.strip():
                    continue
                kind = V.waste_type(word)
                if kind:
                    wastes.append(Waste(kind))
                else:
                    notes.append(f"waste: {word.strip()}")
        return notes, wastes

    def _part_of(self, row) -> _Part:
        """The part (state) the row's step belongs to: by the state column's value, the last one
        given carrying down, else the table's one part."""
        label = ""
        if V.STATE in self.get:
            value = read_text(row[self.get[V.STATE]])
            self.state_value = value or self.state_value
            label = self.state_value
        part = self.by_state.get(label)
        if part is None:
            part = _Part(label, self.number, from_state_column=V.STATE in self.get and bool(label))
            self.by_state[label] = part
            self.parts.append(part)
        return part

    def say_readings(self) -> None:
        """Each column's reading (how its values were read, what was derived), and the notes
        about the whole table."""
        columns, counters = self.columns, self.counters
        for fld, col in columns.items():
            col.reading = col.reading or _text_reading(fld, col)
            if fld in self.duration_hows:
                col.reading += _how_summary(self.duration_hows[fld])
            if fld == V.COMPLETE_ACCURATE:
                col.reading = _fraction_summary(self.fraction_reads)
        if counters["pt_from_wt"]:
            columns[V.WAIT_TIME].reading += f"; process time = lead time − wait time for {counters['pt_from_wt']} rows"
        if counters["lt_from_wt"]:
            columns[V.WAIT_TIME].reading += f"; lead time = process time + wait time for {counters['lt_from_wt']} rows"
        if counters["wt_mismatch"] > _MAX_CELL_NOTES:
            self.log.note(WARNING, f"{counters['wt_mismatch']} rows in all have a wait time that is not LT − PT")
        for fld, seen in self.noted.items():
            said = ", ".join(f"'{word}' ({n}×)" for word, n in seen.most_common(4))
            columns[fld].reading += f"; numbers read with {said} after or before them"
            self.log.note(INFO, f"{V.LABELS[fld]}: numbers with {said} read as plain numbers (the unit is not kept)",
                          self.cell(self.table.header_row, columns[fld]), ("column", self.number, fld))


def _number(row, get, fld, decimal, errors, where, noted: dict | None = None, remember=None):
    """``remember``: the reader's :meth:`_RowReader._remembered` (texts read once)."""
    if fld not in get:
        return None
    raw = row[get[fld]]
    if (raw.__class__ is float or raw.__class__ is int) and 0 <= raw < math.inf:
        return float(raw)  # quick: a number
    if is_empty(raw):
        return None
    kind, reading = (remember or _at_once)(fld, raw, lambda: read_number_noted(raw, decimal, V.LABELS[fld]))
    if kind == "error":
        errors.append(f"{where()}: {reading}")
        return None
    value = reading.value
    if not reading.plain and noted is not None:  # "80 pcs", "60k": counted for the column's note
        words = " ".join(w for w in (reading.currency, reading.scale, reading.unit) if w)
        noted.setdefault(fld, Counter())[words] += 1
    if value < 0:
        errors.append(f"{where()}: {V.LABELS[fld]} cannot be negative")
        return None
    return value


def _at_once(fld: str, raw, read) -> tuple:
    try:
        return "value", read()
    except InputError as exc:
        return "error", exc.message


def _text_reading(fld: str, col: _Column) -> str:
    if fld == V.STEP:
        return "step names"
    if fld in (V.OWNER, V.NOTES, V.STATE):
        extra = col.extra
        joined = f" (joined with {', '.join(repr(e.cell.text) for e in extra)})" if extra else ""
        return {V.OWNER: "owner or team", V.NOTES: "notes" + joined, V.STATE: "state of each row"}[fld]
    if fld == V.WASTE:
        return "wastes (TIMWOODS words; others kept in the notes)"
    if fld == V.INVENTORY:
        return "numbers (items in the queue)"
    if fld == V.RESOURCES:
        return "numbers (resources working the step)"
    return ""


def _how_summary(hows: dict) -> str:
    if not hows:
        return "; no values"
    plural = {"numbers": "number", "texts with units": "text with units", "h:mm times": "h:mm time"}
    words = {"number": "numbers", "text": "texts with units", "clock": "h:mm times",
             "number approx": "approximate numbers", "text approx": "approximate texts",
             "clock approx": "approximate h:mm"}
    return "; " + ", ".join(
        f"{n} {plural.get(words.get(h, h), words.get(h, h)) if n == 1 else words.get(h, h)}" for h, n in hows.items())


# -- units ---------------------------------------------------------------------------------

_MEMO_TEXTS = 10_000  # distinct cell texts of a column whose reading is remembered (bounded memory)


def _bare_numbers(table: RawTable, col: _Column, decimal) -> list[tuple[int, float]]:
    """The cells of a column that are plain numbers (no unit written in the cell)."""
    found = []
    # the same few texts repeat down a column ("30 min"): each read once, not once a row (a
    # text that is no number costs an exception, most of a 100,000-row column's time)
    seen: dict = {}
    for row_number, row in table.rows:
        value = row[col.index]
        if isinstance(value, bool) or is_empty(value):
            continue
        if isinstance(value, (int, float)):
            found.append((row_number, float(value)))
        elif isinstance(value, str):
            number = seen.get(value, _UNREAD)
            if number is _UNREAD:
                try:
                    number = read_number(value, decimal)
                except InputError:
                    number = None
                if len(seen) < _MEMO_TEXTS:
                    seen[value] = number
            if number is not None:
                found.append((row_number, number))
    return found


_UNREAD = object()


def _decide_units(table: RawTable, number: int, columns: dict, log: FileLog, decimal,
                  rule: DurationRule) -> None:
    """The unit of every duration column's bare numbers: from its header, from a units row,
    from a declaration near the table, or inferred (said so as an ambiguity)."""
    sheet = table.sheet
    undecided = []
    for fld in (V.PROCESS_TIME, V.LEAD_TIME, V.WAIT_TIME, V.CHANGEOVER):
        col = columns.get(fld)
        if col is None:
            continue
        header_unit = col.match.unit if col.match.unit not in (None, "%") else None
        row_unit = table.units.get(col.cell.column)
        if header_unit:
            col.unit = header_unit
            col.reading = f"numbers in {_UNIT_WORDS[header_unit]} (unit in the header)"
        elif row_unit and row_unit != "%":
            col.unit = row_unit
            col.reading = f"numbers in {_UNIT_WORDS[row_unit]} (units row {table.units_row})"
        elif table.declared:
            unit, text, where = table.declared
            col.unit = unit
            col.reading = f"numbers in {_UNIT_WORDS[unit]} (declared at {where}: \"{text[:50]}\")"
        elif not _bare_numbers(table, col, decimal):
            col.unit = "min"
            col.reading = "durations written with their units"
        else:
            undecided.append(fld)
    if not undecided:
        return
    pt_col = columns.get(V.PROCESS_TIME)
    for fld in undecided:
        col = columns[fld]
        where = cell_name(sheet, table.header_row, col.cell.column)
        if fld == V.LEAD_TIME and pt_col is not None and pt_col.unit is not None:
            unit, reason = _infer_lead_time_unit(table, col, pt_col, decimal, rule)
        elif fld == V.LEAD_TIME and pt_col is not None:
            # both bare: minutes for both, unless lead times would fall below process times
            pt_col.unit = "min"
            unit, reason = _infer_lead_time_unit(table, col, pt_col, decimal, rule)
        elif fld == V.PROCESS_TIME:
            unit, reason = "min", "minutes, the usual unit of process times"
        else:
            base = columns.get(V.LEAD_TIME) if fld == V.WAIT_TIME else pt_col
            unit = base.unit if base is not None and base.unit else "min"
            reason = (f"{_UNIT_WORDS[unit]}, like the {'lead' if fld == V.WAIT_TIME else 'process'} time column"
                      if base is not None and base.unit else "minutes")
        col.unit = unit
        col.reading = f"numbers in {_UNIT_WORDS[unit]} (no unit given: {reason})"
        log.note(AMBIGUOUS,
                 f"'{col.cell.text}' gives no unit; its numbers were read as {_UNIT_WORDS[unit]} ({reason})",
                 where, ("column", number, fld))


def _infer_lead_time_unit(table, lt_col, pt_col, decimal, rule):
    """The smallest of minutes, hours, days in which no lead time is shorter than its
    process time: the likeliest unit of a bare lead time column."""
    pts = {}
    for row_number, row in table.rows:
        value = row[pt_col.index]
        if is_empty(value):
            continue
        try:
            pts[row_number] = read_duration(value, pt_col.unit, decimal, rule)[0]
        except InputError:
            pass
    bare = _bare_numbers(table, lt_col, decimal)
    for unit in ("min", "h", "d"):
        factor = rule.minutes_per(unit)
        short = sum(1 for r, v in bare if r in pts and v * factor < pts[r] - 1e-9)
        if not short:
            if unit == "min":
                return unit, "minutes, like the process times"
            below = sum(1 for r, v in bare if r in pts and v < pts[r] - 1e-9)
            return unit, (f"read as minutes, {below} of {len(bare)} lead times would be shorter "
                          f"than their process times")
    return "min", "minutes; no unit makes every lead time at least its process time"


# -- %C&A ----------------------------------------------------------------------------------

def _note_fractions(table, columns, reads, cells, log: FileLog, number: int) -> None:
    """A %C&A column mixing percents (85) and numbers up to 1 (0.9, 1): each such number
    was read as a fraction (1 = 100 %), which is ambiguous; say so cell by cell."""
    col = columns.get(V.COMPLETE_ACCURATE)
    if col is None:
        return
    percents = reads["percent"] + reads["percent sign"]
    if percents and reads["fraction"]:
        shown = 0
        for row_number, raw, value, how, name in cells:
            if how != "fraction":
                continue
            shown += 1
            if shown <= _MAX_CELL_NOTES:
                log.note(AMBIGUOUS,
                         f"{read_text(raw)} read as {value * 100:g} % although the column's other values are "
                         f"percents (it might mean {read_text(raw)} %)",
                         cell_name(table.sheet, row_number, col.cell.column),
                         ("row", number, row_number, V.COMPLETE_ACCURATE))
        if reads["fraction"] > _MAX_CELL_NOTES:
            log.note(AMBIGUOUS, f"{reads['fraction']} %C&A values up to 1 in all were read as fractions")
    elif reads["fraction"] and not percents and reads["ones"] == reads["fraction"]:
        log.note(AMBIGUOUS, "every %C&A value is 1; read as 100 % (not 1 %)",
                 cell_name(table.sheet, table.header_row, col.cell.column), ("column", number, V.COMPLETE_ACCURATE))


def _fraction_summary(reads: dict) -> str:
    parts = []
    if reads["percent"]:
        parts.append(f"{reads['percent']} percents (85 = 85 %)")
    if reads["percent sign"]:
        parts.append(f"{reads['percent sign']} with a % sign")
    if reads["fraction"]:
        parts.append(f"{reads['fraction']} fractions (0.85 = 85 %)")
    return "shares: " + (", ".join(parts) if parts else "no values")


# -- totals --------------------------------------------------------------------------------

def _check_totals(table, columns, totals_of, decimal, rule, log: FileLog) -> list[str]:
    """Compare a totals row with the sums of the steps; a mismatch is a warning."""
    if table.totals is None:
        return []
    row_number, values = table.totals
    results = []
    checked = 0
    for fld in (V.PROCESS_TIME, V.LEAD_TIME, V.WAIT_TIME, V.CHANGEOVER, V.INVENTORY, V.COMPLETE_ACCURATE):
        col = columns.get(fld)
        if col is None or is_empty(values[col.index]):
            continue
        raw = values[col.index]
        where = cell_name(table.sheet, row_number, col.cell.column)
        summed_value, count, product = totals_of[fld]
        try:
            if fld in V.DURATION_FIELDS:
                total = read_duration(raw, col.unit, decimal, rule)[0]
                expected, unit = summed_value, col.unit or "min"
                shown = f"{total / rule.minutes_per(unit):g} {unit}"
                summed = f"{expected / rule.minutes_per(unit):g} {unit}"
            elif fld == V.INVENTORY:
                total = read_number(raw, decimal)
                expected = summed_value
                shown, summed = f"{total:g}", f"{expected:g}"
            else:
                total = read_fraction(raw, decimal)[0]
                product = product if count else float("nan")
                mean = summed_value / count if count else float("nan")
                expected = product if _close(total, product, 0.005) or not _close(total, mean, 0.005) else mean
                shown, summed = f"{total * 100:g} %", f"{expected * 100:.4g} %"
        except InputError:
            results.append(f"{V.LABELS[fld]}: '{read_text(raw)}' in the totals row is not a number; not checked")
            continue
        checked += 1
        label = V.LABELS[fld]
        if _close(total, expected, 0.005):
            results.append(f"{label}: {shown} in row {row_number} matches the steps ({summed})")
        else:
            message = f"{label}: the totals row says {shown} but the steps add up to {summed}"
            if fld == V.COMPLETE_ACCURATE:
                message = f"{label}: the totals row says {shown}, neither the product nor the mean of the steps"
            results.append("MISMATCH " + message)
            log.note(WARNING, f"totals row: {message}", where)
    if not checked:
        results.append(f"row {row_number} (skipped; it holds no numbers to check, e.g. formulas without saved results)")
    else:
        results.insert(0, f"row {row_number} recognised as totals and skipped")
    return results


def _close(a: float, b: float, rel: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return False
    return abs(a - b) <= max(rel * abs(b), 1e-6)


# -- states and names ----------------------------------------------------------------------

_GENERIC_SHEET = re.compile(r"^(sheet|tabelle|blatt|table|tab|feuil|hoja|foglio)\s*\d*$", re.IGNORECASE)


def _name_states(parts: list[_Part], tables: list[RawTable], source: Source) -> list[State]:
    """Names and kinds: a state column's values, else the sheet name (several sheets) or the
    title above each table; the state named current (Ist, as-is) or the first is current,
    the next is the future state, further ones target conditions."""
    per_sheet: dict[str, int] = {}
    for table in tables:
        per_sheet[table.sheet] = per_sheet.get(table.sheet, 0) + 1
    names = []
    for part in parts:
        table = tables[part.table]
        if part.from_state_column:
            name = part.label
        elif len(parts) == 1:
            label = table.title if V.state_kind(table.title or "") else table.sheet
            name = label if V.state_kind(label or "") else "Current state"
        elif per_sheet[table.sheet] == 1 and not _GENERIC_SHEET.match(table.sheet) and source.kind == "excel":
            name = table.sheet
        elif table.title:
            name = table.title
        else:
            name = f"{table.sheet} {part.table + 1}"
        names.append(name)
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    kinds = [V.state_kind(n) for n in unique]
    current = kinds.index("current") if "current" in kinds else 0
    order = [current] + [i for i in range(len(parts)) if i != current]
    states = []
    for position, i in enumerate(order):
        kind = "current" if position == 0 else "future" if position == 1 else "target"
        states.append(State(unique[i], tuple(parts[i].steps), kind))
        parts[i].state_index = position
    return states


def _stream_name(tables: list[RawTable], source: Source) -> str:
    for table in tables[:1]:
        for title in (table.top_text.strip(), table.title.strip()):
            if title and len(title) <= 120 and not (V.state_kind(title) and len(title.split()) <= 3):
                return title
    return source.path.stem.replace("_", " ").strip()


def _place_step_notes(parts: list[_Part], states: list[State], log: FileLog) -> None:
    """Translate ``("row", table, row, field?)`` subjects into ``("step", s, k, field?)`` and
    ``("column", table, field)`` into ``("column", s, field)`` (the table's first state)."""
    where: dict[tuple[int, int], tuple[int, int]] = {}
    first_state: dict[int, int] = {}
    for part in parts:
        s = part.state_index
        first_state.setdefault(part.table, s)
        for k, row_number in enumerate(part.rows):
            where[(part.table, row_number)] = (s, k)
    for note in log.notes:
        if note.subject and note.subject[0] == "row":
            found = where.get((note.subject[1], note.subject[2]))
            note.subject = ("step", *found, *note.subject[3:]) if found else ()
        elif note.subject and note.subject[0] == "column":
            first = first_state.get(note.subject[1])
            note.subject = ("column", first, note.subject[2]) if first is not None else ()


def _time_ranges(ranges: dict) -> dict:
    """The Step fields of the times read as ranges ("5-12 d")."""
    names = {V.PROCESS_TIME: "process_time_range", V.LEAD_TIME: "lead_time_range", V.WAIT_TIME: "wait_time_range"}
    return {names[fld]: bounds for fld, bounds in ranges.items() if fld in names}
