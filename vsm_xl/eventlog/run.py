"""``vsm-xl mine``: an event log -> the measured current state (YAML or a template workbook with
its Measurement and History sheets), or the refresh of an existing workbook's current state.

The log is read into compact arrays (:mod:`vsm_xl.eventlog.reader`), sorted by case and time once,
and handed to the core (:func:`vsm_xl.core.mining.mine`) as re-iterable cases that stream from
those arrays in chunks. Nothing is written before the whole log has been read and measured.
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vsm_xl.core.errors import InputError, NoDataError
from vsm_xl.core.mining import Mining, mine, mined_state
from vsm_xl.core.model import State, ValueStream
from vsm_xl.eventlog.files import read_log
from vsm_xl.eventlog.reader import Columns, EventLog

_TRACE_CHUNK = 100_000  # events turned into Python tuples at a time
_EPOCH = _dt.datetime(1970, 1, 1)


@dataclass(frozen=True)
class Mined:
    """A log's measurement: the core's figures, the current state made of them, and where
    they came from."""

    mining: Mining
    state: State
    source: str
    columns: Columns
    utc: bool  # timestamps carried a zone and were converted to UTC

    def when(self, minutes: float) -> str:
        moment = _EPOCH + _dt.timedelta(minutes=minutes)
        return moment.strftime("%Y-%m-%d %H:%M") + (" UTC" if self.utc else "")

    @property
    def period_text(self) -> str:
        lo, hi = self.mining.period
        return f"{self.when(lo)} – {self.when(hi)}"


class Traces:
    """The cases of a log in time order, re-iterable: each a list of ``(activity, start, end,
    resource)`` (start None without start times), built chunk by chunk from sorted arrays."""

    def __init__(self, log: EventLog):
        start = log.start
        first = np.where(np.isnan(start), log.end, start)
        order = np.lexsort((log.end, first, log.case))
        self.case = log.case[order]
        self.activity = log.activity[order]
        self.resource = log.resource[order]
        self.start = start[order]
        self.end = log.end[order]
        self.bounds = np.concatenate(([0], np.flatnonzero(np.diff(self.case)) + 1, [len(order)]))

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __iter__(self):
        bounds = self.bounds
        k = 0
        while k < len(bounds) - 1:
            lo = bounds[k]
            j = int(np.searchsorted(bounds, lo + _TRACE_CHUNK, side="right")) - 1
            j = max(j, k + 1)
            hi = bounds[j]
            acts = self.activity[lo:hi].tolist()
            ress = self.resource[lo:hi].tolist()
            ends = self.end[lo:hi].tolist()
            starts = [None if math.isnan(s) else s for s in self.start[lo:hi].tolist()]
            events = list(zip(acts, starts, ends, ress))
            for a, b in zip(bounds[k:j].tolist(), bounds[k + 1:j + 1].tolist()):
                yield events[a - lo:b - lo]
            k = j


def _minutes(moment) -> float | None:
    if moment is None:
        return None
    if isinstance(moment, str):
        try:
            moment = _dt.datetime.fromisoformat(moment)
        except ValueError:
            raise InputError(f"--from/--to: cannot read {moment!r} as a date (write it like 2026-03-01)") from None
    if isinstance(moment, _dt.date) and not isinstance(moment, _dt.datetime):
        moment = _dt.datetime.combine(moment, _dt.time())
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return (moment - _EPOCH).total_seconds() / 60


def mine_log(path, *, case=None, activity=None, start=None, end=None, resource=None, period_from=None,
             period_to=None, progress=None) -> Mined:
    """Read the event log at ``path`` and measure its current state (see :mod:`vsm_xl.core.mining`)."""
    overrides = {"case": case, "activity": activity, "start": start, "end": end, "resource": resource}
    log = read_log(path, overrides, progress)
    lo, hi = _minutes(period_from), _minutes(period_to)
    if lo is not None and hi is not None and hi <= lo:
        raise InputError("--to must come after --from")
    period = None
    if lo is not None or hi is not None:
        period = (lo if lo is not None else -math.inf, hi if hi is not None else math.inf)
    traces = Traces(log)
    try:
        mining = mine(traces, log.activities, log.resources, two_timestamps=log.two_timestamps, period=period)
    except NoDataError as exc:
        raise InputError(f"{Path(path).name}: {exc.message}"
                         + (" (--from/--to)" if period else "")) from None
    return Mined(mining, mined_state(mining), Path(path).name, log.columns, bool(log.aware))


def stream_of(mined: Mined, name: str = "") -> ValueStream:
    """A new value stream holding the measured current state."""
    return ValueStream(name=name or Path(mined.source).stem.replace("_", " ").strip().capitalize(),
                       states=(mined.state,), date=_dt.date.today().isoformat())
