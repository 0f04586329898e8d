"""The cell functions as Excel calls them, off Windows:

1. through xlwings' own conversion code (``xlwings.conversion.read`` per argument and
   ``conversion.write`` on the result, exactly as ``xlwings.udfs.call_udf`` does), with values
   shaped as Excel's COM interface hands them over (tuples of rows, every number a float, ``None``
   or ``""`` for empty cells, error cells as COM error codes). xlwings runs this code once an
   engine named "excel" is registered; the one registered here behaves like xlwings' Windows
   engine in the two methods conversion uses;
2. from a workbook written with openpyxl and computed by the ``formulas`` engine, with array
   formulas over explicit ranges, each cell function bound in through the same xlwings conversion.
"""
from __future__ import annotations

import datetime as dt

import pytest
import xlwings as xw
from xlwings import conversion

from vsm_xl import udfs

# xlwings/_xlwindows.py: the COM error codes of error cells, and VBA's "argument missing"
COM_ERRORS = {-2146826281: "#DIV/0!", -2146826246: "#N/A", -2146826259: "#NAME?", -2146826288: "#NULL!",
              -2146826252: "#NUM!", -2146826265: "#REF!", -2146826273: "#VALUE!"}
COM_CODES = {text: code for code, text in COM_ERRORS.items()}
MISSING = -2147352572


class ExcelLikeEngine:
    """The two methods xlwings' conversion calls on the Windows engine, as that engine does them
    (xlwings/_xlwindows.py ``_clean_value_data_element`` and ``prepare_xl_data_element``)."""

    name = "excel"
    type = "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def clean(value):
            if value in ("", None):
                return empty_as
            if isinstance(value, (dt.date, dt.datetime)):
                return datetime_builder(month=value.month, day=value.day, year=value.year,
                                        hour=getattr(value, "hour", 0), minute=getattr(value, "minute", 0),
                                        second=getattr(value, "second", 0),
                                        microsecond=getattr(value, "microsecond", 0), tzinfo=None)
            if number_builder is not None and isinstance(value, float):
                return number_builder(value)
            if isinstance(value, int) and value in COM_ERRORS:
                return COM_ERRORS[value] if err_to_str else None
            return value
        return [[clean(v) for v in row] for row in data]

    @staticmethod
    def prepare_xl_data_element(x, options):
        if isinstance(x, float) and x != x:
            return ""
        return "" if x is None else x


@pytest.fixture(scope="module", autouse=True)
def excel_engine():
    assert "excel" not in [e.name for e in xw.engines], "an Excel engine is already registered"
    engine = xw.main.Engine(impl=ExcelLikeEngine())
    xw.engines.add(engine)
    yield engine
    xw.engines.engines.remove(engine)
    del xw.engines.engines_by_name["excel"]


def call_as_excel(func, *com_args):
    """What xlwings.udfs.call_udf does with a call from Excel (minus COM and caching): every
    declared argument arrives (omitted ones as MISSING), each is converted by
    conversion.read with its declared options, the result by conversion.write."""
    info = func.__xlfunc__
    args_info = info["args"]
    args = list(com_args) + [MISSING] * (len(args_info) - len(com_args))
    for i, arg in enumerate(args):
        arg_info = args_info[min(i, len(args_info) - 1)]
        if isinstance(arg, int) and arg == MISSING:
            args[i] = arg_info.get("optional", None)
        else:
            args[i] = conversion.read(None, arg, arg_info["options"])
    return conversion.write(func(*args), None, info["ret"]["options"])


def com_column(values):
    """A one-column range as COM gives it: a tuple of one-value rows."""
    return tuple((v,) for v in values)


# METHOD.md 1, order fulfilment: a 20-row step table with 5 filled rows, %C&A cells formatted
# as percentages (Excel stores 0.85), inventories as numbers
CURRENT = (("Order Entry", "15m", "2h", 0.85, 50.0), ("Credit Check", "10m", "8h", 0.95, 30.0),
           ("Inventory Alloc", "5m", "4h", 0.90, 20.0), ("Pick & Pack", "30m", "6h", 0.92, 40.0),
           ("Ship", "10m", "24h", 0.98, 100.0))
FUTURE = (("Order Entry", "10m", "30m", 0.98, 10.0), ("Credit Check", "1m", "5m", 0.99, 0.0),
          ("Inventory Alloc", "1m", "5m", 0.99, 0.0), ("Pick & Pack", "25m", "2h", 0.96, 15.0),
          ("Ship", "10m", "4h", 0.99, 20.0))


