"""Parts larger than KEEP_BYTES (the rows of a 100,000-step workbook) are checked when the package
is opened but not kept: read again, or streamed into the sheet parser, when asked for. What the
reader sees, and what it refuses, is the same as with every part in memory."""
from __future__ import annotations

import io
import struct
import zipfile

import pytest

from vsm_xl.core.errors import VsmError
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.xlsx import package as P
from vsm_xl.workbook.xlsx.grid import load_grids

EXAMPLE = "claims_handling.xlsx"


def _grids(path):
    return {title: (g.formulas, g.values, g.max_row, g.max_col) for title, g in load_grids(path).items()}


def test_parts_not_kept_read_as_the_kept_ones(request, monkeypatch):
    path = request.config.rootpath / "examples" / EXAMPLE
    kept = _grids(path)
    whole = P.open_package(path)
    monkeypatch.setattr(P, "KEEP_BYTES", 2_000)  # every sheet of the example is "large" now
    package = P.open_package(path)
    assert set(package.parts._kept) != set(package.parts)  # some parts are read on demand
    assert [n for n in package.parts if n not in package.parts._kept]
    assert dict(package.parts) == dict(whole.parts)
    assert _grids(path) == kept
    assert read_workbook(path).stream == read_workbook(request.config.rootpath / "examples" / EXAMPLE).stream
    with package.parts.open(package.sheets[1][1]) as stream:  # streamed from the zip file
        assert stream.read() == whole.parts[package.sheets[1][1]]
    assert L.STEPS in load_grids(package, [L.STEPS])


def _corrupt_largest(source, target, sheets: bool) -> str:
    """Damage the deflate stream of the largest worksheet (``sheets``) or of the largest other
    part (which the budget scan of the worksheets does not read)."""
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = max((i for i in zf.infolist() if i.filename.startswith("xl/worksheets/") == sheets
                    and i.compress_type == zipfile.ZIP_DEFLATED), key=lambda i: i.compress_size)
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
    raw[info.header_offset + 30 + name_len + extra_len] = 0xFF  # an invalid deflate block type
    target.write_bytes(bytes(raw))
    return info.filename


@pytest.mark.parametrize("keep", [P.KEEP_BYTES, 500])
@pytest.mark.parametrize("sheets", [True, False])
def test_a_damaged_part_is_refused_when_opened_kept_or_not(request, tmp_path, monkeypatch, keep, sheets):
    monkeypatch.setattr(P, "KEEP_BYTES", keep)
    damaged = tmp_path / "damaged.xlsx"
    part = _corrupt_largest(request.config.rootpath / "examples" / EXAMPLE, damaged, sheets)
    assert keep == P.KEEP_BYTES or zipfile.ZipFile(damaged).getinfo(part).file_size > keep
    with pytest.raises(VsmError, match="not a readable .xlsx workbook"):
        P.open_package(damaged)


def test_step_locations_are_the_addresses_of_their_cells(request):
    """The step rows' subjects (kept as one record a step) give the cells they gave as dict entries."""
    import pickle

    from vsm_xl.workbook.layout.template_layout import STEP_FIELD, address

    path = request.config.rootpath / "examples" / "order_fulfillment.xlsx"
    read = read_workbook(path)
    cells = read.cells
    assert cells.steps
    for (s, k), (title, cols, row) in cells.steps.items():
        expected = {("step", s, k): address(title, cols["step"], row)}
        for key, c in cols.items():
            if key in STEP_FIELD:
                expected[("step", s, k, STEP_FIELD[key])] = address(title, c, row)
        if "inflow_max" in cols:
            expected[("step", s, k, "inflow", "maximum")] = address(title, cols["inflow_max"], row)
        for subject, where in expected.items():
            assert subject in cells and cells[subject] == where and cells.get(subject) == where
    # independently: the cells named hold the first step's name and lead time (openpyxl reads them)
    import openpyxl

    sheet, name_cell = cells[("step", 0, 0)].split("!")
    lt_sheet, lt_cell = cells[("step", 0, 0, "lead_time")].split("!")
    ws = openpyxl.load_workbook(path)[sheet]
    assert sheet == lt_sheet == L.STEPS and ws[name_cell].value == read.stream.states[0].steps[0].name
    assert ws[lt_cell].value is not None and ws.cell(row=ws[lt_cell].row, column=ws[name_cell].column).value == ws[name_cell].value
    assert ("step", 0, 10_000) not in cells and cells.get(("step", 0, 0, "no such field")) is None
    assert read.locate(("step", 0, 0, "process_time", "extra")) == cells[("step", 0, 0, "process_time")]
    again = pickle.loads(pickle.dumps(cells))
    assert again.get(("step", 0, 1, "owner")) == cells.get(("step", 0, 1, "owner")) is not None
