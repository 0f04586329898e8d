"""The VSM_* Excel cell functions: each converts its arguments, calls the core once and
returns a number, a text or a range. METHOD.md is the method they compute.

Enable them
-----------
- Classic xlwings add-in (Windows): install vsm-xl in the Python the add-in uses, set
  ``UDF Modules`` to ``vsm_xl.udfs`` (ribbon or ``xlwings.conf`` sheet) and click
  *Import Functions*. They appear in Excel's function wizard under the category "VSM".
- xlwings Lite: add ``vsm-xl`` to ``requirements.txt`` and put ``from vsm_xl.udfs import *``
  in ``main.py``. (Lite's ``from xlwings import func, arg`` are the same objects as ``xw.func``
  and ``xw.arg``: xlwings binds these names per runtime.)
- ``vsm-xl functions`` lists every function with its arguments.

How they behave
---------------
- Ranges are read once per call (``ndim=2``): one array formula evaluates a whole block. A
  result shaped like a column is a list of one-cell rows, a row is one row; write it as an
  array formula over an explicit range of that size (or let it spill in dynamic-array Excel).
- Durations are duration texts (``15m``, ``2 h 30 m``, ``1.5d``), plain numbers (minutes, or
  ``number_unit``) or time-formatted cells (``2:30``). ``unit`` is always the unit of a result
  (minutes by default); ``hours_per_day`` and ``days_per_week`` turn d and w into working days
  and weeks. ``positions`` (totals, flow efficiency, flow degree): steps sharing a position are
  parallel branches and only the longest counts, as in ``vsm-xl evaluate``.
- Blank cells: functions that work cell by cell (VSM_DURATION, VSM_WAIT_TIME,
  VSM_PARTIAL_BENEFIT, VSM_WBF, VSM_FLOW_RATING) leave them blank; totals skip them; rows of a
  table whose name and times are all blank are skipped (the unused end of a table); a row that
  is filled in part is an error naming the row of the range: ``#VALUE! row 3: process time is
  empty``.
- Errors never raise: the result is ONE line of text starting with the Excel error it stands
  for (``#VALUE! worst and best are both 12``, ``#DIV/0! no payback: annual savings are not
  positive``, ``#N/A no steps: every row is empty``). A function that returns a range returns
  its error as that single text: a dynamic-array formula shows it in its first cell, a legacy
  array formula in every cell of its range. An input holding an Excel error, or the error text
  of another VSM_* function, gives that error back, so a chain of formulas shows its first cause.
"""
from __future__ import annotations

import math

from vsm_xl.cell_functions import shared as cells, smaa as cells_smaa, weighting as cells_weighting
from vsm_xl.cell_functions.shared import CELL, RANGE, arg, excel_errors, func
from vsm_xl.core import benefits, indicators, state_metrics, weighting
from vsm_xl.core.errors import InputError, NoDataError
from vsm_xl.core.model import AHP
from vsm_xl.core.weight_range import weight_range
from vsm_xl.core.demand import takt_time

_UNIT = "Unit of the result: min (default), h, d, s or w"
_NUMBER_UNIT = "Unit of times given as plain numbers: min (default), h, d, s or w"
_HOURS = "Hours in a day for d and w: 24 (default, calendar time) or working hours such as 8"
_DAYS = "Days in a week for w: 7 (default, calendar time) or working days such as 5"
_POSITIONS = ("Position of each step (one column, same size; optional): steps sharing a position are "
              "parallel branches, only the longest (largest LT) counts")


@func
@arg("text", "A duration (2h, 15 min, 2 h 30 m, 1.5d, 2:30) or a range of them", **RANGE)
@arg("unit", _UNIT, **CELL)
@arg("number_unit", _NUMBER_UNIT, **CELL)
@arg("hours_per_day", _HOURS, **CELL)
@arg("days_per_week", _DAYS, **CELL)
@excel_errors
def VSM_DURATION(text, unit="min", number_unit="min", hours_per_day=24, days_per_week=7):
    """A duration in minutes (or unit); a range gives a range, blanks stay blank."""
    clock = cells.Clock(unit, number_unit, hours_per_day, days_per_week=days_per_week)
    return cells.each_cell(text, "duration", lambda v: clock.out(clock.minutes(v, "duration")))


