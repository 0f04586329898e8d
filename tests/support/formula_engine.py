"""Evaluate an .xlsx workbook in pure Python, with custom cell functions bound in.

Test-support helper built on the PyPI package ``formulas`` (checked with 1.3.4).
It lets a test write a small workbook with openpyxl (scalar formulas such as
``=VSM_WBF(B2:B5,C2:C5)``, array formulas written as
``ws["D2"] = ArrayFormula("D2:G7", "=VSM_FOO(A1:B3)")``) and compute every cell
the way Excel would with the add-in's user-defined functions (UDFs) loaded.

Usage::

    from tests.support.formula_engine import evaluate_workbook  # run from the repo root
    # (inside tests/support itself: from .formula_engine import ...)

    values = evaluate_workbook(path, {"VSM_WBF": vsm_wbf, "VSM_DURATION": dur})
    assert values["Sheet1!C7"] == pytest.approx(12.5)

The UDFs are plain Python functions that receive arguments the way xlwings
passes them to a ``@xw.func`` function with default converters (``ndim=None``):

* a single cell (1x1 range) or a literal -> a scalar;
* a single row or a single column (1xN / Nx1) -> a flat ``list``;
* a block -> a ``list`` of rows (``list[list]``);
* numbers -> ``float`` (Excel has only doubles), booleans -> ``bool``,
  text -> ``str``, empty cells -> ``None``;
* error cells/values -> ``None`` (xlwings' default ``err_to_str=False``);
  ``error_args="str"`` passes them as ``"#DIV/0!"``-style strings instead,
  ``error_args="propagate"`` does not call the UDF and returns the first
  error (Excel-native function behaviour).

A UDF returns a scalar, a 1-D list (written as one *row*, like xlwings), a
list of rows, or a numpy array.  ``None`` and NaN become ``""`` (xlwings writes
them as empty text).  An exception inside a UDF gives ``#VALUE!`` in the cell
(and is recorded; ``strict=True`` re-raises the first one after calculation).
To return a real Excel error value use :data:`ERRORS` (``ERRORS["#N/A"]``);
a returned plain string such as ``"#N/A"`` stays *text*, as it does with
xlwings, unless ``error_strings_as_errors=True``.

Facts about ``formulas`` 1.3.4 that shaped this module (verified on this
machine; the self-test test_formula_engine_support.py pins most of them):

* Custom functions live in the global, ``lru_cache``-d dict returned by
  ``formulas.get_functions()``; the key must be UPPERCASE.  They MUST be
  registered before ``ExcelModel().loads(...)``: the parser decides at parse
  time whether ``NAME(`` is a function; an unknown name is parsed as a range
  reference and the cell evaluates to ``#NAME?`` even if the function is
  registered before ``calculate()``.  This module registers, evaluates and
  then restores the previous registry contents.
* The raw callable receives: ``formulas.ranges.Ranges`` objects for cell
  references (``.value`` is a 2-D object ``Array``; empty cells are
  ``schedula.EMPTY``), Python scalars for literals (``"x"``, ``TRUE``, ``3``),
  2-D ``Array`` for array literals/expressions (``{1,2;3,4}``, ``A1:A3*2``),
  a 0-d ``Array`` holding an ``XlError`` for error expressions like ``1/0``.
  Integer cells arrive as ``int``.  ``XlError`` is a ``str`` subclass.
* Formulas without cell inputs (``=F("2h")``) are evaluated already during
  ``loads()`` (constant folding); an exception escaping a raw function aborts
  ``loads`` with a ``DispatcherError`` - hence every UDF is wrapped.
* Omitted trailing arguments are simply not passed (Python defaults apply:
  ``=VSM_DURATION("2h")`` calls ``fn("2h")``).  An *empty* argument
  (``=F("2h",)`` or ``=F(,1)``) is passed as ``0`` by ``formulas`` (Excel
  would pass "missing"); avoid that form in test workbooks.
* Array formulas: openpyxl's ``ArrayFormula("D2:F3", "=F(...)")`` is
  computed over the whole explicit range; the solution key is the range
  (``'[book.xlsx]SHEET'!D2:F3``) and this module splits it into cells.  A
  result smaller than the range is padded with ``#N/A`` (as in Excel); a
  result LARGER than the range gives ``#VALUE!`` in every cell (Excel would
  crop) - useful to catch wrong ranges.  BUT if the block went through a
  native operator first (``=F(...)*2``), ``formulas`` fills a mismatched
  range with the FLATTENED values (np.resize: 2x2 [[1,2],[3,4]]*2 over
  H1:J1 gives 2,4,6) - always size array-formula ranges exactly.
  A scalar over a range is broadcast.
  A 2-D result in a plain (non-array) one-cell formula gives ``#VALUE!``.
* Solution keys upper-case sheet names (``'[book.xlsx]MY SHEET'!A1``); this
  module maps them back to the workbook's spelling.  Only global (workbook
  scoped) defined names are supported by ``formulas``; they come back keyed
  by the name as spelled in the workbook.  Cached values in the file are
  ignored: everything is recomputed.
* A sheet name containing an apostrophe (``Bob's``) breaks reference
  resolution in ``formulas`` (cells come out empty/``#REF!``); a warning is
  emitted.  Spaces in sheet names are fine.
* Cost: ~4-5 ms per formula cell, almost all in ``formulas``' parse/compile
  (600 UDF+native formula cells plus a 300x3 array formula: ~2.8 s).
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import io
import math
import os
import re
import tempfile
import warnings
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import numpy as np

__all__ = [
    "ERRORS",
    "UdfError",
    "evaluate_workbook",
    "register_functions",
    "to_xlwings_arg",
]

_ERROR_NAMES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")


def _formulas():
    import formulas  # imported lazily: it is slow-ish to import

    return formulas


def _error_table():
    from formulas.tokens.operand import Error

    return Error.errors


class _LazyErrors(Mapping):
    """``ERRORS["#N/A"]`` -> the ``formulas`` XlError value for ``#N/A``."""

    def __getitem__(self, key):
        return _error_table()[key]

    def __iter__(self):
        return iter(_ERROR_NAMES)

    def __len__(self):
        return len(_ERROR_NAMES)


