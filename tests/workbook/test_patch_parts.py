"""workbook/xlsx/patch.py part by part, against XML written out by hand (ECMA-376 SpreadsheetML):
the cell a put becomes, the results saved into formula cells, the rows and cells patched into
a worksheet, the workbook's calculation flag, relationships, content types and styles.
Fast (no engine): the mutation run (tests/mutation) runs this file for every mutant of the module;
whole workbooks are patched and opened by LibreOffice in test_workbook_patch.py."""
from __future__ import annotations

import datetime as dt

import pytest

from vsm_xl.core.errors import InputError
from vsm_xl.workbook.xlsx.patch import (
    Put, StylesPatch, cache_results, cell_style, cell_styles, cell_xml, content_types, drop_relationship,
    escape, full_calc_on_load, patch_sheet, result_cell_xml,
)

EPOCH = dt.datetime(1899, 12, 30)


def _sheet(rows: str, prefix: str = "") -> bytes:
    ns = f' xmlns{":" + prefix[:-1] if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    return (f'<?xml version="1.0"?><{prefix}worksheet{ns}><{prefix}dimension ref="A1"/>'
            f"<{prefix}sheetData>{rows}</{prefix}sheetData><{prefix}pageMargins/></{prefix}worksheet>").encode()


def _data(xml: bytes) -> str:
    text = xml.decode()
    return text[text.index("<sheetData>") + len("<sheetData>"):text.index("</sheetData>")]


# -- one cell --------------------------------------------------------------------------------------

@pytest.mark.parametrize("put, xml", [
    (Put(3), '<c r="B7"><v>3</v></c>'),
    (Put(2.5), '<c r="B7"><v>2.5</v></c>'),
    (Put(0.1 + 0.2), '<c r="B7"><v>0.3</v></c>'),  # %.16g, as openpyxl writes it
    (Put(1 / 3), '<c r="B7"><v>0.3333333333333333</v></c>'),
    (Put(1e20), '<c r="B7"><v>1e+20</v></c>'),
    (Put(float("nan")), '<c r="B7"/>'),
    (Put(float("inf")), '<c r="B7"/>'),
    (Put(True), '<c r="B7" t="b"><v>1</v></c>'),
    (Put(False), '<c r="B7" t="b"><v>0</v></c>'),
    (Put(dt.date(2024, 3, 1)), '<c r="B7"><v>45352</v></c>'),
    (Put(dt.datetime(2024, 3, 1, 12)), '<c r="B7"><v>45352.5</v></c>'),
    (Put(None), '<c r="B7"/>'),
    (Put(""), '<c r="B7"/>'),
    (Put("Pick & <Pack>"), '<c r="B7" t="inlineStr"><is><t>Pick &amp; &lt;Pack&gt;</t></is></c>'),
    (Put("=1+1"), '<c r="B7" t="inlineStr"><is><t>=1+1</t></is></c>'),  # text, never a formula
    (Put(" padded "), '<c r="B7" t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c>'),
    (Put("   "), '<c r="B7" t="inlineStr"><is><t>   </t></is></c>'),
    (Put("#N/A"), '<c r="B7" t="e"><v>#N/A</v></c>'),
    (Put("#DIV/0!"), '<c r="B7" t="e"><v>#DIV/0!</v></c>'),
    (Put(formula="=SUM(A1:A3)&\"<\""), '<c r="B7"><f>SUM(A1:A3)&amp;"&lt;"</f></c>'),
    (Put(formula="SUM(A1)"), '<c r="B7"><f>SUM(A1)</f></c>'),
    (Put(7, style=4), '<c r="B7" s="4"><v>7</v></c>'),
    (Put(7, style=0), '<c r="B7"><v>7</v></c>'),
])
def test_cell_xml(put, xml):
    assert cell_xml("", {"r": "B7"}, put, EPOCH) == xml


def test_cell_xml_keeps_the_cells_own_attributes_but_not_its_old_type():
    attrs = {"s": "3", "t": "s", "cm": "1", "vm": "2", "r": "C2", "ph": "1"}
    assert cell_xml("x:", attrs, Put("a"), EPOCH) == '<x:c r="C2" s="3" ph="1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c>'
    assert cell_xml("", {"s": "3"}, Put(1, style=0), EPOCH) == "<c><v>1</v></c>"
    assert attrs["t"] == "s"  # the caller's attributes are not changed


def test_cell_xml_writes_error_words_as_text_when_asked():
    assert cell_xml("", {"r": "A1"}, Put("#N/A"), EPOCH, text=True) == \
        '<c r="A1" t="inlineStr"><is><t>#N/A</t></is></c>'


def test_cell_xml_refuses_text_a_workbook_cannot_hold_naming_the_cell():
    with pytest.raises(InputError) as info:
        cell_xml("", {"r": "D4"}, Put("a\x01b"), EPOCH)
    assert info.value.location == "D4"


def test_escape():
    assert escape('a&b<c>d"e') == 'a&amp;b&lt;c&gt;d"e'


# -- results of formula cells -------------------------------------------------------------------

