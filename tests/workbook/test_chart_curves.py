"""The native indifference curves of the Results sheet: every helper point lies on its circle
around (1, 1) inside the unit square, for a WBF above 1 too (where the quarter circle leaves
the square: no point clamped onto an axis), computed by two real engines."""
import math

import pytest

from vsm_xl.workbook.layout import template_layout as L


# the session fixtures of the spreadsheet engines (formulas, LibreOffice) are made once per test
# process: under pytest-xdist (--dist loadgroup) these modules share one worker, not both
pytestmark = pytest.mark.xdist_group("spreadsheet-engines")


def _curves(read, value_of):
    t = read.geometry.results
    curves = []
    for j in range(t.n_alternatives):
        points = []
        for k in range(len(L.CURVE_ANGLES)):
            row = t.curves_first_row + k
            x = value_of(L.address(L.RESULTS, t.curve_x_col(j), row))
            y = value_of(L.address(L.RESULTS, t.curve_y_col(j), row))
            points.append((float(x), float(y)))
        curves.append(points)
    return curves


def _check(curves, wbfs):
    """METHOD.md 2.5 WBFs 1.0742, 0.4791, 0.6220, 0.2962: each point at its WBF from (1, 1) and in
    [0, 1]²; the Current state's arc (WBF > 1) from the y axis (x = 0, y = 1 − sqrt(r² − 1) =
    0.6076) to the x axis; the others from (1 − r, 1) to (1, 1 − r)."""
    assert [round(w, 4) for w in wbfs] == [1.0742, 0.4791, 0.6220, 0.2962]
    for points, r in zip(curves, wbfs):
        for x, y in points:
            assert math.hypot(1 - x, 1 - y) == pytest.approx(r, abs=1e-9)
            assert 0 <= x <= 1 and 0 <= y <= 1
        (x0, y0), (x1, y1) = points[0], points[-1]
        if r > 1:
            edge = 1 - math.sqrt(r * r - 1)
            assert (x0, y0) == pytest.approx((0, edge), abs=1e-9) and (x1, y1) == pytest.approx((edge, 0), abs=1e-9)
            assert round(edge, 4) == 0.6076
            assert len({round(p[0], 6) for p in points}) == len(points)  # no two points clamped together
        else:
            assert (x0, y0) == pytest.approx((1 - r, 1), abs=1e-9) and (x1, y1) == pytest.approx((1, 1 - r), abs=1e-9)


def test_formulas_engine_draws_the_curves_inside_the_square(engine, reads):
    cells = engine["claims_handling"]
    read = reads["claims_handling"]
    t = read.geometry.results
    wbfs = [cells[L.address(L.RESULTS, t.col(j), t.row("wbf"))] for j in range(t.n_alternatives)]
    _check(_curves(read, cells.__getitem__), wbfs)


def test_libreoffice_draws_the_curves_inside_the_square(libreoffice_csv, reads):
    from tests.workbook.test_workbook_engines import _csv_value

    sheets = libreoffice_csv["claims_handling_evaluated"]
    read = reads["claims_handling"]
    t = read.geometry.results
    wbfs = [float(_csv_value(sheets, L.address(L.RESULTS, t.col(j), t.row("wbf")))) for j in range(t.n_alternatives)]
    _check(_curves(read, lambda a: _csv_value(sheets, a)), wbfs)
