"""Round-trip law of the interchange format on generated value streams:
``stream_from_dict(stream_to_dict(s)) == s``, also through YAML and JSON text.

Generated streams keep the document's canonical state order (current, future, targets) and
non-blank names where the format requires a name (steps, target states, indicators)."""
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vsm_xl.core.durations import DurationRule
from vsm_xl.core.measures import MEASURE_KEYS
from vsm_xl.core.model import (
    GROUPS, WASTES, Demand, EvaluationModel, Improvement, Indicator, PairwiseMatrix, RoadmapPhase, State, Step,
    ValueStream, Waste,
)
from vsm_xl.core.fields import line_ends
from vsm_xl.io.yaml_io import dump_json, dump_yaml, loads_document, loads_yaml, stream_from_dict, stream_to_dict

# Text as files hold it (SECURITY.md, "One rule for text"): no character a workbook cannot hold,
# no white space around it (the readers remove it), line breaks as "\n" (core.fields.line_ends).
UNWRITABLE = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
text = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters=UNWRITABLE),
               max_size=12).map(lambda s: line_ends(s.strip()))
name = text.filter(lambda s: s.strip())
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
nonnegative = st.floats(min_value=0, max_value=1e12, allow_nan=False)
fraction = st.floats(min_value=0, max_value=1)
scalar = st.none() | st.booleans() | st.integers(-10**6, 10**6) | finite | text

steps = st.builds(
    Step,
    name=name,
    process_time=nonnegative,
    lead_time=nonnegative,
    owner=text,
    complete_accurate=st.none() | fraction,
    inventory=st.none() | nonnegative,
    changeover=st.none() | nonnegative,
    wastes=st.lists(st.builds(Waste, st.sampled_from(WASTES), text), max_size=3).map(tuple),
    notes=text,
    resources=st.floats(min_value=1e-6, max_value=1e6),
    position=st.none() | st.integers(-3, 50),
    marked_bottleneck=st.booleans(),
    area=st.none() | nonnegative,
    availability=st.none() | fraction,
    performance=st.none() | fraction,
    quality=st.none() | fraction,
    operating_time=st.none() | nonnegative,
    variants=st.none() | st.floats(min_value=1e-6, max_value=1e6),
)
step_lists = st.lists(steps, max_size=4).map(tuple)


@st.composite
def states(draw):
    result = []
    basis = st.sampled_from(["", "measured", "estimated"])
    if draw(st.booleans()):
        result.append(State(draw(st.just("Current state") | name), draw(step_lists), "current", draw(basis)))
    if draw(st.booleans()):
        result.append(State(draw(st.just("Future state") | name), draw(step_lists), "future", draw(basis)))
    for _ in range(draw(st.integers(0, 2))):
        result.append(State(draw(name), draw(step_lists), "target", draw(basis)))
    return tuple(result)


def improvements(state_names):
    return st.builds(
    Improvement,
    name=name,
    waste_eliminated=text,
    impact=st.sampled_from(["", "high", "medium", "low"]),
    effort=st.sampled_from(["", "high", "Medium", "low"]),
    priority=st.none() | st.integers(1, 99),
    lead_time_reduction_hours=st.none() | finite,
    phase=st.none() | st.integers(-5, 9),
    duration_weeks=st.none() | nonnegative,
    extra=st.dictionaries(st.sampled_from(["owner", "budget", "status", "tags"]),
                          scalar | st.lists(scalar, max_size=3).map(tuple), max_size=3).map(lambda d: tuple(d.items())),
    states=st.lists(st.sampled_from(state_names), max_size=2).map(tuple) if state_names else st.just(()),
    cost=st.none() | nonnegative,
    annual_savings=st.none() | finite,
)
phases = st.builds(
    RoadmapPhase,
    phase=st.integers(-5, 20),
    improvements=st.lists(text, max_size=3).map(tuple),
    duration_weeks=st.none() | nonnegative,
    extra=st.dictionaries(st.sampled_from(["name", "goal"]), scalar, max_size=2).map(lambda d: tuple(d.items())),
)
demands = st.builds(Demand, available_minutes=nonnegative, units=nonnegative, period=name,
                    periods_per_day=st.floats(min_value=1e-3, max_value=100))
rules = st.builds(DurationRule, hours_per_day=st.floats(min_value=0.5, max_value=24),
                  days_per_week=st.floats(min_value=0.5, max_value=7))


@st.composite
def evaluations(draw, state_names=()):
    if state_names and draw(st.booleans()):  # alternatives: states
        alternatives = tuple(state_names)
    else:
        alternatives = tuple(draw(st.lists(text, max_size=4)))
    indicators = tuple(
        Indicator(name=draw(name), group=draw(st.sampled_from(GROUPS)), worst=draw(finite), best=draw(finite),
                  values=tuple(draw(st.lists(st.none() | finite, min_size=len(alternatives),
                                             max_size=len(alternatives)))),
                  function=draw(st.sampled_from(["linear", "exponential"])), curvature=draw(st.none() | finite),
                  unit=draw(text), measure=draw(st.sampled_from(("",) + MEASURE_KEYS)))
        for _ in range(draw(st.integers(0, 4)))
    )
    named: tuple = ()
    if state_names and alternatives and draw(st.booleans()):  # some alternatives name their state
        named = tuple(draw(st.none() | st.sampled_from(state_names)) for _ in alternatives)
        named = tuple(None if s == a else s for s, a in zip(named, alternatives))
        named = named if any(named) else ()
    pairwise = {}
    for group in draw(st.lists(st.sampled_from(GROUPS), unique=True)):
        n = draw(st.integers(1, 3))
        cell = st.none() | st.sampled_from([0.0, 1.0, 2.0]) | finite
        matrix = tuple(tuple(draw(cell) for _ in range(n)) for _ in range(n))
        pairwise[group] = PairwiseMatrix(tuple(draw(st.lists(text, min_size=n, max_size=n))), matrix)
    return EvaluationModel(alternatives, indicators, pairwise, named)


@st.composite
def streams_with_states(draw):
    found = draw(states())
    names = tuple(dict.fromkeys(s.name for s in found))
    return draw(st.builds(
        ValueStream,
        name=text, states=st.just(found), version=text, date=text, analyst=text,
        boundaries=st.dictionaries(name, text, max_size=3).map(lambda d: tuple(d.items())),
        improvements=st.lists(improvements(names), max_size=3).map(tuple),
        roadmap=st.lists(phases, max_size=2).map(tuple),
        evaluation=st.none() | evaluations(names),
        demand=st.none() | demands,
        duration_rule=rules,
    ))


streams = streams_with_states()

SETTINGS = settings(max_examples=int(os.environ.get("VSM_HYPOTHESIS_EXAMPLES", "80")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(streams)
def test_dict_round_trip(stream):
    assert stream_from_dict(stream_to_dict(stream)) == stream


@SETTINGS
@given(streams)
def test_yaml_text_round_trip(stream):
    assert loads_yaml(dump_yaml(stream)) == stream


@SETTINGS
@given(streams)
def test_json_text_round_trip(stream):
    assert loads_document(dump_json(stream), json_text=True).stream == stream
