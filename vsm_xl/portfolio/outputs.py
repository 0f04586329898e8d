"""Where the portfolio's rows go, as they arrive: outputs of any size.

- ``.parquet`` (pyarrow, the ``parquet`` or ``dask`` extra) and ``.csv`` / ``.json`` files, and
  ``--format json|csv`` on stdout, are written row by row as the files are read, in file order:
  never all rows in memory at once. A Parquet file is written in row groups of
  :data:`ROW_GROUP` rows; its columns are :data:`vsm_xl.portfolio.collect.ROW_KEYS` with the types of
  :data:`PARQUET_TYPES`.
- ``.xlsx`` (the workbook with its table, bands and chart, sorted) and the printed table need
  every row: they are collected, and an ``.xlsx`` refuses more rows than a sheet holds
  (:data:`XLSX_SHEET_ROWS`, the title and header rows included) as soon as they are read, with a
  message pointing to Parquet.

Files go through :mod:`vsm_xl.io.atomic`: written to a temporary file beside the target and
renamed when complete; a run stopped midway (Ctrl-C, SIGTERM, an error) leaves no partial
output. The same text is written as :func:`vsm_xl.portfolio.collect.rows_csv` /
:func:`~vsm_xl.portfolio.collect.rows_json` give for all rows at once.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Callable, TextIO

from vsm_xl.core.errors import OutputError, VsmError
from vsm_xl.portfolio.collect import ROW_KEYS, Portfolio, data_row
from vsm_xl.portfolio.xlsx import HEADER_ROW, XLSX_SHEET_ROWS, too_many_rows_message, xlsx_row_limit  # noqa: F401

ROW_GROUP = 10_000  # rows of a Parquet row group: what the writer holds at most (a few MB)
FILE_SUFFIXES = (".xlsx", ".json", ".csv", ".parquet")
PARQUET_EXTRA = 'pip install "vsm-xl[parquet]"   (in a checkout: pip install -e ".[parquet]")'

_FLOAT_KEYS = ("total_process_time_minutes", "total_lead_time_minutes", "total_wait_time_minutes",
               "flow_efficiency", "rolled_complete_accurate", "wip_total", "takt_time_minutes", "best_wbf")
_INT_KEYS = ("step_count",)
# column -> type of the Parquet file (None: missing value); text otherwise
PARQUET_TYPES = {key: ("float64" if key in _FLOAT_KEYS else "int64" if key in _INT_KEYS else "string")
                 for key in ROW_KEYS}


def require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise VsmError(f"-o .parquet needs pyarrow (the 'parquet' extra, also in 'dask'). Install it with:  "
                       f"{PARQUET_EXTRA}") from None


class Output:
    """One destination of the rows: ``add(rows)`` as they arrive, ``finish(portfolio)`` at
    the end (the portfolio of the whole run: failures, files, converted), ``abandon()`` on
    failure."""

    def add(self, rows: list[dict]) -> None:
        raise NotImplementedError

    def finish(self, portfolio: Portfolio) -> None:
        pass

    def abandon(self) -> None:
        pass


class _Staged(Output):
    """A file written to a temporary file beside ``target`` and renamed when complete."""

    def __init__(self, target: Path):
        from vsm_xl.io.atomic import staged

        self.target = Path(target)
        self.tmp = staged(self.target)

    def commit(self) -> None:
        from vsm_xl.io.atomic import commit

        commit([(self.tmp, self.target)])

    def abandon(self) -> None:
        from vsm_xl.io.atomic import discard

        discard(self.tmp)


class _CsvText:
    """Rows as :func:`vsm_xl.portfolio.collect.rows_csv` writes them, to a text stream."""

    def __init__(self, stream: TextIO):
        from vsm_xl.io.safe_text import csv_value

        self.value = csv_value
        self.writer = csv.DictWriter(stream, fieldnames=list(ROW_KEYS), lineterminator="\n")
        self.writer.writeheader()

    def add(self, rows: list[dict]) -> None:
        for row in rows:
            self.writer.writerow({k: ("" if row.get(k) is None else self.value(row.get(k))) for k in ROW_KEYS})

    def close(self) -> None:
        """Nothing to close: a CSV text is complete after its last row (the JSON text is not)."""


class _JsonText:
    """Rows as :func:`vsm_xl.portfolio.collect.rows_json` writes them (``indent=2``), to a text stream."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.count = 0

    def add(self, rows: list[dict]) -> None:
        for row in rows:
            text = json.dumps(data_row(row), indent=2, ensure_ascii=False).replace("\n", "\n  ")
            self.stream.write(("[\n  " if not self.count else ",\n  ") + text)
            self.count += 1

    def close(self) -> None:
        self.stream.write("\n]\n" if self.count else "[]\n")


