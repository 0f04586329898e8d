"""Uncertain step times (core.time_ranges): the lead-time percentiles of a state with triangular
step times against a numerical convolution of the triangular densities, the rules of the draws,
and the YAML front end (read, write, read again)."""
from __future__ import annotations

import math

import pytest

from vsm_xl.core.errors import InputError
from vsm_xl.core.model import State, Step
from vsm_xl.core.time_ranges import lead_time_draws, percentile, state_uncertainty, total_draws


def _triangular_density(low, mode, high, h):
    """The triangular density sampled every ``h`` from 0 (a list, mass summing to 1)."""
    n = int(round(high / h)) + 1
    out = []
    for k in range(n):
        x = k * h
        if x < low or x > high:
            out.append(0.0)
        elif x <= mode:
            out.append(2 * (x - low) / ((high - low) * (mode - low)) if mode > low else 0.0)
        else:
            out.append(2 * (high - x) / ((high - low) * (high - mode)))
    total = sum(out)
    return [v / total for v in out]


def _convolve(a, b):
    out = [0.0] * (len(a) + len(b) - 1)
    for i, x in enumerate(a):
        if x:
            for j, y in enumerate(b):
                out[i + j] += x * y
    return out


def _quantile_of(mass, h, q):
    running = 0.0
    for k, m in enumerate(mass):
        if running + m >= q:
            return (k - 1 + (q - running) / m) * h + h / 2 if m else k * h
        running += m
    return (len(mass) - 1) * h


def test_lead_time_percentiles_equal_a_numerical_convolution():
    """Three steps: LT triangular (60, 120, 300), (30, 45, 200) min and an exact 90 min; the sum's
    p5 / median / p95 by convolving the two densities on a 0.5 min grid, shifted by 90 min, equal the
    simulation's within sampling error (20,000 draws: the p5's standard error is ~1.3 min here)."""
    ranges = ((60.0, 120.0, 300.0), (30.0, 45.0, 200.0))
    steps = [Step("A", 10, 120, lead_time_range=ranges[0]), Step("B", 5, 45, lead_time_range=ranges[1]),
             Step("C", 20, 90)]
    h = 0.5
    mass = _convolve(*(_triangular_density(*r, h) for r in ranges))
    drawn = lead_time_draws(steps, draws=20000, seed=3)
    for q in (0.05, 0.5, 0.95):
        exact = 90 + _quantile_of(mass, h, q)
        assert math.isclose(percentile(drawn, q), exact, abs_tol=6.0), (q, percentile(drawn, q), exact)
    # and the convolution itself is right: its mean is the sum of the triangular means
    mean = sum(k * h * m for k, m in enumerate(mass))
    assert math.isclose(mean, sum(sum(r) / 3 for r in ranges), abs_tol=0.3)


def test_the_spread_of_a_state_and_its_flow_efficiency():
    state = State("S", (Step("A", 10, 100, process_time_range=(5, 10, 20)), Step("B", 30, 60,
                                                                             lead_time_range=(40, 60, 200))))
    found = state_uncertainty(state, draws=4000, seed=1)
    assert found.ranged == 2 and found.draws == 4000
    pts, lts = total_draws(state.steps, draws=4000, seed=1)
    assert found.lead_time.median == percentile(lts, 0.5)
    assert found.lead_time.p5 < 160 < found.lead_time.p95  # 100 + likely 60
    assert 35 < found.process_time.median < 50
    fe = sorted(p / lt for p, lt in zip(pts, lts))
    assert found.flow_efficiency.p95 == percentile(fe, 0.95)
    assert state_uncertainty(State("exact", (Step("A", 1, 2),))) is None


def test_lead_times_do_not_depend_on_process_time_ranges():
    """The LT draws come from their own generator: a PT range changes nothing of them."""
    lt = (Step("A", 5, 60, lead_time_range=(30, 60, 120)), Step("B", 5, 30))
    with_pt = (lt[0], Step("B", 5, 30, process_time_range=(1, 5, 20)))
    assert lead_time_draws(lt, draws=50, seed=2) == lead_time_draws(with_pt, draws=50, seed=2)
    assert lead_time_draws(lt, draws=50, seed=2) != lead_time_draws(lt, draws=50, seed=3)


def test_parallel_branches_take_the_longer_drawn_lead_time():
    steps = (Step("A", 1, 10, position=1, lead_time_range=(1, 10, 19)), Step("B", 1, 10, position=1,
                                                                              lead_time_range=(1, 10, 19)))
    drawn = lead_time_draws(steps, draws=3000, seed=0)
    # the larger of two triangular(1, 10, 19): its median is above 10
    assert percentile(drawn, 0.5) > 11


def test_wait_time_ranges_add_to_the_drawn_process_time():
    steps = (Step("A", 10, 70, process_time_range=(5, 10, 20), wait_time_range=(60, 60, 60)),)
    pts, lts = total_draws(steps, draws=200, seed=0)
    assert all(math.isclose(lt - pt, 60) for pt, lt in zip(pts, lts))


@pytest.mark.parametrize("step, words", [
    (Step("A", 30, 60, lead_time_range=(20, 60, 90)), "lowest lead time"),
    (Step("A", 30, 40, process_time_range=(10, 30, 50)), "highest process time"),
])
def test_ranges_that_would_draw_a_lead_time_below_the_process_time_are_refused(step, words):
    with pytest.raises(InputError, match=words):
        total_draws((step,), draws=5)


def test_yaml_reads_writes_and_reads_again_the_ranges(tmp_path):
    from vsm_xl.core.analysis import analyze
    from vsm_xl.io.yaml_io import read_yaml, write_yaml

    source = tmp_path / "ranged.yaml"
    source.write_text(
        "value_stream:\n  name: Ranged\n  current_state:\n    steps:\n"
        "      - {name: A, process_time_minutes: {low: 5, likely: 10, high: 20}, lead_time_days: {low: 1, likely: 2, high: 5}}\n"
        "      - {name: B, process_time_minutes: 30, wait_time_hours: {low: 2, likely: 4, high: 12}}\n",
        encoding="utf-8")
    stream = read_yaml(source)
    a, b = stream.states[0].steps
    assert a.process_time_range == (5, 10, 20) and a.lead_time_range == (1440, 2880, 7200)
    assert b.wait_time_range == (120, 240, 720) and b.lead_time == 270
    analysis = analyze(stream)
    assert analysis.spreads[0] == state_uncertainty(stream.states[0])
    out = tmp_path / "out.yaml"
    write_yaml(stream, out, analysis)
    text = out.read_text(encoding="utf-8")
    assert "total_lead_time_p95_hours" in text and "flow_efficiency_median_percent" in text
    again = read_yaml(out).states[0].steps
    assert (again[0].lead_time_range, again[1].wait_time_range) == (a.lead_time_range, b.wait_time_range)


def test_yaml_names_a_bad_range_by_its_path(tmp_path):
    from vsm_xl.core.errors import ValidationError
    from vsm_xl.io.yaml_io import read_yaml

    source = tmp_path / "bad.yaml"
    source.write_text("value_stream:\n  current_state:\n    steps:\n"
                      "      - {name: A, process_time_minutes: 5, lead_time_minutes: {low: 50, likely: 20, high: 90}}\n",
                      encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_yaml(source)
    assert any("steps[0].lead_time_minutes" in (p.location or "") and "low <= likely <= high" in p.message
               for p in caught.value.problems)
