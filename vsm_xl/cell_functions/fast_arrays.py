"""numpy for the large array paths of the cell functions, where it is installed and pays.

The pure-Python paths stay the reference and what xlwings Lite runs (Pyodide's numpy is a
separate download the base install does not ask for). The numpy paths give the same floats,
so a workbook shows the same figures with or without numpy; ``VSM_XL_NO_NUMPY=1`` switches them
off (the benchmark measures both ways with it). numpy is imported on the first large call,
never when the functions are imported. It lives beside the cell functions, not in the core: it
reads the environment, and the core's numpy functions take the module as an argument.
"""
from __future__ import annotations

import os
import sys

SWITCH_OFF = "VSM_XL_NO_NUMPY"
MIN_CELLS = 10_000  # below this, converting to and from numpy costs about what it saves

# sum() adds floats left to right up to CPython 3.11; 3.12 compensates its rounding, and the
# row-by-row accumulation in numpy then differs in the last bit: keep pure sums there.
SUM_ADDS_LEFT_TO_RIGHT = sys.version_info < (3, 12)

_module: object = False  # False: not looked up yet; None: not installed


def numpy_for(cells: int):
    """The numpy module for a block of ``cells`` cells, or None (too small, switched off, or
    numpy not installed)."""
    global _module
    if cells < MIN_CELLS or os.environ.get(SWITCH_OFF, "").strip() not in ("", "0"):
        return None
    if _module is False:
        try:
            import numpy
        except Exception:  # noqa: BLE001 - not installed, or a broken build: the pure path
            numpy = None  # type: ignore[assignment]
        _module = numpy
    return _module