@func
@arg("times", "Durations (texts or plain numbers); blank cells are skipped", **RANGE)
@arg("unit", _UNIT, **CELL)
@arg("number_unit", _NUMBER_UNIT, **CELL)
@arg("hours_per_day", _HOURS, **CELL)
@arg("days_per_week", _DAYS, **CELL)
@arg("positions", _POSITIONS, **RANGE)
@arg("lead_times", "With positions: lead times LT of the same steps, which pick the longest branch "
     "(default: times themselves)", **RANGE)
@excel_errors
def VSM_TOTAL_TIME(times, unit="min", number_unit="min", hours_per_day=24, days_per_week=7, positions=None,
                   lead_times=None):
    """The sum of durations (total PT or total LT of a state), in minutes (or unit)."""
    clock = cells.Clock(unit, number_unit, hours_per_day, days_per_week=days_per_week)
    if positions is None:
        return clock.out(math.fsum(cells.filled(times, "time", clock.minutes)))
    steps = cells.steps(times, times if lead_times is None else lead_times, clock, positions=positions)
    return clock.out(cells.totals(steps)[0])


@func
@arg("lead_time", "Lead time LT of a step, or a column of them", **RANGE)
@arg("process_time", "Process time PT of the step, or a column of the same size", **RANGE)
@arg("unit", _UNIT, **CELL)
@arg("number_unit", _NUMBER_UNIT, **CELL)
@arg("hours_per_day", _HOURS, **CELL)
@arg("days_per_week", _DAYS, **CELL)
@excel_errors
def VSM_WAIT_TIME(lead_time, process_time, unit="min", number_unit="min", hours_per_day=24, days_per_week=7):
    """Wait time WT = LT - PT of a step (or of each step of a range), in minutes (or unit)."""
    clock = cells.Clock(unit, number_unit, hours_per_day, days_per_week=days_per_week)
    return cells.each_pair(lead_time, process_time, ("lead time", "process time"), lambda lt, pt: clock.out(
        cells.steps(pt, lt, clock)[0].wait_time))


@func
@arg("process_times", "Process times PT of the steps (one column)", **RANGE)
@arg("lead_times", "Lead times LT of the same steps (one column of the same size)", **RANGE)
@arg("number_unit", _NUMBER_UNIT, **CELL)
@arg("hours_per_day", _HOURS, **CELL)
@arg("days_per_week", _DAYS, **CELL)
@arg("positions", _POSITIONS, **RANGE)
@excel_errors
def VSM_FLOW_EFFICIENCY(process_times, lead_times, number_unit="min", hours_per_day=24, days_per_week=7,
                        positions=None):
    """Flow efficiency FE = total PT / total LT, a fraction (format the cell as %)."""
    clock = cells.Clock(None, number_unit, hours_per_day, days_per_week=days_per_week)
    steps = cells.steps(process_times, lead_times, clock, positions=positions)
    return state_metrics.flow_efficiency(*cells.totals(steps))


@func
@arg("flow_efficiency", "A flow efficiency: 0.0265, 2.65 or \"2.65%\" (or a range)", **RANGE)
@excel_errors
def VSM_FLOW_RATING(flow_efficiency):
    """The band of a flow efficiency: significant waste, moderate, good or excellent."""
    return cells.each_cell(flow_efficiency, "flow efficiency",
                           lambda v: state_metrics.flow_rating(cells.fraction(v, "flow efficiency")))


@func
@arg("percents", "%C&A of every step: 85, 0.85 or \"85%\"; blank cells are skipped", **RANGE)
@excel_errors
def VSM_ROLLED_CA(percents):
    """Rolled %C&A: the product of every step's %C&A, a fraction (format the cell as %)."""
    return state_metrics.rolled_complete_accurate(cells.filled(percents, "%C&A", cells.fraction))


