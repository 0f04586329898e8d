"""Measures: indicator values taken from the states (vsm_xl.core.measures, METHOD.md 2.1).

Expected figures are computed by hand in each test from the steps it builds."""
import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.durations import CALENDAR, DurationRule
from vsm_xl.core.errors import ValidationError
from vsm_xl.core.measures import MEASURE_KEYS, normalize_measure, pacemaker
from vsm_xl.core.model import (
    Demand, EvaluationModel, Improvement, Indicator, PairwiseMatrix, State, Step, ValueStream,
)
from vsm_xl.core.errors import InputError


def _state(name, kind="target", **painting):
    """Two steps: Cut (PT 30 min, LT 6 h, 40 items, 100 m²), Paint (PT 90 min, LT 18 h, 20 items)."""
    cut = Step("Cut", 30, 360, complete_accurate=0.9, inventory=40, area=100)
    paint = Step("Paint", 90, 1080, complete_accurate=0.8, inventory=20, **painting)
    return State(name, (cut, paint), kind)


def _analysis(*indicators, states=None, improvements=(), demand=None, rule=CALENDAR, alt_states=()):
    states = states or (_state("Current state", "current", area=300),
                        _state("Target", area=150))
    alternatives = tuple(s.name for s in states) if not alt_states else tuple(f"Option {j}" for j in range(
        len(alt_states)))
    # a typed monetary indicator, and equal 0/1/2 weights, so that the WBF can be computed
    indicators = tuple(indicators) + (Indicator("Cost", "monetary", 10, 0, (5.0,) * len(alternatives)),)
    names = tuple(i.name for i in indicators if i.group == "non-monetary")
    pairwise = {"non-monetary": PairwiseMatrix(names, tuple(tuple(None if r == c else 1 for c in range(len(names)))
                                                            for r in range(len(names))))} if len(names) > 1 else {}
    model = EvaluationModel(alternatives, indicators, pairwise, tuple(alt_states))
    return analyze(ValueStream("t", states, improvements=improvements, evaluation=model, demand=demand,
                               duration_rule=rule))


def _measured(key, unit=""):
    return Indicator(f"{key} ({unit or 'default unit'})", "non-monetary", 0, 1, (), unit=unit, measure=key)


def _values(analysis, i=0):
    return analysis.model.indicators[i].values


def test_time_measures_in_the_indicators_unit():
    """LT 6 h + 18 h = 24 h = 1440 min: 1 d calendar, 3 d of 8 working hours; PT 120 min; WT 1320 min."""
    a = _analysis(_measured("lead_time", "d"), _measured("lead_time", "h"), _measured("process_time"),
                  _measured("wait_time", "min"), _measured("lead_time", ""))
    assert _values(a, 0) == (1.0, 1.0)
    assert _values(a, 1) == (24.0, 24.0)
    assert _values(a, 2) == (120.0, 120.0)  # blank unit: process time in minutes
    assert _values(a, 3) == (1320.0, 1320.0)
    assert _values(a, 4) == (1.0, 1.0)  # blank unit: lead time in days
    working = _analysis(_measured("lead_time", "days"), rule=DurationRule(hours_per_day=8))
    assert _values(working) == (3.0, 3.0)


def test_flow_measures_wip_and_rolled_ca():
    """FE 120 / 1440 = 1/12; flow degree 12; WIP 60; rolled %C&A 0.9 x 0.8 = 0.72."""
    a = _analysis(_measured("flow_efficiency"), _measured("flow_efficiency", "%"), _measured("flow_degree"),
                  _measured("wip"), _measured("rolled_ca", "%"), _measured("rolled_ca"))
    assert _values(a, 0)[0] == pytest.approx(1 / 12)
    assert _values(a, 1)[0] == pytest.approx(100 / 12)
    assert _values(a, 2)[0] == pytest.approx(12.0)
    assert _values(a, 3)[0] == 60
    assert _values(a, 4)[0] == pytest.approx(72.0)
    assert _values(a, 5)[0] == pytest.approx(0.72)


def test_inventory_days_need_the_demand():
    """WIP 60 at a daily demand of 2 periods x 10 units: 3 days."""
    demand = Demand(available_minutes=240, units=10, period="shift", periods_per_day=2)
    a = _analysis(_measured("inventory_days"), demand=demand)
    assert _values(a) == (3.0, 3.0)
    with pytest.raises(ValidationError) as caught:
        _analysis(_measured("inventory_days"))
    assert [p.subject for p in caught.value.problems] == [("state", 0), ("state", 1)]
    assert "needs the customer demand" not in caught.value.problems[0].message  # says what is needed:
    assert "inventory days need the customer demand" in caught.value.problems[0].message


def test_space_sums_the_areas_and_a_state_without_areas_is_a_problem():
    """Current state 100 + 300 m², target 100 + 150 m²; a state with no area is named."""
    a = _analysis(_measured("space", "m²"))
    assert _values(a) == (400.0, 250.0)
    bare = State("Bare", (Step("Cut", 30, 360),), "target")
    with pytest.raises(ValidationError) as caught:
        _analysis(_measured("space"), states=(_state("Current state", "current"), bare))
    problem = caught.value.problems[0]
    assert problem.subject == ("step", 1, 0, "area")
    assert "'Bare'" in problem.message and "area" in problem.message