#: Real Excel error values a UDF may return (``return ERRORS["#VALUE!"]``).
ERRORS: Mapping[str, Any] = _LazyErrors()


class UdfError(RuntimeError):
    """Raised by ``evaluate_workbook(strict=True)`` when a UDF raised."""


def _is_xlerror(v) -> bool:
    from formulas.tokens.operand import XlError

    return isinstance(v, XlError)


# --------------------------------------------------------------------------
# formulas -> xlwings-style Python values
# --------------------------------------------------------------------------
def _scalar_in(v, error_args: str):
    """Convert one element coming from ``formulas`` to a plain Python value."""
    import schedula as sh

    if v is sh.EMPTY or v is None:
        return None
    if _is_xlerror(v):  # must come before the str test: XlError is a str
        return str(v) if error_args == "str" else None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    if isinstance(v, str):
        return str(v)
    if isinstance(v, np.ndarray):  # 0-d array
        return _scalar_in(v.item() if v.size == 1 else v.ravel()[0], error_args)
    return v  # datetime and anything exotic: passed through unchanged


def _first_error(arg):
    """The first XlError inside a raw ``formulas`` argument, else None."""
    from formulas.ranges import Ranges

    if isinstance(arg, Ranges):
        arg = arg.value
    if isinstance(arg, np.ndarray):
        for v in arg.ravel():
            if _is_xlerror(v):
                return v
        return None
    return arg if _is_xlerror(arg) else None