@pytest.mark.parametrize("value, xml", [
    (2.5, '<c r="A1"><f>B1*2</f><v>2.5</v></c>'),
    (True, '<c r="A1" t="b"><f>B1*2</f><v>1</v></c>'),
    (float("nan"), '<c r="A1" t="str"><f>B1*2</f><v></v></c>'),
    ("#REF!", '<c r="A1" t="e"><f>B1*2</f><v>#REF!</v></c>'),
    ("a<b", '<c r="A1" t="str"><f>B1*2</f><v>a&lt;b</v></c>'),
    (" x", '<c r="A1" t="str"><f>B1*2</f><v xml:space="preserve"> x</v></c>'),
    (None, '<c r="A1" t="str"><f>B1*2</f><v></v></c>'),
    (dt.date(1900, 3, 1), '<c r="A1"><f>B1*2</f><v>61</v></c>'),
])
def test_result_cell_xml(value, xml):
    assert result_cell_xml("", {"r": "A1", "t": "n", "cm": "1"}, "=B1*2", value, EPOCH) == xml


def test_result_cell_xml_of_an_array_formulas_other_cell():
    assert result_cell_xml("", {"r": "A2"}, None, 4, EPOCH) == '<c r="A2"><v>4</v></c>'


def test_cache_results_replaces_values_and_types_and_keeps_the_formulas():
    xml = _sheet('<row r="1"><c r="A1" t="e"><f>B1/0</f><v>#DIV/0!</v></c><c r="B1"><v>2</v></c></row>'
                 '<row r="2"><c r="A2"><f t="array" ref="A2:A3">B1*{1;2}</f><v>0</v></c></row>'
                 '<row r="3"><c r="A3"><v>0</v></c></row><row r="4"/>')
    out = cache_results(xml, {(1, 1): 7.5, (2, 1): 2, (3, 1): 4, (9, 9): 1}, EPOCH)
    assert _data(out) == ('<row r="1"><c r="A1"><f>B1/0</f><v>7.5</v></c><c r="B1"><v>2</v></c></row>'
                          '<row r="2"><c r="A2"><f t="array" ref="A2:A3">B1*{1;2}</f><v>2</v></c></row>'
                          '<row r="3"><c r="A3"><v>4</v></c></row><row r="4"/>')
    assert out.decode().endswith("</sheetData><pageMargins/></worksheet>")


def test_cache_results_when_nothing_changes():
    xml = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    assert cache_results(xml, {}, EPOCH) is None
    assert cache_results(xml, {(5, 1): 1}, EPOCH) is None
    assert cache_results(xml, {(1, 2): 1}, EPOCH) is None
    assert cache_results(b"<worksheet/>", {(1, 1): 1}, EPOCH) is None


# -- patching a worksheet ----------------------------------------------------------------------

def test_patch_sheet_places_puts_in_existing_and_new_cells_and_rows():
    xml = _sheet('<row r="2" spans="1:3"><c r="A2"><v>1</v></c><c r="C2" s="5"><v>3</v></c></row>'
                 '<row r="5"><c r="A5"><v>5</v></c></row>')
    puts = {(2, 2): Put("b"), (2, 3): Put(30), (1, 1): Put(0), (4, 2): Put(True), (7, 1): Put("end")}
    out = patch_sheet(xml, puts, {}, EPOCH)
    assert _data(out) == (
        '<row r="1"><c r="A1"><v>0</v></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>b</t></is></c>'
        '<c r="C2" s="5"><v>30</v></c></row>'
        '<row r="4"><c r="B4" t="b"><v>1</v></c></row>'
        '<row r="5"><c r="A5"><v>5</v></c></row>'
        '<row r="7"><c r="A7" t="inlineStr"><is><t>end</t></is></c></row>')
    assert puts == {(2, 2): Put("b"), (2, 3): Put(30), (1, 1): Put(0), (4, 2): Put(True), (7, 1): Put("end")}


def test_patch_sheet_strips_cached_values_of_other_formulas():
    xml = _sheet('<row r="1"><c r="A1" t="str"><f>B1&amp;"x"</f><v>old</v></c><c r="B1"><v>2</v></c>'
                 '<c r="C1"><f>B1</f></c></row>')
    assert _data(patch_sheet(xml, {}, {}, EPOCH)) == (
        '<row r="1"><c r="A1"><f>B1&amp;"x"</f></c><c r="B1"><v>2</v></c><c r="C1"><f>B1</f></c></row>')
    assert patch_sheet(xml, {}, {}, EPOCH, strip_cached=False) is None


def test_patch_sheet_without_changes_is_none():
    assert patch_sheet(_sheet('<row r="1"><c r="A1"><f>B1</f></c></row>'), {}, {}, EPOCH) is None
    assert patch_sheet(_sheet(""), {}, {}, EPOCH) is None
    assert patch_sheet(b"<worksheet/>", {(1, 1): Put(1)}, {}, EPOCH) is None


