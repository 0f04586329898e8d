import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_xl.core.benefits import SQRT2, indifference_curve, overall_benefit, overall_benefits, rank_by_wbf, wbf
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
