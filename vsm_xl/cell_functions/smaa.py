"""Cell arguments of the SMAA-2 and step-time cell functions (VSM_P_BEST, VSM_RANK_ACCEPTABILITY,
VSM_CENTRAL_WEIGHTS, VSM_LEAD_TIME_PERCENTILE) turned into the core's inputs, and the results
remembered: the functions of one Sensitivity sheet share their arguments, so a recalculation
runs the simulation once, not once per formula.

The study is the Indicators table as ``vsm-xl sensitivity --smaa`` reads it (names, groups,
worst, best, function, curvature, one column of values per alternative) and the Estimates
sheet's ranges (indicator, alternative, low, likely, high; a blank likely is the value). Weights
are drawn on each group's whole simplex (``--smaa-weights GROUP=simplex``, the default where no
team judged) or within bounds given per indicator. Same seed, same draws: the same figures as
the command line.
"""
from __future__ import annotations

import dataclasses
from collections import OrderedDict
from dataclasses import dataclass

from vsm_xl.cell_functions import shared as cells
from vsm_xl.core.errors import InputError, NoDataError
from vsm_xl.core.evaluation import normalize_group
from vsm_xl.core.measured_draws import state_samples
from vsm_xl.core.measures import TOTALS_MEASURES, normalize_measure
from vsm_xl.core.model import GROUPS, EvaluationModel, Indicator, PairwiseMatrix, Step
from vsm_xl.core.sensitivity import DEFAULT_DISTRIBUTION
from vsm_xl.core.smaa import SIMPLEX, SmaaResult, smaa
from vsm_xl.core.time_ranges import DEFAULT_TIME_DRAWS, lead_time_draws

CELL_DRAWS = DEFAULT_TIME_DRAWS  # the cell functions' default number of draws (2000)
_KEEP = 16  # results remembered (one per distinct set of arguments)
_memory: OrderedDict = OrderedDict()


def _frozen(value):
    """A hashable copy of a cell argument (lists of rows become tuples)."""
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if not isinstance(value, (str, int, float, bool, type(None))) and hasattr(value, "tolist"):
        return _frozen(value.tolist())
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def remembered(kind: str, compute, *args):
    """``compute(*args)``, or its result from an earlier call with equal arguments."""
    try:
        key = (kind,) + _frozen(args)
        hash(key)
    except TypeError:
        return compute(*args)
    if key in _memory:
        _memory.move_to_end(key)
        return _memory[key]
    result = compute(*args)
    _memory[key] = result
    if len(_memory) > _KEEP:
        _memory.popitem(last=False)
    return result


def settings(seed, draws, distribution, default_draws: int = CELL_DRAWS) -> tuple[int, int, str]:
    seed_value = cells.option_number(seed, "seed", 0.0)
    count = cells.option_number(draws, "draws", float(default_draws))
    if not seed_value.is_integer() or not count.is_integer() or count < 1:
        raise InputError("seed must be a whole number and draws a whole number of at least 1")
    return int(seed_value), int(count), cells.option_text(distribution, "distribution", DEFAULT_DISTRIBUTION)


