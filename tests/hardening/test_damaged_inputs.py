"""One error family at every boundary (issue 11, defect 2) and budgets said in the message
(defect 3): damaged packages, deep nesting, alias bombs, huge tables and numeric overflow end in
a VsmError naming the file and its part, sheet or cell, fast and in bounded memory."""
from __future__ import annotations

import math
import shutil
import struct
import time
import zipfile
from pathlib import Path

import pytest

import vsm_xl
from tests.support.packages import rewrite_package
from vsm_xl.core.errors import VsmError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "claims_handling.xlsx"
STEPS_EXAMPLE = ROOT / "examples" / "order_fulfillment.xlsx"


def _local_header_data(path: Path, name: str) -> tuple[int, int]:
    """Offset and length of the compressed data of part ``name`` in the zip file."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    raw = path.read_bytes()
    off = info.header_offset
    name_len, extra_len = struct.unpack("<HH", raw[off + 26:off + 30])
    return off + 30 + name_len + extra_len, info.compress_size


def _sheet_part(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        return next(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")
                    and zf.getinfo(n).compress_size > 200)


def test_corrupt_deflate_stream_is_a_vsm_error(tmp_path):
    """A deflate stream with an invalid block type: zlib.error before."""
    path = tmp_path / "bad.xlsx"
    shutil.copy(STEPS_EXAMPLE, path)
    part = _sheet_part(path)
    start, length = _local_header_data(path, part)
    raw = bytearray(path.read_bytes())
    raw[start] = 0xFF  # BFINAL=1, BTYPE=11: "invalid block type"
    path.write_bytes(bytes(raw))
    before = path.read_bytes()
    with pytest.raises(VsmError, match=r"bad\.xlsx.*not a readable"):
        vsm_xl.load(path)
    from vsm_xl.cli.common import load_and_analyze

    with pytest.raises(VsmError):
        load_and_analyze(path)
    assert path.read_bytes() == before


def test_damaged_array_formula_range_in_evaluate_o(tmp_path):
    """``ref="ZZZZ"`` on an array formula: ValueError 'ZZZZ' is not a valid column name before."""
    from vsm_xl.cli.common import load_and_analyze
    from vsm_xl.workbook.writer import write_evaluated

    path = tmp_path / "ref.xlsx"
    shutil.copy(EXAMPLE, path)

    def edit(parts):
        for name, data in parts.items():
            if name.startswith("xl/worksheets/") and b't="array"' in data:
                text = data.decode()
                i = text.index('t="array"')
                j = text.index('ref="', i) + 5
                k = text.index('"', j)
                parts[name] = (text[:j] + "ZZZZ" + text[k:]).encode()
                return
        raise AssertionError("no array formula")

    rewrite_package(path, edit)
    loaded = load_and_analyze(path)
    with pytest.raises(VsmError, match=r"![A-Z]+\d+: the array formula's range 'ZZZZ' is damaged"):
        write_evaluated(path, tmp_path / "out.xlsx", loaded.analysis)
    assert not list(tmp_path.glob(".*.tmp")) and not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deeply_nested_model_is_refused(tmp_path, suffix):
    """500 levels: RecursionError before."""
    path = tmp_path / f"deep{suffix}"
    path.write_text('{"value_stream": {"name": ' + "[" * 500 + "]" * 500 + "}}")
    with pytest.raises(VsmError, match="nested more than 40 levels deep"):
        vsm_xl.load(path)


def test_yaml_alias_bomb_is_refused_fast_with_a_short_message(tmp_path):
    """Nested anchors: the message quoted the expanded value (2 GiB) before."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 10) + "]")
    lines.append("value_stream: {name: *a8, states: *a8}")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert path.stat().st_size < 700
    started = time.process_time()  # CPU seconds: the cost, whatever else the machine runs
    with pytest.raises(VsmError) as caught:
        vsm_xl.load(path)
    assert time.process_time() - started < 2
    assert "expand to more than 1,000,000 values" in str(caught.value)
    assert len(str(caught.value)) < 500


