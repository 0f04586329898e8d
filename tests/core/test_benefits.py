import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_xl.core.benefits import (
    SQRT2, indifference_curve, overall_benefit, overall_benefits, overall_benefits_of_matrix, rank_by_wbf, wbf, wbfs,
)
from vsm_xl.core.errors import InputError


def test_overall_benefit_is_the_weighted_sum():
    """Claims example, Option C, monetary (METHOD.md 2.5): 0.1·1/6 + 0.8667·1/3 + 0.8333·1/2 = 0.7222."""
    assert overall_benefit([0.1, 26 / 30, 5 / 6], [1 / 6, 1 / 3, 1 / 2]) == pytest.approx(0.7222, abs=5e-5)
    assert overall_benefit([0.4], [1.0]) == 0.4


def test_overall_benefits_of_every_alternative_at_once():
    """Claims example monetary rows (METHOD.md 2.5): G_m 0.25, 0.565, 0.455, 0.7222."""
    rows = [[1, 0.64, 0.88, 0.1], [0, 0.5, 0.3, 26 / 30], [1 / 6, 350 / 600, 250 / 600, 5 / 6]]
    weights = [1 / 6, 1 / 3, 1 / 2]
    result = overall_benefits(rows, weights)
    assert [round(g, 4) for g in result] == [0.25, 0.565, 0.455, 0.7222]
    assert result == [overall_benefit(column, weights) for column in zip(*rows)]
    with pytest.raises(InputError):
        overall_benefits(rows, weights[:2])
    with pytest.raises(InputError):
        overall_benefits([[0.1, 0.2], [0.3]], [0.5, 0.5])
    with pytest.raises(InputError):
        overall_benefits([], [])


def test_overall_benefit_errors():
    with pytest.raises(InputError, match="2 partial benefits but 1 weights"):
        overall_benefit([0.1, 0.2], [1.0])
    with pytest.raises(InputError):
        overall_benefit([], [])


def test_wbf_bounds_and_worked_values():
    """WBF is the distance to (1, 1): 0 at the ideal, sqrt 2 at (0, 0); the claims example's
    current state (G_m 0.25, G_nm 0.2309) gives 1.0742 (METHOD.md 2.5)."""
    assert wbf(1, 1) == 0
    assert wbf(0, 0) == SQRT2 == math.sqrt(2)
    assert wbf(1, 0) == 1
    assert round(wbf(0.25, 0.2309108), 4) == 1.0742
    assert wbf(0.7, 0.6) == pytest.approx(0.5)  # 3-4-5 triangle


@pytest.mark.parametrize("bad", [-0.1, 1.1, float("nan"), True, None, "0.5"])
def test_wbf_rejects_benefits_outside_the_unit_interval(bad):
    with pytest.raises(InputError):
        wbf(bad, 0.5)
    with pytest.raises(InputError):
        wbf(0.5, bad)


def test_rank_by_wbf_lowest_first_ties_share():
    assert rank_by_wbf([1.0742, 0.4791, 0.6220, 0.2962]) == (4, 2, 3, 1)
    assert rank_by_wbf([0.3, 0.3, 0.1]) == (2, 2, 1)


@pytest.mark.parametrize("radius", [0.05, 0.2962, 0.5, 1.0, 1.0742, 1.3, SQRT2])
def test_indifference_curve_points_lie_on_the_circle_inside_the_square(radius):
    points = indifference_curve(radius, 41)
    assert len(points) == 41
    for x, y in points:
        assert math.hypot(x - 1, y - 1) == pytest.approx(radius, abs=1e-12)
        assert 0 <= x <= 1 and 0 <= y <= 1
    if radius <= 1:  # the whole quarter circle: from (1 − r, 1) to (1, 1 − r)
        assert points[0] == pytest.approx((1 - radius, 1))
        assert points[-1] == pytest.approx((1, 1 - radius))
    else:  # only the middle is inside: it ends on the axes
        assert points[0][0] == pytest.approx(0, abs=1e-12)
        assert points[-1][1] == pytest.approx(0, abs=1e-12)


def test_indifference_curve_edges():
    assert indifference_curve(0) == ((1.0, 1.0),)
    with pytest.raises(InputError):
        indifference_curve(1.5)
    with pytest.raises(InputError):
        indifference_curve(-0.1)
    with pytest.raises(InputError):
        indifference_curve(0.5, points=1)


_unit = st.floats(min_value=0, max_value=1)


@settings(max_examples=300, deadline=None)
@given(_unit, _unit)
def test_wbf_lies_in_zero_to_sqrt2(gm, gn):
    """Property: WBF in [0, sqrt 2] for any benefits in [0, 1]."""
    value = wbf(gm, gn)
    assert 0 <= value <= SQRT2


@settings(max_examples=200, deadline=None)
@given(_unit, _unit, _unit)
def test_wbf_never_rises_when_a_benefit_rises(gm, gn, more):
    assert wbf(max(gm, more), gn) <= wbf(gm, gn)


# -- exact messages, bounds and the many-at-once paths (each kills a mutant the tests above let live)

CLAIMS_MONETARY_ROWS = [[1, 0.64, 0.88, 0.1], [0, 0.5, 0.3, 26 / 30], [1 / 6, 350 / 600, 250 / 600, 5 / 6]]
CLAIMS_MONETARY_WEIGHTS = [1 / 6, 1 / 3, 1 / 2]


