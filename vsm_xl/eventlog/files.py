"""Which reader an event log file takes, by its suffix: CSV and XLSX through pandas
(:mod:`vsm_xl.eventlog.reader`), XES through the streaming reader (:mod:`vsm_xl.eventlog.xes`,
which builds on the CSV reader's columns, so this choice lives above both)."""
from __future__ import annotations

from pathlib import Path

from vsm_xl.core.errors import SourceError
from vsm_xl.eventlog import reader
from vsm_xl.eventlog.reader import EventLog
from vsm_xl.eventlog.xes import read_xes


def read_log(path, overrides: dict | None = None, progress=None) -> EventLog:
    """The event log at ``path`` (.csv, .xlsx/.xlsm, .xes); ``progress(done, total)`` is called
    with the bytes read."""
    path = Path(path)
    overrides = overrides or {}
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return reader._read_csv(path, overrides, progress)
    if suffix in (".xlsx", ".xlsm"):
        return reader._read_xlsx(path, overrides, progress)
    if suffix == ".xes":
        return read_xes(path, overrides, progress)
    raise SourceError(f"{path.name}: an event log must be .csv, .xlsx or .xes")
