"""Self-test of tests/support/formula_engine.py (pure Python, no Excel)."""
from __future__ import annotations

import pytest

openpyxl = pytest.importorskip("openpyxl")
pytest.importorskip("formulas")

from openpyxl.workbook.defined_name import DefinedName  # noqa: E402
from openpyxl.worksheet.formula import ArrayFormula  # noqa: E402

from .formula_engine import (  # noqa: E402
    ERRORS,
    UdfError,
    evaluate_workbook,
)

SHEET = "Input Data"  # a sheet name with a space on purpose

CALLS: list[tuple] = []


def ADD_ALL(values):
    CALLS.append(("ADD_ALL", values))
    if not isinstance(values, list):
        values = [values]
    return sum(v for v in values if v is not None)


def TWICE(x):
    CALLS.append(("TWICE", x))
    return 2 * x


def BLOCK(values):
    """2x3 block: rows are (v, v*10, v*100) for the first two values."""
    CALLS.append(("BLOCK", values))
    return [[v, v * 10, v * 100] for v in values[:2]]


def DURATION(text, unit=None):
    CALLS.append(("DURATION", text, unit))
    hours = float(text.rstrip("h"))
    return hours * 60 if unit == "min" else hours


def KIND(x):
    return type(x).__name__


def SHAPE(x):
    if isinstance(x, list) and x and isinstance(x[0], list):
        return f"{len(x)}x{len(x[0])}"
    if isinstance(x, list):
        return f"list{len(x)}"
    return "scalar"


def NA():
    return ERRORS["#N/A"]


def BOOM(x):
    raise ZeroDivisionError("boom")


FUNCS = {
    "ADD_ALL": ADD_ALL, "TWICE": TWICE, "VSM_BLOCK": BLOCK,
    "VSM_DURATION": DURATION, "KIND": KIND, "SHAPE": SHAPE,
    "VSM_NA": NA, "boom": BOOM,
}


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("fe") / "book.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    for i, v in enumerate([1, 2.5, None, 4], start=2):  # B2:B5, B4 empty
        if v is not None:
            ws[f"B{i}"] = v
    ws["A1"] = "label"
    ws["C1"] = "=TWICE(B2)"                       # scalar UDF call
    ws["C2"] = "=ADD_ALL(B2:B5)"                  # UDF over a column range
    ws["C3"] = '=VSM_DURATION("2h")'              # optional arg omitted
    ws["C4"] = '=VSM_DURATION("2h","min")'        # optional arg given
    ws["C5"] = "=SUM(C1:C2)+1"                    # native formula over UDF results
    ws["E2"] = ArrayFormula("E2:G3", "=VSM_BLOCK(B2:B5)")  # 2x3 array formula
    ws["C6"] = "=SUM(E2:G3)"                      # native over an array result
    ws["C7"] = "=KIND(B2)"
    ws["C8"] = "=KIND(A1)"
    ws["C9"] = "=KIND(B4)"
    ws["C10"] = "=KIND(TRUE)"
    ws["C11"] = "=SHAPE(B2:C3)"
    ws["C12"] = "=SHAPE(B2:D2)"
    ws["C13"] = "=SHAPE(B2)"
    ws["C14"] = "=VSM_NA()"
    ws["C15"] = "=ISNA(C14)"
    ws["C16"] = "=BOOM(B2)"
    ws["C17"] = "=TotalIn*10"                      # defined name
    ws["C18"] = "=KIND(1/0)"                      # error argument -> None
    ws["E5"] = ArrayFormula("E5:H7", "=VSM_BLOCK(B2:B5)")  # range larger than result
    wb.defined_names["TotalIn"] = DefinedName("TotalIn", attr_text=f"'{SHEET}'!$C$2")
    other = wb.create_sheet("Summary")
    other["A1"] = f"=ADD_ALL('{SHEET}'!B2:B5)*2"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def values(book):
    CALLS.clear()
    return evaluate_workbook(book, FUNCS)


def cell(values, ref, sheet=SHEET):
    return values[f"{sheet}!{ref}"]


def test_scalar_and_column_range(values):
    assert cell(values, "C1") == pytest.approx(2.0)
    assert cell(values, "C2") == pytest.approx(7.5)  # 1 + 2.5 + 4, empty skipped
    assert ("ADD_ALL", [1.0, 2.5, None, 4.0]) in CALLS  # column -> flat list, empty -> None


def test_omitted_optional_argument(values):
    assert cell(values, "C3") == pytest.approx(2.0)
    assert cell(values, "C4") == pytest.approx(120.0)
    assert ("DURATION", "2h", None) in CALLS


def test_native_formula_over_udf_results(values):
    assert cell(values, "C5") == pytest.approx(2.0 + 7.5 + 1)


def test_array_formula_block(values):
    expected = {"E2": 1, "F2": 10, "G2": 100, "E3": 2.5, "F3": 25, "G3": 250}
    for ref, v in expected.items():
        assert cell(values, ref) == pytest.approx(v), ref
    assert cell(values, "C6") == pytest.approx(sum(expected.values()))
    # a range larger than the returned block is padded with #N/A, as in Excel
    assert cell(values, "E5") == pytest.approx(1)
    assert cell(values, "H5") == "#N/A"
    assert cell(values, "E7") == "#N/A"


def test_argument_types(values):
    assert cell(values, "C7") == "float"
    assert cell(values, "C8") == "str"
    assert cell(values, "C9") == "NoneType"
    assert cell(values, "C10") == "bool"
    assert cell(values, "C11") == "2x2"
    assert cell(values, "C12") == "list3"
    assert cell(values, "C13") == "scalar"
    assert cell(values, "C18") == "NoneType"


def test_errors(values):
    assert cell(values, "C14") == "#N/A"
    assert cell(values, "C15") is True
    assert cell(values, "C16") == "#VALUE!"


def test_sheets_names_and_constants(values):
    assert cell(values, "A1", "Summary") == pytest.approx(15.0)
    assert cell(values, "C17") == pytest.approx(75.0)
    assert values["TotalIn"] == pytest.approx(7.5)
    assert cell(values, "A1") == "label"
    assert cell(values, "B3") == pytest.approx(2.5)


def test_strict_raises_and_registry_restored(book):
    import formulas

    with pytest.raises(UdfError, match="BOOM"):
        evaluate_workbook(book, FUNCS, strict=True)
    assert "ADD_ALL" not in formulas.get_functions()
    assert "SUM" in formulas.get_functions()


def test_unregistered_function_is_name_error(book):
    values = evaluate_workbook(book, {})
    assert cell(values, "C1") == "#NAME?"
