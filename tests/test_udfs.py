"""The VSM_* cell functions called with the argument shapes xlwings passes: a scalar for a cell,
a list of rows for a range (``ndim=2``, how the functions declare their range arguments), a
flat list for a row or column (xlwings' default ``ndim=None``, and Python callers), ``None``
for an empty cell. Expected figures are METHOD.md's worked examples and hand computations."""
from __future__ import annotations

import datetime as dt
import math

import pytest

from vsm_xl import udfs
from vsm_xl.udfs import (
    VSM_BOTTLENECK, VSM_DURATION, VSM_EPEI, VSM_FLOW_DEGREE, VSM_FLOW_EFFICIENCY, VSM_FLOW_RATING, VSM_OEE,
    VSM_OVERALL_BENEFIT, VSM_PARTIAL_BENEFIT, VSM_PAYBACK, VSM_RANKS, VSM_ROLLED_CA, VSM_TAKT_TIME,
    VSM_TOTAL_TIME, VSM_WAIT_TIME, VSM_WBF, VSM_WEIGHTS, VSM_WIP,
)

from tests.support.udf_cases import (  # the worked examples' inputs, shared with the Pyodide test
    CLAIMS_BEST, CLAIMS_CURVATURE, CLAIMS_FUNCTION, CLAIMS_VALUES, CLAIMS_WORST, CURRENT, FUTURE,
    PAIRWISE_NON_MONETARY, TABLE3, TABLE3_NAMES, column, table,
)
from tests.support.udf_cases import claims_results as _claims_results


def claims_results():
    return _claims_results(udfs)


# ------------------------------------------------------------------------------------------
# Order fulfilment
# ------------------------------------------------------------------------------------------

def test_order_fulfilment_current_state():
    """METHOD.md 1 worked example (lean checklist table): total PT 70 min, LT 2640 min (44 h),
    FE 2.65 % "significant waste", rolled %C&A 65.5 %, WIP 240, Pick & Pack / Ship."""
    pt, lt = table(CURRENT, 1), table(CURRENT, 2)
    assert VSM_TOTAL_TIME(pt) == 70
    assert VSM_TOTAL_TIME(lt) == 2640
    assert VSM_TOTAL_TIME(lt, "h") == 44
    fe = VSM_FLOW_EFFICIENCY(pt, lt)
    assert fe == pytest.approx(70 / 2640) and round(fe * 100, 2) == 2.65
    assert VSM_FLOW_RATING(fe) == "significant waste"
    assert round(VSM_ROLLED_CA(table(CURRENT, 3)) * 100, 1) == 65.5
    assert VSM_ROLLED_CA(table(CURRENT, 3)) == pytest.approx(0.85 * 0.95 * 0.90 * 0.92 * 0.98)
    assert VSM_WIP(table(CURRENT, 4)) == 240
    names = table(CURRENT, 0)
    assert VSM_BOTTLENECK(names, pt, lt) == "Pick & Pack"
    assert VSM_BOTTLENECK(names, pt, lt, "constraint") == "Pick & Pack"
    assert VSM_BOTTLENECK(names, pt, lt, "delay") == "Ship"
    assert VSM_FLOW_DEGREE(lt, pt) == pytest.approx(2640 / 70)


def test_order_fulfilment_future_state_and_comparison():
    """METHOD.md 1 worked example, future state: PT 47 min, LT 400 min (6.67 h), FE 11.75 %
    "moderate", WIP 45; PT -32.9 %, LT -84.8 %, FE x4.43 against the current state."""
    pt, lt = table(FUTURE, 1), table(FUTURE, 2)
    assert VSM_TOTAL_TIME(pt) == 47
    assert VSM_TOTAL_TIME(lt) == 400
    assert round(VSM_TOTAL_TIME(lt, "h"), 2) == 6.67
    fe = VSM_FLOW_EFFICIENCY(pt, lt)
    assert round(fe * 100, 2) == 11.75
    assert VSM_FLOW_RATING(fe) == "moderate"
    assert VSM_WIP(table(FUTURE, 4)) == 45
    assert VSM_ROLLED_CA(table(FUTURE, 3)) == pytest.approx(0.98 * 0.99 * 0.99 * 0.96 * 0.99)
    current_pt, current_lt = VSM_TOTAL_TIME(table(CURRENT, 1)), VSM_TOTAL_TIME(table(CURRENT, 2))
    assert round((1 - 47 / current_pt) * 100, 1) == 32.9
    assert round((1 - 400 / current_lt) * 100, 1) == 84.8
    assert round(fe / VSM_FLOW_EFFICIENCY(table(CURRENT, 1), table(CURRENT, 2)), 2) == 4.43


