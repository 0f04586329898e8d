"""The blank template's structure, as openpyxl reads it back: sheets, headers, validations,
protection, defined names, array-formula ranges and the indifference chart."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

import vsm_xl.udfs as udfs
from vsm_xl.workbook.layout import template_layout as L

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wb(built):
    return openpyxl.load_workbook(built["template"])


def _validations(ws) -> list[tuple[str, str]]:
    return [(dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation]


def _covers(ws, formula1: str, coordinate: str) -> bool:
    return any(dv.formula1 == formula1 and coordinate in dv.sqref for dv in ws.data_validations.dataValidation)


def test_sheets_in_order_and_xlwings_conf(wb):
    assert wb.sheetnames == ["Guide", "Steps", "Flows", "Map", "Charts", "Improvements", "Indicators", "Pairwise", "Team",
                             "Estimates", "Results", "Sensitivity", "xlwings.conf"]
    conf = wb["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "vsm_xl.udfs")


def test_guide_explains_add_in_colours_and_files(wb):
    text = " ".join(str(c.value) for row in wb["Guide"].iter_rows() for c in row if c.value)
    for phrase in ("UDF Modules", "vsm_xl.udfs", "xlwings Lite", "Input cells (yellow)", "Computed cells (blue)",
                   "vsm_template.xlsx", "evaluated copy", "needs the vsm-xl add-in"):
        assert phrase in text, phrase


def test_steps_settings_and_two_blocks_of_twenty_rows(wb):
    ws = wb["Steps"]
    labels = {ws.cell(r, 2).value: r for r in range(3, 23)}
    for setting in L.SETTINGS:
        assert setting.label in labels
    markers = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "State"]
    assert len(markers) == 2
    assert [ws.cell(r, 2).value for r in markers] == ["Current state", "Future state"]
    assert [ws.cell(r, 4).value for r in markers] == ["current", "future"]
    for marker in markers:
        headers = [ws.cell(marker + 1, c).value for c in range(1, 27)]
        assert headers == ["#", "Step", "Owner", "PT", "LT", "PT (min)", "LT (min)", "WT (min)", "%C&A", "Inventory",
                           "C/O", "Waste types", "Notes", "Resources", "Position", "Bottleneck",
                           "Area (m²)", "Availability", "Performance", "Quality", "Operating time (BZ)", "Variants",
                           "Flow in", "FIFO max", "PT (min) VSM_DURATION", "LT (min) VSM_DURATION"]
        assert [ws.cell(marker, c).value for c in (3, 5)] == ["Kind", "Basis"]
        assert _covers(ws, '"measured,estimated"', f"F{marker}")
        total = next(r for r in range(marker, ws.max_row + 1) if ws.cell(r, 1).value == "Total")
        assert total - (marker + 2) == 20  # room for 20 steps
        summary = {ws.cell(r, 2).value: ws.cell(r, 3).value for r in range(total + 1, total + 7)}
        assert "VSM_FLOW_EFFICIENCY(" in summary["Flow efficiency"]
        # the band natively from the flow efficiency (a VSM_* call fewer per recalculation)
        assert summary["Flow rating"] == (f'=IF(ISNUMBER(C{total + 1}),IF(C{total + 1}<0.05,"significant waste",'
                                          f'IF(C{total + 1}<0.15,"moderate",IF(C{total + 1}<=0.25,"good",'
                                          f'"excellent"))),"")')
        assert "VSM_ROLLED_CA(" in summary["Rolled %C&A"]
        assert "VSM_WIP(" in summary["WIP (items)"]
        assert '"constraint"' in summary["Capacity constraint (largest PT)"]
        assert '"delay"' in summary["Largest delay (largest WT)"]
        first = marker + 2
        # one array formula per block converts PT and LT (hidden columns Y:Z, settings passed in);
        # the visible PT (min) / LT (min) cells refer to it, WT is native
        helper = ws.cell(first, 25).value
        assert isinstance(helper, ArrayFormula) and helper.ref == f"Y{first}:Z{total - 1}"
        assert f'VSM_DURATION(D{first}:E{total - 1},"min",$C$13,$C$14,$C$15)' in helper.text
        assert ws.column_dimensions["Y"].hidden and ws.column_dimensions["Z"].hidden
        # the helper's minutes; a plain number natively where the helper has none (no add-in)
        assert ws.cell(first, 6).value.startswith(f'=IF(ISBLANK(D{first}),"",IF(ISNUMBER(Y{first}),Y{first},')
        assert ws.cell(first, 8).value == f'=IF(AND(ISNUMBER(G{first}),ISNUMBER(F{first})),G{first}-F{first},"")'
        assert (f'VSM_TOTAL_TIME(F{first}:F{total - 1},"min","min",24,7,O{first}:O{total - 1},G{first}:G{total - 1})'
                in ws.cell(total, 6).value)
    unit_row = labels["Time unit of numbers"]
    assert unit_row == 13  # below the two spare boundary rows
    assert ws.cell(unit_row, 3).value == "min"
    assert _covers(ws, '"min,h,d"', f"C{unit_row}")
    assert _covers(ws, '"current,future,target"', f"D{markers[1]}")
    assert "VSM_TAKT_TIME(" in ws.cell(labels["Takt time (min)"], 3).value


def test_input_cells_unlocked_computed_cells_locked(wb):
    for name in ("Steps", "Improvements", "Indicators", "Pairwise", "Results"):
        assert wb[name].protection.sheet, name
    steps, ind, pw = wb["Steps"], wb["Indicators"], wb["Pairwise"]
    assert not steps["D26"].protection.locked and not steps["C3"].protection.locked
    assert steps["F26"].protection.locked and steps["B3"].protection.locked
    assert steps["D26"].fill.start_color.rgb.endswith("FFF2CC") and steps["F26"].fill.start_color.rgb.endswith("DDEBF7")
    assert not ind["I6"].protection.locked and ind["P6"].protection.locked
    assert not pw["C6"].protection.locked and pw["B7"].protection.locked and pw["B6"].protection.locked


def test_number_formats_and_freeze_panes(wb):
    steps = wb["Steps"]
    total = next(r for r in range(1, steps.max_row + 1) if steps.cell(r, 1).value == "Total")
    assert steps.cell(26, 6).number_format == '0.0 "min"'
    assert steps.cell(total + 1, 3).number_format == "0.00%"  # flow efficiency
    assert steps.cell(total + 3, 3).number_format == "0.0%"  # rolled %C&A
    assert wb["Pairwise"]["O6"].number_format == "0.0%"  # weights
    assert wb["Indicators"].freeze_panes == "B6"
    assert wb["Steps"].freeze_panes == "C1"


def test_defined_names_point_at_the_tables(wb):
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}
    assert names["CS_PT"] == "Steps!$F$26:$F$45"
    assert names["FS_PT"].startswith("Steps!$F$")
    assert names["Ind_Values"] == "Indicators!$I$6:$N$17"  # 12 indicators x 6 alternatives
    assert names["Ind_Benefits"] == "Indicators!$P$6:$U$17"
    assert names["Alt_Names"] == "Indicators!$I$5:$N$5"
    assert names["PW_M_Weights"] == "Pairwise!$O$6:$O$17"
    assert names["Res_WBF"] == "Results!$B$7:$G$7"
    assert names["Time_Unit"] == "Steps!$C$13"


def test_the_evaluation_is_native_so_it_computes_without_the_add_in(wb):
    """Partial benefits, ranks, G and WBF are native formulas, cell by cell; the weights are the
    scheme's VSM_* array with the 0/1/2 weights computed natively where the add-in is missing
    (their figures are checked against the batch by the engine tests)."""
    pb = wb["Indicators"]["P6"].value
    assert isinstance(pb, str) and "EXP(" in pb and "$D6" in pb and "VSM_" not in pb
    pw = wb["Pairwise"]
    # one scheme-aware call (weights and CR) in hidden helper columns W:X, the 0/1/2 weights native
    # where the add-in is missing; the visible weights are plain formulas reading the helper, or the
    # Team sheet's pooled weights when participants filled in judgments
    for anchor, ref in (("W6", "W6:X17"), ("W22", "W22:X33")):
        value = pw[anchor].value
        assert isinstance(value, ArrayFormula) and value.ref == ref and "VSM_GROUP_WEIGHTS(" in value.text
    assert "VSM_GROUP_WEIGHTS(B6:M17,$O$4,A6:A17,TRUE)" in pw["W6"].value.text
    assert "IFERROR(" in pw["W6"].value.text and "N6:N17/SUM(N6:N17)" in pw["W6"].value.text
    assert pw["W5"].value == "Weight VSM_GROUP_WEIGHTS" and pw.column_dimensions["W"].hidden
    assert pw["O7"].value == '=IF(ISBLANK(A7),"",IF(COUNT(Team!$D$21:$O$2021)>0,Team!$D$9,IF(ISBLANK(W7),"",W7)))'
    assert pw["Q6"].value.endswith(',"",IF(ISBLANK(X6),"",X6))')  # CR: the helper's, one call fewer
    # ranks follow the weights whatever the scheme (ties share the better rank, as VSM_RANKS)
    assert pw["P6"].value == '=IF(ISNUMBER(O6),RANK(O6,$O$6:$O$17),"")'
    res = wb["Results"]
    assert "SUMPRODUCT(Indicators!$P$6:$P$17,Indicators!$Y$6:$Y$17)" in res["B5"].value
    assert res["B7"].value.startswith("=IF(AND(ISNUMBER(B6),ISNUMBER(B5)),SQRT(")
    for ws in (wb["Indicators"], res):
        assert not any(isinstance(c.value, ArrayFormula) for row in ws.iter_rows() for c in row)


def test_indicator_validations(wb):
    ws = wb["Indicators"]
    assert _covers(ws, '"monetary,non-monetary"', "B6") and _covers(ws, '"monetary,non-monetary"', "B17")
    assert _covers(ws, '"linear,exponential"', "F10")


def test_pairwise_upper_triangle_is_input_lower_is_derived(wb):
    ws = wb["Pairwise"]
    assert ws["A4"].value == "Group" and ws["B4"].value == "monetary"
    assert ws["A20"].value == "Group" and ws["B20"].value == "non-monetary"
    # a_21 = 2 - a_12 (0/1/2) or 1 / a_12 (AHP), by the block's scheme cell O4
    assert ws["N4"].value == "Scheme" and ws["O4"].value == "pairwise"
    assert ws["B7"].value == '=IF(ISBLANK(C6),"",IF($O$4="ahp",1/C6,2-C6))'
    assert ws["D9"].value == '=IF(ISBLANK(E8),"",IF($O$4="ahp",1/E8,2-E8))'
    assert ws["E9"].value is None  # diagonal
    assert ws["B6"].value is None  # diagonal
    # judgments 0..9: 0/1/2, or AHP's 1/9 to 9 (the reader names the cell of a value off the scheme)
    upper = [v for v in _validations(ws) if v[0] == "0"]
    assert upper and "C6:M6" in upper[0][1] and "B7" not in upper[0][1]
    assert _covers(ws, '"pairwise,ahp"', "O4")
    assert _covers(ws, "=Ind_Names", "A6")
    assert [ws.cell(5, c).value for c in (14, 15, 16)] == ["Sum", "Weight", "Rank"]


def test_results_chart_has_points_curves_and_ideal(wb):
    ws = wb["Results"]
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "scatterChart"
    assert len(chart.series) == 2 * L.TEMPLATE_ALTERNATIVES + 1
    first, curve, ideal = chart.series[0], chart.series[1], chart.series[-1]
    assert first.xVal.numRef.f == "'Results'!$B$5" and first.yVal.numRef.f == "'Results'!$B$6"
    assert curve.xVal.numRef.f == "'Results'!$B$39:$B$57" and curve.yVal.numRef.f == "'Results'!$C$39:$C$57"
    assert ideal.xVal.numRef.f == "'Results'!$B$12"
    assert (chart.x_axis.scaling.min, chart.x_axis.scaling.max) == (0, 1)
    assert (chart.y_axis.scaling.min, chart.y_axis.scaling.max) == (0, 1)
    # the helper table: x = 1 - WBF cos(phi), y = 1 - WBF sin(phi), theta spread over the arc inside
    # the square (tests/workbook/test_chart_curves.py computes it)
    phi = "IF($B$7>1,DEGREES(ACOS(1/$B$7))+{a}*(90-2*DEGREES(ACOS(1/$B$7)))/90,{a})"
    gap = 'IF(LEN($B$4)=0,"",NA())'  # #N/A (a gap) for a named alternative without WBF, blank for unused
    assert ws["B39"].value == f"=IF(ISNUMBER($B$7),MAX(0,1-$B$7*COS(RADIANS({phi.format(a='A39')}))),{gap})"
    assert ws["C57"].value == f"=IF(ISNUMBER($B$7),MAX(0,1-$B$7*SIN(RADIANS({phi.format(a='A57')}))),{gap})"
    assert [ws.cell(r, 1).value for r in (39, 57)] == [0, 90]


def test_every_vsm_call_names_a_cell_function_with_a_fitting_argument_count(wb):
    """A typo in a function name would show #NAME? even with the add-in."""
    calls = re.compile(r"(VSM_[A-Z_]+)\(")
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                text = c.value.text if isinstance(c.value, ArrayFormula) else c.value
                if isinstance(text, str) and text.startswith("="):
                    for name in calls.findall(text):
                        assert name in udfs.__all__, f"{ws.title}!{c.coordinate}: {name}"
                        seen.add(name)
    assert {"VSM_DURATION", "VSM_TOTAL_TIME", "VSM_FLOW_EFFICIENCY",
            "VSM_ROLLED_CA", "VSM_WIP", "VSM_BOTTLENECK", "VSM_TAKT_TIME", "VSM_GROUP_WEIGHTS",
            "VSM_AHP_INCONSISTENT", "VSM_TEAM_WEIGHTS"} <= seen
    # partial benefits, G and WBF are native (they compute without the add-in)
    # the arguments the template passes by position, as the cell functions name them
    def names(fn):
        return tuple(inspect.signature(fn).parameters)

    assert names(udfs.VSM_DURATION)[:4] == ("text", "unit", "number_unit", "hours_per_day")
    assert names(udfs.VSM_TAKT_TIME)[:5] == ("available_time", "demand", "unit", "number_unit", "hours_per_day")
    assert names(udfs.VSM_WAIT_TIME)[:2] == ("lead_time", "process_time")
    assert names(udfs.VSM_BOTTLENECK)[:5] == ("step_names", "process_times", "lead_times", "kind", "resources")
    assert names(udfs.VSM_WBF)[:2] == ("monetary_benefit", "non_monetary_benefit")
    assert names(udfs.VSM_PARTIAL_BENEFIT)[:5] == ("values", "worst", "best", "function", "curvature")
    assert names(udfs.VSM_WEIGHTS)[:2] == names(udfs.VSM_RANKS)[:2] == ("matrix", "names")


def test_committed_files_are_current(streams):
    """workbook_templates/ and examples/*.xlsx are what scripts/build_workbooks.py writes."""
    from vsm_xl.workbook.read.reader import read_workbook


    template = read_workbook(ROOT / "workbook_templates" / "vsm_template.xlsx")
    assert template.stream.states == () and template.stream.evaluation is None
    for name, stream in streams.items():
        assert read_workbook(ROOT / "examples" / f"{name}.xlsx").stream == stream
