"""The SMAA-2 and step-time cell functions (issue 20) through xlwings' argument shapes (ranges
as lists of rows with ``ndim=2``, ``None`` for blank cells): live equals batch, the same seed
gives the same figures as the core (and so as ``vsm-xl sensitivity --smaa --seed``), and the
errors are one line of text."""
from __future__ import annotations

import dataclasses

import pytest

from tests.support import udf_cases as C
from vsm_xl.cell_functions import smaa as cells_smaa
from vsm_xl import udfs
from vsm_xl.core.model import GROUPS, State, Step
from vsm_xl.core.smaa import SIMPLEX, smaa
from vsm_xl.core.time_ranges import state_uncertainty
from vsm_xl.io.yaml_io import read_yaml

EXAMPLES = __import__("pathlib").Path(__file__).resolve().parents[1] / "examples"


def _claims_with_ranges():
    """The claims model with the ranges of udf_cases.CLAIMS_RANGES (likely blank: the value)."""
    model = read_yaml(EXAMPLES / "claims_handling.yaml").evaluation
    indicators = list(model.indicators)
    by_name = {ind.name: k for k, ind in enumerate(indicators)}
    ranges = {name: [None] * 4 for name in by_name}
    for name, alt, low, likely, high in C.CLAIMS_RANGES[:-1]:
        j = model.alternatives.index(alt)
        ranges[name][j] = (low, indicators[by_name[name]].values[j] if likely is None else likely, high)
    indicators = [dataclasses.replace(ind, ranges=tuple(ranges[ind.name])) if any(ranges[ind.name]) else ind
                  for ind in indicators]
    return dataclasses.replace(model, indicators=tuple(indicators))


ARGS = (C.CLAIMS_NAMES, C.CLAIMS_GROUPS, C.CLAIMS_WORST, C.CLAIMS_BEST, C.CLAIMS_VALUES, C.CLAIMS_ALTERNATIVES,
        C.CLAIMS_RANGES, C.CLAIMS_FUNCTION, C.CLAIMS_CURVATURE)


@pytest.mark.parametrize("seed, draws, distribution", [(0, 2000, "triangular"), (7, 300, "pert")])
def test_the_smaa_functions_equal_the_core_with_the_same_seed(seed, draws, distribution):
    batch = smaa(_claims_with_ranges(), draws=draws, seed=seed, distribution=distribution,
                 sampling={g: SIMPLEX for g in GROUPS})
    args = ARGS + (float(seed), float(draws), distribution)
    assert udfs.VSM_P_BEST(*args) == [[a.first_share for a in batch.alternatives]]
    assert udfs.VSM_RANK_ACCEPTABILITY(*args) == [[a.acceptability[r] for a in batch.alternatives] for r in range(4)]
    central = udfs.VSM_CENTRAL_WEIGHTS(*args)
    for j, a in enumerate(batch.alternatives):
        assert [row[j] for row in central] == (list(a.central_weights) if a.central_weights else [""] * 6)
    assert batch.ranges == 3  # the ranges reached the simulation


def test_blank_columns_and_rows_stay_blank_and_sums_hold():
    """The template's table is wider and longer than the study: blank alternative columns and
    indicator rows give blanks; each column of b^r sums to 1, each group's central weights too."""
    pad = lambda rows, extra: [list(r) + [None] * extra for r in rows]  # noqa: E731
    names, groups = C.CLAIMS_NAMES + [[None]] * 2, C.CLAIMS_GROUPS + [[None]] * 2
    worst, best = C.CLAIMS_WORST + [[None]] * 2, C.CLAIMS_BEST + [[None]] * 2
    values = pad(C.CLAIMS_VALUES, 2) + [[None] * 6] * 2
    alts = [C.CLAIMS_ALTERNATIVES[0] + [None, None]]
    fn, curv = C.CLAIMS_FUNCTION + [[None]] * 2, C.CLAIMS_CURVATURE + [[None]] * 2
    args = (names, groups, worst, best, values, alts, None, fn, curv, 0.0, 500.0)
    ranks = udfs.VSM_RANK_ACCEPTABILITY(*args)
    assert len(ranks) == 6 and all(row[4:] == ["", ""] for row in ranks) and ranks[4:] == [[""] * 6] * 2
    assert all(abs(sum(row[j] for row in ranks[:4]) - 1) < 1e-12 for j in range(4))
    central = udfs.VSM_CENTRAL_WEIGHTS(*args)
    assert len(central) == 8 and central[6:] == [[""] * 6] * 2
    for j in range(4):
        if central[0][j] != "":
            assert abs(sum(central[i][j] for i in range(3)) - 1) < 1e-12
            assert abs(sum(central[i][j] for i in range(3, 6)) - 1) < 1e-12