def to_xlwings_arg(arg, error_args: str = "none"):
    """Convert one raw ``formulas`` argument into xlwings' ``ndim=None`` shape.

    1x1 -> scalar, 1xN / Nx1 -> flat list, otherwise list of rows.
    """
    from formulas.ranges import Ranges

    if isinstance(arg, Ranges):
        arg = arg.value  # 2-D object Array (raises for multi-area unions)
    if isinstance(arg, np.ndarray):
        if arg.ndim == 0 or arg.size == 1:
            return _scalar_in(arg.ravel()[0] if arg.size else None, error_args)
        if arg.ndim == 1:
            return [_scalar_in(v, error_args) for v in arg]
        rows, cols = arg.shape[:2]
        if rows == 1 or cols == 1:
            return [_scalar_in(v, error_args) for v in arg.ravel()]
        return [[_scalar_in(v, error_args) for v in row] for row in arg]
    return _scalar_in(arg, error_args)


# --------------------------------------------------------------------------
# Python return values -> formulas
# --------------------------------------------------------------------------
def _scalar_out(v, error_strings_as_errors: bool):
    errors = _error_table()
    if _is_xlerror(v):
        return v
    if v is None:
        return ""  # xlwings writes None as empty text
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        f = float(v)
        if math.isnan(f):
            return ""  # xlwings writes NaN as empty text
        if math.isinf(f):
            return errors["#NUM!"]
        return f
    if isinstance(v, str):
        if error_strings_as_errors and v in errors:
            return errors[v]
        return v
    if isinstance(v, _dt.datetime):  # Excel serial date (1900 system)
        delta = v - _dt.datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400 + delta.microseconds / 864e8
    if isinstance(v, _dt.date):
        return float((v - _dt.date(1899, 12, 30)).days)
    return str(v)


def _value_out(result, error_strings_as_errors: bool):
    """Scalar -> scalar; 1-D -> one row; 2-D -> object ndarray (rows)."""
    if isinstance(result, tuple):
        result = list(result)
    if isinstance(result, np.ndarray) and result.ndim == 0:
        result = result.item()
    if not isinstance(result, (list, np.ndarray)):
        return _scalar_out(result, error_strings_as_errors)
    rows = list(result)
    if not rows:
        return ""
    if not isinstance(rows[0], (list, tuple, np.ndarray)):
        rows = [rows]  # a 1-D list is written horizontally, like xlwings
    width = max(len(r) for r in rows)
    out = np.empty((len(rows), width), dtype=object)
    out[:, :] = _error_table()["#N/A"]  # ragged rows: pad like Excel
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            out[i, j] = _scalar_out(v, error_strings_as_errors)
    if out.shape == (1, 1):
        return out[0, 0]
    # A plain ndarray (not formulas' Array subclass) keeps formulas' strict
    # reshape: a block larger than its array-formula range -> #VALUE!.
    return out


def _adapt(name: str, fn: Callable, *, error_args: str,
           error_strings_as_errors: bool, failures: list):
    """Wrap an xlwings-style Python UDF for use inside ``formulas``."""

    def udf(*raw_args):
        try:
            if error_args == "propagate":
                for a in raw_args:
                    err = _first_error(a)
                    if err is not None:
                        return err
            args = [to_xlwings_arg(a, error_args) for a in raw_args]
            return _value_out(fn(*args), error_strings_as_errors)
        except Exception as exc:  # noqa: BLE001 - an Excel UDF shows #VALUE!
            failures.append((name, raw_args, exc))
            return _error_table()["#VALUE!"]

    udf.__name__ = name
    udf.__qualname__ = name
    udf.__doc__ = fn.__doc__
    udf.__wrapped__ = fn
    return udf


_MISSING = object()


