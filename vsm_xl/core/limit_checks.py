"""The rows and cells budgets checked: THE checks every reader makes (worksheets, team sheets,
CSV tables, YAML lists), refusing with a :class:`~vsm_xl.core.errors.SourceError`.

Beside :mod:`vsm_xl.core.limits`, not in it: the errors module bounds its messages with the
limits, so the limits must not raise errors themselves (no import runs in a circle).
"""
from __future__ import annotations

from vsm_xl.core.errors import SourceError
from vsm_xl.core.limits import HEADER_ALLOWANCE, current

__all__ = ["check_rows", "check_cells"]


def check_rows(count: int, where: str, *, at_least: bool = False) -> None:
    """THE rows budget, for every reader (worksheets of every package, python-calamine's team
    sheets, CSV tables): refuse ``count`` rows in ``where`` (a file and sheet) when more than the
    budget and :data:`HEADER_ALLOWANCE`. ``at_least``: counting stopped early, ``count`` is a
    lower bound."""
    limit = current().max_rows + HEADER_ALLOWANCE
    if count > limit:
        said = f"more than {limit:,}" if at_least else f"{count:,}"
        raise SourceError(f"{said} rows, over the budget of {current().max_rows:,} rows per table; "
                          "raise it with --max-rows if the file is genuine", location=where)


def check_cells(count: int, where: str, what: str = "filled cells", *, at_least: bool = False) -> None:
    """THE cells budget: filled cells of a worksheet, or shared strings of a workbook (each string
    serves at least one cell in a genuine file)."""
    if count > current().max_cells:
        said = f"more than {current().max_cells:,}" if at_least else f"{count:,}"
        raise SourceError(f"{said} {what}, over the budget of {current().max_cells:,} cells; "
                          "raise it with --max-cells if the file is genuine", location=where)