class Study:
    """The Indicators table read from cells: the model SMAA-2 runs on and which columns of the
    values block are alternatives (the others stay blank in results)."""

    def __init__(self, names, groups, worst, best, values, alternatives=None, ranges=None, function=None,
                 curvature=None):
        b, functions = cells.value_functions(values, worst, best, "linear" if function is None else function,
                                             curvature)
        self.width, self.height = b.width, b.height
        name_cells = cells.per_row(names, "names", b.height, "values")
        group_cells = cells.per_row(groups, "groups", b.height, "values")
        self.rows = [i for i, vf in enumerate(functions) if vf is not None and not cells.is_empty(name_cells[i])]
        if not self.rows:
            raise NoDataError("no indicators: every row is empty")
        heads = cells.per_row(alternatives, "alternatives", b.width, "values") if alternatives is not None \
            else [f"column {j + 1}" for j in range(b.width)]
        self.columns = [j for j in range(b.width) if not cells.is_empty(heads[j]) and
                        any(not cells.is_empty(b.rows[i][j]) for i in self.rows)]
        if len(self.columns) < 2:
            raise NoDataError("SMAA needs at least two alternatives with values")
        alt_names = [cells.text(heads[j], "alternative") for j in self.columns]
        indicators = []
        for i in self.rows:
            vf, label = functions[i], f"row {i + 1}"
            name = cells.located(label, cells.text, name_cells[i], "name")
            group = cells.located(label, lambda g: normalize_group(cells.text(g, "group")), group_cells[i])
            vals = tuple(cells.located(b.label(i, j), cells.number, b.rows[i][j], "value") for j in self.columns)
            indicators.append(Indicator(name, group, vf.worst, vf.best, vals, vf.function, vf.curvature))
        indicators = _with_ranges(indicators, alt_names, ranges)
        pairwise = {g: _equal_matrix([ind.name for ind in indicators if ind.group == g]) for g in GROUPS}
        self.model = EvaluationModel(tuple(alt_names), tuple(indicators),
                                     {g: m for g, m in pairwise.items() if m is not None})

    def run(self, seed: int, draws: int, distribution: str, measured=None) -> SmaaResult:
        return smaa(self.model, draws=draws, seed=seed, distribution=distribution,
                    sampling={g: SIMPLEX for g in GROUPS}, measured=measured)

    def row(self, per_alternative) -> list:
        """One row as wide as the values block: a figure per alternative column, blanks between."""
        out: list = [""] * self.width
        for j, x in zip(self.columns, per_alternative):
            out[j] = "" if x is None else x
        return out


def _equal_matrix(names):
    """A 0/1/2 matrix judging every pair equal: its weights only name the group's indicators
    (SMAA draws the weights on the whole simplex)."""
    if not names:
        return None
    n = len(names)
    return PairwiseMatrix(tuple(names), tuple(tuple(None if a == b else 1 for b in range(n)) for a in range(n)))


def _with_ranges(indicators, alternatives, ranges):
    """The indicators with the ranges of the Estimates table (rows: indicator, alternative, low,
    likely, high; blank rows skipped, a blank likely is the value)."""
    if ranges is None:
        return indicators
    b = cells.block(ranges, "ranges")
    if b.width != 5:
        raise InputError(f"ranges has {b.width} columns: give indicator, alternative, low, likely, high")
    found = {ind.name: [None] * len(alternatives) for ind in indicators}
    by_name = {ind.name: ind for ind in indicators}
    for i, (name, alt, low, likely, high) in enumerate(b.rows):
        if all(cells.is_empty(v) for v in (name, alt, low, likely, high)):
            continue
        label = f"ranges row {i + 1}"
        name, alt = cells.located(label, cells.text, name, "indicator"), cells.located(label, cells.text, alt,
                                                                                      "alternative")
        if name not in by_name or alt not in alternatives:
            raise InputError(f"{label}: no indicator {name!r} with a value for {alt!r}")
        j = alternatives.index(alt)
        mid = by_name[name].values[j] if cells.is_empty(likely) else cells.located(label, cells.number, likely, "likely")
        found[name][j] = (cells.located(label, cells.number, low, "low"), mid,
                          cells.located(label, cells.number, high, "high"))
    return [ind if not any(found[ind.name]) else
            Indicator(ind.name, ind.group, ind.worst, ind.best, ind.values, ind.function, ind.curvature,
                      ranges=tuple(found[ind.name])) for ind in indicators]


def smaa_of(names, groups, worst, best, values, alternatives, ranges, function, curvature, seed, draws,
            distribution, steps: StepsSheet | None = None) -> tuple[Study, SmaaResult]:
    """The study and its SMAA-2 result, remembered across the formulas of a sheet; measured
    indicators drawn with their states' step times where ``steps`` gives the Steps sheet."""
    def compute(*args):
        study = Study(*args[:9])
        chosen = settings(*args[9:12])
        return study, study.run(*chosen, measured=StepsSheet(*args[12:]).samples(study, *chosen))

    sheet = steps or StepsSheet()
    return remembered("smaa", compute, names, groups, worst, best, values, alternatives, ranges, function,
                      curvature, seed, draws, distribution,
                      *(getattr(sheet, f.name) for f in dataclasses.fields(sheet)))