def com_table(rows, field, size=20):
    # COM hands empty cells over as None; cells holding "" (text) also occur
    return com_column([r[field] for r in rows] + [None] * (size - len(rows) - 1) + [""])


@pytest.mark.parametrize("rows, fe, band, rolled, wip, pt, lt", [
    (CURRENT, 2.65, "significant waste", 65.5, 240, 70, 2640),
    (FUTURE, 11.75, "moderate", 91.3, 45, 47, 400),  # 91.3: 0.98 x 0.99 x 0.99 x 0.96 x 0.99
])
def test_order_fulfilment_through_xlwings(rows, fe, band, rolled, wip, pt, lt):
    """METHOD.md 1 worked example (lean checklist table): current FE 2.65 % significant waste,
    rolled %C&A 65.5 %, WIP 240, Pick & Pack / Ship; future FE 11.75 % moderate, WIP 45."""
    names, pts, lts = com_table(rows, 0), com_table(rows, 1), com_table(rows, 2)
    result = call_as_excel(udfs.VSM_FLOW_EFFICIENCY, pts, lts)
    assert round(result[0][0] * 100, 2) == fe
    assert call_as_excel(udfs.VSM_FLOW_RATING, result[0][0]) == [[band]]
    assert round(call_as_excel(udfs.VSM_ROLLED_CA, com_table(rows, 3))[0][0] * 100, 1) == rolled
    assert call_as_excel(udfs.VSM_WIP, com_table(rows, 4)) == [[wip]]
    assert call_as_excel(udfs.VSM_TOTAL_TIME, pts) == [[pt]]
    assert call_as_excel(udfs.VSM_TOTAL_TIME, lts) == [[lt]]
    assert call_as_excel(udfs.VSM_BOTTLENECK, names, pts, lts) == [["Pick & Pack"]]
    assert call_as_excel(udfs.VSM_BOTTLENECK, names, pts, lts, "delay") == [["Ship"]]
    wait = call_as_excel(udfs.VSM_WAIT_TIME, lts, pts)
    assert len(wait) == 20 and all(len(row) == 1 for row in wait)  # a column, as the range
    assert sum(row[0] for row in wait[:5]) == lt - pt
    assert wait[5:] == [[""]] * 15


def test_error_cells_arrive_as_text_and_are_reported():
    pts = com_column(("15m", COM_CODES["#N/A"], "5m"))
    lts = com_column(("2h", "8h", "4h"))
    assert call_as_excel(udfs.VSM_FLOW_EFFICIENCY, pts, lts) == [["#N/A row 2: process time is #N/A"]]
    pts = com_column(("15m", None, "5m"))
    assert call_as_excel(udfs.VSM_FLOW_EFFICIENCY, pts, lts) == [["#VALUE! row 2: process time is empty"]]


def test_time_formatted_cells_and_missing_optional_arguments():
    # a cell holding 2:30 formatted as a time comes through COM as a date on Excel's day 0
    assert call_as_excel(udfs.VSM_DURATION, dt.datetime(1899, 12, 30, 2, 30)) == [[150.0]]
    assert call_as_excel(udfs.VSM_DURATION, "1.5d", "h") == [[36.0]]
    assert call_as_excel(udfs.VSM_DURATION, "1d", MISSING, MISSING, 8.0) == [[480.0]]
    assert call_as_excel(udfs.VSM_DURATION, 2.0, MISSING, "h") == [[120.0]]


CLAIMS_VALUES = ((24.0, 9.0, 12.0, 6.0), (0.62, 0.85, 0.80, 0.90), (48.0, 20.0, 25.0, 12.0),
                 (0.0, 180000.0, 60000.0, 450000.0), (0.0, 150000.0, 90000.0, 260000.0),
                 (1100000.0, 850000.0, 950000.0, 700000.0))
CLAIMS_SPEC = (  # worst, best, function, curvature
    (30.0, 3.0, "linear", None), (0.6, 1.0, "exponential", 2.0), (60.0, 1.0, "exponential", 2.0),
    (500000.0, 0.0, "linear", None), (0.0, 300000.0, "linear", None), (1200000.0, 600000.0, "linear", None))


