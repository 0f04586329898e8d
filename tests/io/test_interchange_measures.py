"""The interchange format of one study: measures, alternatives that are states, a state's basis,
the step fields of EPEI / OEE / space and the improvements of each state; every problem at its
YAML path."""
import pytest

from vsm_xl.api import Document, analyze_document
from vsm_xl.core.errors import ValidationError
from vsm_xl.io.yaml_io import loads_document, loads_yaml

STUDY = """
value_stream:
  name: Study
  current_state:
    basis: measured
    steps:
      - {name: Cut, process_time: 30m, lead_time: 6h, area: 100}
      - {name: Paint, process_time: 90m, lead_time: 18h, area: 300, changeover_minutes: 240, variants: 2,
         operating_time_hours: 256, availability: 100%, performance: 0.95, quality: 99}
  target_states:
    - name: Flow
      basis: estimated
      steps:
        - {name: Cut, process_time: 30m, lead_time: 2h, area: 100}
        - {name: Paint, process_time: 90m, lead_time: 4h, area: 200, changeover_minutes: 240, variants: 2,
           operating_time_hours: 256, availability: 1, performance: 1, quality: 1}
  improvements:
    - {name: Cell, cost: 1000, annual_savings: 400, states: [Flow]}
evaluation:
  alternatives: states
  indicators:
    - {name: Lead time, group: non-monetary, unit: h, measure: lead_time, worst: 48, best: 0}
    - {name: OEE, group: non-monetary, unit: "%", measure: oee, worst: 50, best: 100}
    - {name: Investment, group: monetary, measure: investment, worst: 2000, best: 0}
  pairwise:
    non-monetary: {indicators: [Lead time, OEE], matrix: [[null, 1], [1, null]]}
"""


def _analyze(text: str):
    read = loads_document(text)
    return analyze_document(Document(read.stream, read.warnings, read.locate))


def _problems(text: str, old: str, new: str) -> dict:
    assert old in text
    with pytest.raises(ValidationError) as caught:
        _analyze(text.replace(old, new))
    return {p.location: p.message for p in caught.value.problems}


def test_a_study_reads_and_evaluates():
    """LT 24 h and 6 h; OEE 1 x 0.95 x 0.99 = 94.05 % and 100 %; investment 0 and 1000."""
    stream = loads_yaml(STUDY)
    assert stream.evaluation.alternatives == ("Current state", "Flow")
    assert [s.basis for s in stream.states] == ["measured", "estimated"]
    paint = stream.states[0].steps[1]
    assert (paint.operating_time, paint.variants, paint.availability, paint.quality) == (15360, 2, 1.0, 0.99)
    assert stream.improvements[0].states == ("Flow",)
    analysis, _ = _analyze(STUDY)
    values = [ind.values for ind in analysis.model.indicators]
    assert values[0] == (24.0, 6.0)
    assert values[1] == (pytest.approx(94.05), pytest.approx(100.0))
    assert values[2] == (0.0, 1000.0)


def test_an_alternative_names_its_state():
    text = STUDY.replace("alternatives: states", "alternatives: [{name: Today, state: Current state}, "
                                                 "{name: Proposal, state: Flow}]")
    analysis, _ = _analyze(text)
    assert analysis.model.alternatives == ("Today", "Proposal")
    assert analysis.model.indicators[0].values == (24.0, 6.0)
    assert analysis.state_of("Proposal").basis == "estimated"


@pytest.mark.parametrize("old, new, path, words", [
    ("{name: Lead time, group: non-monetary, unit: h, measure: lead_time, worst: 48, best: 0}",
     "{name: Lead time, group: non-monetary, unit: h, measure: lead_time, worst: 48, best: 0, values: [3, 4]}",
     "evaluation.indicators[0].values[0]", "typed"),
    ("measure: lead_time", "measure: speed", "evaluation.indicators[0].measure", "unknown measure 'speed'"),
    ("unit: h, measure: lead_time", "unit: EUR, measure: lead_time", "evaluation.indicators[0].unit",
     "not a time unit"),
    ("availability: 100%, ", "", "value_stream.current_state.steps[1]", "availability"),
    ("basis: estimated", "basis: guessed", "value_stream.target_states[0].basis", "measured or estimated"),
    ("states: [Flow]", "states: [Flo]", "value_stream.improvements[0].states[0]", "'Flo' is not one of the states"),
    ("alternatives: states", "alternatives: [{name: A, state: Nowhere}, Flow]",
     "evaluation.alternatives[0].state", "'Nowhere' is not one of the states"),
    ("alternatives: states", "alternatives: [Current state, Option B]", "evaluation.indicators[0].measure",
     "'Option B' is no state"),
    ("performance: 0.95", "performance: 150%", "value_stream.current_state.steps[1].performance", "between"),
])
def test_problems_name_their_yaml_path(old, new, path, words):
    problems = _problems(STUDY, old, new)
    assert path in problems, problems
    assert words in problems[path]