@func
@arg("inventories", "Work items queued in front of each step; blank cells are skipped", **RANGE)
@excel_errors
def VSM_WIP(inventories):
    """Total work in process: the sum of the inventories in front of the steps."""
    return math.fsum(cells.filled(inventories, "inventory", cells.count))


@func
@arg("step_names", "Names of the steps (one column)", **RANGE)
@arg("process_times", "Process times PT (one column of the same size)", **RANGE)
@arg("lead_times", "Lead times LT (one column of the same size)", **RANGE)
@arg("kind", "constraint (default): largest PT per resource; delay: largest wait time LT - PT", **CELL)
@arg("resources", "Resources per step (one column; blank means 1): PT is divided by them", **RANGE)
@arg("number_unit", _NUMBER_UNIT, **CELL)
@arg("hours_per_day", _HOURS, **CELL)
@arg("days_per_week", _DAYS, **CELL)
@excel_errors
def VSM_BOTTLENECK(step_names, process_times, lead_times, kind="constraint", resources=None, number_unit="min",
                   hours_per_day=24, days_per_week=7):
    """The bottleneck step's name: capacity constraint or largest delay (ties: first step)."""
    clock = cells.Clock(None, number_unit, hours_per_day, days_per_week=days_per_week)
    steps = cells.steps(process_times, lead_times, clock, step_names, resources)
    return cells.bottleneck_finder(kind)(steps).name


@func
@arg("available_time", "Available working time per period (8h, 450 or \"7.5 h\")", **CELL)
@arg("demand", "Customer demand in the same period (units)", **CELL)
@arg("unit", _UNIT, **CELL)
@arg("number_unit", _NUMBER_UNIT, **CELL)
@arg("hours_per_day", _HOURS, **CELL)
@arg("days_per_week", _DAYS, **CELL)
@excel_errors
def VSM_TAKT_TIME(available_time, demand, unit="min", number_unit="min", hours_per_day=24, days_per_week=7):
    """Takt time = available working time / customer demand, in minutes (or unit) per unit."""
    clock = cells.Clock(unit, number_unit, hours_per_day, days_per_week=days_per_week)
    return clock.out(takt_time(clock.minutes(available_time, "available time"), cells.number(demand, "demand")))


@func
@arg("lead_time", "Lead time LT (a duration), or the lead times of the steps", **RANGE)
@arg("process_time", "Process time PT (a duration), or the process times of the same steps", **RANGE)
@arg("number_unit", _NUMBER_UNIT, **CELL)
@arg("hours_per_day", _HOURS, **CELL)
@arg("days_per_week", _DAYS, **CELL)
@arg("positions", _POSITIONS, **RANGE)
@excel_errors
def VSM_FLOW_DEGREE(lead_time, process_time, number_unit="min", hours_per_day=24, days_per_week=7, positions=None):
    """Flow degree FG = LT / PT (unitless, >= 1, lower is better; 1 / flow efficiency)."""
    clock = cells.Clock(None, number_unit, hours_per_day, days_per_week=days_per_week)
    process, lead = cells.totals(cells.steps(process_time, lead_time, clock, positions=positions))
    return indicators.flow_degree(lead, process)


