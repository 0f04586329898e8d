"""Self-test of tests/support/libreoffice.py against a real headless LibreOffice."""
from __future__ import annotations

import math

import pytest

openpyxl = pytest.importorskip("openpyxl")

from .libreoffice import (  # noqa: E402
    LibreOfficeError,
    convert_to_xlsx_roundtrip,
    inject_cached_values,
    recalculate_to_csv,
    soffice_path,
)

pytestmark = pytest.mark.skipif(
    soffice_path() is None,
    reason="LibreOffice (soffice) not installed: apt-get install -y libreoffice-calc-nogui",
)

DATA = "Line Data"  # sheet name with a space on purpose


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """Native formulas + stale cached values + unknown UDFs."""
    path = tmp_path_factory.mktemp("lo") / "native.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = DATA
    ws.append(["cycle", "weight", "name", "formula", "udf"])
    for row in [(5, 2, "a"), (3, 1, "b"), (8, 3, "c"), (1, 1, "d"), (4, 1, "e")]:
        ws.append(row)  # rows 2..6
    ws["D2"] = "=SUM(A2:A6)"                       # 21
    ws["D3"] = "=SQRT(D2+4)"                       # 5
    ws["D4"] = "=SUMPRODUCT(A2:A6,B2:B6)"          # 42
    ws["D5"] = "=RANK(A4,A2:A6)"                   # 8 is the largest -> 1
    ws["D6"] = "=RANK(A6,$A$2:$A$6)"               # 4 -> 3rd of 8,5,4,3,1
    ws["D7"] = "=RANK(A5,A2:A6,1)"                 # 1 ascending -> 1
    ws["D8"] = "=INDEX(C2:C6,MATCH(8,A2:A6,0))"    # "c"
    ws["D9"] = "=MATCH(MAX(A2:A6),A2:A6,0)"        # 3
    ws["D10"] = "=SQRT(2)"
    ws["D11"] = "=A2>A3"                           # TRUE
    ws["D12"] = "=1/0"                             # #DIV/0!
    ws["D13"] = 'a, "quoted" text'
    ws["E2"] = "=VSM_WBF(1,2)"                     # unknown function, cached below
    ws["E3"] = "=VSM_WBF(1,2)"                     # unknown function, no cache
    ws["E4"] = "=E2*2"                             # depends on the UDF cell
    summary = wb.create_sheet("Summary")
    summary["A1"] = f"='{DATA}'!D4*2"              # 84
    wb.save(path)
    # stale cached values, as if a previous calculation had left them there
    inject_cached_values(path, {f"{DATA}!D2": 999, f"{DATA}!E2": 42.5, f"{DATA}!E4": 85,
                                "Summary!A1": -1})
    return path


@pytest.fixture(scope="module")
def recalculated(book, tmp_path_factory):
    return recalculate_to_csv(book, tmp_path_factory.mktemp("csv_always"))


def test_all_sheets_exported_in_order(recalculated):
    assert list(recalculated) == [DATA, "Summary"]
    assert recalculated[DATA][0] == ["cycle", "weight", "name", "formula", "udf"]


def test_native_formulas_recalculated(recalculated):
    d = {f"D{i}": row[3] for i, row in enumerate(recalculated[DATA], start=1)}
    assert float(d["D2"]) == 21  # the stale cached 999 was recalculated
    assert float(d["D3"]) == 5
    assert float(d["D4"]) == 42
    assert float(d["D5"]) == 1
    assert float(d["D6"]) == 3
    assert float(d["D7"]) == 1
    assert d["D8"] == "c"
    assert float(d["D9"]) == 3
    assert math.isclose(float(d["D10"]), math.sqrt(2), rel_tol=1e-12)
    assert d["D11"] == "TRUE"
    assert d["D12"] == "#DIV/0!"
    assert d["D13"] == 'a, "quoted" text'
    assert float(recalculated["Summary"][0][0]) == 84


def test_unknown_function_forced_recalc_is_name_error(recalculated):
    udf = [row[4] for row in recalculated[DATA][1:4]]
    assert udf == ["#NAME?", "#NAME?", "#NAME?"]


def test_never_recalc_keeps_cached_values(book, tmp_path):
    kept = recalculate_to_csv(book, tmp_path, recalc="never")
    rows = kept[DATA]
    assert rows[1][3] == "999"      # stale native result shown as cached
    assert rows[1][4] == "42.5"     # unknown function: cached value shown
    assert rows[2][4] == "#NAME?"   # unknown function without cache
    assert rows[3][4] == "85"       # dependent keeps its cached value
    assert kept["Summary"][0][0] == "-1"
    assert float(rows[3][3]) == 42  # cells without cache are still computed


def test_roundtrip_opens_file(book, tmp_path):
    out = convert_to_xlsx_roundtrip(book, tmp_path / "rt")
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames == [DATA, "Summary"]
    assert wb[DATA]["D4"].value == 42


def test_unreadable_file_raises_with_stderr(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"this is not a zip file")
    with pytest.raises(LibreOfficeError) as info:
        recalculate_to_csv(bad, tmp_path / "out")
    assert "soffice" in str(info.value)