def test_patch_sheet_in_an_empty_sheet_and_with_a_prefix():
    out = patch_sheet(_sheet("", "x:"), {(2, 1): Put(1)}, {}, EPOCH)
    assert '<x:sheetData><x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row></x:sheetData>' in out.decode()
    empty = _sheet("").replace(b"<sheetData></sheetData>", b"<sheetData/>")
    assert b'<sheetData><row r="3"><c r="B3"><v>2</v></c></row></sheetData>' in patch_sheet(
        empty, {(3, 2): Put(2)}, {}, EPOCH)


def test_patch_sheet_counts_rows_and_cells_without_r_as_openpyxl_does():
    xml = _sheet('<row><c><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>')
    out = patch_sheet(xml, {(2, 1): Put(30), (1, 2): Put(20)}, {}, EPOCH)
    assert _data(out) == ('<row><c><v>1</v></c><c r="B1"><v>20</v></c></row><row><c r="A2"><v>30</v></c></row>')


def test_a_shared_formulas_dependents_keep_their_formula_when_the_master_is_overwritten():
    xml = _sheet('<row r="1"><c r="A1"><f t="shared" ref="A1:A3" si="0">B1*2</f><v>2</v></c></row>'
                 '<row r="2"><c r="A2"><f t="shared" si="0"/><v>4</v></c></row>'
                 '<row r="3"><c r="A3" t="n"><f t="shared" si="0"/></c></row>')
    out = patch_sheet(xml, {(1, 1): Put(9)}, {(2, 1): "=B2*2", (3, 1): "=B3*2"}, EPOCH)
    assert _data(out) == ('<row r="1"><c r="A1"><v>9</v></c></row>'
                          '<row r="2"><c r="A2"><f>B2*2</f></c></row>'
                          '<row r="3"><c r="A3"><f>B3*2</f></c></row>')


def test_cell_style_and_cell_styles():
    rows = '<row r="2"><c r="A2" s="3"/><c r="C2"/><c s="7"/></row><row r="4"><c r="B4" s="1"/></row>'
    xml = _sheet(rows)
    assert cell_style(xml, 2, 1) == 3 and cell_style(xml, 2, 3) == 0 and cell_style(xml, 2, 4) == 7
    assert cell_style(xml, 4, 2) == 1 and cell_style(xml, 3, 1) == 0 and cell_style(xml, 9, 1) == 0
    assert cell_styles(rows, 2) == {1: 3, 3: 0, 4: 7}
    assert cell_styles(rows, 4) == {2: 1}
    assert cell_styles(rows, 3) == {} and cell_styles(rows, 5) == {}


# -- workbook, relationships, content types --------------------------------------------------------

@pytest.mark.parametrize("xml, expected", [
    ('<workbook><sheets><sheet/></sheets><calcPr calcId="191029"/></workbook>',
     '<workbook><sheets><sheet/></sheets><calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'),
    ('<workbook><sheets/><definedNames><definedName/></definedNames><pivotCaches/></workbook>',
     '<workbook><sheets/><definedNames><definedName/></definedNames><calcPr fullCalcOnLoad="1"/><pivotCaches/></workbook>'),
    ('<x:workbook><x:sheets><x:sheet/></x:sheets></x:workbook>',
     '<x:workbook><x:sheets><x:sheet/></x:sheets><x:calcPr fullCalcOnLoad="1"/></x:workbook>'),
    ('<workbook><sheets/><calcPr calcId="1" fullCalcOnLoad="true"></calcPr></workbook>',
     '<workbook><sheets/><calcPr calcId="1" fullCalcOnLoad="true"></calcPr></workbook>'),
    ('<workbook><sheets/><calcPr fullCalcOnLoad="0"></calcPr></workbook>',
     '<workbook><sheets/><calcPr fullCalcOnLoad="1"></calcPr></workbook>'),
])
def test_full_calc_on_load(xml, expected):
    assert full_calc_on_load(xml.encode()) == expected.encode()


def test_full_calc_on_load_needs_sheets():
    with pytest.raises(ValueError, match="workbook.xml has no <sheets>"):
        full_calc_on_load(b"<workbook></workbook>")


def test_drop_relationship():
    xml = (b'<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="a"/>'
           b'<Relationship Id="rId2" Type="http://x/calcChain" Target="calcChain.xml"></Relationship>'
           b'<Relationship Id="rId3" Type="http://x/calcChainX" Target="b"/></Relationships>')
    assert drop_relationship(xml, "/calcChain") == (
        b'<Relationships><Relationship Id="rId1" Type="http://x/worksheet" Target="a"/>'
        b'<Relationship Id="rId3" Type="http://x/calcChainX" Target="b"/></Relationships>')


def test_content_types():
    xml = (b'<Types><Default Extension="xml" ContentType="application/xml"/>'
           b'<Override PartName="/xl/workbook.xml" ContentType="macro"/>'
           b'<Override PartName="/xl/calcChain.xml" ContentType="chain"/>'
           b'<Override PartName="/xl/styles.xml" ContentType="styles"/></Types>')
    assert content_types(xml, ["xl/calcChain.xml"], "xl/workbook.xml", "main") == (
        b'<Types><Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/workbook.xml" ContentType="main"/>'
        b'<Override PartName="/xl/styles.xml" ContentType="styles"/></Types>')
    assert content_types(xml) == xml
    assert content_types(xml, (), "/xl/workbook.xml", "macro") == xml


