import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vsm_xl.core.errors import InputError, VsmError
from vsm_xl.core.values import is_blank, to_fraction, to_number


@pytest.mark.parametrize("value, number", [
    (12, 12.0), (12.5, 12.5), ("12.5", 12.5), ("1,5", 1.5), (" 7 ", 7.0), ("1 200", 1200.0),
    ("1,200,000", 1_200_000.0), ("1.200.000,50", 1_200_000.5), ("1,200,000.25", 1_200_000.25),
    ("\u22123", -3.0), ("1e3", 1000.0), ("+4", 4.0), (".5", 0.5), (Decimal("2.5"), 2.5),
])
def test_to_number_reads_typed_numbers(value, number):
    assert to_number(value) == number


@pytest.mark.parametrize("bad", [True, None, "", "  ", "abc", "12 apples", float("nan"), float("inf"),
                                 "1e999", 10 ** 400, [1], object()])
def test_to_number_rejects_non_numbers_naming_what(bad):
    with pytest.raises(InputError, match="worst"):
        to_number(bad, "worst")


@pytest.mark.parametrize("value, fraction", [
    (85, 0.85), (0.85, 0.85), ("85%", 0.85), ("85 %", 0.85), (" 85 % ", 0.85), ("0,85", 0.85),
    (1, 1.0), (100, 1.0), ("100%", 1.0), (0, 0.0), ("0.5%", 0.005),
])
def test_to_fraction_reads_percent_and_fractions_alike(value, fraction):
    """METHOD.md: 85, 0.85 and "85%" mean the same share; 1 is 100 %."""
    assert to_fraction(value) == pytest.approx(fraction)


@pytest.mark.parametrize("bad", [150, -5, "120%", "-1%", "x%", None])
def test_to_fraction_rejects_out_of_range(bad):
    with pytest.raises(InputError):
        to_fraction(bad)


def test_is_blank():
    assert is_blank(None) and is_blank("") and is_blank("  \t")
    assert not is_blank(0) and not is_blank("0") and not is_blank(False)


_ANYTHING = st.one_of(st.text(), st.floats(), st.integers(), st.none(), st.booleans(),
                      st.from_regex(r"\A[+-]?[\d.,' ]{1,12}%?\Z"))


@settings(max_examples=300, deadline=None)
@given(_ANYTHING)
def test_to_number_is_finite_or_input_error(value):
    """Property: to_number raises only VsmError and otherwise returns a finite float."""
    try:
        number = to_number(value)
    except VsmError:
        return
    assert isinstance(number, float) and math.isfinite(number)


@settings(max_examples=300, deadline=None)
@given(_ANYTHING)
def test_to_fraction_is_a_share_or_input_error(value):
    try:
        share = to_fraction(value)
    except VsmError:
        return
    assert 0.0 <= share <= 1.0