@dataclass(frozen=True)
class StepsSheet:
    """What SMAA-2 needs to draw measured indicators (lead time, flow efficiency ... of each
    alternative's state) with the step times given as ranges, as ``vsm-xl sensitivity --smaa``
    does (core.measured_draws): the Measure and Unit of every indicator row, the state of every
    alternative column, and the Steps sheet's blocks as columns spanning all of them: ``labels``
    (columns A:B, the State / Total markers and the state's name), ``times`` (PT, LT), ``ranges``
    (PT low, PT high, LT low, LT high, WT low, WT high) and ``positions``; plain numbers in
    ``number_unit`` with ``hours_per_day`` and ``days_per_week``."""

    measures: object = None
    units: object = None
    states: object = None
    labels: object = None
    times: object = None
    ranges: object = None
    positions: object = None
    number_unit: object = None
    hours_per_day: object = None
    days_per_week: object = None

    def samples(self, study: Study, seed: int, draws: int, distribution: str) -> dict:
        """``{(indicator, alternative): value of each draw}`` (core.measured_draws.state_samples)."""
        if self.measures is None or self.labels is None:
            return {}
        keys = cells.per_row(self.measures, "measures", study.height, "values")
        units = cells.per_row(self.units, "units", study.height, "values") if self.units is not None \
            else [None] * study.height
        indicators = tuple(dataclasses.replace(ind, measure=normalize_measure(_optional_text(keys[i], "measure")),
                                               unit=_optional_text(units[i], "unit"))
                           for ind, i in zip(study.model.indicators, study.rows))
        if not any(ind.measure in TOTALS_MEASURES for ind in indicators):
            return {}
        heads = cells.per_row(self.states, "states", study.width, "values") if self.states is not None \
            else [None] * study.width
        model = dataclasses.replace(study.model, indicators=indicators,
                                    states=tuple(_optional_text(heads[j], "state") or None for j in study.columns))
        clock = cells.Clock(None, self.number_unit, self.hours_per_day, days_per_week=self.days_per_week)
        names, steps = self.state_steps(clock)
        found = (model.state_of(j, names) for j in range(len(model.alternatives)))
        linked = [names.index(name) if name in names else None for name in found]
        return state_samples(model, steps, linked, clock.rule, draws=draws, seed=seed, distribution=distribution)

    def state_steps(self, clock) -> tuple[list[str], list[list[Step]]]:
        """The names and steps of the states, block by block as the workbook reader finds them
        (a block starts at its State marker, its header is the next row, its steps end at Total;
        a block without steps is no state)."""
        # the template's markers, imported when first needed: not on every start of xlwings Lite
        from vsm_xl.workbook.layout.template_layout import STATE_MARKER, TOTAL_MARKER, fold

        labels = _columns(self.labels, 2, "step labels: the State / Total markers and the names")
        times = _columns(self.times, 2, "step times: PT and LT")
        ranges = _columns(self.ranges, 6, "step ranges: PT low, PT high, LT low, LT high, WT low, WT high")
        at = cells.optional_vector(self.positions, "positions", len(labels)).cells
        if not len(times) == len(ranges) == len(labels) == len(at):
            raise InputError("the step labels, times, ranges and positions must have as many rows")
        blocks: list = []
        rows: list[int] | None = None
        for r, (marker, name) in enumerate(labels):
            word = fold(marker) if isinstance(marker, str) else ""
            if word == fold(STATE_MARKER):
                rows = []
                blocks.append((name, r + 1, rows))  # r + 1: the header row
            elif word == fold(TOTAL_MARKER):
                rows = None
            elif rows is not None and r != blocks[-1][1]:
                rows.append(r)
        names, found = [], []
        for name, _, block_rows in blocks:
            if all(cells.is_empty(times[r][1]) for r in block_rows):
                continue  # no steps: the reader reads no state here
            column = {f: [ranges[r][k] for r in block_rows] for k, f in enumerate(
                ("process_low", "process_high", "lead_low", "lead_high", "wait_low", "wait_high"))}
            lists = StepRanges([times[r][1] for r in block_rows], process=[times[r][0] for r in block_rows], **column)
            found.append(_ranged_steps(lists, [at[r] for r in block_rows], clock))
            names.append(_optional_text(name, "state name"))
        return names, found


