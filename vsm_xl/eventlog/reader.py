"""Reading an event log (CSV, XLSX, XES) into compact arrays, chunk by chunk.

Columns are found by the converter's vocabulary (``convert.vocabulary.match_log_header``), with
overrides by name. Every chunk is checked as it is read: a timestamp that does not parse, an end
before its start, a blank time, time zones mixed (some timestamps with an offset, some without)
raise an :class:`InputError` naming the row and the column, before anything is written. Only
integer codes and float minutes are kept (about 40 bytes an event), so a log of millions of
events fits in little memory; a progress bar follows the bytes read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from vsm_xl.convert import vocabulary as V
from vsm_xl.core.errors import InputError, SourceError

CHUNK_ROWS = 200_000
_TZ = re.compile(r"(?:Z|[+-]\d\d:?\d\d)\s*$")
_NS_PER_MINUTE = 60_000_000_000
STARTS = frozenset({"start", "begin", "started"})
ENDS = frozenset({"complete", "completed", "end", "done", "finish", "finished"})


@dataclass
class Columns:
    """The log's column for each field (None: absent)."""

    case: str
    activity: str
    end: str  # the end time, or the one timestamp
    start: str | None = None
    resource: str | None = None
    lifecycle: str | None = None


@dataclass
class EventLog:
    """A log as arrays, one entry per event (row order), names coded."""

    source: str
    columns: Columns
    case: np.ndarray
    activity: np.ndarray
    resource: np.ndarray
    start: np.ndarray  # minutes since 1970 (NaN: one timestamp per event)
    end: np.ndarray
    case_names: list[str]
    activities: list[str]
    resources: list[str]
    rows: np.ndarray  # the row (or XES event number) each event came from, for messages
    aware: bool | None = None  # timestamps carry a zone (converted to UTC)

    @property
    def two_timestamps(self) -> bool:
        return self.columns.start is not None or self.columns.lifecycle is not None


def find_columns(headers, source: str, overrides: dict) -> Columns:
    """The columns of ``headers`` for each field: an override by name, else the best match of
    the vocabulary (lowest rank, then leftmost)."""
    found: dict = {}
    for name in headers:
        match = V.match_log_header(str(name))
        if match is not None:
            best = found.get(match.field)
            if best is None or match.rank < best[0]:
                found[match.field] = (match.rank, name)
    chosen = {f: n for f, (_, n) in found.items()}
    for key, name in overrides.items():
        if name is None:
            continue
        if name not in headers:
            raise InputError(f"{source}: no column {name!r} (--{key}); the columns are "
                             + ", ".join(repr(str(h)) for h in headers))
        chosen = {f: n for f, n in chosen.items() if n != name}
        chosen[key] = name
    end = chosen.get(V.END) or chosen.get(V.TIMESTAMP)
    missing = [w for w, n in (("case", chosen.get(V.CASE)), ("activity", chosen.get(V.ACTIVITY)),
                              ("end or timestamp", end)) if n is None]
    if missing:
        raise InputError(f"{source}: no {' and no '.join(missing)} column found among "
                         + ", ".join(repr(str(h)) for h in headers)
                         + " (name them with --case, --activity, --start, --end)")
    start = chosen.get(V.START)
    lifecycle = chosen.get(V.LIFECYCLE) if start is None else None
    return Columns(case=chosen[V.CASE], activity=chosen[V.ACTIVITY], end=str(end), start=start,
                   resource=chosen.get(V.RESOURCE), lifecycle=lifecycle)


class _Codes:
    """Names to integer codes, growing chunk by chunk."""

    def __init__(self):
        self.index: dict = {}
        self.names: list[str] = []

    def codes(self, values: pd.Series) -> np.ndarray:
        values = values.fillna("").astype(str).str.strip()
        for name in pd.unique(values):
            if name not in self.index:
                self.index[name] = len(self.names)
                self.names.append(name)
        return values.map(self.index).to_numpy(np.int64)