def test_wait_time_per_step_is_a_column_with_blanks_for_empty_rows():
    """WT = LT - PT per step (METHOD.md 1): 105, 470, 235, 330, 1430 min for the current state."""
    wt = VSM_WAIT_TIME(table(CURRENT, 2), table(CURRENT, 1))
    assert wt == [[105.0], [470.0], [235.0], [330.0], [1430.0]] + [[""]] * 15
    assert VSM_WAIT_TIME("24h", "10m") == 1430
    assert VSM_WAIT_TIME("24h", "10m", "h") == pytest.approx(1430 / 60)
    assert VSM_WAIT_TIME(None, None) == ""


def test_flat_lists_as_xlwings_default_ndim_passes_a_column():
    """The same results from flat lists (xlwings' default conversion of a one-column range)."""
    pt = [r[1] for r in CURRENT] + [None] * 15
    lt = [r[2] for r in CURRENT] + [None] * 15
    assert VSM_FLOW_EFFICIENCY(pt, lt) == pytest.approx(70 / 2640)
    assert VSM_BOTTLENECK([r[0] for r in CURRENT] + [None] * 15, pt, lt, "delay") == "Ship"
    assert VSM_WAIT_TIME(lt[:2], pt[:2]) == [105.0, 470.0]


def test_a_row_of_steps_gives_a_row_and_names_columns_in_errors():
    assert VSM_WAIT_TIME([["2h", "8h"]], [["15m", "10m"]]) == [[105.0, 470.0]]
    assert VSM_FLOW_EFFICIENCY([["15m", None, "5m"]], [["2h", "1h", "4h"]]) == \
        "#VALUE! column 2: process time is empty"


def test_a_half_filled_row_is_reported_with_its_row():
    pt = column(["15m", "10m", None, "30m"])
    lt = column(["2h", "8h", "4h", "6h"])
    assert VSM_FLOW_EFFICIENCY(pt, lt) == "#VALUE! row 3: process time is empty"
    names = column(["A", "B", "C", "D"])
    assert VSM_BOTTLENECK(names, pt, lt) == "#VALUE! row 3: process time is empty"
    # a name without any time is a step with its times missing
    assert VSM_BOTTLENECK(column(["A", "B"]), column(["15m"]), column(["2h"])) == \
        "#VALUE! row 2: process time is empty"
    # times without a name: the bottleneck has to be named
    assert VSM_BOTTLENECK(column(["A", None]), column(["15m", "1h"]), column(["2h", "3h"])) == \
        "#VALUE! row 2: step name is empty"


def test_step_table_errors():
    assert VSM_FLOW_EFFICIENCY(column(["2h"]), column(["15m"])) == \
        "#VALUE! row 1: lead time 15m is shorter than process time 2h"
    assert VSM_FLOW_EFFICIENCY(column([None]), column([None])) == "#N/A no steps: every row is empty"
    assert VSM_FLOW_EFFICIENCY(column(["abc"]), column(["1h"])) == \
        "#VALUE! row 1: process time: cannot read 'abc' as a duration (e.g. 45s, 15m, 2 h 30 m, 1.5d)"
    assert VSM_FLOW_EFFICIENCY(column(["1m", "2m"], 2), column(["1h"], 1)) == \
        "#VALUE! process times and lead times must be the same size (2 and 1 cells)"
    assert VSM_FLOW_EFFICIENCY([["1m", "2m"], ["1m", "2m"]], [["1h", "1h"], ["1h", "1h"]]) == \
        "#VALUE! process times must be one row or one column, not a 2x2 block"
    assert VSM_FLOW_EFFICIENCY(column(["0m"]), column(["0m"])) == \
        "#DIV/0! flow efficiency is undefined: total lead time is 0"
    assert VSM_BOTTLENECK(column(["A"]), column(["1m"]), column(["2m"]), "biggest") == \
        "#VALUE! kind must be constraint or delay, not 'biggest'"


