import dataclasses

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.errors import ValidationError
from vsm_xl.core.model import State, Step, ValueStream


def test_whole_stream_order_fulfilment_and_claims(order_current, order_future, claims_model):
    """Lean checklist order-fulfilment table via METHOD.md 1 (LT 2640 -> 400 min, −84.8 %) and
    METHOD.md 2.5 (best Option C) in one analysis."""
    stream = ValueStream("Order fulfilment", (order_current, order_future), evaluation=claims_model)
    analysis = analyze(stream)
    assert [s.total_lead_time for s in analysis.states] == [2640, 400]
    (comparison,) = analysis.comparisons
    assert (comparison.current, comparison.target) == ("Current state", "Future state")
    assert round(comparison.lead_time_reduction * 100, 1) == 84.8
    assert analysis.evaluation.best == "Option C"
    assert analysis.notices == ()
    assert analysis.value_stream is stream


def test_current_state_need_not_come_first(order_current, order_future):
    analysis = analyze(ValueStream("x", (order_future, order_current)))
    (comparison,) = analysis.comparisons
    assert comparison.current == "Current state" and comparison.target == "Future state"
    assert analysis.evaluation is None


def test_single_state_has_no_comparison(order_current):
    assert analyze(ValueStream("x", (order_current,))).comparisons == ()


def test_problems_of_states_and_evaluation_together(order_current, claims_model):
    """A step with LT < PT is located by (state, step); an empty state by state; the
    evaluation's problems follow."""
    bad_steps = list(order_current.steps)
    bad_steps[2] = Step("Inventory Alloc", 50, 40)
    broken = State("Broken", tuple(bad_steps))
    empty = State("Empty", ())
    indicators = list(claims_model.indicators)
    indicators[0] = dataclasses.replace(indicators[0], values=(24, None, 12, 6))
    evaluation = dataclasses.replace(claims_model, indicators=tuple(indicators))
    with pytest.raises(ValidationError) as info:
        analyze(ValueStream("x", (order_current, broken, empty), evaluation=evaluation))
    subjects = [p.subject for p in info.value.problems]
    assert subjects == [("step", 1, 2, "lead_time"), ("state", 2), ("value", 0, 1)]
    assert "Broken: step 'Inventory Alloc'" in info.value.problems[0].message
