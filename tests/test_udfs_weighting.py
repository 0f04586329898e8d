"""The AHP, team and weight-stability cell functions (issue 9): direct calls with the argument
shapes xlwings passes, and a workbook computed by the `formulas` engine with native =1/X
reciprocals, as the template uses them."""
import math

import numpy as np
import pytest

from tests.core.conftest import load_claims_model
from tests.support.udf_cases import SAATY_HOUSE  # shared with the Pyodide test
from tests.test_udfs_excel import call_as_excel, excel_engine  # noqa: F401 (fixture)
from vsm_xl import udfs
from vsm_xl.core.evaluation import evaluate
from vsm_xl.core.sensitivity import weight_stability_all



def numpy_ahp(matrix):
    values, vectors = np.linalg.eig(np.array(matrix, dtype=float))
    k = int(np.argmax(values.real))
    w = np.abs(vectors[:, k].real)
    return w / w.sum(), values[k].real


def test_ahp_weights_and_cr_saaty_house_through_xlwings():
    """Saaty (1990): priorities .173 .054 .188 .018 .031 .036 .167 .333, C.R. 0.169; the cells
    hold the upper triangle only (typed as text fractions), the lower one blank."""
    rows = [row.split() for row in SAATY_HOUSE]
    upper = tuple(tuple(v if j > i else None for j, v in enumerate(row)) for i, row in enumerate(rows))
    weights = [r[0] for r in call_as_excel(udfs.VSM_AHP_WEIGHTS, upper)]
    assert [round(w, 3) for w in weights] == [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    full = [[eval(v) if isinstance(v, str) else v for v in row] for row in rows]  # noqa: S307 - test data
    ref_w, ref_lambda = numpy_ahp(full)
    assert weights == pytest.approx(ref_w, abs=1e-11)
    cr = call_as_excel(udfs.VSM_AHP_CR, upper)[0][0]
    assert round(cr, 3) == 0.169
    assert cr == pytest.approx((ref_lambda - 8) / 7 / 1.41, abs=1e-10)


def test_team_weights_and_consensus_by_hand():
    """AHP: 4:2:1 and 1:2:4 pool to 1/3 each (geometric means 1); 0/1/2: means by hand."""
    anna = ((None, 2.0, 4.0), (None, None, 2.0), (None, None, None))
    ben = ((None, 0.5, 0.25), (None, None, "1/2"), (None, None, None))
    header = (("Lead time", "First-pass yield", "Flow degree"),)
    stacked = header + anna + header + ben + ((None,) * 3,) * 4  # spare rows below
    assert [r[0] for r in call_as_excel(udfs.VSM_TEAM_WEIGHTS, stacked, "ahp")] == pytest.approx([1 / 3] * 3)
    h = -sum(x * math.log(x) for x in (4 / 7, 2 / 7, 1 / 7))
    h_gamma = -sum(x * math.log(x) for x in (5 / 14, 4 / 14, 5 / 14))
    floor = math.exp(-(9 / 11 * math.log(9 / 11) + 2 / 11 * math.log(1 / 11))) / 3
    consensus = call_as_excel(udfs.VSM_CONSENSUS, stacked, "ahp")[0][0]
    assert consensus == pytest.approx((math.exp(h - h_gamma) - floor) / (1 - floor), abs=1e-12)
    both = call_as_excel(udfs.VSM_TEAM_WEIGHTS, stacked, "ahp", True)  # one call: weights and consensus
    assert [r[0] for r in both] == pytest.approx([1 / 3] * 3)
    assert both[0][1] == pytest.approx(consensus, abs=1e-12) and [r[1] for r in both[1:]] == ["", ""]
    one = call_as_excel(udfs.VSM_TEAM_WEIGHTS, header + anna, "ahp", True)  # one participant: no consensus
    assert one[0][1] == "" and one[0][0] == pytest.approx(4 / 7)
    # 0/1/2 (default scheme): (2 2 / 0 1 / 0 1) and (0 0 / 2 1 / 2 1): cell means 1 -> 1/3 each
    a = ((None, 2.0, 2.0), (0.0, None, 1.0), (0.0, 1.0, None))
    b = ((None, 0.0, 0.0), (2.0, None, 1.0), (2.0, 1.0, None))
    assert [r[0] for r in call_as_excel(udfs.VSM_TEAM_WEIGHTS, a + b)] == pytest.approx([1 / 3] * 3)
    c = ((None, 2.0, 2.0), (None, None, 2.0), (None, None, None))  # 4/6, 2/6, 0
    assert [r[0] for r in call_as_excel(udfs.VSM_TEAM_WEIGHTS, a + c)] == pytest.approx([4 / 6, 1.5 / 6, 0.5 / 6])


def test_weight_range_matches_the_core_on_the_claims_example():
    """VSM_WEIGHT_RANGE on the Indicators sheet's shapes (partial benefits, the two weight
    columns with spare rows) equals core/sensitivity's interval for every indicator."""
    model = load_claims_model()
    result = evaluate(model)
    spare = 2
    partial = tuple(tuple(row) for row in result.partial_benefits) + ((None,) * 4,) * spare
    weights = tuple((result.weights[i.group].weight(i.name), None) if i.group == "monetary"
                    else (None, result.weights[i.group].weight(i.name)) for i in model.indicators)
    weights += ((None, None),) * spare
    for k, expected in enumerate(weight_stability_all(model)):
        low, high = call_as_excel(udfs.VSM_WEIGHT_RANGE, partial, weights, float(k + 1))[0]
        assert (low, high) == pytest.approx((expected.low, expected.high), abs=1e-12)
    assert call_as_excel(udfs.VSM_WEIGHT_RANGE, partial, weights, 8.0)[0][0].startswith("#VALUE! index 8")


def test_weight_range_against_a_brute_force_scan():
    """Scan the lead-time weight in steps of 1e-4 with the other non-monetary weights keeping
    their proportions; the best alternative (lowest WBF) stays best exactly inside the interval."""
    model = load_claims_model()
    result = evaluate(model)
    rows = result.partial_benefits
    nm = [i for i, ind in enumerate(model.indicators) if ind.group == "non-monetary"]
    mon = [i for i, ind in enumerate(model.indicators) if ind.group == "monetary"]
    w = {ind.name: result.weights[ind.group].weight(ind.name) for ind in model.indicators}
    names = [ind.name for ind in model.indicators]
    g_mon = [sum(w[names[i]] * rows[i][j] for i in mon) for j in range(4)]
    best = result.best

    def best_at(x):
        rest = sum(w[names[i]] for i in nm[1:])
        g_nm = [x * rows[nm[0]][j] + (1 - x) * sum(w[names[i]] * rows[i][j] for i in nm[1:]) / rest
                for j in range(4)]
        wbfs = [math.hypot(g_mon[j] - 1, g_nm[j] - 1) for j in range(4)]
        return model.alternatives[wbfs.index(min(wbfs))]

    inside = [k / 10000 for k in range(10001) if best_at(k / 10000) == best]
    partial = tuple(tuple(r) for r in rows)
    weights = tuple((w[n], None) if model.indicators[i].group == "monetary" else (None, w[n])
                    for i, n in enumerate(names))
    low, high = call_as_excel(udfs.VSM_WEIGHT_RANGE, partial, weights, 1.0)[0]
    assert low == pytest.approx(min(inside), abs=1e-4) and high == pytest.approx(max(inside), abs=1e-4)


@pytest.mark.parametrize("func, args, start", [
    (udfs.VSM_AHP_WEIGHTS, (((None, 12.0), (None, None)),), "#VALUE! AHP: indicator 1 vs indicator 2 is 12"),
    (udfs.VSM_AHP_CR, (((None, 3.0, 1.0), (None, None, 1.0)),), "#VALUE! the matrix must be square"),
    (udfs.VSM_TEAM_WEIGHTS, (((None, 2.0), (0.0, None), (None, 1.0)),), "#VALUE! matrices: rows 3-3"),
    (udfs.VSM_CONSENSUS, (((None, 2.0), (0.0, None)),), "#N/A consensus needs"),
    (udfs.VSM_TEAM_WEIGHTS, (((None, 2.0), (0.0, None)), "topsis"), "#VALUE! unknown weighting scheme"),
])
def test_errors_are_one_line(func, args, start):
    value = call_as_excel(func, *args)[0][0]
    assert isinstance(value, str) and value.startswith(start) and "\n" not in value


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory):
    """A sheet as the template builds it: AHP judgments in the upper triangle, =1/X in the
    lower one, a team block per participant with a names row, live VSM_* formulas."""
    pytest.importorskip("formulas")
    import openpyxl
    from openpyxl.worksheet.formula import ArrayFormula

    from tests.support.formula_engine import evaluate_workbook

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "P"
    upper = {(0, 1): 3, (0, 2): 5, (1, 2): 2}
    for i in range(3):
        for j in range(3):
            cell = ws.cell(2 + i, 2 + j)
            if i == j:
                cell.value = 1
            elif (i, j) in upper:
                cell.value = upper[(i, j)]
            else:
                cell.value = f"=1/{ws.cell(2 + j, 2 + i).coordinate}"
    ws["F2"] = ArrayFormula("F2:F4", "=VSM_AHP_WEIGHTS(B2:D4)")
    ws["G2"] = "=VSM_AHP_CR(B2:D4)"
    # team: two blocks of header + 3 rows from row 10, spare room to row 30
    for top, judgments in ((10, (2, 4, 2)), (14, (0.5, 0.25, 0.5))):
        for j, name in enumerate(("Lead time", "First-pass yield", "Flow degree")):
            ws.cell(top, 2 + j, name)
        for (i, j), v in zip(((0, 1), (0, 2), (1, 2)), judgments):
            ws.cell(top + 1 + i, 2 + j, v)
    ws["F10"] = ArrayFormula("F10:F12", '=VSM_TEAM_WEIGHTS(B10:D30,"ahp")')
    ws["G10"] = '=VSM_CONSENSUS(B10:D30,"ahp")'
    path = tmp_path_factory.mktemp("ahp") / "ahp.xlsx"
    book.save(path)
    names = ["VSM_AHP_WEIGHTS", "VSM_AHP_CR", "VSM_TEAM_WEIGHTS", "VSM_CONSENSUS"]
    return evaluate_workbook(path, {name: getattr(udfs, name) for name in names})


def test_formula_engine_computes_the_sheet(evaluated):
    ref_w, ref_lambda = numpy_ahp([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    assert [evaluated[f"P!F{r}"] for r in (2, 3, 4)] == pytest.approx(ref_w, abs=1e-12)
    assert evaluated["P!G2"] == pytest.approx((ref_lambda - 3) / 2 / 0.58, abs=1e-10)
    assert [evaluated[f"P!F{r}"] for r in (10, 11, 12)] == pytest.approx([1 / 3] * 3, abs=1e-12)
    assert 0 < evaluated["P!G10"] < 1