def test_bottleneck_divides_process_time_by_resources():
    """METHOD.md 1: the capacity constraint is the largest PT per resource, where given."""
    pt, lt, names = table(CURRENT, 1), table(CURRENT, 2), table(CURRENT, 0)
    resources = column([None, None, None, 4.0])  # Pick & Pack: 30 min / 4 = 7.5 min
    assert VSM_BOTTLENECK(names, pt, lt, "constraint", resources) == "Order Entry"
    ties = column(["10m", "10m"])
    assert VSM_BOTTLENECK(column(["first", "second"]), ties, column(["1h", "1h"])) == "first"


def test_plain_numbers_are_minutes_unless_number_unit_says_otherwise():
    # PT and LT typed as numbers of hours, mixed with duration texts
    assert VSM_FLOW_EFFICIENCY([[0.25], ["1h"]], [[2.0], ["8h"]], "h") == pytest.approx(1.25 / 10)
    assert VSM_FLOW_EFFICIENCY([[15.0], ["30m"]], [["1h"], [60.0]]) == pytest.approx(45 / 120)
    assert VSM_TOTAL_TIME([[0.25], ["30m"]], "h", "h") == pytest.approx(0.75)  # result in h, numbers in h
    assert VSM_TOTAL_TIME([[15.0], ["30m"]], "h") == pytest.approx(0.75)  # result in h, numbers in min
    assert VSM_WAIT_TIME(8.0, 0.5, "min", "h") == 450
    names = column(["A", "B"])
    assert VSM_BOTTLENECK(names, column([0.5, "20m"]), column([1.0, "1h"]), "constraint", None, "h") == "A"
    assert VSM_BOTTLENECK(names, column([0.5, "20m"]), column([1.0, "1h"])) == "B"  # 0.5 min < 20 min


# ------------------------------------------------------------------------------------------
# Durations and the indicators of Table 2
# ------------------------------------------------------------------------------------------

def test_duration():
    """METHOD.md 1: accepted duration forms, minutes by default, calendar days unless working
    hours per day are declared."""
    assert VSM_DURATION("2 h 30 m") == 150
    assert VSM_DURATION("45s") == 0.75
    assert VSM_DURATION("1.5d") == 2160
    assert VSM_DURATION("1.5d", "h") == 36
    assert VSM_DURATION("1d", "min", "min", 8.0) == 480
    assert VSM_DURATION("1w", "d", "min", 8.0) == 7
    assert VSM_DURATION("1w", "d") == 7
    assert VSM_DURATION(90.0, "h") == 1.5  # a plain number is minutes...
    assert VSM_DURATION(2.0, "min", "h") == 120  # ...unless number_unit says otherwise
    assert VSM_DURATION(2.0, "h", "h") == 2
    assert VSM_DURATION("15") == 15
    assert VSM_DURATION([["2h"], [None], ["15m"]]) == [[120.0], [""], [15.0]]
    assert VSM_DURATION(None) == ""
    # a cell formatted as a time (2:30) or an [h]:mm duration beyond a day, as xlwings reads it
    assert VSM_DURATION(dt.datetime(1899, 12, 30, 2, 30)) == 150
    assert VSM_DURATION(dt.datetime(1899, 12, 31, 12, 0), "h") == 36
    assert VSM_DURATION("2:30") == 150
    assert VSM_DURATION(dt.datetime(2024, 5, 1)).startswith("#VALUE! duration is a date")
    assert VSM_DURATION("2h", "fortnights") == "#VALUE! unknown time unit 'fortnights' (use s, min, h, d or w)"
    assert VSM_DURATION("-5m") == "#VALUE! duration: a duration cannot be negative ('-5m')"
    assert VSM_DURATION("1d", "min", "min", 30.0) == "#VALUE! hours per day must lie in (0, 24], not 30"
    assert VSM_DURATION(2.0, "min", "parsecs") == "#VALUE! unknown time unit 'parsecs' (use s, min, h, d or w)"


def test_takt_time():
    """Takt = available time / demand (METHOD.md 1): 7.5 h for 450 units is 1 min (60 s)."""
    assert VSM_TAKT_TIME("7.5h", 450.0) == 1
    assert VSM_TAKT_TIME("7.5h", 450.0, "s") == 60
    assert VSM_TAKT_TIME(450.0, 0.0) == "#DIV/0! takt time is undefined: demand is 0"