def test_claims_handling_through_xlwings():
    """METHOD.md 2.5 (constructed worked example): WBF 1.0742, 0.4791, 0.6220, 0.2962; results
    written back by xlwings are fed to the next function as COM would read those cells."""
    spec = [com_column(column) for column in zip(*CLAIMS_SPEC)]
    u = call_as_excel(udfs.VSM_PARTIAL_BENEFIT, CLAIMS_VALUES, *spec)
    assert len(u) == 6 and all(len(row) == 4 for row in u)
    nm = (("", 2.0, 2.0), (0.0, "", 1.0), (0.0, 1.0, ""))  # the diagonal: empty cells
    m = ((None, 1.0, 0.0), (1.0, None, 1.0), (2.0, 1.0, None))
    w_nm = call_as_excel(udfs.VSM_WEIGHTS, nm, com_column(("Lead time", "First-pass yield", "Flow degree")))
    w_m = call_as_excel(udfs.VSM_WEIGHTS, m)
    assert w_nm == [[pytest.approx(2 / 3)], [pytest.approx(1 / 6)], [pytest.approx(1 / 6)]]
    assert w_m == [[pytest.approx(1 / 6)], [pytest.approx(1 / 3)], [0.5]]
    as_com = lambda rows: tuple(tuple(r) for r in rows)  # noqa: E731
    g_nm = call_as_excel(udfs.VSM_OVERALL_BENEFIT, as_com(u[:3]), as_com(w_nm))
    g_m = call_as_excel(udfs.VSM_OVERALL_BENEFIT, as_com(u[3:]), as_com(w_m))
    assert [round(g, 4) for g in g_nm[0]] == [0.2309, 0.7991, 0.7002, 0.8972]
    assert [round(g, 4) for g in g_m[0]] == [0.2500, 0.5650, 0.4550, 0.7222]
    wbf = call_as_excel(udfs.VSM_WBF, as_com(g_m), as_com(g_nm))
    assert [round(w, 4) for w in wbf[0]] == [1.0742, 0.4791, 0.6220, 0.2962]


def test_table_3_through_xlwings():
    """The paper's Table 3 (METHOD.md 2.3): weights 1/3, 1/3, 1/4, 1/12; ranks 1, 1, 3, 4."""
    matrix = ((None, 1.0, 1.0, 2.0), (1.0, None, 1.0, 2.0), (1.0, 1.0, None, 1.0), (0.0, 0.0, 1.0, None))
    assert call_as_excel(udfs.VSM_RANKS, matrix) == [[1], [1], [3], [4]]
    weights = call_as_excel(udfs.VSM_WEIGHTS, matrix)
    assert [w[0] for w in weights] == pytest.approx([1 / 3, 1 / 3, 1 / 4, 1 / 12])


def test_a_block_result_that_fails_is_one_text_value():
    """Decided and documented in vsm_xl.udfs: an error of a range function is a single text."""
    result = call_as_excel(udfs.VSM_PARTIAL_BENEFIT, ((5.0, 6.0), (7.0, 8.0)), com_column((12.0, 1.0)),
                           com_column((12.0, 2.0)))
    assert result == [["#VALUE! row 1: worst and best are both 12"]]


# ------------------------------------------------------------------------------------------
# A real formula engine: openpyxl workbook, computed by `formulas`
# ------------------------------------------------------------------------------------------

def _com_value(value):
    """One cell as `formulas` holds it -> as COM hands it to xlwings."""
    import numpy as np
    import schedula as sh
    from formulas.tokens.operand import XlError

    if value is sh.EMPTY or value is None:
        return None
    if isinstance(value, XlError):
        return COM_CODES.get(str(value), COM_CODES["#VALUE!"])
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)  # Excel has only doubles
    return value


def _com_argument(raw):
    """A `formulas` argument (range, array or literal) -> a COM value (tuple of rows or scalar)."""
    import numpy as np
    from formulas.ranges import Ranges

    if isinstance(raw, Ranges):
        raw = raw.value
    if isinstance(raw, np.ndarray):
        if raw.ndim == 0 or raw.size == 1:
            return _com_value(raw.ravel()[0])
        rows = raw if raw.ndim == 2 else raw.reshape(1, -1)
        return tuple(tuple(_com_value(v) for v in row) for row in rows)
    return _com_value(raw)


def _bound(func):
    """`func` as a `formulas` function: COM-shaped arguments through xlwings' conversion."""
    import numpy as np

    def cell_function(*raw_args):
        rows = call_as_excel(func, *(_com_argument(a) for a in raw_args))
        return rows[0][0] if len(rows) == 1 and len(rows[0]) == 1 else np.array(rows, dtype=object)

    return cell_function