def _optional_text(value, what: str) -> str:
    return "" if cells.is_empty(value) else cells.text(value, what)


def _columns(value, width: int, what: str) -> list:
    """The rows of a block ``width`` columns wide."""
    b = cells.block(value, what)
    if b.width != width:
        raise InputError(f"{what}: give {width} columns, not {b.width}")
    return b.rows


@dataclass(frozen=True)
class StepRanges:
    """The step-time columns of VSM_LEAD_TIME_PERCENTILE: LT (likely) with its low and high, and
    optionally PT with its low and high and the wait time's low and high (the likely wait is
    LT - PT)."""

    lead: object
    lead_low: object = None
    lead_high: object = None
    process: object = None
    process_low: object = None
    process_high: object = None
    wait_low: object = None
    wait_high: object = None


def lead_time_percentile(ranges: StepRanges, percentile, positions, seed, draws, distribution, clock) -> float:
    """The ``percentile`` of the total lead time of a step table whose times may be ranges."""
    p = cells.fraction(percentile, "percentile") if not cells.is_empty(percentile) else 0.5
    seed_n, count, how = settings(seed, draws, distribution, DEFAULT_TIME_DRAWS)

    def totals(columns, positions, rule_key):
        steps = _ranged_steps(StepRanges(*columns), positions, clock)
        return sorted(lead_time_draws(steps, draws=count, seed=seed_n, distribution=how))

    from vsm_xl.core.sensitivity import quantile
    ordered = remembered("lead", totals, tuple(getattr(ranges, f.name) for f in dataclasses.fields(ranges)), positions,
                         (clock.number_unit, clock.rule, seed_n, count, how))
    if not 0 <= p <= 1:
        raise InputError(f"a percentile is between 0 and 1 (0.95 or 95 for p95), not {p:g}")
    return clock.out(quantile(ordered, p))


def _bounds(label, clock, likely: float, low, high, word: str):
    """(low, likely, high) in minutes from a low and a high cell (a blank end: the likely
    value); None when both are blank."""
    if cells.is_empty(low) and cells.is_empty(high):
        return None
    lo = likely if cells.is_empty(low) else cells.located(label, clock.minutes, low, f"low {word}")
    hi = likely if cells.is_empty(high) else cells.located(label, clock.minutes, high, f"high {word}")
    if not lo <= likely <= hi:
        raise InputError(f"low <= {word} <= high does not hold", location=label)
    return (lo, likely, hi)


def _ranged_steps(ranges: StepRanges, positions, clock) -> list[Step]:
    lt = cells.vector(ranges.lead, "lead times")
    n = len(lt)

    def column(value, what):
        return cells.optional_vector(value, what, n).cells

    lows, highs = column(ranges.lead_low, "low lead times"), column(ranges.lead_high, "high lead times")
    pts = column(ranges.process, "process times")
    pt_lows, pt_highs = column(ranges.process_low, "low process times"), column(ranges.process_high, "high process times")
    wt_lows, wt_highs = column(ranges.wait_low, "low wait times"), column(ranges.wait_high, "high wait times")
    at = column(positions, "positions")
    steps = []
    for k, likely in enumerate(lt.cells):
        extra = (lows[k], highs[k], pt_lows[k], pt_highs[k], wt_lows[k], wt_highs[k])
        if cells.is_empty(likely):
            if not all(cells.is_empty(v) for v in extra):
                raise InputError("a low or high time without the lead time", location=lt.label(k))
            continue
        label = lt.label(k)
        minutes = cells.located(label, clock.minutes, likely, "lead time")
        process = 0.0 if cells.is_empty(pts[k]) else cells.located(label, clock.minutes, pts[k], "process time")
        position = None if cells.is_empty(at[k]) else cells.located(label, cells.number, at[k], "position")
        steps.append(Step(label or "the step", process, minutes, position=position,
                          lead_time_range=_bounds(label, clock, minutes, lows[k], highs[k], "lead time"),
                          process_time_range=_bounds(label, clock, process, pt_lows[k], pt_highs[k], "process time"),
                          wait_time_range=_bounds(label, clock, minutes - process, wt_lows[k], wt_highs[k],
                                                  "wait time")))
    if not steps:
        raise NoDataError("no steps: every row is empty")
    return steps