def test_indicators_of_table_2():
    """METHOD.md 2.1 formulas, computed by hand."""
    # EPEI = (sum BZ + sum RZ) / (RES * V * AZ): (6 + 2 + 1 + 0.5 h) / (2 * 0.95 * 8 h) days
    assert VSM_EPEI([[6.0], [2.0]], [[1.0], ["30m"]], 2.0, "95%", 8.0) == pytest.approx(9.5 / (2 * 0.95 * 8))
    assert VSM_EPEI([[360.0]], [[None]], 1.0, 1.0, 8.0, "min") == pytest.approx(6 / 8)
    assert VSM_OEE(90.0, "95%", 0.99) == pytest.approx(0.9 * 0.95 * 0.99)
    assert VSM_OEE(120.0, 0.9, 0.9) == "#VALUE! availability must lie between 0 % and 100 %, not 120.0"
    assert VSM_PAYBACK(180000.0, 150000.0) == pytest.approx(1.2)
    assert VSM_PAYBACK(100.0, 0.0) == "#DIV/0! no payback: annual savings are not positive"
    assert VSM_FLOW_DEGREE("44h", "70m") == pytest.approx(2640 / 70)
    assert VSM_FLOW_DEGREE(2640.0, 70.0) == pytest.approx(1 / VSM_FLOW_EFFICIENCY(70.0, 2640.0))


def test_flow_rating_bands():
    """METHOD.md 1 bands: [0, 5 %) significant waste; [5 %, 15 %) moderate; [15 %, 25 %] good."""
    assert VSM_FLOW_RATING([[0.0499], [0.05], [0.1499], [0.15], [0.25], [0.2501], [None]]) == \
        [["significant waste"], ["moderate"], ["moderate"], ["good"], ["good"], ["excellent"], [""]]
    assert VSM_FLOW_RATING("11.75%") == "moderate"


def test_rolled_ca_reads_85_0_85_and_85_percent_alike():
    assert VSM_ROLLED_CA([[85.0], [0.85], ["85%"], [None]]) == pytest.approx(0.85 ** 3)
    assert VSM_ROLLED_CA([[None], [None]]) == "#N/A no %C&A values"
    assert VSM_ROLLED_CA([[85.0], [-3.0]]) == "#VALUE! row 2: %C&A must lie between 0 % and 100 %, not -3.0"
    assert VSM_WIP([[1.0], [-3.0]]) == "#VALUE! row 2: inventory cannot be negative (-3)"


# ------------------------------------------------------------------------------------------
# Comprehensive evaluation
# ------------------------------------------------------------------------------------------

def test_table_3_weights_and_ranks():
    """The paper's Table 3 (METHOD.md 2.3): sums 4, 4, 3, 1 of 12 -> weights 33.3 %, 33.3 %,
    25 %, 8.3 %, ranks 1, 1, 3, 4; a column of one-cell rows."""
    assert VSM_WEIGHTS(TABLE3) == [[pytest.approx(1 / 3)], [pytest.approx(1 / 3)], [0.25], [pytest.approx(1 / 12)]]
    assert VSM_RANKS(TABLE3) == [[1], [1], [3], [4]]
    assert VSM_WEIGHTS(TABLE3, TABLE3_NAMES) == VSM_WEIGHTS(TABLE3)
    assert VSM_WEIGHTS(None) == [[1.0]]  # a group of one indicator: a single blank cell


def test_pairwise_errors_name_both_indicators():
    bad = [row[:] for row in TABLE3]
    bad[3][2] = 2.0  # Space vs OEE 2, OEE vs Space 1
    assert VSM_WEIGHTS(bad, TABLE3_NAMES) == \
        "#VALUE! pairwise: Space vs OEE is 2 but OEE vs Space is 1 (must sum to 2)"
    assert VSM_RANKS(bad) == \
        "#VALUE! pairwise: indicator 4 vs indicator 3 is 2 but indicator 3 vs indicator 4 is 1 (must sum to 2)"
    missing = [row[:] for row in TABLE3]
    missing[0][1] = missing[1][0] = None
    assert VSM_WEIGHTS(missing, TABLE3_NAMES) == \
        "#VALUE! pairwise: Flow degree vs EPEI is not compared (both cells blank)"
    assert VSM_WEIGHTS([[None, 3.0], [None, None]]) == "#VALUE! pairwise: indicator 1 vs indicator 2 is 3; use 0, 1 or 2"
    assert VSM_WEIGHTS([[None, 1.0, 2.0], [1.0, None, 0.0]]) == "#VALUE! the pairwise matrix must be square, not 2x3"


