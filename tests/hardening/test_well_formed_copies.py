"""Issue 21, failure 4: every XML part of a workbook is checked for well-formedness (defusedxml,
streamed) before an evaluated copy is written, also the parts vsm_xl never reads and copies as
they are (sheet relationships, drawings, charts, styles, content types, comments, properties):
a damaged one is refused naming the part, and nothing is written. Before, the copy was written
and failed in Excel's repair dialog."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from tests.support.packages import rewrite_package
from vsm_xl.core.errors import VsmError
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.xlsx.scan import check_well_formed
from vsm_xl.workbook.writer import write_evaluated

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PARTS = ["xl/worksheets/_rels/sheet2.xml.rels", "xl/drawings/drawing1.xml", "xl/drawings/_rels/drawing1.xml.rels",
         "xl/charts/chart1.xml", "xl/styles.xml", "[Content_Types].xml", "xl/comments/comment1.xml",
         "docProps/app.xml", "xl/theme/theme1.xml", "xl/worksheets/sheet12.xml"]  # sheet12: xlwings.conf


def _truncated(data: bytes) -> bytes:
    return data[: len(data) * 2 // 3]


def _unclosed(data: bytes) -> bytes:
    end = data.rindex(b"</")
    return data[:end] + b"<unclosed>" + data[end:]


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("damage", [_truncated, _unclosed])
def test_a_damaged_part_is_refused_by_name_and_nothing_is_written(part, damage, tmp_path):
    path = tmp_path / "claims.xlsx"
    shutil.copy(EXAMPLES / "claims_handling.xlsx", path)

    def edit(parts):
        assert part in parts
        parts[part] = damage(parts[part])

    rewrite_package(path, edit)
    out = tmp_path / "evaluated.xlsx"
    with pytest.raises(VsmError, match=f"part {part.replace('[', '.').replace(']', '.')} is not well-formed XML"):
        write_evaluated(read_workbook(path), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.xlsx"]  # no copy, no temporary file


def test_a_dtd_is_refused_too(tmp_path):
    with pytest.raises(VsmError, match=r"x\.xlsx: part docProps/app\.xml is not well-formed XML"):
        check_well_formed(tmp_path / "x.xlsx", {"docProps/app.xml": b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
                                                "xl/media/image1.png": b"<not xml"})


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.xlsx")))
def test_every_evaluated_copy_of_the_examples_is_well_formed(example, tmp_path):
    out = tmp_path / example
    write_evaluated(read_workbook(EXAMPLES / example), out)
    with zipfile.ZipFile(out) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    assert sum(name.endswith((".xml", ".rels")) for name in parts) > 10
    check_well_formed(out, parts)
