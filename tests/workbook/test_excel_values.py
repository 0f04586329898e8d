"""The package reader's own copies of openpyxl's reading helpers (vsm_xl.workbook.xlsx.excel_values,
there so that reading a workbook imports no openpyxl) give what openpyxl's give, case by case."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl.reader.strings import read_string_table
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.styles.numbers import is_date_format as theirs_is_date
from openpyxl.styles.numbers import is_timedelta_format as theirs_is_timedelta
from openpyxl.utils.cell import coordinate_to_tuple as theirs_coordinate
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900
from openpyxl.utils.datetime import from_excel as theirs_from_excel

from vsm_xl.workbook.xlsx import excel_values as ours

FORMATS = [None, "General", "0.00", "yyyy-mm-dd", "d/m/yy h:mm", '"day" 0', '[Red]0.0', "[h]:mm:ss", "[mm]:ss",
           "[ss].00", "h:mm;@", "0;dd", r"\d0", "_d0", "[$-409]mmmm d, yyyy", "[$€-2] #,##0", "mm:ss.0", "@",
           "[HH]:MM", '"h"0', "[Blue]#,##0", "YYYY", "[h]", "0.00E+00", "# ?/?"]


@pytest.mark.parametrize("code", FORMATS + [BUILTIN_FORMATS.get(i) for i in range(0, 60)])
def test_number_formats_as_openpyxl(code):
    assert ours.is_date_format(code) == theirs_is_date(code)
    assert ours.is_timedelta_format(code) == theirs_is_timedelta(code)


def test_builtin_date_formats_are_openpyxls():
    dates = {i: code for i, code in BUILTIN_FORMATS.items() if theirs_is_date(code)}
    assert ours.BUILTIN_DATE_FORMATS == dates


@pytest.mark.parametrize("value", [0, 0.25, 0.999999999, 1, 1.5, 59, 59.75, 60, 61, 45000.123456789, 2958465.99,
                                   -0.5, 0.0000001, 12.0416666667])
@pytest.mark.parametrize("epoch", ["1900", "1904"])
@pytest.mark.parametrize("delta", [False, True])
def test_dates_as_openpyxl(value, epoch, delta):
    mine = ours.WINDOWS_EPOCH if epoch == "1900" else ours.MAC_EPOCH
    theirs = CALENDAR_WINDOWS_1900 if epoch == "1900" else CALENDAR_MAC_1904
    assert mine == theirs
    try:
        expected = theirs_from_excel(value, theirs, timedelta=delta)
    except (OverflowError, ValueError) as exc:
        with pytest.raises(type(exc)):
            ours.from_excel(value, mine, timedelta=delta)
        return
    got = ours.from_excel(value, mine, timedelta=delta)
    assert (type(got), got) == (type(expected), expected)


def test_a_date_by_hand():
    assert ours.from_excel(46000.5) == dt.datetime(2025, 12, 9, 12, 0)
    assert ours.from_excel(1) == dt.datetime(1900, 1, 1)  # Excel's 1900 leap-year bug
    assert ours.from_excel(0.75) == dt.time(18, 0)


@pytest.mark.parametrize("ref", ["A1", "b7", "Z99", "AA10", "XFD1048576", "ZZZ1", "A0", "A01"])
def test_cell_references_as_openpyxl(ref):
    assert ours.coordinate_to_tuple(ref) == theirs_coordinate(ref)


@pytest.mark.parametrize("ref", ["AAAA1", "1", "A", "A 1", "$A$1", "A1.5", "A-1", "A١"])
def test_references_that_are_no_cells_are_value_errors(ref):
    with pytest.raises(ValueError):
        ours.coordinate_to_tuple(ref)


NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
TABLE = f"""<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="9" uniqueCount="9">
<si><t>Order entry</t></si>
<si><t xml:space="preserve">  padded\t</t></si>
<si><t/></si>
<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r></si>
<si><t>plain </t><r><t>then run</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh><phoneticPr fontId="1"/></si>
<si><t>a_x005F_x000D_b</t></si>
<si><r><t>first</t><t>second</t></r><r><rPr/></r></si>
<si><t>one</t><t>two</t></si>
<si><t>&lt;tag&gt; &amp; é 😀</t></si>
</sst>""".encode()


def test_shared_strings_as_openpyxl():
    expected = read_string_table(io.BytesIO(TABLE))
    assert ours.shared_strings(TABLE) == expected
    assert expected[3] == "Bold and plain" and expected[4] == "plain then run"  # independent of both


def test_shared_strings_refuse_entities():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]><sst ' + NS.encode()
            + b'><si><t>&a;</t></si></sst>')
    with pytest.raises(ValueError):
        ours.shared_strings(bomb)