def test_weights_derive_a_blank_from_its_mirror_and_skip_unused_template_slots():
    """METHOD.md 2.3: a blank whose mirror is filled is 2 - mirror; unused trailing rows stay blank."""
    upper = [[None, 1.0, 1.0, 2.0], [None, None, 1.0, 2.0], [None, None, None, 1.0], [None, None, None, None]]
    assert VSM_WEIGHTS(upper) == VSM_WEIGHTS(TABLE3)
    template = [row + [None, None] for row in TABLE3] + [[None] * 6] * 2
    names = TABLE3_NAMES + [[None], [None]]
    assert VSM_WEIGHTS(template, names) == VSM_WEIGHTS(TABLE3) + [[""], [""]]
    assert VSM_RANKS(template, names) == [[1], [1], [3], [4], [""], [""]]


def test_claims_handling_evaluation():
    """METHOD.md 2.5 (constructed worked example): G non-monetary 0.2309, 0.7991, 0.7002,
    0.8972; G monetary 0.2500, 0.5650, 0.4550, 0.7222; WBF 1.0742, 0.4791, 0.6220, 0.2962."""
    u, g_nm, g_m, wbf = claims_results()
    assert len(u) == 6 and all(len(row) == 4 for row in u)
    assert [round(g, 4) for g in g_nm[0]] == [0.2309, 0.7991, 0.7002, 0.8972]
    assert [round(g, 4) for g in g_m[0]] == [0.2500, 0.5650, 0.4550, 0.7222]
    assert [round(w, 4) for w in wbf[0]] == [1.0742, 0.4791, 0.6220, 0.2962]
    assert len(g_nm) == len(g_m) == len(wbf) == 1  # rows, one value per alternative
    assert sorted(range(4), key=lambda j: wbf[0][j]) == [3, 1, 2, 0]  # C, A, B, Current


def test_claims_partial_benefits_by_hand():
    """METHOD.md 2.2 value functions on the claims figures: lead time 24 of 30..3 linear is
    6/27; FPY 0.62 of 0.6..1 exponential c=2 is (1 - e^-0.1) / (1 - e^-2)."""
    u, *_ = claims_results()
    assert u[0][0] == pytest.approx(6 / 27)
    assert u[1][0] == pytest.approx((1 - math.exp(-0.1)) / (1 - math.exp(-2)))
    assert u[3] == [1.0, 0.64, 0.88, pytest.approx(0.1)]
    assert u[4][0] == 0.0


def test_partial_benefit_shapes():
    # one value; a row of alternatives of one indicator; a column of indicators of one alternative
    assert VSM_PARTIAL_BENEFIT(24.0, 30.0, 3.0) == pytest.approx(6 / 27)
    assert VSM_PARTIAL_BENEFIT([[24.0, 9.0]], 30.0, 3.0) == [[pytest.approx(6 / 27), pytest.approx(21 / 27)]]
    assert VSM_PARTIAL_BENEFIT([[24.0], [0.0]], [[30.0], [500000.0]], [[3.0], [0.0]]) == \
        [[pytest.approx(6 / 27)], [1.0]]
    # flat lists (Python callers, xlwings' default conversion)
    assert VSM_PARTIAL_BENEFIT([24.0, 9.0], 30.0, 3.0) == [pytest.approx(6 / 27), pytest.approx(21 / 27)]
    assert VSM_PARTIAL_BENEFIT([24.0, 0.0], [30.0, 500000.0], [3.0, 0.0]) == [pytest.approx(6 / 27), 1.0]
    # clipped outside [worst, best]; exponential default curvature 2
    assert VSM_PARTIAL_BENEFIT([[40.0, 1.0]], 30.0, 3.0) == [[0.0, 1.0]]
    assert VSM_PARTIAL_BENEFIT(0.62, 0.6, 1.0, "exponential") == \
        pytest.approx((1 - math.exp(-0.1)) / (1 - math.exp(-2)))