def test_one_simulation_serves_every_function_of_a_sheet(monkeypatch):
    calls = []
    real = cells_smaa.smaa
    monkeypatch.setattr(cells_smaa, "smaa", lambda *a, **k: calls.append(1) or real(*a, **k))
    args = ARGS + (11.0, 200.0)
    udfs.VSM_P_BEST(*args)
    udfs.VSM_RANK_ACCEPTABILITY(*args)
    udfs.VSM_CENTRAL_WEIGHTS(*args)
    assert len(calls) == 1
    udfs.VSM_P_BEST(*ARGS + (12.0, 200.0))  # another seed: computed anew
    assert len(calls) == 2


@pytest.mark.parametrize("change, words", [
    ({"ranges": [["Lead time", "Option Z", 1.0, None, 2.0]]}, "#VALUE! ranges row 1: no indicator 'Lead time' with a value for 'Option Z'"),
    ({"ranges": [["Lead time", "Option A", 1.0, None]]}, "#VALUE! ranges has 4 columns"),
    ({"groups": [["xyz"]] * 6}, "#VALUE! row 1: unknown indicator group 'xyz'"),
    ({"draws": 0.0}, "#VALUE! seed must be a whole number and draws a whole number of at least 1"),
])
def test_errors_are_one_line_naming_the_cell(change, words):
    args = dict(zip(("names", "groups", "worst", "best", "values", "alternatives", "ranges", "function", "curvature"),
                    ARGS))
    args.update(change)
    result = udfs.VSM_P_BEST(**args)
    assert isinstance(result, str) and result.startswith(words) and "\n" not in result


def _steps_sheet():
    """The Steps sheet's columns as the live sheet passes them (A:B, PT:LT, the six range columns,
    Position) over three blocks: Current (an LT range, in hours), Empty (no steps: no state, as the
    reader reads it) and Future (a PT and a wait-time range, two parallel steps)."""
    head = (["#", "Step"], ["PT", "LT"], ["PT low", "PT high", "LT low", "LT high", "WT low", "WT high"], "Position")
    blank = ([None, None], [None, None], [None] * 6, None)
    rows = [(["State", "Current"], [None, None], [None] * 6, None), head,
            ([1, "Order"], [15.0, "2h"], [None, None, "1h", "5h", None, None], None),
            ([2, "Pack"], ["10m", 60.0], [None] * 6, None), (["Total", None], [None, None], [None] * 6, None),
            ([None, "Flow efficiency"], [None, None], [None] * 6, None), blank,
            (["State", "Empty"], [None, None], [None] * 6, None), head, blank, (["Total", None], [None, None],
                                                                             [None] * 6, None), blank,
            (["State", "Future"], [None, None], [None] * 6, None), head,
            ([1, "Order"], [5.0, 30.0], [2.0, 9.0, None, None, None, None], 1.0),
            ([2, "Check"], [5.0, 20.0], [None, None, None, None, 5.0, 60.0], 1.0),
            ([3, "Pack"], [10.0, 40.0], [None] * 6, 2.0)]
    labels, times, ranges, positions = ([list(r[k]) if k < 3 else [r[k]] for r in rows] for k in range(4))
    steps = {"Current": (Step("Order", 15, 120, lead_time_range=(60, 120, 300)), Step("Pack", 10, 60)),
             "Future": (Step("Order", 5, 30, process_time_range=(2, 5, 9), position=1),
                        Step("Check", 5, 20, wait_time_range=(5, 15, 60), position=1), Step("Pack", 10, 40, position=2))}
    return (labels, times, ranges, positions), steps