@func
@arg("operating_times", "Operating times BZ of the product types (hours, or durations)", **RANGE)
@arg("changeover_times", "Changeover times RZ (hours, or durations); blank cells are skipped", **RANGE)
@arg("resources", "Number of resources RES", **CELL)
@arg("availability", "Technical availability or OEE V: 85, 0.85 or \"85%\"", **CELL)
@arg("hours_per_day", "Working hours per day AZ", **CELL)
@arg("number_unit", "Unit of times given as plain numbers: h (default), min, d", **CELL)
@excel_errors
def VSM_EPEI(operating_times, changeover_times, resources, availability, hours_per_day, number_unit="h"):
    """EPEI in days = (sum BZ + sum RZ) / (RES x V x AZ): every part every interval."""
    clock = cells.Clock(None, number_unit, None, default_number_unit="h")
    operating = [minutes / 60 for minutes in cells.filled(operating_times, "operating time", clock.minutes)]
    changeover = [minutes / 60 for minutes in cells.filled(changeover_times, "changeover time", clock.minutes)]
    return indicators.epei(operating, changeover, cells.number(resources, "resources"),
                           cells.fraction(availability, "availability"), cells.number(hours_per_day, "hours per day"))


@func
@arg("availability", "Availability: 90, 0.9 or \"90%\"", **CELL)
@arg("performance", "Performance: 95, 0.95 or \"95%\"", **CELL)
@arg("quality", "Quality: 99, 0.99 or \"99%\"", **CELL)
@excel_errors
def VSM_OEE(availability, performance, quality):
    """Overall equipment effectiveness = availability x performance x quality, a fraction."""
    return indicators.oee(cells.fraction(availability, "availability"), cells.fraction(performance, "performance"),
                          cells.fraction(quality, "quality"))


@func
@arg("investment", "Investment (money)", **CELL)
@arg("annual_savings", "Savings per year (same currency)", **CELL)
@excel_errors
def VSM_PAYBACK(investment, annual_savings):
    """Payback period in years = investment / annual savings."""
    return indicators.payback_period(cells.number(investment, "investment"),
                                     cells.number(annual_savings, "annual savings"))


@func
@arg("values", "Indicator values: indicators in rows, alternatives in columns (or one cell)", **RANGE)
@arg("worst", "Worst value (benefit 0): one cell, or one per row of values", **RANGE)
@arg("best", "Best value (benefit 1): one cell, or one per row of values", **RANGE)
@arg("function", "linear (default) or exponential: one cell, or one per row of values", **RANGE)
@arg("curvature", "Curvature c of exponential functions (default 2; c > 0 concave): one cell or one per row",
     **RANGE)
@excel_errors
def VSM_PARTIAL_BENEFIT(values, worst, best, function="linear", curvature=None):
    """Partial benefit u in [0, 1] of each value (clipped outside worst..best); same shape as values."""
    block, functions = cells.value_functions(values, worst, best, function, curvature)
    return block.shaped(cells.benefit_rows(functions, block))


@func
@arg("matrix", "Pairwise comparison, square: 2 row more important, 1 equal, 0 less; diagonal blank", **RANGE)
@arg("names", "Indicator names in matrix order (one row or column), used in error messages", **RANGE)
@excel_errors
def VSM_WEIGHTS(matrix, names=None):
    """Weight of each indicator (row sum / total), a column; the paper's 0/1/2 scheme."""
    result, size = cells.pairwise_matrix(matrix, names)
    return cells.column(result.weights, size)


@func
@arg("matrix", "Pairwise comparison, square: 2 row more important, 1 equal, 0 less; diagonal blank", **RANGE)
@arg("names", "Indicator names in matrix order (one row or column), used in error messages", **RANGE)
@excel_errors
def VSM_RANKS(matrix, names=None):
    """Rank of each indicator by its row sum (ties share the better rank: 1, 1, 3), a column."""
    result, size = cells.pairwise_matrix(matrix, names)
    return cells.column(result.ranks, size)


@func
@arg("partial_benefits", "Partial benefits of one group: indicators in rows, alternatives in columns", **RANGE)
@arg("weights", "Weights of the indicators (a column, one per row; they must sum to 100 %)", **RANGE)
@excel_errors
def VSM_OVERALL_BENEFIT(partial_benefits, weights):
    """Overall benefit G = sum of u x g of each alternative (column), a row; blank columns stay blank."""
    block, rows, weights, blank = cells.pooled(partial_benefits, weights)
    result = cells.overall_benefits(rows, weights)
    return block.shaped([["" if j in blank else g for j, g in enumerate(result)] if blank else result])