def test_epei_and_oee_of_the_pacemaker():
    """The paper's EPEI: (BZ 256 h + RZ 2 x 4 h) / (1 resource x V 1 x 24 h) = 11 days; with 8 working
    hours and V 0.8: 264 / 6.4 = 41.25 days. OEE 0.9 x 0.95 x 0.99 = 0.84645."""
    fields = dict(operating_time=15360, changeover=240, variants=2, availability=1, performance=1, quality=1)
    states = (_state("Current state", "current", **fields), _state("Target", **{**fields, "availability": 0.8}))
    a = _analysis(_measured("epei", "d"), _measured("oee", "%"), states=states)
    assert _values(a, 0)[0] == pytest.approx(11.0)
    assert _values(a, 0)[1] == pytest.approx(264 / 24 / 0.8)
    assert _values(a, 1) == (pytest.approx(100.0), pytest.approx(80.0))
    a = _analysis(_measured("epei"), states=states, rule=DurationRule(hours_per_day=8))
    assert _values(a)[1] == pytest.approx(264 / (8 * 0.8))
    oee_state = _state("Target", availability=0.9, performance=0.95, quality=0.99)
    a = _analysis(_measured("oee"), states=(_state("Current state", "current", availability=1, performance=1,
                                                   quality=1), oee_state))
    assert _values(a)[1] == pytest.approx(0.84645)


def test_the_pacemaker_is_the_hand_marked_bottleneck_else_the_capacity_constraint():
    state = _state("S")
    assert pacemaker(state)[1].name == "Paint"  # the largest PT
    marked = State("S", (Step("Cut", 30, 360, marked_bottleneck=True), Step("Paint", 90, 1080)))
    assert pacemaker(marked) == (0, marked.steps[0])


def test_a_pacemaker_without_its_fields_names_the_state_step_and_field():
    with pytest.raises(ValidationError) as caught:
        _analysis(_measured("oee"))
    subjects = {p.subject for p in caught.value.problems}
    assert subjects == {("step", 0, 1, "availability"), ("step", 1, 1, "availability")}
    message = caught.value.problems[0].message
    assert "'Current state'" in message and "'Paint'" in message and "availability" in message


def test_investment_and_savings_sum_the_improvements_of_each_state():
    """A (cost 100, savings 30) belongs to Target only, B (50 / 20) to both, C to none."""
    improvements = (Improvement("A", states=("Target",), cost=100, annual_savings=30),
                    Improvement("B", states=("Current state", "Target"), cost=50, annual_savings=20),
                    Improvement("C", cost=999, annual_savings=999))  # in no state
    a = _analysis(_measured("investment"), _measured("annual_savings"), improvements=improvements)
    assert _values(a, 0) == (50.0, 150.0)
    assert _values(a, 1) == (20.0, 50.0)


def test_alternatives_name_their_state():
    """Option 0 is the target, Option 1 the current state: the values follow the states named."""
    a = _analysis(_measured("lead_time", "h"), alt_states=("Target", "Current state"))
    assert a.model.alternatives == ("Option 0", "Option 1")
    assert a.state_of("Option 0").name == "Target"
    assert _values(a) == (24.0, 24.0)
    states = (_state("Current state", "current"), State("Fast", (Step("Cut", 30, 60),)))
    a = _analysis(_measured("lead_time", "h"), states=states, alt_states=("Fast", "Current state"))
    assert _values(a) == (1.0, 24.0)


def test_problems_of_measured_indicators_carry_their_subjects():
    typed = Indicator("Typed too", "non-monetary", 0, 1, (5.0, None), measure="lead_time")
    bad_unit = Indicator("LT in EUR", "non-monetary", 0, 1, (), unit="EUR", measure="lead_time")
    with pytest.raises(ValidationError) as caught:
        _analysis(typed, bad_unit)
    subjects = [p.subject for p in caught.value.problems]
    assert ("value", 0, 0) in subjects  # a measure and a typed value
    assert ("indicator", 1, "unit") in subjects
    assert sum(1 for s in subjects if s == ("indicator", 1, "unit")) == 1  # said once, not per alternative
    with pytest.raises(ValidationError) as caught:
        _analysis(_measured("wip"), alt_states=("Nowhere", None))
    subjects = [p.subject for p in caught.value.problems]
    assert ("alternative", 0) in subjects  # names a state that does not exist
    assert ("value", 0, 1) in subjects  # Option 1 is no state at all


def test_measure_names_are_read_leniently_and_unknown_ones_refused():
    assert normalize_measure("Lead time") == "lead_time"
    assert normalize_measure("flow-degree") == "flow_degree"
    assert normalize_measure("FG") == "flow_degree"
    assert normalize_measure("  ") == ""
    assert set(MEASURE_KEYS) >= {"lead_time", "process_time", "wait_time", "flow_efficiency", "flow_degree",
                                 "wip", "rolled_ca", "inventory_days", "epei", "oee", "space", "investment",
                                 "annual_savings"}
    with pytest.raises(InputError, match="unknown measure 'speed'"):
        normalize_measure("speed")


def test_a_measured_indicator_moves_the_wbf_when_a_step_changes():
    """Lead time 1 d against worst 2 d and best 0 d: u 0.5; the target's paint LT from 18 h to 6 h gives
    LT 12 h = 0.5 d, u 0.75 and G 0.75."""
    indicator = Indicator("Lead time", "non-monetary", 2, 0, (), unit="d", measure="lead_time")
    a = _analysis(indicator)
    assert a.evaluation.partial_benefits[0] == (0.5, 0.5)
    faster = State("Target", (Step("Cut", 30, 360), Step("Paint", 90, 360)))
    b = _analysis(indicator, states=(_state("Current state", "current"), faster))
    assert b.evaluation.partial_benefits[0] == (0.5, 0.75)
    assert b.evaluation.alternative("Target").benefit_non_monetary == 0.75
