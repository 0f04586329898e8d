"""The problems a workbook is refused with, by cell: what the reader tests compare."""
from __future__ import annotations

import pytest

from vsm_xl.core.errors import ValidationError
from vsm_xl.workbook.read.reader import read_workbook


def problems_by_cell(path) -> dict:
    """``{"Sheet!A1": message}`` of a workbook ``read_workbook`` refuses; every problem has a cell."""
    with pytest.raises(ValidationError) as info:
        read_workbook(path)
    for p in info.value.problems:
        assert p.location, f"problem without a cell: {p}"
    return {p.location: p.message for p in info.value.problems}
