"""Live equals batch on random models: the template's own formulas, computed by the ``formulas``
engine with vsm_xl.udfs bound in, give every result cell the figure ``vsm-xl evaluate`` (the
batch: read_workbook + the core's analysis) gives, within 1e-9.

Each workbook holds many random states (a state is one random model of the Steps sheet:
parallel branches, blanks, duration texts in every unit and plain numbers in the sheet's time
unit) under random settings (time unit, working hours per day, working days per week), and a
random evaluation (the claims-handling indicators with random values, and measured indicators:
random measures of core.measures in random units, of random states named by the alternatives,
with random areas, OEE and EPEI fields, bottleneck marks and improvements with costs and savings
per state). The expected figures come from reading the written workbook back, not from the
generator.
"""
from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest

from vsm_xl.core.durations import DurationRule
from vsm_xl.core.measures import MEASURES, SHARE, TIME
from vsm_xl.core.model import Demand, Improvement, Indicator, State, Step, ValueStream
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.evaluated.result_cells import expected_values

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
            complete_accurate=rng.choice((None, 0.5, 0.85, 1.0)) if k else rng.choice((0.5, 0.85, 1.0)),
            inventory=rng.choice((None, 0, 3, 12.5)) if k else rng.choice((0, 3, 12.5)),
            resources=rng.choice((1.0, 1.0, 2.0, 3.0)),
            position=rng.choice((None, None, k, max(k - 1, 0), 1)),
            # the fields of the measured indicators: space, OEE and EPEI of the pacemaker
            area=rng.choice((None, 0, 12.5, 400)) if k else rng.choice((0, 12.5, 400)), availability=rng.choice((0.5, 0.875, 1.0)),
            performance=rng.choice((0.6, 0.95, 1.0)), quality=rng.choice((0.9, 0.995, 1.0)),
            operating_time=rng.choice((60, 512.5, 15360)), changeover=rng.choice((0, 7.5, 240)),
            variants=rng.choice((None, 1, 3)), marked_bottleneck=rng.random() < 0.1))
    return State(f"State {index}", tuple(steps), "current" if index == 0 else "future")


TIME_UNIT_WORDS = ("", "min", "h", "d", "w", "hours", "Tage", "s")
SHARE_UNIT_WORDS = ("", "%", "percent")


def _measured(rng: random.Random, n: int, seed: int) -> tuple:
    """``n`` measured indicators with measures in turn (the workbooks together measure every one)
    and random units (worst and best wide apart: a value outside them is clipped, as typed
    values are)."""
    result = []
    for i in range(n):
        measure = MEASURES[(seed * n + i) % len(MEASURES)]
        unit = rng.choice(TIME_UNIT_WORDS if measure.kind == TIME else SHARE_UNIT_WORDS if measure.kind == SHARE
                          else ("", measure.unit))
        worst, best = rng.choice(((0.0, 2e6), (2e6, 0.0), (1.0, 0.0)))
        result.append(Indicator(f"Measured {i} {measure.key}", rng.choice(("monetary", "non-monetary")), worst, best,
                                (), function=rng.choice(("linear", "exponential")), unit=unit, measure=measure.key))
    return tuple(result)


def _workbook(tmp_path, seed: int, claims):
    from vsm_xl.workbook.evaluated.cached_values import add_cached_values
    from vsm_xl.workbook.sheets.template import build_workbook

    rng = random.Random(seed)
    rule = DurationRule(rng.choice((24, 8, 7.5)), rng.choice((7, 5, 6)))
    unit = rng.choice(L.TIME_UNITS)
    evaluation = claims.evaluation
    states = tuple(_state(rng, s) for s in range(STATES_PER_WORKBOOK))
    names = [state.name for state in states]
    typed = tuple(replace(ind, values=tuple(rng.uniform(min(ind.worst, ind.best) - 1, max(ind.worst, ind.best) + 1)
                                            for _ in ind.values)) for ind in evaluation.indicators)
    measured = _measured(rng, 4, seed)
    measured = tuple(replace(ind, values=(None,) * len(evaluation.alternatives)) for ind in measured)
    pairwise = {group: replace(matrix, indicators=matrix.indicators + tuple(i.name for i in measured
                                                                           if i.group == group),
                               matrix=_grown(matrix.matrix, sum(i.group == group for i in measured)))
                for group, matrix in evaluation.pairwise.items()}
    evaluation = replace(evaluation, indicators=typed + measured, pairwise=pairwise,
                         states=tuple(rng.sample(names, len(evaluation.alternatives))))
    improvements = tuple(Improvement(f"I{n}", states=tuple(rng.sample(names, rng.randint(0, 3))),
                                     cost=rng.choice((None, 1500.5, 20000)),
                                     annual_savings=rng.choice((None, -20, 7000.25)))
                         for n in range(rng.randint(0, 4)))
    stream = ValueStream(f"random {seed}", states, evaluation=evaluation, duration_rule=rule,
                         improvements=improvements,
                         demand=Demand(available_minutes=450, units=rng.choice((3, 90.5)),
                                       periods_per_day=rng.choice((1, 2))))
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


def _grown(matrix, extra: int) -> tuple:
    """A 0/1/2 matrix with ``extra`` indicators more, each as important as every other one."""
    n = len(matrix) + extra
    return tuple(tuple(None if i == j else (matrix[i][j] if i < len(matrix) and j < len(matrix) else 1.0)
                       for j in range(n)) for i in range(n))


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
    from vsm_xl.workbook.read.reader import read_workbook

    path = _workbook(tmp_path, seed, streams["claims_handling"])
    read = read_workbook(path)  # the batch: what vsm-xl evaluate computes
    expected = expected_values(read, read.analysis)
    # the drawn Map and the Charts' data hold no result cell: left out, the engine takes 1/7 the time
    cells = evaluate_workbook(path, {name: getattr(udfs, name) for name in udfs.__all__}, strict=True,
                              without=(L.MAP, L.CHARTS))
    wrong = {a: (v, cells.get(a)) for a, v in expected.items() if not _same(v, cells.get(a))}
    assert not wrong
    assert len(read.analysis.states) == STATES_PER_WORKBOOK
    # every kind of figure was compared: totals, FE and band, bottlenecks, u, weights, G, WBF
    block = read.geometry.blocks[0]
    for key in ("flow_efficiency", "flow_rating", "capacity_constraint", "largest_delay"):
        assert L.address(L.STEPS, L.SUMMARY_VALUE_COL, block.summary_rows[key]) in expected
    t = read.geometry.results
    assert L.address(L.RESULTS, t.col(0), t.row("wbf")) in expected
    # and the measured indicators: their values came from the states, and so did the engine's
    ind = read.geometry.indicators
    model = read.analysis.model
    rows = [r for r, i in zip(ind.indicator_rows, model.indicators) if i.measure]
    assert len(rows) == 4
    for r, i in zip(rows, (i for i in model.indicators if i.measure)):
        for j, value in enumerate(i.values):
            assert isinstance(value, float)
            assert expected[L.address(L.INDICATORS, ind.value_col(j), r)] == value