class TextFile(_Staged):
    """``.csv`` or ``.json``, streamed."""

    def __init__(self, target: Path, kind: str):
        super().__init__(target)
        try:
            self.handle = open(self.tmp, "w", encoding="utf-8", newline="")
        except BaseException:
            super().abandon()
            raise
        self.text = _CsvText(self.handle) if kind == "csv" else _JsonText(self.handle)

    def add(self, rows: list[dict]) -> None:
        self.text.add(rows)

    def finish(self, portfolio: Portfolio) -> None:
        self.text.close()
        self.handle.close()
        self.commit()

    def abandon(self) -> None:
        self.handle.close()
        super().abandon()


class ParquetFile(_Staged):
    """``.parquet``, streamed in row groups of :data:`ROW_GROUP` rows."""

    def __init__(self, target: Path):
        require_pyarrow()
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        self.schema = pa.schema([(key, getattr(pa, PARQUET_TYPES[key])()) for key in ROW_KEYS])
        self.buffer: list[dict] = []
        super().__init__(target)
        try:
            self.writer = pq.ParquetWriter(str(self.tmp), self.schema)
        except BaseException:
            super().abandon()
            raise

    def add(self, rows: list[dict]) -> None:
        self.buffer.extend(rows)
        if len(self.buffer) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.buffer:
            table = self.pa.Table.from_pylist(self.buffer, schema=self.schema)
            self.writer.write_table(table)
            self.buffer = []

    def finish(self, portfolio: Portfolio) -> None:
        self._flush()
        self.writer.close()
        self.commit()

    def abandon(self) -> None:
        try:
            self.writer.close()
        except Exception:  # noqa: BLE001 - the file is removed anyway
            pass
        super().abandon()


class Collected(Output):
    """Outputs that need every row (the workbook, the printed table): rows kept until the end;
    ``limit`` refuses more rows than that, as soon as they are read."""

    def __init__(self, write: Callable[[Portfolio], None], limit: int | None = None, too_many: str = ""):
        self.rows: list[dict] = []
        self.write = write
        self.limit = limit
        self.too_many = too_many

    def add(self, rows: list[dict]) -> None:
        if self.limit is not None and len(self.rows) + len(rows) > self.limit:
            raise OutputError(self.too_many)
        self.rows.extend(rows)

    def finish(self, portfolio: Portfolio) -> None:
        whole = Portfolio(rows=self.rows, failures=portfolio.failures, files=portfolio.files,
                          converted=portfolio.converted, guessed=portfolio.guessed, row_count=len(self.rows))
        self.write(whole)


class Printed(Output):
    """``--format json|csv`` on stdout, streamed."""

    def __init__(self, kind: str, stream: TextIO | None = None):
        self.stream = stream or sys.stdout
        self.text = _CsvText(self.stream) if kind == "csv" else _JsonText(self.stream)

    def add(self, rows: list[dict]) -> None:
        self.text.add(rows)

    def finish(self, portfolio: Portfolio) -> None:
        self.text.close()
        self.stream.flush()


def workbook_output(target: Path) -> Collected:
    """The ``.xlsx`` portfolio (vsm_xl.portfolio.xlsx), refusing more rows than a sheet holds."""
    limit = xlsx_row_limit()

    def write(portfolio: Portfolio) -> None:
        from vsm_xl.portfolio.xlsx import write_portfolio_workbook

        write_portfolio_workbook(portfolio, target)

    return Collected(write, limit, too_many_rows_message(target, limit))


def file_output(target: Path) -> Output:
    """The output for ``-o target`` by its suffix (see :data:`FILE_SUFFIXES`)."""
    suffix = Path(target).suffix.lower()
    if suffix == ".xlsx":
        return workbook_output(target)
    if suffix == ".parquet":
        return ParquetFile(target)
    if suffix in (".csv", ".json"):
        return TextFile(target, suffix[1:])
    raise OutputError(f"the portfolio is written as {', '.join(FILE_SUFFIXES)}, not {Path(target).name}")


class Outputs:
    """Several outputs fed together: ``with Outputs([...]) as outputs: build_portfolio(...,
    sink=outputs.add); outputs.finish(portfolio)``. Leaving the block without ``finish`` (an
    error, Ctrl-C) abandons every output: no partial file is left."""

    def __init__(self, outputs: list[Output]):
        self.outputs = list(outputs)
        self.finished = False

    def __enter__(self) -> "Outputs":
        return self

    def add(self, rows: list[dict]) -> None:
        for output in self.outputs:
            output.add(rows)

    def finish(self, portfolio: Portfolio) -> None:
        # the collected ones first: the workbook may still fail; the streamed files are complete
        for output in sorted(self.outputs, key=lambda o: not isinstance(o, Collected)):
            output.finish(portfolio)
        self.finished = True

    def __exit__(self, kind, exc, tb) -> None:
        if not self.finished:
            for output in self.outputs:
                output.abandon()