@contextlib.contextmanager
def register_functions(functions: Mapping[str, Callable], *, error_args: str = "none",
                       error_strings_as_errors: bool = False,
                       failures: list | None = None):
    """Temporarily bind xlwings-style UDFs into ``formulas.get_functions()``.

    Use around BOTH ``ExcelModel().loads(...)`` and ``calculate()``; the
    previous registry entries are restored on exit.  ``failures`` (if given)
    collects ``(name, raw_args, exception)`` for every UDF that raised.
    """
    if error_args not in ("none", "str", "propagate"):
        raise ValueError(f"error_args must be 'none', 'str' or 'propagate', not {error_args!r}")
    registry = _formulas().get_functions()
    failures = [] if failures is None else failures
    saved = {}
    try:
        for name, fn in functions.items():
            key = name.upper()
            saved.setdefault(key, registry[key] if key in registry else _MISSING)
            registry[key] = _adapt(key, fn, error_args=error_args,
                                   error_strings_as_errors=error_strings_as_errors,
                                   failures=failures)
        yield registry
    finally:
        for key, old in saved.items():
            if old is _MISSING:
                registry.pop(key, None)
            else:
                registry[key] = old


# --------------------------------------------------------------------------
# Solution -> {"Sheet!A1": value}
# --------------------------------------------------------------------------
_KEY_RE = re.compile(r"^'?\[(?P<book>[^\]]*)\](?P<sheet>.*?)'?!(?P<ref>[^!]+)$")
_CELL_RE = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]+)$")


def _col2num(col: str) -> int:
    n = 0
    for ch in col:
        n = n * 26 + ord(ch) - 64
    return n