def test_long_values_are_cut_in_messages(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(f"value_stream:\n  name: x\n  current_state:\n    kind: {'Q' * 2_000_000}\n    steps: []\n")
    with pytest.raises(VsmError) as caught:
        vsm_xl.load(path)
    text = str(caught.value)
    assert "kind must be current, future or target, not 'QQQ" in text
    assert len(text) < 300 and "…" in text


def test_zip_bomb_is_refused_from_the_directory(tmp_path):
    """A part compressed far beyond 100:1 is refused before it is decompressed."""
    path = tmp_path / "bomb.xlsx"
    shutil.copy(STEPS_EXAMPLE, path)
    part = _sheet_part(path)

    def edit(parts):
        parts[part] = parts[part].replace(b"</sheetData>", b"</sheetData>" + b" " * 20_000_000)

    rewrite_package(path, edit)
    started = time.process_time()  # CPU seconds: the cost, whatever else the machine runs
    with pytest.raises(VsmError, match=r"bomb\.xlsx: part xl/worksheets/sheet\d+\.xml expands [\d,]+ times"):
        vsm_xl.load(path)
    assert time.process_time() - started < 2
    from vsm_xl.core import limits

    with limits.using(max_ratio=100_000, max_expanded_bytes=10_000_000):
        with pytest.raises(VsmError, match=r"expand to [\d.]+ MB, more than the budget of 10 MB"):
            vsm_xl.load(path)
    assert vsm_xl.load(path, budgets={"max_ratio": 100_000}).name  # a genuine big file: raise the budget
    from vsm_xl.convert.run import convert_job, plan_jobs

    (tmp_path / "out").mkdir()
    job = plan_jobs([(path, path.name)], tmp_path / "out")[0]
    assert "expands" in convert_job(job).reason
    from vsm_xl.portfolio.collect import file_rows

    assert "expands" in file_rows((str(path), path.name))["error"]


def test_rows_budget_for_csv_is_fast(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("Step;PT;LT\n" + "".join(f"s{i};1;2\n" for i in range(100_101)))
    from vsm_xl.convert.sources import open_source

    started = time.process_time()  # CPU seconds: the cost, whatever else the machine runs
    with pytest.raises(VsmError, match="more than 100,100 rows, over the budget of 100,000 rows per table"):
        for sheet in open_source(path).sheets:
            next(sheet.rows())
    assert time.process_time() - started < 2


def test_epei_with_subnormal_hours_is_an_excel_error():
    """``#VALUE! unexpected ZeroDivisionError`` before."""
    from vsm_xl.udfs import VSM_EPEI

    result = VSM_EPEI([[5e-324]], [[1]], 1e-300, 1e-300, 1e-300)
    assert result.startswith("#DIV/0!") and "unexpected" not in result


def test_partial_benefit_never_nan_in_an_array():
    """NaN inside the array before (the single-cell form said #NUM!)."""
    from vsm_xl.udfs import VSM_PARTIAL_BENEFIT

    for function, curvature in (("linear", None), ("exponential", 2)):
        result = VSM_PARTIAL_BENEFIT([[1e308], [-1e308], [1.7e308]], -1.7e308, 1.7e308, function, curvature)
        cells = [row[0] for row in result]
        assert all(isinstance(c, str) and c.startswith("#NUM!") or math.isfinite(c) for c in cells), cells
        assert isinstance(cells[0], str)


def test_numeric_overflow_is_a_vsm_error_naming_the_state(tmp_path):
    """Step times near 1e308: OverflowError (intermediate overflow in fsum) before."""
    path = tmp_path / "huge.yaml"
    path.write_text("value_stream:\n  name: x\n  current_state:\n    steps:\n"
                    "      - {name: a, process_time_minutes: 1.0e+308, lead_time_minutes: 1.7e+308}\n"
                    "      - {name: b, process_time_minutes: 1.0e+308, lead_time_minutes: 1.7e+308}\n")
    from vsm_xl.cli.common import load_and_analyze

    with pytest.raises(VsmError) as caught:
        load_and_analyze(path)
    assert "value_stream.current_state: Current state: the process times add up to more than" in str(caught.value)