@func
@arg("monetary_benefit", "Overall benefit G of the monetary group (one cell or a range)", **RANGE)
@arg("non_monetary_benefit", "Overall benefit G of the non-monetary group (same size)", **RANGE)
@excel_errors
def VSM_WBF(monetary_benefit, non_monetary_benefit):
    """Value stream assessment factor WBF = distance to the ideal (1, 1); lower is better."""
    return cells.each_pair(monetary_benefit, non_monetary_benefit, ("monetary benefit", "non-monetary benefit"),
                           lambda m, nm: benefits.wbf(cells.number(m, "monetary benefit"),
                                                      cells.number(nm, "non-monetary benefit")), benefits.wbfs)




# ---- AHP, team weighting and weight stability (METHOD.md section 3) ----------------------

_AHP_MATRIX = ("AHP judgments, square: 1 equal ... 9 extreme, 1/3 or 0.333 for less important; "
               "a blank lower triangle is derived as the reciprocal")
_STACKED = ("Participants' matrices stacked in one range, one square matrix each (a row of indicator "
            "names between them is allowed)")
_SCHEME = "pairwise (0/1/2, default; pooled by the mean) or ahp (pooled by the geometric mean)"


@func
@arg("matrix", _AHP_MATRIX, **RANGE)
@excel_errors
def VSM_AHP_WEIGHTS(matrix):
    """AHP weights (principal eigenvector, sum 100 %) of each indicator, a column."""
    rows = cells_weighting.square(matrix)
    return cells.column(weighting.single_weights("ahp", rows, None).weights, len(cells.block(matrix, "m").rows))


@func
@arg("matrix", _AHP_MATRIX, **RANGE)
@excel_errors
def VSM_AHP_CR(matrix):
    """Consistency ratio CR = CI / RI of AHP judgments (Saaty's random index); above 0.10 revise them."""
    result = weighting.single_weights("ahp", cells_weighting.square(matrix), None)
    if result.cr is None:
        raise NoDataError(f"CR is undefined for {len(result.weights)} indicators (Saaty's random index stops at 10)")
    return result.cr


@func
@arg("matrix", _AHP_MATRIX, **RANGE)
@arg("names", "Indicator names in matrix order (one row or column)", **RANGE)
@excel_errors
def VSM_AHP_INCONSISTENT(matrix, names=None):
    """The most inconsistent AHP judgment, "row vs column": the one farthest from the weights' ratio."""
    rows = cells_weighting.square(matrix)
    labels = cells_weighting.names(names, len(rows))
    result = weighting.single_weights("ahp", rows, labels)
    return result.pair_label(result.most_inconsistent) or ""


@func
@arg("matrix", "One comparison matrix, square: 0/1/2 judgments or AHP's 1 to 9 (blank lower triangle: derived)",
     **RANGE)
@arg("scheme", "pairwise (0/1/2, default) or ahp (Saaty 1 to 9, principal eigenvector)", **CELL)
@arg("names", "Indicator names in matrix order (one row or column), used in error messages", **RANGE)
@arg("consistency", "TRUE: a second column with the consistency ratio (AHP; blank for 0/1/2) in its first row",
     **CELL)
@excel_errors
def VSM_GROUP_WEIGHTS(matrix, scheme="pairwise", names=None, consistency=False):
    """Weights of one matrix by its scheme, a column (and the AHP consistency ratio beside it)."""
    size = len(cells.block(matrix, "matrix").rows)
    if weighting.normalize_scheme(cells_weighting.scheme(scheme)) == AHP:
        result = weighting.single_weights(AHP, cells_weighting.square(matrix), None)
        weights, cr = cells.column(result.weights, size), "" if result.cr is None else result.cr
    else:
        weights, cr = cells.column(cells.pairwise_matrix(matrix, names)[0].weights, size), ""
    return [[w[0], cr if i == 0 else ""] for i, w in enumerate(weights)] if consistency else weights


