"""core/state_metrics at its edges, against hand-written expectations: every refusal of a step
with its exact words and the field it is about (the subject an adapter turns into a cell or a
YAML path), the bounds of every range check, and the small totals (METHOD.md section 1).
Fast: the mutation run (tests/mutation) runs this file for every mutant of the module."""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from vsm_xl.core.errors import DivisionError, InputError, NoDataError
from vsm_xl.core.model import State, Step
from vsm_xl.core.state_metrics import (
    capacity_constraint, check_step, check_steps, compare_states, flow_efficiency, largest_delay,
    rolled_complete_accurate, secondary_constraint, summarize_state, timeline_steps,
)

OK = Step("Pick", 10, 40)


def _refused(step: Step) -> InputError:
    with pytest.raises(InputError) as info:
        check_step(step)
    return info.value


@pytest.mark.parametrize("changes, message, subject", [
    ({"process_time": None}, "step 'Pick': process time is missing", ("process_time",)),
    ({"process_time": True}, "step 'Pick': process time is missing", ("process_time",)),
    ({"process_time": "10"}, "step 'Pick': process time is missing", ("process_time",)),
    ({"process_time": math.nan}, "step 'Pick': process time is missing", ("process_time",)),
    ({"lead_time": None}, "step 'Pick': lead time is missing", ("lead_time",)),
    ({"lead_time": [40]}, "step 'Pick': lead time is missing", ("lead_time",)),
    ({"process_time": -1}, "step 'Pick': process time cannot be negative", ("process_time",)),
    ({"lead_time": -1e-9}, "step 'Pick': lead time cannot be negative", ("lead_time",)),
    ({"process_time": math.inf, "lead_time": math.inf}, "step 'Pick': process time is not a finite number",
     ("process_time",)),
    ({"lead_time": math.inf}, "step 'Pick': lead time is not a finite number", ("lead_time",)),
    ({"lead_time": 9.5}, "step 'Pick': lead time 9.5 min is shorter than process time 10 min", ("lead_time",)),
    ({"complete_accurate": 1.01}, "step 'Pick': %C&A must lie between 0 % and 100 %", ("complete_accurate",)),
    ({"complete_accurate": -0.01}, "step 'Pick': %C&A must lie between 0 % and 100 %", ("complete_accurate",)),
    ({"inventory": -1}, "step 'Pick': inventory cannot be negative", ("inventory",)),
    ({"resources": 0}, "step 'Pick': the number of resources must be positive", ("resources",)),
    ({"resources": math.nan}, "step 'Pick': the number of resources must be positive", ("resources",)),
    ({"availability": 1.5}, "step 'Pick': availability must lie between 0 % and 100 %", ("availability",)),
    ({"performance": -0.1}, "step 'Pick': performance must lie between 0 % and 100 %", ("performance",)),
    ({"quality": 2}, "step 'Pick': quality must lie between 0 % and 100 %", ("quality",)),
    ({"area": -3}, "step 'Pick': area cannot be negative", ("area",)),
    ({"area": math.inf}, "step 'Pick': area cannot be negative", ("area",)),
    ({"operating_time": -1}, "step 'Pick': operating time cannot be negative", ("operating_time",)),
    ({"variants": 0}, "step 'Pick': the number of variants must be positive", ("variants",)),
    ({"variants": -2}, "step 'Pick': the number of variants must be positive", ("variants",)),
    ({"variants": math.inf}, "step 'Pick': the number of variants must be positive", ("variants",)),
])
def test_a_step_that_cannot_be_right_is_refused_naming_its_field(changes, message, subject):
    error = _refused(replace(OK, **changes))
    assert error.message == message
    assert error.subject == subject


@pytest.mark.parametrize("changes", [
    {}, {"lead_time": 10}, {"process_time": 0, "lead_time": 0}, {"complete_accurate": 0}, {"complete_accurate": 1},
    {"inventory": 0}, {"resources": 0.5}, {"availability": 0}, {"availability": 1}, {"performance": 1},
    {"quality": 0}, {"area": 0}, {"operating_time": 0}, {"area": 1e300}, {"variants": 0.5}, {"variants": 1},
    {"variants": 1e300},
])
def test_the_bounds_themselves_are_allowed(changes):
    assert check_step(replace(OK, **changes)) is None


def test_check_steps_prefixes_the_index():
    steps = [OK, OK, replace(OK, quality=1.2)]
    with pytest.raises(InputError) as info:
        check_steps(steps)
    assert info.value.message == "step 'Pick': quality must lie between 0 % and 100 %"
    assert info.value.subject == (2, "quality")


