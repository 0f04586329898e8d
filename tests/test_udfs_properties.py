"""Property tests: whatever cells hold, a cell function returns a number, a text, or a range of
those, and an error is one line of text starting with ``#`` (never an exception) that names a
problem with the input, never an internal error dressed as a cell error (``#VALUE! unexpected
TypeError: ...``). Partial benefits, overall benefits and WBFs stay in their ranges."""
from __future__ import annotations

import datetime as dt
import inspect
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vsm_xl import udfs
from vsm_xl.core import benefits

TEXTS = st.sampled_from(["", " ", "n/a", "85%", "85 %", "0.85", "1,5", "15m", "2 h 30 m", "1.5d", "2:30",
                         "-5m", "linear", "exponential", "constraint", "delay", "h", "min", "#N/A", "#DIV/0!",
                         "#VALUE! worst and best are both 12", "abc", "1e400", "TRUE", "Order Entry"])
CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-2, max_value=200),
    st.integers(),
    st.booleans(),
    TEXTS,
    st.text(max_size=12),
    st.datetimes(min_value=dt.datetime(1899, 12, 30), max_value=dt.datetime(2100, 1, 1)),
)


@st.composite
def blocks(draw):
    """Rectangular lists of rows (as xlwings passes ranges), sometimes ragged."""
    height, width = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rows = [[draw(CELLS) for _ in range(width)] for _ in range(height)]
    if draw(st.booleans()) and height > 1:
        rows[-1] = rows[-1][:-1] or [None, None]
    return rows


ARGUMENTS = st.one_of(
    CELLS,
    st.lists(CELLS, min_size=0, max_size=6),  # a flat row or column
    blocks(),
    st.lists(st.lists(st.lists(CELLS, max_size=2), max_size=2), max_size=2),  # nested too deep
    st.tuples(CELLS, CELLS),
)


def check_cell_value(value):
    if isinstance(value, str):
        if value.startswith("#"):
            assert "\n" not in value and len(value) <= 300, value
        # error_text dresses an exception that is no VsmError as "#VALUE! unexpected <type>: ...":
        # a bug in the core or the argument conversion, never an answer to bad input
        assert "unexpected" not in value, f"an internal error reached the cell: {value}"
        return
    assert isinstance(value, (int, float)) and not isinstance(value, bool), repr(value)
    assert math.isfinite(value), value


def check_result(result):
    """A number, a text, a flat list or a rectangular list of rows of those."""
    if isinstance(result, list):
        assert result, "an empty range cannot be written to Excel"
        if isinstance(result[0], list):
            width = len(result[0])
            assert width and all(isinstance(row, list) and len(row) == width for row in result), result
            for row in result:
                for value in row:
                    check_cell_value(value)
        else:
            for value in result:
                check_cell_value(value)
    else:
        check_cell_value(result)


def numbers(result):
    if isinstance(result, list):
        return [v for row in result for v in (row if isinstance(row, list) else [row]) if not isinstance(v, str)]
    return [] if isinstance(result, str) else [result]


def check_any_cells(name, data):
    """The property of one cell function, for arguments drawn from ``data``."""
    func = getattr(udfs, name)
    parameters = inspect.signature(func).parameters.values()
    required = sum(1 for p in parameters if p.default is p.empty)
    count = data.draw(st.integers(required, len(parameters)), label="number of arguments")
    args = [data.draw(ARGUMENTS, label=f"argument {k + 1}") for k in range(count)]
    result = func(*args)
    check_result(result)
    if name in ("VSM_PARTIAL_BENEFIT", "VSM_OVERALL_BENEFIT", "VSM_FLOW_EFFICIENCY", "VSM_ROLLED_CA", "VSM_OEE"):
        assert all(0 <= v <= 1 for v in numbers(result)), result
    if name == "VSM_WBF":
        assert all(0 <= v <= math.sqrt(2) + 1e-12 for v in numbers(result)), result
    if name in ("VSM_FLOW_RATING", "VSM_BOTTLENECK"):
        assert isinstance(result, (str, list))


@pytest.mark.parametrize("name", udfs.__all__)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_cells_give_a_value_or_one_line_error(name, data):
    check_any_cells(name, data)


def test_an_injected_core_bug_fails_the_property(monkeypatch):
    """The property is no formality: a TypeError injected into the core's WBF (as a bug would
    raise it) comes out of VSM_WBF as ``#VALUE! unexpected TypeError: ...`` and fails it."""
    def broken(*args, **kwargs):
        raise TypeError("unsupported operand type(s) for -: 'NoneType' and 'float'")

    assert udfs.VSM_WBF(0.5, 0.5) == pytest.approx(math.sqrt(0.5))  # the healthy function first
    monkeypatch.setattr(benefits, "wbf", broken)
    monkeypatch.setattr(benefits, "wbfs", broken)
    assert udfs.VSM_WBF(0.5, 0.5).startswith("#VALUE! unexpected TypeError")

    @settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def wbf_property(data):
        check_any_cells("VSM_WBF", data)

    with pytest.raises(AssertionError, match="an internal error reached the cell: #VALUE! unexpected TypeError"):
        wbf_property()


VALUES = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.lists(VALUES, min_size=3, max_size=3), min_size=1, max_size=4),
       worst=VALUES, best=VALUES, exponential=st.booleans(),
       curvature=st.one_of(st.none(), st.floats(min_value=-50, max_value=50)))
def test_partial_benefits_stay_in_0_1_and_keep_the_shape(values, worst, best, exponential, curvature):
    result = udfs.VSM_PARTIAL_BENEFIT(values, worst, best, "exponential" if exponential else "linear", curvature)
    if worst == best:
        assert result.startswith("#VALUE! ") and result.endswith(f"worst and best are both {worst:g}")
        return
    assert len(result) == len(values) and all(len(row) == 3 for row in result)
    assert all(0.0 <= u <= 1.0 for row in result for u in row)
    # monotone: a value nearer best (in the direction worst -> best) never has a smaller benefit
    direction = 1 if best > worst else -1
    pairs = sorted(((v * direction, u) for row, out in zip(values, result) for v, u in zip(row, out)))
    assert all(u2 >= u1 - 1e-12 for (_, u1), (_, u2) in zip(pairs, pairs[1:]))


@settings(max_examples=200, deadline=None)
@given(u=st.lists(st.lists(st.floats(0, 1), min_size=2, max_size=2), min_size=1, max_size=5),
       raw=st.lists(st.floats(0.01, 10), min_size=5, max_size=5))
def test_overall_benefit_and_wbf_stay_in_range(u, raw):
    weights = [[w / sum(raw[:len(u)])] for w in raw[:len(u)]]
    g = udfs.VSM_OVERALL_BENEFIT(u, weights)
    assert len(g) == 1 and len(g[0]) == 2
    assert all(0 <= x <= 1 + 1e-12 for x in g[0])
    wbf = udfs.VSM_WBF(g, g)
    assert all(0 <= x <= math.sqrt(2) + 1e-12 for x in wbf[0])