@func
@arg("matrices", _STACKED, **RANGE)
@arg("scheme", _SCHEME, **CELL)
@arg("consensus", "TRUE: a second column with the team's consensus (blank for one participant) in its first row",
     **CELL)
@excel_errors
def VSM_TEAM_WEIGHTS(matrices, scheme="pairwise", consensus=False):
    """Pooled weights of a team's matrices (0/1/2: mean; AHP: geometric mean), a column (and the consensus)."""
    result = weighting.team_weights(cells_weighting.scheme(scheme), cells_weighting.stacked(matrices))
    weights = cells.column(result.weights, cells.block(matrices, "matrices").width)
    if not consensus:
        return weights
    return [[w[0], ("" if result.consensus is None else result.consensus) if i == 0 else ""] for i, w in enumerate(weights)]


@func
@arg("matrices", _STACKED, **RANGE)
@arg("scheme", _SCHEME, **CELL)
@excel_errors
def VSM_CONSENSUS(matrices, scheme="pairwise"):
    """Team consensus 0..100 % (Goepel's Shannon-entropy indicator): low < 65 %, high > 75 %."""
    result = weighting.team_weights(cells_weighting.scheme(scheme), cells_weighting.stacked(matrices))
    if result.consensus is None:
        raise NoDataError("consensus needs the matrices of at least two participants")
    return result.consensus


@func
@arg("partial_benefits", "Partial benefits: indicators in rows, alternatives in columns", **RANGE)
@arg("weights", "Two columns per indicator row: weight if monetary, weight if non-monetary (one blank)",
     **RANGE)
@arg("index", "Which indicator: its row in partial_benefits (1 = first)", **CELL)
@excel_errors
def VSM_WEIGHT_RANGE(partial_benefits, weights, index):
    """Lowest and highest weight of one indicator at which the best alternative stays best, a row."""
    b = cells.block(partial_benefits, "partial benefits")
    values, groups, kept = cells_weighting.two_weight_columns(weights, b.height)
    row = cells.number(index, "index")
    if not row.is_integer() or int(row) - 1 not in kept:
        raise InputError(f"index {row:g} is not a row with a weight")
    used = [j for j in range(b.width) if not all(cells.is_empty(b.rows[i][j]) for i in kept)]
    rows = [[cells.located(b.label(i, j), cells.fraction, b.rows[i][j], "partial benefit") for j in used]
            for i in kept]
    found = weight_range(rows, values, groups, kept.index(int(row) - 1))
    return [[found.low, found.high]]


# ---- SMAA-2 and uncertain step times (METHOD.md section 3; issue 20) -----------------------

_NAMES = "Indicator names, one per row of values"
_GROUPS = "Group of each indicator: monetary or non-monetary, one per row of values"
_VALUES = "Indicator values: indicators in rows, alternatives in columns"
_ALTS = "Alternative names, one per column of values (blank columns are not alternatives)"
_RANGES = "Estimates, five columns: indicator, alternative, low, likely (blank: the value), high"
_FN = "linear (default) or exponential: one cell, or one per row of values"
_CURV = "Curvature c of exponential functions (default 2): one cell or one per row"
_SEED = "Seed of the draws (default 0): the same figures as vsm-xl sensitivity --seed"
_DRAWS = "Number of random draws (default 2000; vsm-xl sensitivity --draws)"
_DIST = "triangular (default) or pert: how a low / likely / high value is drawn"
# the Steps sheet, for measured indicators drawn with their states' step times (vsm-xl sensitivity --smaa)
_STEPS_ARGS = (
    ("measures", "Measure of each indicator row (blank: typed values; lead_time, flow_efficiency ...: drawn "
                 "with the step times of its alternative's state)", RANGE),
    ("units", "Unit of each indicator row (times: min, h, d or w; shares: % or blank)", RANGE),
    ("states", "The state each alternative is, one per column of values (blank: the state named like it)", RANGE),
    ("step_labels", "Steps sheet columns A:B over every state block: the State and Total markers and the state's "
                    "name", RANGE),
    ("step_times", "Steps sheet PT and LT columns (two columns), the same rows", RANGE),
    ("step_ranges", "Steps sheet PT low, PT high, LT low, LT high, WT low, WT high (six columns), the same rows",
     RANGE),
    ("step_positions", "Steps sheet Position column, the same rows (steps sharing one are parallel)", RANGE),
    ("number_unit", _NUMBER_UNIT, CELL), ("hours_per_day", _HOURS, CELL), ("days_per_week", _DAYS, CELL))


