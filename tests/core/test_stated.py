"""What a checklist states beside its steps (METHOD.md sections 1 and 4): stated totals compared
with the steps, future-state targets against the designed state, the secondary constraint and the
highest queue, WIP in days of demand. Figures: the order fulfilment example of METHOD.md 1
(current PT 70 min, LT 2640 min = 44 h, WIP 240; future PT 47, LT 400 min = 6.67 h, FE 11.75 %, WIP 45)."""
import dataclasses

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.durations import CALENDAR, DurationRule
from vsm_xl.core.model import Demand, State, Step, ValueStream
from vsm_xl.core.stated import Figure, check_stated, figure, rounding
from vsm_xl.core.state_metrics import summarize_state

from tests.core.conftest import CURRENT_ROWS, make_state


@pytest.mark.parametrize("key, expected", [
    ("total_process_time_minutes", Figure("process_time", "min")),
    ("total_lead_time_hours", Figure("lead_time", "h")),
    ("total_lead_time", Figure("lead_time", "min")),
    ("lead_time_days", Figure("lead_time", "d")),
    ("total_wait_time_minutes", Figure("wait_time", "min")),
    ("flow_efficiency_percent", Figure("flow_efficiency", "%")),
    ("rolled_complete_accurate_percent", Figure("rolled_complete_accurate", "%")),
    ("wip_total", Figure("wip", "")),
    ("total_wip", Figure("wip", "")),
    ("wip", Figure("wip", "")),
    ("total_inventory", Figure("wip", "")),
    ("flow_rating", None), ("total_changeover_minutes", None), ("capacity_constraint", None), (3, None),
])
def test_figure_keys(key, expected):
    assert figure(key) == expected


def test_rounding_of_a_stated_figure():
    assert rounding(2.7) == pytest.approx(0.05)
    assert rounding(44) == 0.5
    assert rounding(11.75) == pytest.approx(0.005)


def _stated(state, stated, rule=CALENDAR):
    state = dataclasses.replace(state, stated=tuple(stated))
    return check_stated(0, state.stated, summarize_state(state), len(state.steps), rule)


def test_stated_totals_that_agree_give_no_notice(order_current):
    """The checklist's own summary of the current state: 70 min, 44 h, WIP 240 and its prose's
    "2.7 %" (2.65 % rounded to one decimal: within the stated figure's rounding)."""
    checks, notices = _stated(order_current, [("total_process_time_minutes", 70), ("total_lead_time_hours", 44),
                                              ("flow_efficiency_percent", 2.7), ("total_wip", 240),
                                              ("total_lead_time_minutes", 2660)])  # 0.76 % off: agrees
    assert notices == ()
    assert [c.agrees for c in checks] == [True] * 5
    assert [c.computed for c in checks] == pytest.approx([70, 44, 70 / 2640 * 100, 240, 2640])


def test_two_listed_steps_against_the_stated_totals():
    """Only Order Entry and Credit Check listed: PT 15 + 10 = 25 min, LT 2 + 8 = 10 h, WIP 50 + 30 = 80,
    FE 25 / 600 = 4.17 %; stated 70 min, 44 h, 2.7 %, 240."""
    state = make_state("Current state", CURRENT_ROWS[:2], "current")
    checks, notices = _stated(state, [("total_process_time_minutes", 70), ("total_lead_time_hours", 44),
                                      ("flow_efficiency_percent", 2.7), ("wip_total", 240)])
    assert [c.agrees for c in checks] == [False] * 4
    messages = {n.subject: n.message for n in notices}
    assert messages[("stated", 0, "total_lead_time_hours")] == (
        "Current state: stated LT 44 h, the 2 listed steps give 10 h: are steps missing?")
    assert messages[("stated", 0, "total_process_time_minutes")].endswith(
        "stated PT 70 min, the 2 listed steps give 25 min: are steps missing?")
    assert messages[("stated", 0, "wip_total")].endswith("stated WIP 240, the 2 listed steps give 80: are steps missing?")
    assert messages[("stated", 0, "flow_efficiency_percent")].endswith(
        "stated FE 2.7 %, the 2 listed steps give 4.17 %")  # a higher FE is no sign of missing steps


def test_the_one_percent_limit(order_current):
    """LT 44 h: 44.4 h is 0.9 % off (agrees), 44.6 h is 1.35 % off (a notice)."""
    assert _stated(order_current, [("total_lead_time_hours", 44.4)])[1] == ()
    assert len(_stated(order_current, [("total_lead_time_hours", 44.6)])[1]) == 1


