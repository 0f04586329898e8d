import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_xl.core.errors import ValueFunctionError
from vsm_xl.core.value_functions import (
    DEFAULT_CURVATURE, EXPONENTIAL, LINEAR, ValueFunction, normalize_function, partial_benefit,
    partial_benefits,
)


def test_linear_both_directions():
    """Claims example lead time (worst 30, best 3): 24 -> 6/27; savings (0 -> 300000): 150000 -> 0.5."""
    assert partial_benefit(24, 30, 3) == pytest.approx(6 / 27)
    assert partial_benefit(150000, 0, 300000) == 0.5
    assert ValueFunction(30, 3).lower_is_better
    assert not ValueFunction(0, 1).lower_is_better


def test_exponential_c2_at_half_by_hand():
    """u(0.5) = (1 − e^−1) / (1 − e^−2) = 0.632121 / 0.864665 = 0.731059 (METHOD.md 2.2)."""
    assert partial_benefit(0.5, 0, 1, "exponential", 2) == pytest.approx(0.7310586, abs=1e-7)
    assert partial_benefit(0.5, 0, 1, "exponential", 2) == pytest.approx(
        (1 - math.exp(-1)) / (1 - math.exp(-2)), rel=1e-15)


def test_exponential_default_curvature_is_two():
    assert DEFAULT_CURVATURE == 2
    assert ValueFunction(0, 1, "exponential").curvature == 2.0
    assert partial_benefit(0.5, 0, 1, "exp") == partial_benefit(0.5, 0, 1, "exponential", 2)


def test_positive_curvature_is_concave_negative_convex():
    """c > 0: first gains count most (u(0.5) > 0.5); c < 0: u(0.5) = (1 − e)/(1 − e²) = 0.268941 < 0.5."""
    assert partial_benefit(0.5, 0, 1, "exponential", 2) > 0.5
    assert partial_benefit(0.5, 0, 1, "exponential", -2) == pytest.approx(0.2689414, abs=1e-7)
    # u_c(t) + u_{-c}(1 − t) = 1 (the convex curve is the concave one turned around)
    assert partial_benefit(0.3, 0, 1, "exponential", 3) + partial_benefit(0.7, 0, 1, "exponential", -3) == \
        pytest.approx(1, abs=1e-12)


@pytest.mark.parametrize("c", [1e-3, -1e-3, 1e-6, 1e-12, 0.0])
def test_small_curvature_tends_to_linear(c):
    """c -> 0 is linear: |u − t| shrinks with c (about c·t(1−t)/2)."""
    for t in (0.1, 0.5, 0.9):
        assert abs(partial_benefit(t, 0, 1, "exponential", c) - t) <= abs(c) * 0.13 + 1e-12


def test_lower_is_better_exponential_on_the_claims_example():
    """Flow degree (worst 60, best 1, c = 2): 48 -> t = 12/59."""
    t = 12 / 59
    assert partial_benefit(48, 60, 1, "exponential", 2) == pytest.approx((1 - math.exp(-2 * t)) / (1 - math.exp(-2)))


@pytest.mark.parametrize("function", ["linear", "exponential"])
def test_clipping_outside_worst_and_best(function):
    vf = ValueFunction(30, 3, function)
    assert vf(1) == 1.0 and vf(3) == 1.0
    assert vf(45) == 0.0 and vf(30) == 0.0
    assert vf.is_clipped(1) and vf.is_clipped(45) and not vf.is_clipped(3) and not vf.is_clipped(20)


@pytest.mark.parametrize("args, words", [
    ((12, 12), "both 12"),
    ((0, 1, "cubic"), "unknown value function"),
    ((0, 1, "exponential", 1000), "too large"),
    ((0, 1, "exponential", True), "curvature"),
    ((0, 1, "exponential", float("nan")), "curvature"),
    ((None, 1), "worst"),
    ((0, float("inf")), "best"),
])
def test_ill_defined_functions(args, words):
    with pytest.raises(ValueFunctionError, match=words):
        ValueFunction(*args)


@pytest.mark.parametrize("bad", [None, "5", float("nan"), True])
def test_value_must_be_a_number(bad):
    with pytest.raises(ValueFunctionError):
        partial_benefit(bad, 0, 1)


@pytest.mark.parametrize("name, canonical", [
    (None, LINEAR), ("", LINEAR), ("Linear", LINEAR), ("lin", LINEAR), ("EXP", EXPONENTIAL),
    ("exponentiell", EXPONENTIAL),
])
def test_function_spellings(name, canonical):
    assert normalize_function(name) == canonical


def test_partial_benefits_of_many_values():
    """Claims example first-pass yield (0.60 -> 1.00, c = 2), by the closed form."""
    values = [0.62, 0.85, 0.80, 0.90]
    expected = [(1 - math.exp(-2 * (v - 0.6) / 0.4)) / (1 - math.exp(-2)) for v in values]
    assert partial_benefits(values, 0.6, 1.0, "exponential", 2) == pytest.approx(expected, rel=1e-12)


_finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
_functions = st.one_of(
    st.tuples(st.just("linear"), st.none()),
    st.tuples(st.just("exponential"), st.floats(min_value=-50, max_value=50, allow_nan=False)),
)


@settings(max_examples=300, deadline=None)
@given(_finite, _finite, _functions, _finite, _finite)
def test_partial_benefit_in_unit_interval_and_monotone_toward_best(worst, best, function, v1, v2):
    """Property: u in [0, 1]; a value at least as close to best never has a lower benefit
    (up to one rounding step of exp)."""
    if worst == best:
        return
    vf = ValueFunction(worst, best, *function)
    u1, u2 = vf(v1), vf(v2)
    assert 0.0 <= u1 <= 1.0 and 0.0 <= u2 <= 1.0
    if vf.position(v2) >= vf.position(v1):
        assert u2 >= u1 - 1e-15
    fast = vf.fast()
    assert fast(v1) == u1 and fast(v2) == u2
    assert vf.many([v1, v2]) == [u1, u2]
