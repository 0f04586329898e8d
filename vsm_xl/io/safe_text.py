"""The one rule for writing text that came from a user's data: it is text, never a formula.

A step, owner, indicator or file name such as ``=cmd|' /C calc'!A0`` or
``=HYPERLINK("http://x","click")`` must reach the reader of a workbook or a CSV file as the
characters typed, not as a live formula (formula and DDE injection, OWASP "CSV injection").

- :func:`text_cell` / :func:`keep_text`: an openpyxl cell holding user data keeps the value
  as a string cell (openpyxl would otherwise write any text starting with ``=`` as a formula
  and ``#N/A`` as an error value). Every workbook writer goes through these.
- :func:`csv_value`: a CSV cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is prefixed with ``'`` unless it is a plain number (OWASP's rule), so that a
  spreadsheet program opening the CSV shows it as text.

The evaluated copy patches the package directly and writes text as inline strings
(:func:`vsm_xl.workbook.patch.cell_xml`), which is never a formula either.
"""
from __future__ import annotations

import re

__all__ = ["text_cell", "keep_text", "csv_value", "CSV_TRIGGERS"]

CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def keep_text(cell):
    """Make the openpyxl ``cell`` keep its text value as a string cell (not a formula, not an
    error value). Returns the cell."""
    if isinstance(cell.value, str) and cell.data_type in ("f", "e"):
        cell.data_type = "s"
    return cell


def text_cell(cell, value):
    """Put ``value`` (user data: a name, a number, a date, None) into the openpyxl ``cell``;
    text stays text. Returns the cell."""
    cell.value = value
    return keep_text(cell)


def csv_value(value):
    """``value`` as safe to put in a CSV cell: text that a spreadsheet program would read as
    a formula gets a leading ``'``; numbers and plain numeric text are left alone."""
    if not isinstance(value, str) or not value.startswith(CSV_TRIGGERS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value