def test_pooling_messages():
    for pool in (overall_benefit, overall_benefits):
        with pytest.raises(InputError) as info:
            pool([], [])
        assert info.value.message == "no indicators to pool"
    with pytest.raises(InputError) as info:
        overall_benefits([[0.1, 0.2], [0.3]], [0.5, 0.5])
    assert info.value.message == "every indicator needs one partial benefit per alternative"
    with pytest.raises(InputError) as info:
        overall_benefits([[0.1]], [0.5, 0.5])
    assert info.value.message == "1 rows of partial benefits but 2 weights"


def test_overall_benefits_takes_rows_of_any_iterable():
    """Rows given as generators (read once) pool the same as lists: METHOD.md 2.5's G_m."""
    rows = (iter(row) for row in CLAIMS_MONETARY_ROWS)
    assert [round(g, 4) for g in overall_benefits(rows, iter(CLAIMS_MONETARY_WEIGHTS))] == [0.25, 0.565, 0.455, 0.7222]


def test_overall_benefits_of_a_matrix_are_the_same_floats():
    np = pytest.importorskip("numpy")
    matrix = np.array(CLAIMS_MONETARY_ROWS, dtype=float)
    weights = np.array(CLAIMS_MONETARY_WEIGHTS)
    result = overall_benefits_of_matrix(matrix, weights)
    assert isinstance(result, list)
    assert result == overall_benefits(CLAIMS_MONETARY_ROWS, CLAIMS_MONETARY_WEIGHTS)
    assert [round(g, 4) for g in result] == [0.25, 0.565, 0.455, 0.7222]
    one = overall_benefits_of_matrix(np.array([[-0.0, 0.5]]), np.array([1.0]))
    assert one == [0.0, 0.5] and math.copysign(1, one[0]) == 1  # 0 + (−0.0) is +0.0, as sum() gives


@pytest.mark.parametrize("args, message", [
    (("x", 0.5), "monetary benefit must be a number, not 'x'"),
    ((0.5, None), "non-monetary benefit must be a number, not None"),
    ((1.5, 0.5), "monetary benefit must lie in [0, 1], not 1.5"),
    ((0.5, -0.25), "non-monetary benefit must lie in [0, 1], not -0.25"),
])
def test_wbf_messages_name_the_group(args, message):
    with pytest.raises(InputError) as info:
        wbf(*args)
    assert info.value.message == message


def test_wbf_accepts_rounding_at_the_bounds():
    """Pooled benefits may miss [0, 1] by rounding (1e-12 allowed either side)."""
    assert wbf(-1e-12, 1 + 1e-12) == pytest.approx(SQRT2 / 2 * math.sqrt(2))
    assert wbf(1 + 1e-12, -1e-12) == pytest.approx(1.0)


def test_wbfs_of_many_equal_wbf_of_each():
    """The claims example's four alternatives (METHOD.md 2.5): 1.0742, 0.4791, 0.6220, 0.2962."""
    g_m = [0.25, 0.565, 0.455, 0.7222]
    g_nm = [0.2309108, 0.7667, 0.6667, 0.8667]
    result = wbfs(g_m, g_nm)
    assert result == [wbf(a, b) for a, b in zip(g_m, g_nm)]
    assert [round(w, 4) for w in result][0] == 1.0742
    assert wbfs(iter([1, 0, 1.0]), (x for x in [1, 0, 0.0])) == [0.0, SQRT2, 1.0]
    assert wbfs([], []) == []
    assert wbfs([-1e-12, 1 + 1e-12], [1 + 1e-12, -1e-12]) == [wbf(-1e-12, 1 + 1e-12), wbf(1 + 1e-12, -1e-12)]


@pytest.mark.parametrize("m, nm, message", [
    ([0.5, 1.1], [0.5, 0.5], "monetary benefit must lie in [0, 1], not 1.1"),
    ([0.5, 0.5], [0.5, -0.1], "non-monetary benefit must lie in [0, 1], not -0.1"),
    ([-0.1, 0.5], [0.5, 0.5], "monetary benefit must lie in [0, 1], not -0.1"),
    ([0.5, 0.5], [1.1, 0.5], "non-monetary benefit must lie in [0, 1], not 1.1"),
    ([0.5, float("nan")], [0.5, 0.5], "monetary benefit must be a number, not nan"),
    ([0.5, 0.5], [float("inf"), 0.5], "non-monetary benefit must lie in [0, 1], not inf"),
    ([0.5, "0.5"], [0.5, 0.5], "monetary benefit must be a number, not '0.5'"),
    ([0.5], [0.5, 0.5], "1 monetary but 2 non-monetary benefits"),
])
def test_wbfs_names_the_bad_value(m, nm, message):
    with pytest.raises(InputError) as info:
        wbfs(m, nm)
    assert info.value.message == message


def test_indifference_curve_points_and_bounds():
    """r = 0.5: from (0.5, 1) to (1, 0.5); 31 points by default; sqrt 2 (+ rounding) allowed."""
    first, last = indifference_curve(0.5, 2)
    assert first == pytest.approx((0.5, 1.0)) and last == pytest.approx((1.0, 0.5))
    assert len(indifference_curve(0.5)) == 31
    assert indifference_curve(SQRT2 + 1e-12, 3)[1] == pytest.approx((0.0, 0.0), abs=1e-6)
    with pytest.raises(InputError) as info:
        indifference_curve(0.5, 1)
    assert info.value.message == "an indifference curve needs at least 2 points"
    with pytest.raises(InputError) as info:
        indifference_curve(-0.1)
    assert info.value.message == "a WBF lies in [0, sqrt(2)], not -0.1"