def test_flow_efficiency_bounds_and_words():
    assert flow_efficiency(0.5, 0.5) == 1.0  # a lead time below 1 minute is fine
    assert flow_efficiency(0, 40) == 0.0
    with pytest.raises(DivisionError) as info:
        flow_efficiency(1, 0)
    assert info.value.message == "flow efficiency is undefined: total lead time is 0"
    with pytest.raises(InputError) as info:
        flow_efficiency(-1, 10)
    assert info.value.message == "process time cannot be negative"


def test_rolled_complete_accurate_bounds_and_words():
    assert rolled_complete_accurate([0.0, 0.9]) == 0.0
    assert rolled_complete_accurate([1, 1, 0.5]) == 0.5
    assert rolled_complete_accurate(iter([0.9])) == 0.9
    with pytest.raises(NoDataError) as info:
        rolled_complete_accurate([])
    assert info.value.message == "no %C&A values"
    with pytest.raises(InputError) as info:
        rolled_complete_accurate([0.5, 1.2])
    assert info.value.message == "%C&A must lie between 0 % and 100 %, not 1.2"


def test_no_steps_words():
    for pick in (capacity_constraint, largest_delay):
        with pytest.raises(NoDataError) as info:
            pick([])
        assert info.value.message == "no steps"


def test_ties_go_to_the_first_in_flow_order_also_at_zero():
    """Three steps without waiting: the largest delay (0 min) is the first."""
    steps = [Step("A", 5, 5), Step("B", 7, 7), Step("C", 6, 6)]
    assert largest_delay(steps).name == "A"
    assert capacity_constraint(steps).name == "B"


def test_secondary_constraint_of_two_steps():
    steps = [Step("A", 5, 9), Step("B", 7, 9)]
    assert secondary_constraint(steps).name == "A"
    assert secondary_constraint(steps[:1]) is None


def test_a_position_and_an_index_of_the_same_number_are_different_keys():
    """Step 1 has no position (index 1); step 2 says position 1: two places on the timeline."""
    steps = [Step("A", 1, 2), Step("B", 3, 4), Step("C", 5, 6, position=1)]
    assert [s.name for s in timeline_steps(steps)] == ["A", "B", "C"]
    positioned = [Step("A", 1, 2, position=1), Step("B", 3, 40, position=1), Step("C", 5, 6)]
    assert [s.name for s in timeline_steps(positioned)] == ["B", "C"]


def test_totals_beyond_the_float_range_name_what_overflowed():
    big = [Step("A", 1e308, 1e308), Step("B", 1e308, 1e308)]
    with pytest.raises(InputError) as info:
        summarize_state(State("Now", tuple(big)))
    assert info.value.message == ("the process times add up to more than a number can hold (1.8e308); "
                                  "check their units")
    wide = [Step("A", 1, 1e308), Step("B", 1, 1e308)]
    with pytest.raises(InputError) as info:
        summarize_state(State("Now", tuple(wide)))
    assert info.value.message.startswith("the lead times add up to more than a number can hold")
    stock = [Step("A", 1, 2, inventory=1e308), Step("B", 1, 2, inventory=1e308)]
    with pytest.raises(InputError) as info:
        summarize_state(State("Now", tuple(stock)))
    assert info.value.message.startswith("the inventories add up to more than a number can hold")


def test_changeover_total():
    steps = (Step("A", 1, 2, changeover=15), Step("B", 1, 2), Step("C", 1, 2, changeover=30))
    assert summarize_state(State("Now", steps)).total_changeover == 45
    assert summarize_state(State("Now", steps[1:2])).total_changeover is None


def _summary(name, pt, lt, wip=None, ca=None):
    steps = (Step(name, pt, lt, inventory=wip, complete_accurate=ca),)
    return summarize_state(State(name, steps))


def test_compare_with_wip_and_ca_only_where_both_have_them():
    current = _summary("Current", 70, 2640, wip=240, ca=0.655)
    future = _summary("Future", 47, 400, wip=45, ca=0.8)
    c = compare_states(current, future)
    assert c.wip_change == -195
    assert c.rolled_complete_accurate_change == pytest.approx(0.145)
    bare = _summary("Bare", 47, 400)
    c = compare_states(current, bare)
    assert c.wip_change is None and c.rolled_complete_accurate_change is None
    c = compare_states(bare, current)
    assert c.wip_change is None and c.rolled_complete_accurate_change is None


def test_compare_against_a_state_of_one_minute():
    """A current state whose totals are 1 min is a fine base (only 0 is refused)."""
    current = _summary("Current", 1, 1)
    c = compare_states(current, _summary("Future", 0.5, 1))
    assert c.process_time_reduction == 0.5 and c.lead_time_reduction == 0
    assert c.flow_efficiency_ratio == 0.5


def test_compare_against_zero_process_time_is_refused():
    with pytest.raises(DivisionError) as info:
        compare_states(_summary("Current", 0, 10), _summary("Future", 1, 10))
    assert info.value.message == "state 'Current' has zero total times to compare against"