def _smaa_args(f):
    """The arguments the three SMAA-2 functions share, each with its help text."""
    for name, doc, kind in reversed((
            ("names", _NAMES, RANGE), ("groups", _GROUPS, RANGE), ("worst", "Worst value (benefit 0), one per row",
                                                                  RANGE),
            ("best", "Best value (benefit 1), one per row", RANGE), ("values", _VALUES, RANGE),
            ("alternatives", _ALTS, RANGE), ("ranges", _RANGES, RANGE), ("function", _FN, RANGE),
            ("curvature", _CURV, RANGE), ("seed", _SEED, CELL), ("draws", _DRAWS, CELL),
            ("distribution", _DIST, CELL)) + _STEPS_ARGS):
        f = arg(name, doc, **kind)(f)
    return f


@func
@_smaa_args
@excel_errors
def VSM_P_BEST(names, groups, worst, best, values, alternatives, ranges=None, function=None,
               curvature=None, seed=0, draws=2000, distribution="triangular", measures=None, units=None,
               states=None, step_labels=None, step_times=None, step_ranges=None, step_positions=None,
               number_unit="min", hours_per_day=24, days_per_week=7):
    """P(best): the share of SMAA-2 draws (weights and values) in which each alternative ranks first, a row."""
    study, found = cells_smaa.smaa_of(names, groups, worst, best, values, alternatives, ranges, function, curvature,
                                      seed, draws, distribution, cells_smaa.StepsSheet(
                                          measures, units, states, step_labels, step_times, step_ranges,
                                          step_positions, number_unit, hours_per_day, days_per_week))
    return [study.row(a.first_share for a in found.alternatives)]


@func
@_smaa_args
@excel_errors
def VSM_RANK_ACCEPTABILITY(names, groups, worst, best, values, alternatives, ranges=None, function=None,
                           curvature=None, seed=0, draws=2000, distribution="triangular", measures=None, units=None,
                           states=None, step_labels=None, step_times=None, step_ranges=None, step_positions=None,
                           number_unit="min", hours_per_day=24, days_per_week=7):
    """Rank acceptability b^r of each alternative (column) for rank r = 1, 2, ... (rows): a square block."""
    study, found = cells_smaa.smaa_of(names, groups, worst, best, values, alternatives, ranges, function, curvature,
                                      seed, draws, distribution, cells_smaa.StepsSheet(
                                          measures, units, states, step_labels, step_times, step_ranges,
                                          step_positions, number_unit, hours_per_day, days_per_week))
    n = len(found.alternatives)  # as many rows as columns: the ranks past the last alternative blank
    return [study.row(a.acceptability[r] for a in found.alternatives) if r < n else [""] * study.width
            for r in range(study.width)]


@func
@_smaa_args
@excel_errors
def VSM_CENTRAL_WEIGHTS(names, groups, worst, best, values, alternatives, ranges=None, function=None,
                        curvature=None, seed=0, draws=2000, distribution="triangular", measures=None, units=None,
                        states=None, step_labels=None, step_times=None, step_ranges=None, step_positions=None,
                        number_unit="min", hours_per_day=24, days_per_week=7):
    """Central weights: the mean weights at which each alternative (column) ranks first, per indicator (row)."""
    study, found = cells_smaa.smaa_of(names, groups, worst, best, values, alternatives, ranges, function, curvature,
                                      seed, draws, distribution, cells_smaa.StepsSheet(
                                          measures, units, states, step_labels, step_times, step_ranges,
                                          step_positions, number_unit, hours_per_day, days_per_week))
    rows = [[""] * study.width for _ in range(study.height)]
    for k, i in enumerate(study.rows):
        rows[i] = study.row(None if a.central_weights is None else a.central_weights[k] for a in found.alternatives)
    return rows


