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