def _num2col(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def _plain(v):
    """A ``formulas`` cell value -> float/str/bool/None; errors -> "#N/A"."""
    import schedula as sh

    if v is sh.EMPTY or v is None:
        return None
    if _is_xlerror(v):
        return str(v)
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    if isinstance(v, str):
        return str(v)
    if isinstance(v, np.ndarray):
        return _plain(v.ravel()[0]) if v.size else None
    return v


def _expand(ref: str, value) -> dict[str, Any]:
    """``"D2:F3"`` + 2-D array -> {"D2": .., "E2": .., ...}."""
    parts = ref.replace("$", "").split(":")
    m1 = _CELL_RE.match(parts[0])
    m2 = _CELL_RE.match(parts[-1])
    if not (m1 and m2):  # whole rows/columns or names: not expanded
        return {}
    c1, r1 = _col2num(m1.group(1)), int(m1.group(2))
    arr = np.asarray(value, dtype=object)
    if arr.ndim < 2:
        arr = arr.reshape(1, -1) if arr.ndim == 1 else arr.reshape(1, 1)
    out = {}
    for i in range(arr.shape[0]):
        for j in range(arr.shape[1]):
            out[f"{_num2col(c1 + j)}{r1 + i}"] = arr[i, j]
    return out


def _solution_to_cells(solution, sheet_names: Mapping[str, str],
                       name_map: Mapping[str, str]) -> dict[str, Any]:
    import schedula as sh

    singles: dict[str, Any] = {}
    from_ranges: dict[str, Any] = {}
    for key, val in solution.items():
        if not isinstance(key, str):
            continue
        m = _KEY_RE.match(key)
        if not m:
            continue  # error nodes such as '#REF!'
        value = getattr(val, "value", val)
        sheet_up = m.group("sheet").replace("''", "'")
        ref = m.group("ref")
        if not sheet_up:  # a workbook-level defined name
            singles[name_map.get(ref, ref)] = _plain(value)
            continue
        sheet = sheet_names.get(sheet_up, sheet_up)
        if ":" not in ref:
            singles[f"{sheet}!{ref.replace('$', '')}"] = _plain(value)
        else:
            for cell, v in _expand(ref, value).items():
                if v is not sh.EMPTY:
                    from_ranges[f"{sheet}!{cell}"] = _plain(v)
    from_ranges.update(singles)
    return from_ranges


def evaluate_workbook(path: str | os.PathLike,
                      functions: Mapping[str, Callable] | None = None, *,
                      error_args: str = "none",
                      error_strings_as_errors: bool = False,
                      strict: bool = False,
                      circular: bool = False,
                      without: Iterable[str] = ()) -> dict[str, Any]:
    """Compute every cell of the .xlsx at ``path`` with ``formulas``.

    ``functions`` maps a worksheet function name (case-insensitive, e.g.
    ``"VSM_WBF"``) to an xlwings-style Python function (see module doc).

    Returns ``{"Sheet name!A1": value}`` for every non-empty cell ``formulas``
    knows (constants and computed formulas; array-formula ranges split into
    cells), plus ``{"DefinedName": value}`` for workbook-scoped names.
    Sheet names are spelled as in the workbook (spaces allowed, no quotes);
    cell refs are uppercase without ``$``.  Values are ``float``, ``str``,
    ``bool`` or ``None``; Excel errors are strings such as ``"#VALUE!"``.

    ``strict=True`` raises :class:`UdfError` (chaining the first exception)
    if any UDF raised; otherwise such cells just show ``#VALUE!``.
    ``circular=True`` lets ``formulas`` solve circular references.
    ``without``: sheets removed from a copy first (the engine compiles every formula of a
    workbook: a Map or Charts sheet of thousands of formulas that a test does not read costs it
    minutes). A kept formula that refers to a removed sheet computes to an error, so a test that
    needs a removed sheet fails rather than passes.
    """
    formulas = _formulas()
    with tempfile.TemporaryDirectory(prefix="vsm-engine-") as scratch:
        if without:
            path = _without_sheets(path, set(without), Path(scratch))
        return _evaluate(formulas, os.fspath(path), functions, error_args=error_args,
                         error_strings_as_errors=error_strings_as_errors, strict=strict, circular=circular)


def _without_sheets(path: str | os.PathLike, removed: set, folder: Path) -> Path:
    """A copy of the workbook without the sheets ``removed`` and the defined names that refer
    to them."""
    import openpyxl

    wb = openpyxl.load_workbook(path)
    missing = removed - set(wb.sheetnames)
    if missing:
        raise ValueError(f"no sheet {sorted(missing)} in {path}")
    for name in removed:
        del wb[name]
    for name, defined in list(wb.defined_names.items()):
        text = defined.attr_text or ""
        if any(f"{s}!" in text or f"'{s}'!" in text for s in removed):
            del wb.defined_names[name]
    out = folder / Path(path).name
    wb.save(out)
    return out


def _evaluate(formulas, path: str, functions, *, error_args: str, error_strings_as_errors: bool, strict: bool,
              circular: bool) -> dict[str, Any]:
    failures: list = []
    with register_functions(functions or {}, error_args=error_args,
                            error_strings_as_errors=error_strings_as_errors,
                            failures=failures):
        # formulas prints a tqdm progress bar on stderr in finish(): hide it.
        with contextlib.redirect_stderr(io.StringIO()):
            model = formulas.ExcelModel().loads(path).finish(circular=circular)
            solution = model.calculate()
    sheet_names: dict[str, str] = {}
    name_map: dict[str, str] = {}
    for data in model.books.values():
        book = next((v for v in data.values() if hasattr(v, "sheetnames")), None)
        if book is None:
            continue
        sheet_names.update({s.upper(): s for s in book.sheetnames})
        defined = book.defined_names
        names = defined.keys() if hasattr(defined, "keys") else (
            d.name for d in defined.definedName)
        name_map.update({n.upper(): n for n in names})
    bad = [s for s in sheet_names.values() if "'" in s]
    if bad:
        warnings.warn(
            f"formulas {formulas.__version__} mis-resolves references on sheets whose "
            f"name contains an apostrophe ({bad!r}): their results are unreliable",
            RuntimeWarning, stacklevel=2)
    if strict and failures:
        name, _, exc = failures[0]
        raise UdfError(f"{len(failures)} UDF call(s) raised; first: {name}: {exc!r}") from exc
    return _solution_to_cells(solution, sheet_names, name_map)
