"""What a cell holds once read: the value types the package reader and the sheet grids share.

Their own module so that the package reader (``package``) and the grids built from it
(``grid``) both use them without importing each other.
"""
from __future__ import annotations

import datetime as _dt

# What one cell holds once read (or is to hold when written): None is a blank cell.
CellValue = float | int | str | bool | _dt.datetime | _dt.date | _dt.time | _dt.timedelta | None


class LiteralText(str):
    """A text cell whose text starts with ``=`` (``=Order Entry`` typed as text): stored as a
    string, not a formula. Only such texts are wrapped, so that the formulas of a sheet, which
    are plain ``=...`` strings as openpyxl gives them, stay told apart from them."""

    __slots__ = ()


class ArrayFormula:
    """An array formula as read: its range (``ref``) and its text (``=...``), the attributes of
    openpyxl's ``ArrayFormula``, without importing openpyxl on the read path."""

    t = "array"
    __slots__ = ("ref", "text")

    def __init__(self, ref, text=None):
        self.ref = ref
        self.text = text

    def __iter__(self):  # the XML attributes, as openpyxl's yields them
        for key in ("t", "ref"):
            value = getattr(self, key)
            if value:
                yield key, str(value)

    def __eq__(self, other):
        return getattr(other, "t", None) == "array" and (self.ref, self.text) == (other.ref, other.text)

    def __hash__(self):
        return hash((self.ref, self.text))

    def __repr__(self):
        return f"ArrayFormula({self.ref!r}, {self.text!r})"
