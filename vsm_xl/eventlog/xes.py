"""A small streaming reader of XES event logs (IEEE 1849) on defusedxml's iterparse: no
process-mining dependency. Each ``<trace>`` is read, turned into rows and cleared, so memory
holds one trace of XML at a time; rows go to the same chunked builder as CSV, under the
standard keys as column names (``concept:name``, ``time:timestamp``, ``org:resource``,
``lifecycle:transition``, the trace's ``concept:name`` as ``case:concept:name``)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from vsm_xl.core.errors import SourceError
from vsm_xl.eventlog.reader import CHUNK_ROWS, EventLog, _Builder, find_columns

CASE_KEY = "case:concept:name"
_ATTRIBUTES = ("string", "date", "int", "float", "boolean", "id")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attributes(element) -> dict:
    return {child.get("key"): child.get("value") for child in element
            if _local(child.tag) in _ATTRIBUTES and child.get("key") is not None}


def _rows(path: Path, progress):
    from defusedxml.ElementTree import iterparse

    total = path.stat().st_size
    with open(path, "rb") as handle:
        try:
            for event, element in iterparse(handle, events=("end",)):
                if _local(element.tag) != "trace":
                    continue
                case = _attributes(element).get("concept:name")
                for child in element:
                    if _local(child.tag) == "event":
                        yield {CASE_KEY: case, **_attributes(child)}
                element.clear()
                if progress:
                    progress(handle.tell(), total)
        except Exception as exc:  # noqa: BLE001 - ParseError or a defusedxml refusal: not a log we read
            raise SourceError(f"{path.name}: not a readable XES file ({exc})") from None


def read_xes(path, overrides: dict, progress=None) -> EventLog:
    path = Path(path)
    batch: list[dict] = []
    builder = None
    number = 1

    def flush():
        nonlocal builder, number
        frame = pd.DataFrame(batch)
        if builder is None:
            builder = _Builder(path.name, find_columns(list(frame.columns), path.name, overrides), "event")
        for column in (c for c in vars(builder.columns).values() if c):
            if column not in frame:
                frame[column] = None
        builder.add(frame, np.arange(number, number + len(frame)))
        number += len(frame)
        batch.clear()

    for row in _rows(path, progress):
        batch.append(row)
        if len(batch) >= CHUNK_ROWS:
            flush()
    if batch:
        flush()
    if builder is None:
        raise SourceError(f"{path.name}: the XES file holds no events")
    return builder.finish()