@func
@arg("lead_times", "Lead time LT of each step (the likely one), one column", **RANGE)
@arg("low", "Lowest lead time of each step, same size (blank: the LT is exact)", **RANGE)
@arg("high", "Highest lead time of each step, same size (blank: the LT is exact)", **RANGE)
@arg("percentile", "Which percentile: 0.05 (or 5) for p5, 0.5 the median (default), 0.95 for p95", **CELL)
@arg("positions", _POSITIONS, **RANGE)
@arg("seed", _SEED, **CELL)
@arg("draws", "Number of random draws (default 2000)", **CELL)
@arg("distribution", _DIST, **CELL)
@arg("unit", _UNIT, **CELL)
@arg("number_unit", _NUMBER_UNIT, **CELL)
@arg("hours_per_day", _HOURS, **CELL)
@arg("days_per_week", _DAYS, **CELL)
@arg("process_times", "Process time PT of each step, same size (needed with wait time ranges: LT = PT + WT)", **RANGE)
@arg("process_low", "Lowest process time of each step, same size (blank: the PT is exact)", **RANGE)
@arg("process_high", "Highest process time of each step, same size (blank: the PT is exact)", **RANGE)
@arg("wait_low", "Lowest wait time of each step, same size (blank: the wait is exact; the likely one is LT - PT)",
     **RANGE)
@arg("wait_high", "Highest wait time of each step, same size (blank: the wait is exact)", **RANGE)
@excel_errors
def VSM_LEAD_TIME_PERCENTILE(lead_times, low=None, high=None, percentile=0.5, positions=None, seed=0, draws=2000,
                             distribution="triangular", unit="min", number_unit="min", hours_per_day=24,
                             days_per_week=7, process_times=None, process_low=None, process_high=None, wait_low=None,
                             wait_high=None):
    """A percentile of the total lead time when step times are low / likely / high, in minutes (or unit)."""
    clock = cells.Clock(unit, number_unit, hours_per_day, days_per_week=days_per_week)
    ranges = cells_smaa.StepRanges(lead_times, low, high, process_times, process_low, process_high, wait_low,
                                   wait_high)
    return cells_smaa.lead_time_percentile(ranges, percentile, positions, seed, draws, distribution, clock)


# In the order of METHOD.md: one state's totals, the indicators of Table 2, then the evaluation.
__all__ = [
    "VSM_DURATION", "VSM_TOTAL_TIME", "VSM_WAIT_TIME", "VSM_FLOW_EFFICIENCY", "VSM_FLOW_RATING",
    "VSM_ROLLED_CA", "VSM_WIP", "VSM_BOTTLENECK", "VSM_TAKT_TIME",
    "VSM_FLOW_DEGREE", "VSM_EPEI", "VSM_OEE", "VSM_PAYBACK",
    "VSM_PARTIAL_BENEFIT", "VSM_WEIGHTS", "VSM_RANKS", "VSM_OVERALL_BENEFIT", "VSM_WBF",
    "VSM_GROUP_WEIGHTS", "VSM_AHP_WEIGHTS", "VSM_AHP_CR", "VSM_AHP_INCONSISTENT", "VSM_TEAM_WEIGHTS", "VSM_CONSENSUS", "VSM_WEIGHT_RANGE",
    "VSM_P_BEST", "VSM_RANK_ACCEPTABILITY", "VSM_CENTRAL_WEIGHTS", "VSM_LEAD_TIME_PERCENTILE",
]
