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

And the one rule for the characters of text (every reader and writer):

- :func:`check_text` / :func:`unwritable`: a workbook is XML 1.0 and cannot hold the control
  characters U+0000-U+0008, U+000B, U+000C, U+000E-U+001F, lone surrogates, U+FFFE and U+FFFF
  (tab, line feed and carriage return it can). Text holding one is refused where it is read,
  naming the field (a YAML path, the cell of a team sheet), and :func:`text_cell` refuses it
  naming the output cell, never a traceback from the XML writer.
- Leading and trailing whitespace (what ``str.strip()`` removes: spaces, tabs, line breaks and
  other Unicode white space) is not part of a name or any other text: every reader removes it
  (:func:`vsm_xl.core.fields.text` for cells, :func:`vsm_xl.io.yaml_io.check_text_tree` for
  YAML and JSON), so ``"\t=1+1"`` and ``"=1+1"`` are the same name everywhere. Line breaks
  inside a text are "\n" for every reader (:func:`vsm_xl.core.fields.line_ends`: "\r\n" and
  "\r" become "\n", as a workbook's XML reads them).

The evaluated copy patches the package directly and writes text as inline strings
(:func:`vsm_xl.workbook.xlsx.patch.cell_xml`), which is never a formula either.
"""
from __future__ import annotations

import re

from vsm_xl.core.errors import InputError

__all__ = ["text_cell", "keep_text", "csv_value", "CSV_TRIGGERS", "check_text", "unwritable", "unwritable_message"]

CSV_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Characters XML 1.0 (so a workbook) cannot hold: every character but tab, LF, CR,
# U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unwritable(text: str) -> str | None:
    """The first character of ``text`` that a workbook cannot hold, or None."""
    found = UNWRITABLE.search(text)
    return found.group() if found else None


def unwritable_message(char: str) -> str:
    """What a problem says about a character a workbook cannot hold."""
    kind = "control character" if ord(char) < 0x20 else "character"
    return f"the text holds the {kind} U+{ord(char):04X}, which a workbook cannot hold; remove it"


def check_text(value, where: str | None = None):
    """``value`` unchanged, or :class:`InputError` located at ``where`` (a YAML path, a cell)
    when it is text holding a character that a workbook cannot hold."""
    if isinstance(value, str):
        char = unwritable(value)
        if char is not None:
            raise InputError(unwritable_message(char), location=where, subject=("text",))
    return value


def keep_text(cell):
    """Make the openpyxl ``cell`` keep its text value as a string cell (not a formula, not an
    error value). Returns the cell."""
    if isinstance(cell.value, str) and cell.data_type in ("f", "e"):
        cell.data_type = "s"
    return cell


def text_cell(cell, value):
    """Put ``value`` (user data: a name, a number, a date, None) into the openpyxl ``cell``;
    text stays text; text holding a character a workbook cannot hold is refused
    (:class:`InputError` naming the cell). Returns the cell."""
    check_text(value, f"{cell.parent.title}!{cell.coordinate}" if isinstance(value, str) else None)
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
