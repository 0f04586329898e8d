"""Team spreadsheets as plain rows: .xlsx and .xlsm through python-calamine (fast, values
only, streaming row by row), .csv with its delimiter (``;`` or ``,``) and decimal mark
sniffed. Nothing here knows about value streams.

Rows are lists indexed from column A (index 0), numbered from row 1, so that every
reading can name its cell. Empty cells are ``None``.
"""
from __future__ import annotations

import contextlib
import csv
import io
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from vsm_xl.core.errors import SourceError, VsmError
from vsm_xl.core.limits import HEADER_ALLOWANCE, current, shorten
from vsm_xl.core.limit_checks import check_rows
from vsm_xl.io.safe_text import UNWRITABLE, check_text
from vsm_xl.workbook.xlsx.grid import damaged_input
from vsm_xl.workbook.xlsx.package import check_zip_file

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
SUPPORTED_SUFFIXES = EXCEL_SUFFIXES + (".csv",)


@dataclass
class SheetSource:
    """One sheet: its name and a way to stream its rows as ``(row number, values)``."""

    name: str
    rows: Callable[[], Iterator[tuple[int, list]]]


@dataclass
class Source:
    """A readable spreadsheet file."""

    path: Path
    kind: str  # "excel" or "csv"
    sheets: list[SheetSource]
    decimal: str | None = None  # "," or "." when the file says so (CSV), else None
    details: dict = field(default_factory=dict)  # delimiter, encoding: for the log