# -- styles ------------------------------------------------------------------------------------

STYLES = ('<styleSheet><fonts count="1"><font><sz val="11"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
          '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
          '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" applyBorder="1"/></cellXfs></styleSheet>')


def test_derive_adds_a_font_a_fill_and_a_cell_format_once():
    styles = StylesPatch(STYLES.encode())
    bold = '<font><b val="1"/></font>'
    red = '<fill><patternFill patternType="solid"><fgColor rgb="FFFF0000"/></patternFill></fill>'
    assert styles.derive(1, bold, red) == 2
    assert styles.derive(1, bold, red) == 2 and styles.changed
    text = styles.result().decode()
    assert '<fonts count="2"><font><sz val="11"/></font><font><b val="1"/></font></fonts>' in text
    assert ('<xf numFmtId="0" fontId="1" fillId="2" borderId="1" applyBorder="1" applyFont="1" applyFill="1"/>'
            '</cellXfs>') in text and '<cellXfs count="3">' in text
    assert styles.derive(0, '<font><sz val="11" /></font>', red) == 3  # the font that is there, loosely compared
    assert '<fonts count="2">' in styles.result().decode()


def test_aligned_and_number_styles():
    styles = StylesPatch(STYLES.encode())
    assert styles.aligned(0, "center", wrap=True) == 2
    assert ('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1">'
            '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>') in styles.result().decode()
    assert styles.aligned(0, "center", wrap=True) == 2
    assert styles.aligned(0, "left") == 3
    assert '<alignment horizontal="left" vertical="center"/>' in styles.result().decode()
    assert styles.number_style(0, "0.00%") == 4
    assert '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>' in styles.result().decode()
    assert styles.number_style(0, '#,##0 "h"') == 5
    text = styles.result().decode()
    assert text.startswith('<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0 &quot;h&quot;"/>'
                           '</numFmts><fonts')
    assert styles.number_style(1, '#,##0 "h"') == 6  # the format that is there
    assert text.count("<numFmt ") == 1 and styles.result().decode().count("<numFmt ") == 1
    assert styles.number_style(0, "0.0", font="<font><i/></font>") == 7
    assert '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" applyNumberFormat="1" applyFont="1"/>' in \
        styles.result().decode()


def test_styles_without_their_sections_are_refused():
    with pytest.raises(ValueError, match="styles.xml has no <fonts>"):
        StylesPatch(b"<styleSheet/>").derive(0, "<font/>", "<fill/>")
    with pytest.raises(ValueError, match="styles.xml has no <styleSheet>"):
        StylesPatch(b"<other/>").number_style(0, "0.0")


# -- namespace prefixes, rows left alone, formats out of range (each kills mutants the tests above let live)