@pytest.fixture(scope="module")
def evaluated_workbook(tmp_path_factory):
    """METHOD.md's worked examples as a workbook with live VSM_* formulas, computed by formulas."""
    pytest.importorskip("formulas")
    openpyxl = pytest.importorskip("openpyxl")
    from openpyxl.worksheet.formula import ArrayFormula

    from tests.support.formula_engine import evaluate_workbook

    book = openpyxl.Workbook()
    for sheet_name, rows in (("Current", CURRENT), ("Future", FUTURE)):
        ws = book.active if sheet_name == "Current" else book.create_sheet(sheet_name)
        ws.title = sheet_name
        ws.append(["step", "PT", "LT", "%C&A", "inventory", "WT"])
        for name, pt, lt, ca, inventory in rows:
            ws.append([name, pt, lt, ca, inventory])
        # the step table has 20 rows (2..21); rows 7..21 stay empty
        ws["F2"] = ArrayFormula("F2:F21", "=VSM_WAIT_TIME(C2:C21,B2:B21)")
        ws["H2"] = "=VSM_FLOW_EFFICIENCY(B2:B21,C2:C21)"
        ws["H3"] = "=VSM_FLOW_RATING(H2)"
        ws["H4"] = "=VSM_ROLLED_CA(D2:D21)"
        ws["H5"] = "=VSM_WIP(E2:E21)"
        ws["H6"] = "=VSM_BOTTLENECK(A2:A21,B2:B21,C2:C21)"
        ws["H7"] = '=VSM_BOTTLENECK(A2:A21,B2:B21,C2:C21,"delay")'
        ws["H8"] = "=VSM_TOTAL_TIME(B2:B21)"
        ws["H9"] = '=VSM_TOTAL_TIME(C2:C21,"h")'
        ws["H10"] = "=VSM_TOTAL_TIME(C2:C21)-VSM_TOTAL_TIME(B2:B21)"  # total WT, native arithmetic
        ws["H11"] = "=SUM(F2:F21)"
    ws = book["Future"]
    ws["J2"] = "=1-H8/Current!H8"  # PT reduction
    ws["J3"] = "=1-H9/Current!H9"  # LT reduction
    ws["J4"] = "=H2/Current!H2"  # FE ratio

    ev = book.create_sheet("Evaluation")
    ev.append(["indicator", "worst", "best", "function", "curvature", "Current", "A", "B", "C"])
    names = ["Lead time", "First-pass yield", "Flow degree", "Investment", "Annual savings", "Process costs"]
    for name, (worst, best, function, curvature), values in zip(names, CLAIMS_SPEC, CLAIMS_VALUES):
        ev.append([name, worst, best, function, curvature, *values])
    # rows 8..9: unused indicator rows of the template (blank), inside the array ranges
    ev["K2"] = ArrayFormula("K2:N9", "=VSM_PARTIAL_BENEFIT(F2:I9,B2:B9,C2:C9,D2:D9,E2:E9)")
    # pairwise matrices, diagonal blank; names in A
    for top, group_names, matrix in ((12, names[:3], ((None, 2, 2), (0, None, 1), (0, 1, None))),
                                     (16, names[3:], ((None, 1, 0), (1, None, 1), (2, 1, None)))):
        for k, (name, row) in enumerate(zip(group_names, matrix)):
            ev.cell(top + k, 1, name)
            for j, v in enumerate(row):
                if v is not None:
                    ev.cell(top + k, 2 + j, v)
        ev[f"F{top}"] = ArrayFormula(f"F{top}:F{top + 2}", f"=VSM_WEIGHTS(B{top}:D{top + 2},A{top}:A{top + 2})")
        ev[f"G{top}"] = ArrayFormula(f"G{top}:G{top + 2}", f"=VSM_RANKS(B{top}:D{top + 2})")
    ev["K12"] = ArrayFormula("K12:N12", "=VSM_OVERALL_BENEFIT(K2:N4,F12:F14)")
    ev["K13"] = ArrayFormula("K13:N13", "=VSM_OVERALL_BENEFIT(K5:N7,F16:F18)")
    ev["K14"] = ArrayFormula("K14:N14", "=VSM_WBF(K13:N13,K12:N12)")
    # the paper's Table 3
    for k, row in enumerate(((None, 1, 1, 2), (1, None, 1, 2), (1, 1, None, 1), (0, 0, 1, None))):
        for j, v in enumerate(row):
            if v is not None:
                ev.cell(21 + k, 2 + j, v)
    ev["G21"] = ArrayFormula("G21:G24", "=VSM_WEIGHTS(B21:E24)")
    ev["H21"] = ArrayFormula("H21:H24", "=VSM_RANKS(B21:E24)")
    # bad input: one line of text
    ev["A30"] = "=VSM_PARTIAL_BENEFIT(5,12,12)"
    ev["A31"] = "=VSM_PAYBACK(100,0)"
    ev["B32"] = "2h"
    ev["A32"] = "=VSM_FLOW_EFFICIENCY(B32:B34,C32:C34)"  # row 1 has a PT but no LT
    ev["A33"] = "=VSM_OVERALL_BENEFIT(A30,1)"  # an upstream error is passed on

    path = tmp_path_factory.mktemp("udfs") / "vsm_udfs.xlsx"
    book.save(path)
    registry = __import__("formulas").get_functions()
    saved = {name: registry.get(name) for name in udfs.__all__}
    try:
        # bound before loading: formulas decides at parse time whether NAME( is a function
        for name in udfs.__all__:
            registry[name] = _bound(getattr(udfs, name))
        return evaluate_workbook(path, {})
    finally:
        for name, old in saved.items():
            if old is None:
                registry.pop(name, None)
            else:
                registry[name] = old