def test_measured_indicators_are_drawn_with_the_steps_as_the_batch_draws_them():
    """Live = batch draw for draw: measured lead time (in h) and flow degree of each alternative's
    state, drawn from the Steps columns (states counted as the reader counts them: the empty block
    is none), equal core.measured_draws + smaa of the same value stream; and differ from the
    likely figures alone."""
    from vsm_xl.core.measured_draws import measured_samples
    from vsm_xl.core.model import EvaluationModel, Indicator, ValueStream

    columns, steps = _steps_sheet()
    lt = {"Current": 3.0, "Future": 80 / 60}  # likely totals in hours (Future: the longer branch, then Pack)
    fg = {"Current": 180 / 25, "Future": 70 / 15}
    indicators = (Indicator("Lead time", "non-monetary", 8, 0.5, (lt["Current"], lt["Future"]), unit="h",
                            measure="lead_time"),
                  Indicator("Flow degree", "non-monetary", 10, 1, (fg["Current"], fg["Future"]), measure="flow_degree"),
                  Indicator("Quality", "non-monetary", 0.5, 1, (0.9, 0.8)),
                  Indicator("Cost", "monetary", 100, 0, (40.0, 60.0)))
    model = EvaluationModel(("Current", "Future"), indicators, {})
    stream = ValueStream(states=(State("Current", steps["Current"]), State("Future", steps["Future"])), evaluation=model)
    measured = measured_samples(stream, model, draws=700, seed=3)
    # the evaluation as the cell functions read it (its weights are drawn on the simplex anyway)
    batch = smaa(cells_smaa.Study(*_study_args(indicators)).model, draws=700, seed=3,
                 sampling={g: SIMPLEX for g in GROUPS}, measured=measured)
    assert len(measured) == 4
    args = _study_args(indicators) + (3.0, 700.0, "triangular", C.column(["lead_time", "flow_degree", None, None], 4),
                                      C.column(["h", None, None, None], 4), [[None, None]]) + columns
    assert udfs.VSM_RANK_ACCEPTABILITY(*args) == [[a.acceptability[r] for a in batch.alternatives] for r in range(2)]
    likely = udfs.VSM_RANK_ACCEPTABILITY(*args[:12])
    assert likely != udfs.VSM_RANK_ACCEPTABILITY(*args)
    central = udfs.VSM_CENTRAL_WEIGHTS(*args)
    for j, a in enumerate(batch.alternatives):
        assert [row[j] for row in central] == (list(a.central_weights) if a.central_weights else [""] * 4)
    broken = args[:17] + ([r[:5] for r in columns[2]],) + args[18:]
    assert udfs.VSM_P_BEST(*broken).startswith("#VALUE! step ranges: PT low, PT high, LT low, LT high, WT low, "
                                               "WT high: give 6 columns, not 5")


def _study_args(indicators):
    """The Indicators table of ``indicators`` as cells (names ... curvature)."""
    col = lambda values: [[v] for v in values]  # noqa: E731
    return (col([i.name for i in indicators]), col([i.group for i in indicators]), col([i.worst for i in indicators]),
            col([i.best for i in indicators]), [list(i.values) for i in indicators], [["Current", "Future"]], None,
            None, None)


def test_lead_time_percentile_equals_the_state_spread():
    """Live = batch: the state's p5 / median / p95 of LT (core.time_ranges, what vsm-xl evaluate
    prints) from the Steps columns LT, LT low, LT high."""
    steps = (Step("A", 10, 1440, lead_time_range=(720, 1440, 4320)), Step("B", 5, 120),
             Step("C", 2, 30, lead_time_range=(10, 30, 60)))
    found = state_uncertainty(State("S", steps), seed=4, draws=1500)
    lead, low, high = C.column(["1d", "2h", 30.0], 6), C.column(["12h", None, 10.0], 6), C.column(["3d", None, "1h"], 6)
    for q, want in ((0.05, found.lead_time.p5), ("50%", found.lead_time.median), (95.0, found.lead_time.p95)):
        got = udfs.VSM_LEAD_TIME_PERCENTILE(lead, low, high, q, None, 4.0, 1500.0)
        assert abs(got - want) < 1e-9 * want
    in_hours = udfs.VSM_LEAD_TIME_PERCENTILE(lead, low, high, 0.5, None, 4.0, 1500.0, unit="h")
    assert abs(in_hours - found.lead_time.median / 60) < 1e-9


def test_lead_time_percentile_without_ranges_is_the_total():
    lead = C.column(["1d", "2h"], 4)
    assert udfs.VSM_LEAD_TIME_PERCENTILE(lead, None, None, 0.95) == 1560.0
    assert udfs.VSM_LEAD_TIME_PERCENTILE(lead, None, None, 150).startswith("#VALUE! percentile must lie between")
    assert udfs.VSM_LEAD_TIME_PERCENTILE(C.column([], 3), None, None).startswith("#N/A no steps")


def test_every_argument_is_documented():
    for name in ("VSM_P_BEST", "VSM_RANK_ACCEPTABILITY", "VSM_CENTRAL_WEIGHTS", "VSM_LEAD_TIME_PERCENTILE"):
        record = getattr(udfs, name).__xlfunc__
        assert record["ret"]["doc"].strip() and record["category"] == "VSM"
        assert all(not a["doc"].startswith("Positional argument") for a in record["args"]), name
        assert all(a["options"].get("ndim") == 2 for a in record["args"] if a["name"] in ("values", "lead_times"))
