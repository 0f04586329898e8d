import pytest

from vsm_xl.core.errors import DivisionError, InputError, NoDataError
from vsm_xl.core.model import State, Step
from vsm_xl.core.state_metrics import (
    EXCELLENT, GOOD, MODERATE, SIGNIFICANT_WASTE, capacity_constraint, check_step, compare_states,
    flow_efficiency, flow_rating, largest_delay, rolled_complete_accurate, summarize_state,
    timeline_steps,
)


def test_order_fulfilment_current_state(order_current):
    """Lean checklist order-fulfilment table via METHOD.md 1: PT 70 min, LT 2640 min (44 h),
    FE 2.65 % "significant waste", rolled %C&A 65.5 %, WIP 240, constraint Pick & Pack,
    largest delay Ship."""
    s = summarize_state(order_current)
    assert s.step_count == 5
    assert s.total_process_time == 70
    assert s.total_lead_time == 2640
    assert s.total_lead_time / 60 == 44
    assert s.total_wait_time == 2570
    assert round(s.flow_efficiency * 100, 2) == 2.65
    assert s.flow_rating == SIGNIFICANT_WASTE
    assert round(s.rolled_complete_accurate * 100, 1) == 65.5
    assert s.wip_total == 240
    assert s.capacity_constraint == "Pick & Pack"
    assert s.largest_delay == "Ship"
    assert s.marked_bottleneck is None
    assert s.flow_degree == pytest.approx(2640 / 70)


def test_order_fulfilment_future_state(order_future):
    """Lean checklist order-fulfilment table via METHOD.md 1: PT 47 min, LT 400 min (6.67 h),
    FE 11.75 % "moderate", WIP 45 (not the prose's "11.7 %" / "150 orders")."""
    s = summarize_state(order_future)
    assert s.total_process_time == 47
    assert s.total_lead_time == 400
    assert round(s.total_lead_time / 60, 2) == 6.67
    assert s.flow_efficiency == pytest.approx(0.1175)
    assert s.flow_rating == MODERATE
    assert s.wip_total == 45
    assert s.capacity_constraint == "Pick & Pack"
    assert s.largest_delay == "Ship"


def test_future_against_current(order_current, order_future):
    """Lean checklist order-fulfilment table via METHOD.md 1: PT −32.9 %, LT −84.8 %, FE ×4.43,
    WIP 240 -> 45."""
    c = compare_states(summarize_state(order_current), summarize_state(order_future))
    assert round(c.process_time_reduction * 100, 1) == 32.9
    assert round(c.lead_time_reduction * 100, 1) == 84.8
    assert round(c.flow_efficiency_ratio, 2) == 4.43
    assert c.wip_change == 45 - 240
    # rolled %C&A by hand: 0.98·0.99·0.99·0.96·0.99 − 0.85·0.95·0.90·0.92·0.98
    assert c.rolled_complete_accurate_change == pytest.approx(0.98 * 0.99 * 0.99 * 0.96 * 0.99
                                                              - 0.85 * 0.95 * 0.90 * 0.92 * 0.98)
    assert (c.current, c.target) == ("Current state", "Future state")


@pytest.mark.parametrize("fe, band", [
    (0.0, SIGNIFICANT_WASTE), (0.0499, SIGNIFICANT_WASTE), (0.05, MODERATE), (0.1499, MODERATE),
    (0.15, GOOD), (0.25, GOOD), (0.2501, EXCELLENT), (1.0, EXCELLENT),
])
def test_band_edges(fe, band):
    """METHOD.md 1: [0, 5 %) significant waste; [5 %, 15 %) moderate; [15 %, 25 %] good; above excellent."""
    assert flow_rating(fe) == band


@pytest.mark.parametrize("bad", [-0.01, 1.01, float("nan"), "5%", True, None])
def test_band_rejects_non_fractions(bad):
    with pytest.raises(InputError):
        flow_rating(bad)


def test_flow_efficiency_errors():
    assert flow_efficiency(70, 2640) == pytest.approx(70 / 2640)
    with pytest.raises(DivisionError):
        flow_efficiency(0, 0)
    with pytest.raises(InputError):
        flow_efficiency(-1, 10)


def test_rolled_complete_accurate():
    assert rolled_complete_accurate([0.5, 0.5, 0.8]) == pytest.approx(0.2)
    with pytest.raises(NoDataError):
        rolled_complete_accurate([])
    with pytest.raises(InputError):
        rolled_complete_accurate([0.9, 1.2])