def test_workbook_order_fulfilment(evaluated_workbook):
    """METHOD.md 1 worked example through a real formula engine: FE 2.65 % / 11.75 %, bands,
    rolled %C&A 65.5 %, WIP 240 / 45, Pick & Pack / Ship; PT -32.9 %, LT -84.8 %, FE x4.43."""
    v = evaluated_workbook
    assert round(v["Current!H2"] * 100, 2) == 2.65
    assert round(v["Future!H2"] * 100, 2) == 11.75
    assert (v["Current!H3"], v["Future!H3"]) == ("significant waste", "moderate")
    assert round(v["Current!H4"] * 100, 1) == 65.5
    assert (v["Current!H5"], v["Future!H5"]) == (240, 45)
    assert (v["Current!H6"], v["Current!H7"]) == ("Pick & Pack", "Ship")
    assert (v["Current!H8"], v["Current!H9"], v["Current!H10"]) == (70, 44, 2570)
    assert [v[f"Current!F{r}"] for r in range(2, 7)] == [105, 470, 235, 330, 1430]
    assert all(v.get(f"Current!F{r}") in ("", None) for r in range(7, 22))
    assert v["Current!H11"] == 2570
    assert (round(v["Future!J2"] * 100, 1), round(v["Future!J3"] * 100, 1), round(v["Future!J4"], 2)) == \
        (32.9, 84.8, 4.43)


def test_workbook_claims_handling_and_table_3(evaluated_workbook):
    """METHOD.md 2.5 (constructed example) and the paper's Table 3 (METHOD.md 2.3) through a
    real formula engine: WBF 1.0742, 0.4791, 0.6220, 0.2962; weights 1/3, 1/3, 1/4, 1/12."""
    v = evaluated_workbook
    row = lambda r: [v[f"Evaluation!{c}{r}"] for c in "KLMN"]  # noqa: E731
    assert [round(x, 4) for x in row(12)] == [0.2309, 0.7991, 0.7002, 0.8972]
    assert [round(x, 4) for x in row(13)] == [0.2500, 0.5650, 0.4550, 0.7222]
    assert [round(x, 4) for x in row(14)] == [1.0742, 0.4791, 0.6220, 0.2962]
    assert row(8) == row(9) == ["", "", "", ""]  # unused indicator rows stay blank
    assert [v[f"Evaluation!F{r}"] for r in (12, 13, 14)] == pytest.approx([2 / 3, 1 / 6, 1 / 6])
    assert [v[f"Evaluation!G{r}"] for r in (16, 17, 18)] == [3, 2, 1]
    assert [v[f"Evaluation!G{r}"] for r in range(21, 25)] == pytest.approx([1 / 3, 1 / 3, 1 / 4, 1 / 12])
    assert [v[f"Evaluation!H{r}"] for r in range(21, 25)] == [1, 1, 3, 4]


def test_workbook_errors_are_one_line_texts(evaluated_workbook):
    v = evaluated_workbook
    assert v["Evaluation!A30"] == "#VALUE! worst and best are both 12"
    assert v["Evaluation!A31"] == "#DIV/0! no payback: annual savings are not positive"
    assert v["Evaluation!A32"] == "#VALUE! row 1: lead time is empty"
    assert v["Evaluation!A33"] == "#VALUE! worst and best are both 12"
