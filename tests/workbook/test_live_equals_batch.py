"""Live equals batch on random models: the template's own formulas, computed by the ``formulas``
engine with vsm_xl.udfs bound in, give every result cell the figure ``vsm-xl evaluate`` (the
batch: read_workbook + the core's analysis) gives, within 1e-9.

Each workbook holds many random states (a state is one random model of the Steps sheet:
parallel branches, blanks, duration texts in every unit and plain numbers in the sheet's time
unit) under random settings (time unit, working hours per day, working days per week), and a
random evaluation (the claims-handling indicators with random values). The expected figures
come from reading the written workbook back, not from the generator.
"""
from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest

from vsm_xl.core.durations import DurationRule
from vsm_xl.core.model import State, Step, ValueStream
from vsm_xl.workbook import layout as L
from vsm_xl.workbook.evaluated import expected_values

WORKBOOKS = 10
STATES_PER_WORKBOOK = 20  # 200 random models in all
UNITS = ("s", "min", "h", "d", "w")


def _text(minutes: float, rule: DurationRule, number_unit: str, rng: random.Random):
    """A cell holding ``minutes``: a number in the sheet's unit or a duration text in any unit."""
    form = rng.choice(("number", "unit", "unit", "compound", "clock", "comma"))
    if form == "number":  # as typed: the formulas engine reads numbers to 15 digits (Excel's precision)
        return float(f"{minutes / rule.minutes_per(number_unit):.10g}")
    if form == "compound" and minutes >= 60:
        hours, rest = divmod(minutes, 60)
        return f"{int(hours)} h {rest:g} m"
    if form == "clock" and minutes == int(minutes):
        return f"{int(minutes) // 60}:{int(minutes) % 60:02d}"
    unit = rng.choice(UNITS)
    value = minutes / rule.minutes_per(unit)
    text = repr(value)  # reads back as the same float
    if "e" in text:
        unit, text = "m", repr(minutes)
    return f"{text.replace('.', ',')} {unit}" if form == "comma" else f"{text}{unit}"


def _state(rng: random.Random, index: int) -> State:
    steps = []
    for k in range(rng.randint(1, 4)):
        pt = rng.choice((0.5, 5, 15, 30, 45, 90, 120, 240, 480, 1440))
        lt = pt + rng.choice((10, 60, 600, 1440, 2880, 10080))  # LT > PT even after rounding
        steps.append(Step(
            f"S{index}-{k}", pt, lt,
            complete_accurate=rng.choice((None, 0.5, 0.85, 1.0)),
            inventory=rng.choice((None, 0, 3, 12.5)),
            resources=rng.choice((1.0, 1.0, 2.0, 3.0)),
            position=rng.choice((None, None, k, max(k - 1, 0), 1))))
    return State(f"State {index}", tuple(steps), "current" if index == 0 else "future")


def _workbook(tmp_path, seed: int, claims):
    from vsm_xl.workbook.cached_values import add_cached_values
    from vsm_xl.workbook.template import build_workbook

    rng = random.Random(seed)
    rule = DurationRule(rng.choice((24, 8, 7.5)), rng.choice((7, 5, 6)))
    unit = rng.choice(L.TIME_UNITS)
    evaluation = claims.evaluation
    evaluation = replace(evaluation, indicators=tuple(
        replace(ind, values=tuple(rng.uniform(min(ind.worst, ind.best) - 1, max(ind.worst, ind.best) + 1)
                                  for _ in ind.values)) for ind in evaluation.indicators))
    stream = ValueStream(f"random {seed}", tuple(_state(rng, s) for s in range(STATES_PER_WORKBOOK)),
                         evaluation=evaluation, duration_rule=rule)
    wb, geometry = build_workbook(stream, room=False)
    ws = wb[L.STEPS]
    ws.cell(geometry.settings["time_unit"], L.SETTINGS_VALUE_COL).value = unit
    for block, state in zip(geometry.blocks, stream.states):
        for r, step in zip(block.rows, state.steps):  # the durations as people type them
            ws.cell(r, block.columns["pt"]).value = _text(step.process_time, rule, unit, rng)
            ws.cell(r, block.columns["lt"]).value = _text(step.lead_time, rule, unit, rng)
    path = tmp_path / f"random-{seed}.xlsx"
    wb.save(path)
    assert add_cached_values(path)
    return path


def _same(expected, got) -> bool:
    if expected is None:
        return got in (None, "")
    if isinstance(expected, str):
        return got == expected
    return isinstance(got, float) and math.isclose(got, expected, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("seed", range(WORKBOOKS))
def test_live_formulas_equal_the_batch_on_random_models(tmp_path, streams, seed):
    pytest.importorskip("formulas")
    import vsm_xl.udfs as udfs
    from tests.support.formula_engine import evaluate_workbook
    from vsm_xl.workbook.reader import read_workbook

    path = _workbook(tmp_path, seed, streams["claims_handling"])
    read = read_workbook(path)  # the batch: what vsm-xl evaluate computes
    expected = expected_values(read, read.analysis)
    cells = evaluate_workbook(path, {name: getattr(udfs, name) for name in udfs.__all__}, strict=True)
    wrong = {a: (v, cells.get(a)) for a, v in expected.items() if not _same(v, cells.get(a))}
    assert not wrong
    assert len(read.analysis.states) == STATES_PER_WORKBOOK
    # every kind of figure was compared: totals, FE and band, bottlenecks, u, weights, G, WBF
    block = read.geometry.blocks[0]
    for key in ("flow_efficiency", "flow_rating", "capacity_constraint", "largest_delay"):
        assert L.address(L.STEPS, L.SUMMARY_VALUE_COL, block.summary_rows[key]) in expected
    t = read.geometry.results
    assert L.address(L.RESULTS, t.col(0), t.row("wbf")) in expected