class _Builder:
    """Chunks of rows in, arrays out; every chunk checked where it is read."""

    def __init__(self, source: str, columns: Columns, row_label: str = "row"):
        self.source, self.columns, self.row_label = source, columns, row_label
        self.cases, self.activities, self.resources = _Codes(), _Codes(), _Codes()
        self.parts: list[tuple] = []
        self.aware: tuple[bool, int, str] | None = None  # (aware, first row, column)

    def where(self, row: int, column: str) -> str:
        return f"{self.source}: {self.row_label} {row}, column {column!r}"

    def times(self, values: pd.Series, rows: np.ndarray, column: str, required: bool = True) -> np.ndarray:
        if pd.api.types.is_datetime64_any_dtype(values):
            parsed = values
            if getattr(values.dt, "tz", None) is not None:
                self._zone(True, rows[0], column)
                parsed = values.dt.tz_convert("UTC").dt.tz_localize(None)
            text = None
        else:
            text = values.astype("string").str.strip()
            blank = text.isna() | (text == "")
            text = text.mask(blank)
            zoned = text.str.contains(_TZ, na=False)
            filled = ~blank.to_numpy()
            if filled.any():
                kinds = zoned.to_numpy()[filled]
                first = rows[filled]
                zone = self._zone(bool(kinds[0]), int(first[0]), column)
                aware = zone[0]
                odd = np.flatnonzero(kinds != aware)
                if odd.size:
                    row = int(first[odd[0]])
                    raise InputError(f"{self.where(row, column)}: time zones mixed: {text[filled].iloc[odd[0]]!r} "
                                     f"{'has no' if aware else 'has a'} zone, row {zone[1]} "
                                     f"{'has one' if aware else 'has none'}; give every timestamp of the log "
                                     "the same kind")
            parsed = _parse(text, self.aware[0] if self.aware else False)
            bad = parsed.isna().to_numpy() & ~blank.to_numpy()
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise InputError(f"{self.where(int(rows[i]), column)}: cannot read {text.iloc[i]!r} as a date and "
                                 "time (write it like 2026-03-02 14:30)")
        minutes = parsed.to_numpy("datetime64[ns]").astype(np.int64) / _NS_PER_MINUTE
        missing = parsed.isna().to_numpy()
        minutes[missing] = np.nan
        if required and missing.any():
            i = int(np.flatnonzero(missing)[0])
            raise InputError(f"{self.where(int(rows[i]), column)}: the event has no time")
        return minutes

    def _zone(self, aware: bool, row: int, column: str) -> tuple[bool, int, str]:
        """The log's kind of timestamp: the first one read decides."""
        if self.aware is None:
            self.aware = (aware, row, column)
        return self.aware

    def add(self, frame: pd.DataFrame, rows: np.ndarray) -> None:
        c = self.columns
        lifecycle = None
        if c.lifecycle is not None:
            words = frame[c.lifecycle].fillna("").astype(str).str.strip().str.lower()
            lifecycle = np.where(words.isin(STARTS), 1, np.where(words.isin(ENDS), 2, 0)).astype(np.int8)
        end = self.times(frame[c.end], rows, c.end)
        start = self.times(frame[c.start], rows, c.start) if c.start else np.full(len(frame), np.nan)
        if c.start:
            late = np.flatnonzero(end < start)
            if late.size:
                i = int(late[0])
                raise InputError(f"{self.where(int(rows[i]), c.end)}: the event ends before it starts "
                                 f"({frame[c.end].iloc[i]} before {frame[c.start].iloc[i]})")
        case = self.cases.codes(frame[c.case])
        blank_case = np.flatnonzero(frame[c.case].isna().to_numpy())
        if blank_case.size:
            raise InputError(f"{self.where(int(rows[blank_case[0]]), c.case)}: the event has no case")
        activity = self.activities.codes(frame[c.activity])
        resource = (self.resources.codes(frame[c.resource]) if c.resource
                    else np.zeros(len(frame), np.int64))
        self.parts.append((case, activity, resource, start, end, rows, lifecycle))

    def finish(self) -> EventLog:
        if not self.parts:
            raise InputError(f"{self.source}: the log has no events")
        arrays = [np.concatenate([p[k] for p in self.parts]) for k in range(6)]
        case, activity, resource, start, end, rows = arrays
        if self.columns.lifecycle is not None:
            life = np.concatenate([p[6] for p in self.parts])
            case, activity, resource, start, end, rows = _pair_lifecycle(case, activity, resource, end, rows, life)
        self.parts = []
        resources = self.resources.names or [""]
        return EventLog(self.source, self.columns, case, activity, resource, start, end, self.cases.names,
                        self.activities.names, resources, rows, self.aware[0] if self.aware else None)