def test_partial_benefit_blanks_and_errors():
    block = [[24.0, None], [None, None]]
    assert VSM_PARTIAL_BENEFIT(block, [[30.0], [None]], [[3.0], [None]]) == [[pytest.approx(6 / 27), ""], ["", ""]]
    assert VSM_PARTIAL_BENEFIT(5.0, 12.0, 12.0) == "#VALUE! worst and best are both 12"
    assert VSM_PARTIAL_BENEFIT([[1.0], [2.0]], [[1.0], [12.0]], [[3.0], [12.0]]) == \
        "#VALUE! row 2: worst and best are both 12"
    assert VSM_PARTIAL_BENEFIT([[1.0], [2.0]], [[1.0], [None]], [[3.0], [5.0]]) == "#VALUE! row 2: worst is empty"
    assert VSM_PARTIAL_BENEFIT([[1.0, "n/a"]], 0.0, 3.0) == \
        "#VALUE! column 2: value must be a number, not 'n/a'"
    assert VSM_PARTIAL_BENEFIT([[1.0, True], [1.0, 2.0]], [[0.0], [0.0]], [[3.0], [3.0]]) == \
        "#VALUE! row 1, column 2: value must be a number, not True"
    assert VSM_PARTIAL_BENEFIT(1.0, 0.0, 3.0, "quadratic") == \
        "#VALUE! unknown value function 'quadratic' (use linear or exponential)"
    assert VSM_PARTIAL_BENEFIT([[1.0], [2.0]], [[0.0], [0.0], [0.0]], 3.0) == \
        "#VALUE! worst has 3 cells but values has 2 rows (give one cell, or one per row)"
    assert VSM_PARTIAL_BENEFIT("1,5", 0.0, "3") == pytest.approx(0.5)  # numbers stored as text


def test_overall_benefit_blanks_and_errors():
    u = [[0.5, 1.0, None], [0.25, 0.0, None], [None, None, None]]
    weights = [[0.5], [0.5], [None]]
    assert VSM_OVERALL_BENEFIT(u, weights) == [[0.375, 0.5, ""]]  # unused row and alternative
    assert VSM_OVERALL_BENEFIT([[0.5, None], [0.25, 1.0]], [[0.5], [0.5]]) == \
        "#VALUE! row 1, column 2: partial benefit is empty"
    assert VSM_OVERALL_BENEFIT([[0.5], [1.5]], [[0.5], [0.5]]) == \
        "#VALUE! row 2: a partial benefit lies in [0, 1], not 1.5"
    assert VSM_OVERALL_BENEFIT([[0.5], [0.5]], [[0.5], [0.3]]) == "#VALUE! the weights sum to 0.8, not 1 (100 %)"
    assert VSM_OVERALL_BENEFIT([[0.5], [0.5]], [[0.5], [None]]) == "#VALUE! row 2: weight is empty"
    # rounded percentages as typed: 33.3 %, 33.3 %, 25 %, 8.3 % (99.9 %) are rescaled
    g = VSM_OVERALL_BENEFIT([[1.0], [1.0], [1.0], [1.0]], [["33.3%"], ["33.3%"], ["25%"], ["8.3%"]])
    assert g == [[pytest.approx(1.0)]]
    # a flat column (one alternative) and a flat row (one indicator, weight 1)
    assert VSM_OVERALL_BENEFIT([0.5, 0.25], [0.5, 0.5]) == [0.375]
    assert VSM_OVERALL_BENEFIT([0.5, 0.25], 1.0) == [0.5, 0.25]