def test_stated_days_follow_the_duration_rule(order_current):
    """44 h of LT are 5.5 working days of 8 h, 1.83 calendar days."""
    working = DurationRule(hours_per_day=8)
    assert _stated(order_current, [("total_lead_time_days", 5.5)], working)[1] == ()
    assert len(_stated(order_current, [("total_lead_time_days", 5.5)])[1]) == 1


def test_wip_stated_where_no_step_gives_an_inventory():
    state = State("Current state", (Step("A", 10, 60), Step("B", 5, 30)), "current", stated=(("total_wip", 12),))
    analysis = analyze(ValueStream(states=(state,)))
    assert analysis.stated[0].computed is None and not analysis.stated[0].agrees
    assert analysis.notices[0].message == "Current state: stated WIP 12, the 2 listed steps give no WIP (no inventory given)"


def test_secondary_constraint_and_highest_queue(order_current, order_future):
    """Current PT 15, 10, 5, 30, 10: constraint Pick & Pack, second Order Entry; inventory 50, 30, 20,
    40, 100: Ship. Future PT 10, 1, 1, 25, 10: Order Entry and Ship tie at 10, the first in flow wins."""
    current, future = summarize_state(order_current), summarize_state(order_future)
    assert (current.capacity_constraint, current.secondary_constraint, current.highest_queue) == (
        "Pick & Pack", "Order Entry", "Ship")
    assert (future.capacity_constraint, future.secondary_constraint, future.highest_queue) == (
        "Pick & Pack", "Order Entry", "Ship")
    one = summarize_state(State("S", (Step("Only", 5, 10),)))
    assert one.secondary_constraint is None and one.highest_queue is None
    # a tie with the constraint: the tied step is the secondary one; resources divide PT
    tie = summarize_state(State("S", (Step("A", 30, 60, resources=2), Step("B", 20, 60), Step("C", 20, 60))))
    assert (tie.capacity_constraint, tie.secondary_constraint) == ("B", "C")


def _stream(order_current, order_future, targets):
    return ValueStream(name="Order", states=(order_current, order_future), future_targets=tuple(targets))


def test_targets_against_the_designed_future_state(order_current, order_future):
    """Future LT 400 min = 6.67 h = 0.278 d, FE 11.75 %, WIP 45."""
    analysis = analyze(_stream(order_current, order_future, [
        ("lead_time_hours", 5), ("lead_time_days", 0.3), ("flow_efficiency_percent", 10),
        ("flow_efficiency_percent_x", 1), ("wip", 45)]))
    checks = {t.key: t for t in analysis.targets}
    assert checks["lead_time_hours"].designed == pytest.approx(400 / 60)
    assert checks["lead_time_hours"].met is False
    assert checks["lead_time_hours"].text == "LT target 5 h, designed 6.67 h: not met"
    assert checks["lead_time_days"].met is True and checks["lead_time_days"].text.endswith("designed 0.28 d: met")
    assert checks["flow_efficiency_percent"].text == "FE target 10 %, designed 11.75 %: met"
    assert checks["wip"].met is True  # 45 against 45: a target reached exactly is met
    assert checks["flow_efficiency_percent_x"].met is None and "no such figure" in checks["flow_efficiency_percent_x"].text
    assert {t.state for t in analysis.targets if t.met is not None} == {"Future state"}


def test_targets_without_a_designed_state(order_current):
    analysis = analyze(ValueStream(states=(order_current,), future_targets=(("lead_time_hours", 24),)))
    (check,) = analysis.targets
    assert check.met is None and check.designed is None
    assert check.text == "LT target 24 h: not compared (no designed future state)"


def test_wip_in_days_of_demand(order_current):
    """90 units a day: WIP 240 = 2.67 days; Ship's 100 = 1.11 days (METHOD.md 1: inventory / daily demand)."""
    stream = ValueStream(states=(order_current,), demand=Demand(7.5 * 60, 90))
    demand = analyze(stream).demand
    assert demand.daily_demand == 90
    assert demand.wip_days(240) == pytest.approx(240 / 90)
    assert demand.checks[0][4].inventory_reading == pytest.approx(100 / 90)
    # demand per shift, two shifts a day: 180 units a day
    per_shift = analyze(dataclasses.replace(stream, demand=Demand(7.5 * 60, 90, "shift", 2))).demand
    assert per_shift.wip_days(240) == pytest.approx(240 / 180)