def test_ties_go_to_the_first_in_flow_order():
    """Ties: first in flow order (METHOD.md 1)."""
    steps = [Step("A", 10, 30), Step("B", 20, 40), Step("C", 20, 40), Step("D", 5, 25)]
    assert capacity_constraint(steps).name == "B"  # B and C share PT 20
    assert largest_delay(steps).name == "A"  # A, B, C, D all wait 20


def test_capacity_constraint_is_per_resource():
    """PT 30 with 3 resources is 10 per resource, below B's 20."""
    steps = [Step("A", 30, 60, resources=3), Step("B", 20, 40)]
    assert capacity_constraint(steps).name == "B"


def test_marked_bottleneck_is_reported_separately(order_current):
    steps = list(order_current.steps)
    steps[1] = Step("Credit Check", 10, 480, marked_bottleneck=True)
    s = summarize_state(State("x", tuple(steps)))
    assert s.marked_bottleneck == "Credit Check"
    assert s.capacity_constraint == "Pick & Pack"


def test_parallel_branches_count_once_the_longest():
    """Two branches at position 2 (LT 60 and 90): only the 90-minute branch counts.
    By hand: PT 10 + 30 + 5 = 45; LT 20 + 90 + 10 = 120."""
    state = State("p", (
        Step("Start", 10, 20, position=1, inventory=1),
        Step("Branch short", 15, 60, position=2, inventory=2),
        Step("Branch long", 30, 90, position=2, inventory=3),
        Step("End", 5, 10, position=3, inventory=4),
    ))
    assert [s.name for s in timeline_steps(state.steps)] == ["Start", "Branch long", "End"]
    s = summarize_state(state)
    assert s.total_process_time == 45
    assert s.total_lead_time == 120
    assert s.parallel_steps_skipped == ("Branch short",)
    assert s.wip_total == 10  # inventory of every branch still waits
    assert s.step_count == 4


def test_parallel_branch_longest_by_lead_time_not_process_time():
    """Issue 21, 11: the branch that counts is the one with the largest LT even where another
    branch has the larger PT (by hand: PT 10 + 5 + 5 = 20, LT 20 + 200 + 10 = 230, FE 20/230);
    of branches with equal LT the first counts."""
    state = State("p", (
        Step("Start", 10, 20, position=1),
        Step("Busy", 40, 50, position=2),
        Step("Long wait", 5, 200, position=2),
        Step("Middle", 30, 100, position=2),
        Step("End", 5, 10, position=3),
    ))
    assert [s.name for s in timeline_steps(state.steps)] == ["Start", "Long wait", "End"]
    s = summarize_state(state)
    assert (s.total_process_time, s.total_lead_time) == (20, 230)
    assert s.flow_efficiency == pytest.approx(20 / 230)
    assert s.parallel_steps_skipped == ("Busy", "Middle")
    tie = (Step("A", 1, 60, position=1), Step("B", 50, 60, position=1), Step("C", 2, 60, position=1))
    assert [s.name for s in timeline_steps(tie)] == ["A"]


@pytest.mark.parametrize("step, words", [
    (Step("X", 10, 5), "shorter"),
    (Step("X", -1, 5), "negative"),
    (Step("X", None, 5), "missing"),
    (Step("X", 1, 5, complete_accurate=1.5), "%C&A"),
    (Step("X", 1, 5, inventory=-1), "inventory"),
    (Step("X", 1, 5, resources=0), "resources"),
])
def test_impossible_steps_are_named(step, words):
    with pytest.raises(InputError, match=words) as info:
        check_step(step)
    assert "'X'" in str(info.value)


def test_empty_state():
    with pytest.raises(NoDataError):
        summarize_state(State("empty", ()))


def test_optional_fields_missing_give_none():
    s = summarize_state(State("bare", (Step("A", 1, 2), Step("B", 3, 4))))
    assert s.rolled_complete_accurate is None and s.wip_total is None and s.total_changeover is None


def test_compare_against_zero_times():
    zero = summarize_state(State("z", (Step("A", 0, 10),)))
    other = summarize_state(State("o", (Step("A", 1, 10),)))
    with pytest.raises(DivisionError):
        compare_states(zero, other)