PREFIXED_STYLES = STYLES.replace("<", "<x:").replace("<x:/", "</x:").replace(
    "<x:styleSheet>", '<x:styleSheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def test_styles_written_with_a_namespace_prefix_get_it_on_every_new_element():
    styles = StylesPatch(PREFIXED_STYLES.encode())
    assert styles.derive(0, '<font><b val="1"/><color rgb="FFFFFFFF"/></font>',
                         '<fill><patternFill patternType="solid"/></fill>') == 2
    text = styles.result().decode()
    assert '<x:font><x:b val="1"/><x:color rgb="FFFFFFFF"/></x:font></x:fonts>' in text
    assert '<x:fill><x:patternFill patternType="solid"/></x:fill></x:fills>' in text
    assert styles.number_style(0, "0.0 %", font="<font><i/></font>") == 3
    text = styles.result().decode()
    assert '<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="0.0 %"/></x:numFmts>' in text
    assert '<x:font><x:i/></x:font></x:fonts>' in text
    assert styles.aligned(1, "right") == 4
    assert ('<x:xf numFmtId="0" fontId="0" fillId="0" borderId="1" applyBorder="1" applyAlignment="1">'
            '<x:alignment horizontal="right" vertical="center"/></x:xf></x:cellXfs>') in styles.result().decode()


def test_a_base_format_out_of_range_is_the_first():
    styles = StylesPatch(STYLES.encode())
    assert styles.number_style(9, "0%") == 2
    assert '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs>' in \
        styles.result().decode()
    assert styles.aligned(-1, "left") == 3
    assert '<xf applyAlignment="1" numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment' in \
        styles.result().decode()


def test_a_format_with_children_and_one_without_defaults():
    xml = ('<styleSheet><numFmts count="1"><numFmt numFmtId="170" formatCode="0.000"/></numFmts>'
           '<fonts count="1"><font/></fonts><cellXfs count="1"><xf fontId="0"><alignment wrapText="1"/></xf></cellXfs>'
           '</styleSheet>')
    styles = StylesPatch(xml.encode())
    assert not styles.changed
    assert styles.number_style(0, "0.000") == 1  # the custom format that is there: its id
    assert ('<xf fontId="0" numFmtId="170" applyNumberFormat="1" fillId="0" borderId="0"><alignment wrapText="1"/>'
            '</xf></cellXfs>') in styles.result().decode()
    assert styles.changed
    assert styles.number_style(0, "0.0000") == 2
    assert '<numFmt numFmtId="171" formatCode="0.0000"/></numFmts>' in styles.result().decode()
    assert styles.number_style(0, "0.000") == 1 and styles.number_style(0, "0.0000") == 2


def test_patch_sheet_with_a_prefix_everywhere():
    xml = _sheet('<x:row r="1" spans="1:2"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
                 '<x:row r="2"><x:c r="A2" t="str"><x:f>A1</x:f><x:v>1</x:v></x:c></x:row>'
                 '<x:row r="3"><x:c r="A3"><x:f t="shared" ref="A3:A4" si="0">A1</x:f></x:c></x:row>'
                 '<x:row r="4"><x:c r="A4"><x:f t="shared" si="0"/></x:c></x:row>', "x:")
    out = patch_sheet(xml, {(1, 2): Put(dt.date(1900, 1, 1)), (1, 1): Put("a"), (3, 1): Put(0),
                            (6, 1): Put(dt.date(1900, 1, 2))}, {(4, 1): "=A2"}, EPOCH)
    text = out.decode()
    start = text.index("<x:sheetData>") + len("<x:sheetData>")
    assert text[start:text.index("</x:sheetData>")] == (
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c r="B1"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="2"><x:c r="A2"><x:f>A1</x:f></x:c></x:row>'
        '<x:row r="3"><x:c r="A3"><x:v>0</x:v></x:c></x:row>'
        '<x:row r="4"><x:c r="A4"><x:f>A2</x:f></x:c></x:row>'
        '<x:row r="6"><x:c r="A6"><x:v>2</x:v></x:c></x:row>')


def test_rows_without_a_change_are_kept_as_they_are_between_changed_ones():
    rows = ('<row r="1" spans="1:1" ht="20"><c r="A1"><v>1</v></c></row>\n'
            '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f>A2</f></c></row>\n'
            '<row r="3" spans="1:1"><c r="A3" s="2"><v>3</v></c> <extLst/></row>\n'
            '<row r="4"><c r="A4"><v>4</v></c></row>\n')
    out = patch_sheet(_sheet(rows), {(1, 1): Put(10), (3, 2): Put(30), (5, 1): Put(50)}, {}, EPOCH)
    assert _data(out) == (
        '<row r="1" spans="1:1" ht="20"><c r="A1"><v>10</v></c></row>\n'
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f>A2</f></c></row>\n'
        '<row r="3"><c r="A3" s="2"><v>3</v></c><c r="B3"><v>30</v></c> <extLst/></row>\n'
        '<row r="4"><c r="A4"><v>4</v></c></row>\n'
        '<row r="5"><c r="A5"><v>50</v></c></row>')


def test_new_cells_go_in_column_order_among_the_old_ones():
    xml = _sheet('<row r="1"><c r="B1"><v>2</v></c><c r="D1"><v>4</v></c></row>')
    out = patch_sheet(xml, {(1, 5): Put(5), (1, 1): Put(1), (1, 3): Put(3)}, {}, EPOCH)
    assert _data(out) == ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c>'
                          '<c r="D1"><v>4</v></c><c r="E1"><v>5</v></c></row>')


def test_new_rows_go_between_the_old_ones_in_order():
    xml = _sheet('<row r="2"><c r="A2"><v>2</v></c></row><row r="4"><c r="A4"><v>4</v></c></row>')
    out = patch_sheet(xml, {(3, 1): Put(3), (1, 1): Put(1), (4, 2): Put(40), (6, 1): Put(6), (5, 2): Put(5)},
                      {}, EPOCH)
    assert _data(out) == ('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
                          '<row r="3"><c r="A3"><v>3</v></c></row>'
                          '<row r="4"><c r="A4"><v>4</v></c><c r="B4"><v>40</v></c></row>'
                          '<row r="5"><c r="B5"><v>5</v></c></row><row r="6"><c r="A6"><v>6</v></c></row>')


def test_strip_cached_keeps_cells_that_have_nothing_cached():
    rows = ('<row r="1"><c r="A1"><f>B1</f><v></v></c><c r="B1" t="s"><v>0</v></c>'
            '<c r="C1" t="str"><f>B1</f></c></row>')
    assert _data(patch_sheet(_sheet(rows), {}, {}, EPOCH)) == (
        '<row r="1"><c r="A1"><f>B1</f><v></v></c><c r="B1" t="s"><v>0</v></c><c r="C1"><f>B1</f></c></row>')
    assert patch_sheet(_sheet('<row r="1"><c r="A1"><f>B1</f><v></v></c><c r="B1" t="s"><v>0</v></c></row>'),
                       {}, {}, EPOCH) is None