def test_wbf_broadcasts_and_keeps_the_shape():
    """WBF = distance to (1, 1) (METHOD.md 2.4): (0.25, 0.2309) -> 1.0742."""
    assert round(VSM_WBF(0.25, 0.2309108), 4) == 1.0742
    assert VSM_WBF(1.0, 1.0) == 0.0
    assert VSM_WBF([[0.0], [1.0]], [[0.0], [1.0]]) == [[pytest.approx(math.sqrt(2))], [0.0]]
    assert VSM_WBF([[0.0, None]], [[1.0, None]]) == [[1.0, ""]]
    assert VSM_WBF([[0.0, None]], [[1.0, 0.5]]) == "#VALUE! column 2: monetary benefit is empty"
    assert VSM_WBF([[0.0, 0.5]], [[1.0]]) == [[1.0, 0.5]]  # one cell applies to every cell
    assert VSM_WBF([[0.0, 0.5]], [[1.0], [1.0]]) == \
        "#VALUE! monetary benefit (1x2) and non-monetary benefit (2x1) must be the same size"
    assert VSM_WBF(1.5, 0.5) == "#VALUE! monetary benefit must lie in [0, 1], not 1.5"


def test_array_and_cell_by_cell_give_the_same_numbers():
    """One call per range equals one call per cell (what the benchmark compares)."""
    u, g_nm, g_m, wbf = claims_results()
    for i, row in enumerate(CLAIMS_VALUES):
        for j, value in enumerate(row):
            assert VSM_PARTIAL_BENEFIT(value, CLAIMS_WORST[i][0], CLAIMS_BEST[i][0], CLAIMS_FUNCTION[i][0],
                                       CLAIMS_CURVATURE[i][0]) == u[i][j]
    weights = VSM_WEIGHTS(PAIRWISE_NON_MONETARY)
    for j in range(4):
        assert VSM_OVERALL_BENEFIT([[u[i][j]] for i in range(3)], weights) == [[g_nm[0][j]]]
        assert VSM_WBF(g_m[0][j], g_nm[0][j]) == wbf[0][j]


# ------------------------------------------------------------------------------------------
# Errors as one line of text
# ------------------------------------------------------------------------------------------

def test_error_cells_and_upstream_error_texts_are_passed_on():
    pt = column(["15m", "10m", "#N/A"])
    lt = column(["2h", "8h", "4h"])
    assert VSM_FLOW_EFFICIENCY(pt, lt) == "#N/A row 3: process time is #N/A"
    assert VSM_DURATION("#DIV/0!") == "#DIV/0! duration is #DIV/0!"
    upstream = VSM_PARTIAL_BENEFIT(5.0, 12.0, 12.0)
    assert VSM_OVERALL_BENEFIT([[upstream, upstream]], 1.0) == upstream
    assert VSM_WBF(upstream, 0.5) == upstream
    assert VSM_WEIGHTS([[None, "#REF!"], [1.0, None]]) == "#REF! row 1, column 2: comparison is #REF!"


def test_unexpected_exceptions_become_one_line():
    class Weird:
        def __float__(self):
            raise RuntimeError("boom\nsecond line")

    assert VSM_PAYBACK(Weird(), 1.0) == "#VALUE! unexpected RuntimeError: boom second line"
    assert VSM_TOTAL_TIME([[1e308], [1e308]]) == "#NUM! a result is too large: intermediate overflow in fsum"
    assert VSM_DURATION([[1e307], [1.0]], "s") == "#VALUE! row 1: the duration is too long to express in s"
    assert VSM_PAYBACK(1e308, 1e-308) == "#NUM! the result is not a finite number"
    assert VSM_WBF().startswith("#VALUE! unexpected TypeError")


def test_every_function_has_a_docstring_and_documented_arguments():
    """Excel shows the docstring and every argument's doc in the function wizard."""
    for name in udfs.__all__:
        meta = getattr(udfs, name).__xlfunc__
        assert meta["category"] == "VSM"
        assert meta["ret"]["doc"] and "\n" not in meta["ret"]["doc"].strip()
        for argument in meta["args"]:
            assert not argument["doc"].startswith("Positional argument"), (name, argument["name"])


def test_importable_without_numpy_or_pandas_and_starts_no_thread():
    """xlwings Lite (Pyodide) may have neither: the module needs xlwings and the core only."""
    import subprocess
    import sys

    code = ("import sys, threading\n"
            "sys.modules['numpy'] = sys.modules['pandas'] = None  # any import of them fails\n"
            "from vsm_xl.udfs import *\n"
            "assert threading.active_count() == 1\n"
            "print(VSM_WBF(0.25, 0.2309108), VSM_DURATION('2 h 30 m'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(VSM_WBF(0.25, 0.2309108)), "150.0"]
