import pytest

from vsm_xl.core.errors import DivisionError, InputError
from vsm_xl.core.indicators import epei, flow_degree, flow_degree_from_times, oee, payback_period, space


def test_flow_degree_is_one_over_flow_efficiency():
    """METHOD.md 2.1: for one stream FG = 1 / FE; order fulfilment current state 2640 / 70."""
    assert flow_degree(2640, 70) == pytest.approx(1 / (70 / 2640))
    assert flow_degree(10, 10) == 1


def test_flow_degree_from_times_by_hand():
    """(BZ + RZ + TZ + LZ) / (BZ + RZ) = (60 + 20 + 10 + 110) / (60 + 20) = 2.5."""
    assert flow_degree_from_times(60, 20, 10, 110) == 2.5


@pytest.mark.parametrize("args, error", [
    ((10, 0), DivisionError), ((5, 10), InputError), ((-1, 1), InputError), ((1, -1), InputError),
])
def test_flow_degree_errors(args, error):
    with pytest.raises(error):
        flow_degree(*args)


def test_flow_degree_from_times_rejects_negative():
    with pytest.raises(InputError, match="idle"):
        flow_degree_from_times(1, 1, 1, -1)


def test_epei_by_hand():
    """(6 + 4 + 2) h / (1 resource · 0.8 · 8 h/day) = 12 / 6.4 = 1.875 days."""
    assert epei([6, 4], [2], 1, 0.8, 8) == pytest.approx(1.875)
    assert epei([6, 4], [2], 2, 0.8, 8) == pytest.approx(0.9375)


@pytest.mark.parametrize("args", [
    ([6], [2], 0, 0.8, 8), ([6], [2], 1, 0, 8), ([6], [2], 1, 1.2, 8), ([6], [2], 1, 0.8, 25), ([-6], [2], 1, 0.8, 8),
])
def test_epei_errors(args):
    with pytest.raises(InputError):
        epei(*args)


def test_oee_by_hand():
    """0.9 · 0.95 · 0.99 = 0.84645."""
    assert oee(0.9, 0.95, 0.99) == pytest.approx(0.84645)
    with pytest.raises(InputError, match="performance"):
        oee(0.9, 1.5, 0.99)


def test_space_sums_areas():
    assert space(100, 50, 25) == 175
    assert space(80) == 80
    with pytest.raises(InputError, match="warehouse"):
        space(100, -5)


def test_payback():
    """180000 / 150000 = 1.2 years; no savings means no payback (an error)."""
    assert payback_period(180000, 150000) == pytest.approx(1.2)
    assert payback_period(0, 10) == 0
    with pytest.raises(DivisionError, match="no payback"):
        payback_period(180000, 0)
    with pytest.raises(DivisionError):
        payback_period(180000, -10)
    with pytest.raises(InputError):
        payback_period(-1, 10)