def test_a_shared_formula_whose_master_stays_is_left_alone():
    rows = ('<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1</f></c><c r="C1"><v>1</v></c></row>'
            '<row r="2"><c r="A2"><f t="shared" si="0"/></c></row>')
    out = patch_sheet(_sheet(rows), {(1, 3): Put(2)}, {(2, 1): "=B2"}, EPOCH)
    assert _data(out) == ('<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1</f></c><c r="C1"><v>2</v></c></row>'
                          '<row r="2"><c r="A2"><f t="shared" si="0"/></c></row>')


def test_cache_results_with_a_prefix_and_a_date():
    xml = _sheet('<x:row r="1"><x:c r="A1" t="e" cm="1"><x:f>B1</x:f><x:v>#N/A</x:v></x:c></x:row>', "x:")
    out = cache_results(xml, {(1, 1): dt.date(1900, 1, 3)}, EPOCH).decode()
    assert '<x:row r="1"><x:c r="A1"><x:f>B1</x:f><x:v>3</x:v></x:c></x:row>' in out


def test_cell_style_of_prefixed_and_self_closing_rows():
    xml = _sheet('<x:row r="1"/><x:row r="2"><x:c r="B2" s="4"/></x:row>', "x:")
    assert cell_style(xml, 2, 2) == 4 and cell_style(xml, 1, 1) == 0
    assert cell_style(b"<worksheet/>", 1, 1) == 0


def test_full_calc_on_load_leaves_a_workbook_that_has_it_byte_for_byte():
    xml = b"<workbook><sheets/><calcPr  fullCalcOnLoad='1' /></workbook>"
    assert full_calc_on_load(xml) is xml
    with pytest.raises(ValueError) as info:
        full_calc_on_load(b"<workbook/>")
    assert str(info.value) == "workbook.xml has no <sheets>"


def test_relationships_and_overrides_written_over_several_lines():
    rels = (b'<Relationships>\n<Relationship Id="rId2"\n Type="http://x/calcChain" Target="c">\n</Relationship>\n'
            b'<Relationship Id="rId1" Type="http://x/sheet" Target="a"/></Relationships>')
    assert drop_relationship(rels, "/calcChain") == (
        b'<Relationships>\n\n<Relationship Id="rId1" Type="http://x/sheet" Target="a"/></Relationships>')
    types = (b"<Types><Override PartName='/xl/workbook.xml' ContentType='main' />"
             b'<Override PartName="/xl/calcChain.xml"\n ContentType="chain">\n</Override></Types>')
    assert content_types(types, ["/xl/calcChain.xml"], "/xl/workbook.xml", "main") == (
        b"<Types><Override PartName='/xl/workbook.xml' ContentType='main' /></Types>")
    assert content_types(types, [], "/xl/workbook.xml", "other") == (
        b'<Types><Override PartName="/xl/workbook.xml" ContentType="other"/>'
        b'<Override PartName="/xl/calcChain.xml"\n ContentType="chain">\n</Override></Types>')