def open_source(path) -> Source:
    """A :class:`Source` for ``path``; raises :class:`SourceError` with the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SourceError(f"{path} is not a file")
    if suffix in EXCEL_SUFFIXES:
        return _excel_source(path)
    if suffix in CSV_SUFFIXES:
        with reading_errors("the CSV table"):
            return _csv_source(path)
    raise SourceError(f"unsupported file type {suffix or '(none)'} (use .xlsx, .xlsm or .csv)")


# -- Excel ---------------------------------------------------------------------------------

def _excel_source(path: Path) -> Source:
    from python_calamine import CalamineError, CalamineWorkbook

    check_zip_file(path)  # every budget (sheets' rows and cells too), before python-calamine decompresses anything
    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        visible = [
            meta.name for meta in book.sheets_metadata
            if str(meta.typ).endswith("WorkSheet") and not str(meta.visible).endswith("Hidden")
        ]
    except (CalamineError, OSError, ValueError) as exc:
        raise SourceError(_other_kind(path) or f"cannot open as an Excel workbook ({_short(exc)})") from None
    except Exception as exc:  # calamine raises plain exceptions for some broken zips
        if not damaged_input(exc):
            raise
        raise SourceError(_other_kind(path) or f"cannot open as an Excel workbook ({_short(exc)})") from None

    def sheet_rows(name: str):
        def rows():
            try:
                sheet = book.get_sheet_by_name(name)
                start = sheet.start
                height = sheet.height
                iterator = sheet.iter_rows()
            except Exception as exc:
                if not damaged_input(exc):
                    raise
                raise SourceError(f"cannot read sheet {shorten(name)!r} ({_short(exc)})") from None
            _check_rows(height, f"sheet {shorten(name)!r}")
            if start is None:
                return
            pad = [None] * start[1]  # calamine starts at row 1 but leaves out the empty columns on the left
            with reading_errors(f"sheet {shorten(name)!r}"):
                for number, values in enumerate(iterator, start=1):
                    row = pad + [None if v == "" else v for v in values]
                    if UNWRITABLE.search("".join(v for v in values if v.__class__ is str)):
                        refuse_unwritable(name, number, row)  # python-calamine decodes _x0007_ escapes
                    yield number, row
        return rows

    sheets = [SheetSource(name, sheet_rows(name)) for name in names if name in visible or not visible]
    return Source(path, "excel", sheets, None, {"reader": "python-calamine"})


def refuse_unwritable(sheet: str, number: int, row: list) -> None:
    """The one rule for text (:mod:`vsm_xl.io.safe_text`): a cell holding a character that a
    workbook cannot hold refuses the file, naming the cell."""
    from vsm_xl.convert.header_detection import cell_name

    for col, value in enumerate(row):
        check_text(value, cell_name(sheet, number, col))


@contextlib.contextmanager
def reading_errors(where: str):
    """Any error of the reading libraries (python-calamine's XmlError, CalamineError, zip and
    deflate errors; the csv module's Error) as a :class:`SourceError` saying where."""
    try:
        yield
    except VsmError:
        raise
    except Exception as exc:  # the libraries raise plain exceptions for damaged files; not ours
        if not damaged_input(exc) and not isinstance(exc, csv.Error):
            raise
        raise SourceError(f"{where}: cannot be read ({type(exc).__name__}: {_short(exc)})") from None


def _row_limit() -> int:
    return current().max_rows + HEADER_ALLOWANCE


def _check_rows(count: int, where: str) -> None:
    check_rows(count, where, at_least=count == _row_limit() + 1)  # counted up to limit + 1


def _other_kind(path) -> str | None:
    """What a file named .xlsx really is (a Word document, an .xls, a CSV), with what to do."""
    from vsm_xl.io.file_kind import not_a_workbook_message

    return not_a_workbook_message(path)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


# -- CSV -----------------------------------------------------------------------------------

_DELIMITERS = ";,\t|"


def _lines(text: str):
    """The lines of ``text`` one by one, with their line ends (what ``csv.reader`` reads),
    without a second copy of the whole text (``io.StringIO`` holds four bytes a character)."""
    start, end = 0, len(text)
    while start < end:
        stop = text.find("\n", start)
        stop = end if stop < 0 else stop + 1
        yield text[start:stop]
        start = stop


def _decode(path: Path) -> tuple[str, str]:
    size, budget = path.stat().st_size, current().max_expanded_bytes
    if size > budget:
        raise SourceError(f"the CSV file is {size / 1e6:,.1f} MB, more than the budget of {budget / 1e6:g} MB; "
                          "raise it with --max-expanded-mb if the file is genuine")
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise SourceError("not a text file (binary content); expected a CSV table")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    if not lines:
        raise SourceError("the file is empty")
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    # The delimiter that splits most lines into the same number of pieces wins.
    best, best_score = ",", -1
    for delimiter in _DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        score = sum(1 for c in counts if c and c == max(counts))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_source(path: Path) -> Source:
    from vsm_xl.convert.cell_values import guess_decimal

    text, encoding = _decode(path)
    if not text.strip():
        raise SourceError("the file is empty")
    sample = text[:65536]
    delimiter = _sniff_delimiter(sample)
    limit = _row_limit()
    if text.count("\n") > limit:  # physical lines; quoted line breaks make more lines than rows
        with reading_errors("the CSV table"):
            rows_seen = sum(1 for _ in itertools.islice(csv.reader(_lines(text), delimiter=delimiter), limit + 1))
        _check_rows(rows_seen, "the CSV table")
    sample_cells = [cell for row in csv.reader(io.StringIO(sample), delimiter=delimiter) for cell in row]
    guessed = guess_decimal(sample_cells)
    decimal: str | None
    if delimiter == ",":
        decimal = guessed or "."  # an unquoted comma cannot be a decimal mark here
    elif delimiter == ";":
        decimal = guessed or ","  # the German/European Excel export
    else:
        decimal = guessed

    unwritable = UNWRITABLE.search(text) is not None

    def rows():
        reader = csv.reader(_lines(text), delimiter=delimiter)
        number = 0
        with reading_errors("the CSV table"):
            for number, values in enumerate(reader, start=1):
                row = [v if v.strip() else None for v in values]
                if unwritable:
                    refuse_unwritable(path.stem, number, row)
                yield number, row

    names = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}
    details = {"delimiter": names.get(delimiter, delimiter), "encoding": encoding,
               "decimal mark": {",": "comma", ".": "point"}.get(decimal or "", "not evident")}
    return Source(path, "csv", [SheetSource(path.stem, rows)], decimal, details)