def _parse(text: pd.Series, aware: bool) -> pd.Series:
    try:
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601", utc=aware)
    except (ValueError, TypeError):
        parsed = pd.Series(pd.NaT, index=text.index)
    if parsed.isna().sum() > text.isna().sum():  # not ISO: day-first or other spellings
        parsed = pd.to_datetime(text, errors="coerce", format="mixed", dayfirst=_day_first(text), utc=aware)
    if aware:
        parsed = parsed.dt.tz_localize(None)
    return parsed


def _day_first(text: pd.Series) -> bool:
    sample = text.dropna().head(50)
    return bool(sample.str.match(r"^\d{1,2}\.\d{1,2}\.\d{2,4}").any())


def _pair_lifecycle(case, activity, resource, time, rows, life):
    """Start and complete events of one activity in one case paired in time order (the i-th
    start with the i-th complete); a complete without a start keeps one timestamp (start NaN)."""
    frame = pd.DataFrame({"case": case, "activity": activity, "resource": resource, "time": time, "row": rows,
                          "life": life})
    frame = frame.sort_values(["case", "activity", "time"], kind="stable")
    starts = frame[frame.life == 1].copy()
    ends = frame[frame.life != 1].copy()  # complete, or an event with no lifecycle word
    starts["k"] = starts.groupby(["case", "activity"]).cumcount()
    ends["k"] = ends.groupby(["case", "activity"]).cumcount()
    paired = ends.merge(starts[["case", "activity", "k", "time"]], on=["case", "activity", "k"], how="left",
                        suffixes=("", "_start"))
    late = paired[paired.time < paired.time_start]
    if len(late):
        raise InputError(f"row {int(late.row.iloc[0])}: the event completes before its start event")
    return (paired.case.to_numpy(), paired.activity.to_numpy(), paired.resource.to_numpy(),
            paired.time_start.to_numpy(float), paired.time.to_numpy(float), paired.row.to_numpy())


# -- the file types (which one: vsm_xl.eventlog.files.read_log) ---------------------------------
def _read_csv(path: Path, overrides: dict, progress) -> EventLog:
    total = path.stat().st_size
    sep = _separator(path)
    try:
        head = pd.read_csv(path, nrows=0, encoding="utf-8-sig", sep=sep)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path.name}: not a readable CSV file ({exc})") from None
    headers = [str(h).strip() for h in head.columns]
    columns = find_columns(headers, path.name, overrides)
    used = [c for c in (columns.case, columns.activity, columns.start, columns.end, columns.resource,
                        columns.lifecycle) if c]
    builder = _Builder(path.name, columns)
    offset = 2  # the header is row 1
    with open(path, "rb") as handle:
        try:
            reader = pd.read_csv(handle, sep=sep, dtype=str, usecols=lambda h: str(h).strip() in used,
                                 chunksize=CHUNK_ROWS, encoding="utf-8-sig", keep_default_na=False,
                                 na_values=[""])
            for chunk in reader:
                chunk.columns = [str(h).strip() for h in chunk.columns]
                builder.add(chunk, np.arange(offset, offset + len(chunk)))
                offset += len(chunk)
                if progress:
                    progress(handle.tell(), total)
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise SourceError(f"{path.name}: not a readable CSV file ({exc})") from None
    return builder.finish()


def _separator(path: Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        line = handle.readline()
    return max((",", ";", "\t", "|"), key=line.count)


def _read_xlsx(path: Path, overrides: dict, progress) -> EventLog:
    try:
        frame = pd.read_excel(path, sheet_name=0, engine="calamine")
    except Exception as exc:  # noqa: BLE001 - any reader failure is a file that cannot be read
        raise SourceError(f"{path.name}: not a readable workbook ({exc})") from None
    frame.columns = [str(h).strip() for h in frame.columns]
    columns = find_columns(list(frame.columns), path.name, overrides)
    builder = _Builder(f"{path.name} (sheet 1)", columns)
    for first in range(0, len(frame), CHUNK_ROWS):
        part = frame.iloc[first:first + CHUNK_ROWS]
        builder.add(part, np.arange(first + 2, first + 2 + len(part)))
        if progress:
            progress(first + len(part), len(frame))
    return builder.finish()