def test_cache_results_finds_cells_by_their_reference_past_rows_without_results():
    xml = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                 '<row r="2">\n<c r="A2"><f>A1</f><v>0</v></c><c r="C2"><f>A1*3</f><v>0</v></c></row>')
    assert _data(cache_results(xml, {(2, 3): 3}, EPOCH)) == (
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="2">\n<c r="A2"><f>A1</f><v>0</v></c><c r="C2"><f>A1*3</f><v>3</v></c></row>')


def test_a_put_into_an_existing_cell_keeps_the_cells_after_it():
    xml = _sheet('\n<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1</f><v>1</v></c><c r="C1"><v>3</v></c></row>')
    out = patch_sheet(xml, {(1, 1): Put(dt.date(1900, 1, 4))}, {}, EPOCH, strip_cached=False)
    assert _data(out) == '\n<row r="1"><c r="A1"><v>4</v></c><c r="B1"><f>A1</f><v>1</v></c><c r="C1"><v>3</v></c></row>'


def test_new_cells_are_ordered_by_column_number_not_by_letters():
    xml = _sheet('<row r="1"><c r="J1"><v>10</v></c></row>')
    out = patch_sheet(xml, {(1, 27): Put(27), (1, 2): Put(2)}, {}, EPOCH)
    assert _data(out) == '<row r="1"><c r="B1"><v>2</v></c><c r="J1"><v>10</v></c><c r="AA1"><v>27</v></c></row>'


def test_new_rows_before_all_the_old_ones_and_sheet_data_attributes():
    xml = _sheet('<row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>').replace(
        b"<sheetData>", b'<sheetData x="1" >')
    out = patch_sheet(xml, {(1, 1): Put(1)}, {}, EPOCH).decode()
    assert ('<sheetData x="1"><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
            '<row r="3"><c r="A3"><v>3</v></c></row></sheetData>') in out


# -- edges the mutation run found untested (tests/mutation): each case kills mutants that lived

EPOCH_1904 = dt.datetime(1904, 1, 1)  # workbookPr date1904="1": day 0 is 1904-01-01 (ECMA-376 18.17.4.1)


def test_escape_of_each_character_alone():
    assert escape("a&b") == "a&amp;b"
    assert escape("a>b") == "a&gt;b"
    assert escape("a<b") == "a&lt;b"
    assert escape("plain") == "plain"


def test_dates_count_from_the_workbooks_epoch():
    assert cell_xml("", {"r": "A1"}, Put(dt.date(1904, 1, 3)), EPOCH_1904) == '<c r="A1"><v>2</v></c>'
    assert result_cell_xml("", {"r": "A1"}, "=B1", dt.date(1904, 1, 3), EPOCH_1904) == \
        '<c r="A1"><f>B1</f><v>2</v></c>'


def test_result_cell_xml_drops_value_metadata_and_keeps_a_formula_given_without_equals():
    assert result_cell_xml("", {"r": "A1", "vm": "1"}, "B1*2", 4, EPOCH) == '<c r="A1"><f>B1*2</f><v>4</v></c>'


def test_patch_sheet_strips_an_untyped_cached_number():
    xml = _sheet('<row r="1"><c r="A1"><f>B1*2</f><v>4</v></c></row>')
    assert _data(patch_sheet(xml, {}, {}, EPOCH)) == '<row r="1"><c r="A1"><f>B1*2</f></c></row>'


def test_a_put_into_a_row_that_has_no_cells():
    xml = _sheet('<row r="2" ht="30" customHeight="1"/>')
    assert _data(patch_sheet(xml, {(2, 1): Put(1)}, {}, EPOCH)) == \
        '<row r="2" ht="30" customHeight="1"><c r="A2"><v>1</v></c></row>'


def test_every_put_and_cached_formula_of_a_row_is_handled():
    rows = ('<row r="1"><c r="A1"><f>E1</f><v>1</v></c><c r="B1"><v>2</v></c>'
            '<c r="C1"><f>E1</f><v>3</v></c><c r="D1"><v>4</v></c></row>')
    out = patch_sheet(_sheet(rows), {(1, 2): Put(20), (1, 4): Put(40)}, {}, EPOCH)
    assert _data(out) == ('<row r="1"><c r="A1"><f>E1</f></c><c r="B1"><v>20</v></c>'
                          '<c r="C1"><f>E1</f></c><c r="D1"><v>40</v></c></row>')


def test_comments_among_cells_are_kept_after_the_cells():
    rows = '<row r="1"><!--a--><c r="A1"><v>1</v></c><!--b--><c r="C1"><v>3</v></c></row>'
    out = patch_sheet(_sheet(rows), {(1, 2): Put(2)}, {}, EPOCH)
    assert _data(out) == ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c>'
                          '<!--a--><!--b--></row>')


def test_a_new_row_with_several_cells():
    out = patch_sheet(_sheet('<row r="1"><c r="A1"><v>1</v></c></row>'), {(3, 2): Put(2), (3, 1): Put(1)}, {},
                      EPOCH)
    assert _data(out) == ('<row r="1"><c r="A1"><v>1</v></c></row>'
                          '<row r="3"><c r="A3"><v>1</v></c><c r="B3"><v>2</v></c></row>')


SHARED = ('<row r="1"><c r="A1" t="inlineStr"><is><t>shared</t></is></c>'
          '<c r="C1"><f t="shared" ref="C1:C3" si="0">B1*2</f><v>2</v></c>'
          '<c r="D1"><f t="shared" ref="D1:D3" si="1">B1*3</f><v>3</v></c></row>'
          '<row r="2"><c r="C2"><f t="shared" si="0"/><v>4</v></c><c r="D2"><f t="shared" si="1"/><v>6</v></c>'
          '<c r="E2"><v>5</v></c></row>'
          '<row r="3"><c r="C3"><f t="shared" si="0"/><v>6</v></c><c r="D3"><f t="shared" si="1"/><v>9</v></c>'
          '<c r="E3" t="inlineStr"><is><t>shared</t></is></c></row>')
SHARED_FORMULAS = {(2, 3): "=B2*2", (3, 3): "=B3*2", (2, 4): "=B2*3", (3, 4): "=B3*3"}


def test_only_the_dependents_of_an_overwritten_master_get_their_own_formula():
    # the master C1 is not in column A (the cells are found by their r), text cells read "shared",
    # a put follows a rewritten dependent in its row, and the other shared formula (si 1) stays shared
    out = patch_sheet(_sheet(SHARED), {(1, 3): Put(9), (1, 1): Put("x"), (2, 5): Put(50)}, SHARED_FORMULAS, EPOCH,
                      strip_cached=False)
    assert _data(out) == (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="C1"><v>9</v></c>'
        '<c r="D1"><f t="shared" ref="D1:D3" si="1">B1*3</f><v>3</v></c></row>'
        '<row r="2"><c r="C2"><f>B2*2</f></c><c r="D2"><f t="shared" si="1"/><v>6</v></c>'
        '<c r="E2"><v>50</v></c></row>'
        '<row r="3"><c r="C3"><f>B3*2</f></c><c r="D3"><f t="shared" si="1"/><v>9</v></c>'
        '<c r="E3" t="inlineStr"><is><t>shared</t></is></c></row>')


