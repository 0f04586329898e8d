"""Uncertain step times carried into SMAA-2 (issue 20): a measured indicator (lead time, flow
efficiency ...) of a state whose steps are ranges takes, in each draw, that draw's figure of the
state (vsm_xl.core.measured_draws).

The expected probability is independent of the code: P(A ranks first) = P(A's total lead time
< B's fixed one), computed by numerical integration of the triangular densities of A's two
step lead times (the convolution), checked within 4.5 sampling standard errors."""
from __future__ import annotations

import math

import pytest

from vsm_xl.core.analysis import analyze
from vsm_xl.core.measured_draws import measured_samples
from vsm_xl.core.model import EvaluationModel, Indicator, PairwiseMatrix, State, Step, ValueStream
from vsm_xl.core.smaa import analysis_smaa

X, Y = (120.0, 240.0, 720.0), (60.0, 300.0, 540.0)  # A's two step lead times (min): low, likely, high
B_LEAD = 600.0  # B's one step: exactly 10 h
DRAWS = 20_000


def stream(*indicators) -> ValueStream:
    a = State("A", (Step("X", 10, 240, lead_time_range=X), Step("Y", 10, 300, lead_time_range=Y)), "current")
    b = State("B", (Step("Z", 20, B_LEAD),), "target")
    # a monetary indicator equal for both: the ranking is the lead time's alone
    names = tuple(i.name for i in indicators)
    pairwise = {"non-monetary": PairwiseMatrix(names, ((None, 1), (1, None)))} if len(names) == 2 else {}
    model = EvaluationModel(("A", "B"), tuple(indicators) + (Indicator("Cost", "monetary", 10, 0, (5.0, 5.0)),),
                            pairwise)
    return ValueStream("two states", (a, b), evaluation=model)


LEAD = Indicator("Lead time", "non-monetary", 30, 0, (), unit="h", measure="lead_time")


def triangular_pdf(x, low, mode, high):
    if x < low or x > high:
        return 0.0
    if x <= mode:
        return 2 * (x - low) / ((high - low) * (mode - low))
    return 2 * (high - x) / ((high - low) * (high - mode))


def triangular_cdf(x, low, mode, high):
    if x <= low:
        return 0.0
    if x >= high:
        return 1.0
    if x <= mode:
        return (x - low) ** 2 / ((high - low) * (mode - low))
    return 1 - (high - x) ** 2 / ((high - low) * (high - mode))


def p_sum_below(b, first, second, step=0.01):
    """P(S + T < b) for independent triangular S, T: the integral of f_S(s) F_T(b - s) ds
    (midpoint rule)."""
    n = int((first[2] - first[0]) / step)
    return sum(triangular_pdf(first[0] + (k + 0.5) * step, *first) * triangular_cdf(b - first[0] - (k + 0.5) * step,
                                                                                      *second) * step
               for k in range(n))


def test_a_straddling_lead_time_wins_as_often_as_the_convolution_says():
    expected = p_sum_below(B_LEAD, X, Y)
    assert 0.3 < expected < 0.9  # A's range straddles B's lead time: neither always wins
    found = analysis_smaa(analyze(stream(LEAD)), draws=DRAWS, seed=3)
    se = math.sqrt(expected * (1 - expected) / DRAWS)
    assert found.alternative("A").first_share == pytest.approx(expected, abs=4.5 * se)
    assert found.alternative("B").first_share == pytest.approx(1 - expected, abs=4.5 * se)
    assert found.measured == 1 and found.ranges == 0  # A's lead time drawn; B's is exact


def test_without_step_ranges_the_lead_time_is_the_one_value():
    exact = stream(LEAD)
    fixed = ValueStream(exact.name, (State("A", tuple(Step(s.name, s.process_time, s.lead_time)
                                                      for s in exact.states[0].steps), "current"),
                                     exact.states[1]), evaluation=exact.evaluation)
    found = analysis_smaa(analyze(fixed), draws=500, seed=3)
    assert found.measured == 0
    assert found.alternative("A").first_share == 1.0  # 9 h 0 min < 10 h, every draw


def test_lead_time_and_flow_efficiency_of_a_draw_come_from_the_same_step_times():
    fe = Indicator("Flow efficiency", "non-monetary", 0, 100, (), unit="%", measure="flow_efficiency")
    s = stream(LEAD, fe)
    analysis = analyze(s)
    samples = measured_samples(s, analysis.model, draws=300, seed=1)
    assert set(samples) == {("Lead time", "A"), ("Flow efficiency", "A")}
    lead_hours, efficiency = samples[("Lead time", "A")], samples[("Flow efficiency", "A")]
    # PT is exact (20 min): FE = 20 min / LT of the same draw
    assert [f / 100 * h * 60 for f, h in zip(efficiency, lead_hours)] == pytest.approx([20.0] * 300, rel=1e-12)
    assert len(set(lead_hours)) == 300  # drawn anew each time


def test_seeded_and_reproducible():
    analysis = analyze(stream(LEAD))
    first, again = (analysis_smaa(analysis, draws=400, seed=9) for _ in range(2))
    assert first == again
    assert analysis_smaa(analysis, draws=400, seed=10).alternative("A").first_share != \
        first.alternative("A").first_share


def test_states_are_drawn_independently_of_each_other():
    """Two states with the same ranged steps: their lead times are uncorrelated (|r| within 4.5
    standard errors of 0), not the same numbers twice."""
    s = stream(LEAD)
    twin = State("B", s.states[0].steps, "target")
    s = ValueStream(s.name, (s.states[0], twin), evaluation=s.evaluation)
    samples = measured_samples(s, analyze(s).model, draws=2000, seed=0)
    a, b = samples[("Lead time", "A")], samples[("Lead time", "B")]
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    r = sum((x - ma) * (y - mb) for x, y in zip(a, b)) / math.sqrt(sum((x - ma) ** 2 for x in a)
                                                                    * sum((y - mb) ** 2 for y in b))
    assert abs(r) < 4.5 / math.sqrt(2000)