def test_overwriting_a_dependent_leaves_the_shared_formula_alone():
    out = patch_sheet(_sheet(SHARED), {(2, 3): Put(0)}, SHARED_FORMULAS, EPOCH, strip_cached=False)
    assert _data(out) == _data(_sheet(SHARED)).replace('<c r="C2"><f t="shared" si="0"/><v>4</v></c>',
                                                       '<c r="C2"><v>0</v></c>')


def test_cache_results_goes_on_past_a_row_without_the_cell():
    xml = _sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><f>A1</f><v>0</v></c></row>')
    assert _data(cache_results(xml, {(1, 2): 5, (2, 1): 1}, EPOCH)) == (
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><f>A1</f><v>1</v></c></row>')


def test_content_types_of_parts_in_folders_beginning_with_x():
    xml = (b'<Types><Override PartName="/X/a.xml" ContentType="a"/><Override PartName="/X/b.xml" ContentType="b"/>'
           b'<x:Override PartName="/c.xml" ContentType="c"/></Types>')
    assert content_types(xml, ["X/a.xml"], "X/b.xml", "B") == b'<Types><Override PartName="/X/b.xml" ContentType="B"/>' \
        b'<x:Override PartName="/c.xml" ContentType="c"/></Types>'
    assert content_types(xml, [], "/c.xml", "C").endswith(b'<x:Override PartName="/c.xml" ContentType="C"/></Types>')


def test_drop_relationship_keeps_a_relationship_without_a_type():
    xml = b'<Relationships><Relationship Id="rId1" Target="a"/></Relationships>'
    assert drop_relationship(xml, "/calcChain") == xml


def test_full_calc_on_load_of_a_part_that_is_no_workbook():
    with pytest.raises(ValueError) as info:
        full_calc_on_load(b"<other/>")
    assert str(info.value) == "workbook.xml has no <sheets>"


MULTILINE_STYLES = ('<styleSheet>\n<fonts count="1">\n<font>\n<sz val="11"/>\n</font>\n</fonts>\n'
                    '<fills count="1">\n<fill>\n<patternFill patternType="none"/>\n</fill>\n</fills>\n'
                    '<cellXfs count="2">\n<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>\n'
                    '<xf numFmtId="0" fontId="0" fillId="0" borderId="1"/>\n</cellXfs>\n</styleSheet>')


def test_styles_written_over_several_lines():
    styles = StylesPatch(MULTILINE_STYLES.encode())
    assert styles.derive(0, "<font>\n<sz val=\"11\"/>\n</font>", "<fill><patternFill patternType=\"solid\"/></fill>") == 2
    text = styles.result().decode()
    assert '<fonts count="1">' in text  # the font that is there, found across lines
    assert ('<fills count="2">\n<fill>\n<patternFill patternType="none"/>\n</fill>\n'
            '<fill><patternFill patternType="solid"/></fill></fills>') in text


def test_a_base_format_just_past_the_last_and_an_empty_cell_formats_list():
    styles = StylesPatch(STYLES.encode())
    assert styles.changed is False
    assert styles.aligned(2, "left") == 2  # base 2 of 2 formats: a format with no attributes of its own
    assert '<xf applyAlignment="1" numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment horizontal="left"' in \
        styles.result().decode()
    assert styles.number_style(3, "0%") == 3  # base 3 of 3 formats: the first
    assert '<xf numFmtId="9" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs>' in \
        styles.result().decode()
    empty = StylesPatch(b'<styleSheet><cellXfs count="0"></cellXfs></styleSheet>')
    assert empty.number_style(0, "0%") == 0
    assert empty.result() == (b'<styleSheet><cellXfs count="1"><xf numFmtId="9" applyNumberFormat="1" fontId="0" '
                              b'fillId="0" borderId="0"/></cellXfs></styleSheet>')


def test_styles_without_cell_formats_are_refused_naming_them():
    with pytest.raises(ValueError) as info:
        StylesPatch(b'<styleSheet><fonts count="0"></fonts></styleSheet>').number_style(0, "0%")
    assert str(info.value) == "styles.xml has no <cellXfs>"
    with pytest.raises(ValueError) as info:
        StylesPatch(b"<styleSheet><fonts/></styleSheet>").aligned(0, "left")
    assert str(info.value) == "styles.xml has no <cellXfs>"
    with pytest.raises(ValueError) as info:
        StylesPatch(b"<other/>").number_style(0, "0.0")
    assert str(info.value) == "styles.xml has no <styleSheet>"


def test_custom_formats_are_counted():
    xml = ('<styleSheet><numFmts count="1"><numFmt numFmtId="170" formatCode="0.000"/></numFmts>'
           '<cellXfs count="1"><xf/></cellXfs></styleSheet>')
    styles = StylesPatch(xml.encode())
    assert styles.number_style(0, "0.0000") == 1
    assert ('<numFmts count="2"><numFmt numFmtId="170" formatCode="0.000"/><numFmt numFmtId="171" formatCode="0.0000"/>'
            '</numFmts>') in styles.result().decode()
