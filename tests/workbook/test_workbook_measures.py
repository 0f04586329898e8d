"""One study, not two tools (issue 15): the map and the evaluation in one workbook. Measured
indicators take their values from the Steps blocks through native formulas (the table
Measures of the states and the value cells that look it up), the new step, state and
improvement fields round-trip, and problems of measures come back at their cells."""
from __future__ import annotations

import math
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from vsm_xl.core.errors import ValidationError
from vsm_xl.core.measures import MEASURE_KEYS
from vsm_xl.io.yaml_io import read_yaml
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_template
from tests.support.workbook_problems import problems_by_cell

ROOT = Path(__file__).resolve().parents[2]
PAPER = ROOT / "examples" / "paper_cirp2013.yaml"
BEFORE = Path(__file__).parent / "data" / "claims_handling_before_measures.xlsx"


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    """The paper's example written from its YAML, and its model."""
    stream = read_yaml(PAPER)
    path = write_template(tmp_path_factory.mktemp("paper") / "paper.xlsx", stream)
    return path, stream


def _copy(paper, tmp_path) -> Path:
    target = tmp_path / "paper.xlsx"
    shutil.copy(paper[0], target)
    return target


_problems = problems_by_cell  # the problems a refused workbook reports, by cell


def _where(read, subject) -> tuple[str, str]:
    sheet, coordinate = read.locate(subject).split("!")
    return sheet, coordinate


# -- the paper's example as one study -----------------------------------------------------------
def test_paper_round_trips_and_gives_table_4(paper):
    """YAML -> workbook -> model is exact, and the workbook gives the paper's Table 4:
    G non-monetary 0.250 / 0.478 / 0.445 / 0.520 (vsm-xl: 0.2500 / 0.4781 / 0.4453 / 0.5198)."""
    path, stream = paper
    read = read_workbook(path)
    assert read.stream == stream and read.warnings == ()
    alternatives = read.analysis.evaluation.alternatives
    assert [round(a.benefit_non_monetary, 3) for a in alternatives] == [0.250, 0.478, 0.445, 0.520]
    assert [round(a.benefit_non_monetary, 4) for a in alternatives] == [0.25, 0.4781, 0.4453, 0.5198]
    # Table 1 of the paper, from the maps: flow degree 90 / 37 / 42 / 37, EPEI 11 d, space in m²
    values = {ind.name: [round(v, 1) for v in ind.values] for ind in read.analysis.model.indicators}
    assert values["Flow degree"] == [90.0, 37.0, 42.0, 37.0]
    assert values["EPEI"] == [11.0] * 4 and values["OEE"] == [100.0] * 4
    assert values["Space"] == [5000, 4500, 4750, 3750]
    assert values["Investment"] == [0, 990000, 362000, 1020000]
    assert values["Annual savings"] == [0, 280000, 110000, 400000]


def test_measured_cells_are_native_formulas_with_saved_results(paper):
    """A measured value cell is a computed (locked) native formula that looks its state up in the
    Measures table; it carries the batch figure as its saved result (no VSM_* call)."""
    path, _ = paper
    read = read_workbook(path)
    t = read.geometry.indicators
    formulas = openpyxl.load_workbook(path)[L.INDICATORS]
    saved = openpyxl.load_workbook(path, data_only=True)[L.INDICATORS]
    first = t.indicator_rows[0]  # Flow degree
    for j, expected in enumerate((90.0, 36.99897225077081, 41.99985416717303, 36.99897225077081)):
        c = formulas.cell(first, t.value_col(j))
        assert c.value.startswith("=") and "VSM_" not in c.value and L.MEAS_VALUES in c.value
        assert c.protection.locked
        assert math.isclose(saved.cell(first, t.value_col(j)).value, expected, rel_tol=1e-12)
    assert formulas.cell(first, t.columns["measure"]).value == "flow_degree"
    # the Measure drop-down offers exactly the keys of core.measures
    lists = [dv.formula1 for dv in formulas.data_validations.dataValidation]
    assert '"' + ",".join(MEASURE_KEYS) + '"' in lists
    # the Measures table: one row per state, in base units (lead time in minutes)
    m = t.measures
    assert m is not None and m.n_states == 4
    names = [saved.cell(m.first_row + n, 1).value for n in range(4)]
    assert names == ["Current state", "Target condition 1", "Target condition 2", "Target condition 3"]
    lead = m.col(MEASURE_KEYS.index("lead_time"))
    assert saved.cell(m.first_row, lead).value == 6.5 * 1440 + 5 * 1440 + 7 * 1440 + 100.8 * 60 + 3 * 1440


def test_a_constant_typed_over_a_measured_cell_is_reported_there(paper, tmp_path):
    path = _copy(paper, tmp_path)
    read = read_workbook(path)
    t = read.geometry.indicators
    row, col = t.indicator_rows[3], t.value_col(2)  # Space, Target condition 2
    wb = openpyxl.load_workbook(path)
    wb[L.INDICATORS].cell(row, col).value = 4000
    wb.save(path)
    problems = _problems(path)
    where = L.address(L.INDICATORS, col, row)
    assert list(problems) == [where]
    assert "takes its values from the measure 'space'" in problems[where]


def test_problems_of_measures_come_back_at_their_cells(paper, tmp_path):
    """An unknown measure at its Measure cell, a state an alternative names that does not exist at
    its State cell, a missing field of the pacemaker at the step's cell, an improvement's
    unknown state at its States cell."""
    path = _copy(paper, tmp_path)
    read = read_workbook(path)
    t, g = read.geometry.indicators, read.geometry
    block = g.blocks[read.state_blocks[1]]
    painting = block.step_rows[2]
    wb = openpyxl.load_workbook(path)
    ind = wb[L.INDICATORS]
    ind.cell(t.indicator_rows[1], t.columns["measure"]).value = "cycle_time"  # EPEI
    ind.cell(t.indicator_rows[0], t.columns["measure"]).value = "lead_time"  # Flow degree, in ...
    ind.cell(t.indicator_rows[0], t.columns["unit"]).value = "furlongs"  # ... no time unit
    ind.cell(t.indicator_rows[3], t.columns["measure"]).value = "wip"  # Space: no state gives inventories
    ind.cell(t.state_row, t.value_col(3)).value = "Target condition 9"
    wb[L.STEPS].cell(painting, block.columns["availability"]).value = None  # OEE needs it
    imp = g.improvements
    wb[L.IMPROVEMENTS].cell(imp.first_row, imp.columns["states"]).value = "Target condition 1; TC 7"
    wb.save(path)
    problems = _problems(path)
    measure = L.address(L.INDICATORS, t.columns["measure"], t.indicator_rows[1])
    assert "unknown measure 'cycle_time'" in problems[measure]
    state = L.address(L.INDICATORS, t.value_col(3), t.state_row)
    assert "'Target condition 9'" in problems[state]
    availability = L.address(L.STEPS, block.columns["availability"], painting)
    assert "the availability of its pacemaker 'Painting' is missing" in problems[availability]
    states = L.address(L.IMPROVEMENTS, imp.columns["states"], imp.first_row)
    assert "'TC 7' is not one of the states" in problems[states]
    unit = L.address(L.INDICATORS, t.columns["unit"], t.indicator_rows[0])
    assert "the unit 'furlongs' is not a time unit" in problems[unit]
    current = L.address(L.STEPS, L.STATE_NAME_COL, g.blocks[read.state_blocks[0]].marker_row)
    assert "no step gives its inventory, so there is no WIP" in problems[current]


def test_alternatives_name_their_states_and_round_trip(paper, tmp_path):
    """EvaluationModel.states round-trips through the State row: a named state is written, an
    alternative named like its state leaves the cell blank."""
    _, stream = paper
    model = stream.evaluation
    names = ("Today", "TC1", "TC2", "TC3")
    states = tuple(s.name for s in stream.states)
    renamed = replace(stream, evaluation=replace(model, alternatives=names, states=states))
    read = read_workbook(write_template(tmp_path / "named.xlsx", renamed))
    assert read.stream == renamed
    assert [a.name for a in read.analysis.evaluation.alternatives] == list(names)
    g = [round(a.benefit_non_monetary, 4) for a in read.analysis.evaluation.alternatives]
    assert g == [0.25, 0.4781, 0.4453, 0.5198]
    mixed = replace(renamed, evaluation=replace(model, alternatives=("Today",) + states[1:],
                                                states=("Current state", None, None, None)))
    assert read_workbook(write_template(tmp_path / "mixed.xlsx", mixed)).stream == mixed


def test_new_step_state_and_improvement_fields_round_trip(tmp_path, paper):
    from vsm_xl.core.model import Improvement, State, Step

    _, stream = paper
    step = Step("Press", 12.5, 600, area=12.25, availability=0.875, performance=0.9, quality=0.995,
                operating_time=512.5, variants=3, changeover=45, marked_bottleneck=True)
    extra = State("Target B", (step, Step("Pack", 5, 60, area=0)), "target", "measured")
    changed = replace(stream, states=stream.states + (extra,),
                      improvements=stream.improvements + (Improvement("SMED", states=("Target B", "Current state"),
                                                                      cost=1500.5, annual_savings=-20),))
    read = read_workbook(write_template(tmp_path / "fields.xlsx", changed))
    assert read.stream == changed
    assert read.stream.states[-1].basis == "measured" and read.stream.states[0].basis == "measured"
    assert read.stream.states[1].basis == "estimated"


def test_a_workbook_from_before_the_measures_still_reads(streams):
    """examples/claims_handling.xlsx as vsm-xl wrote it before the Measure column, the State row and
    the new Steps and Improvements columns: it reads as before."""
    from dataclasses import replace

    read = read_workbook(BEFORE)
    # its "Unit of totals" says h (the default then): the unit it asks its totals in, as it says
    assert read.stream == replace(streams["claims_handling"], display_unit="h")
    assert [round(a.wbf, 4) for a in read.analysis.evaluation.alternatives] == [1.0742, 0.4791, 0.6220, 0.2962]


def test_the_portfolio_reads_the_measured_study(paper):
    """The portfolio reads with the one template reader: a measured row's values are computed, not typed."""
    from vsm_xl.portfolio.collect import build_portfolio

    path, _ = paper
    found = build_portfolio([path], progress=False)
    assert not found.failures
    assert [row["name"] for row in found.rows] == [
        "Current state", "Target condition 1", "Target condition 2", "Target condition 3"]
    assert {row["best_alternative"] for row in found.rows} == {"Target condition 3"}
    assert {round(row["best_wbf"], 4) for row in found.rows} == {0.7405}  # the paper's study, from its maps


# -- live formulas in a real formula engine -----------------------------------------------------
def test_changing_a_lead_time_moves_the_wbf_in_the_engine_as_in_batch(paper, tmp_path):
    """Change one step's LT in the paper's workbook: the formulas engine (the template's own
    formulas, vsm_xl.udfs bound in) moves flow degree, partial benefit, G and WBF exactly as
    `vsm-xl evaluate` of the changed workbook does."""
    pytest.importorskip("formulas")
    import vsm_xl.udfs as udfs
    from tests.support.formula_engine import evaluate_workbook

    path = _copy(paper, tmp_path)
    before = read_workbook(path)
    block = before.geometry.blocks[before.state_blocks[1]]  # Target condition 1
    wb = openpyxl.load_workbook(path)
    wb[L.STEPS].cell(block.step_rows[0], block.columns["lt"]).value = "1 d"  # Stamping: 2.5 d -> 1 d
    wb.save(path)
    after = read_workbook(path)  # the batch of the changed workbook
    cells = evaluate_workbook(path, {name: getattr(udfs, name) for name in udfs.__all__}, strict=True,
                              without=(L.MAP, L.CHARTS))  # no result cell there
    t, res = after.geometry.indicators, after.geometry.results
    old = before.analysis.evaluation.alternatives[1]
    new = after.analysis.evaluation.alternatives[1]
    assert new.wbf < old.wbf  # a shorter lead time: a lower flow degree, a better WBF
    flow_degree = cells[L.address(L.INDICATORS, t.value_col(1), t.indicator_rows[0])]
    assert math.isclose(flow_degree, after.analysis.model.indicators[0].values[1], rel_tol=1e-12)
    assert math.isclose(flow_degree, (14400 - 1.5 * 1440) / 389.2, rel_tol=1e-12)  # hand-computed LT / PT
    u = cells[L.address(L.INDICATORS, t.benefit_col(1), t.indicator_rows[0])]
    assert math.isclose(u, after.analysis.evaluation.partial_benefits[0][1], rel_tol=1e-12)
    for key, figure in (("g_non_monetary", new.benefit_non_monetary), ("wbf", new.wbf)):
        assert math.isclose(cells[L.address(L.RESULTS, res.col(1), res.row(key))], figure, rel_tol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_random_new_fields_round_trip(tmp_path, paper, seed):
    """Random step fields (area, availability, performance, quality, BZ, variants, C/O), bases,
    improvements' states, costs and savings, measures with units and the states alternatives
    name: YAML model -> workbook -> model is exact."""
    import random

    from vsm_xl.core.model import Improvement

    rng = random.Random(seed)
    _, stream = paper

    def maybe(value):  # a number as a cell holds it (xlsx keeps about 15 significant digits)
        return float(f"{value:.12g}") if rng.random() < 0.7 else None

    states = []
    for state in stream.states:
        steps = tuple(replace(step, area=maybe(round(rng.uniform(0, 5000), rng.randint(0, 6))),
                              availability=maybe(rng.random()), performance=maybe(rng.random()),
                              quality=maybe(rng.choice((0.0, 1.0, rng.random()))),  # 0 and 1 exactly too
                              operating_time=maybe(rng.uniform(0, 1e5)), variants=maybe(rng.uniform(0.01, 50)),
                              changeover=maybe(rng.uniform(0, 600)))
                      for step in state.steps)
        states.append(replace(state, steps=steps, basis=rng.choice(("", "measured", "estimated"))))
    names = [s.name for s in states]
    improvements = tuple(Improvement(f"Improvement {n}", states=tuple(rng.sample(names, rng.randint(0, 4))),
                                     cost=maybe(rng.uniform(0, 1e7)), annual_savings=maybe(rng.uniform(-1e5, 1e6)))
                         for n in range(rng.randint(1, 5)))
    model = stream.evaluation
    indicators = tuple(replace(ind, measure=rng.choice(MEASURE_KEYS), unit=rng.choice(("", "d", "h", "%", "EUR")))
                       if ind.measure else ind for ind in model.indicators)
    alternatives = tuple(f"Alternative {j}" for j in range(4))
    evaluation = replace(model, indicators=indicators, alternatives=alternatives,
                         states=tuple(rng.sample(names, 4)))
    changed = replace(stream, states=tuple(states), improvements=improvements, evaluation=evaluation)
    path = write_template(tmp_path / f"random-{seed}.xlsx", changed)
    from vsm_xl.workbook.read.reader import read_workbook as read_only

    try:
        read = read_only(path)
    except ValidationError as exc:  # a random measure a random state cannot give: the reading itself is exact
        assert all(p.location for p in exc.problems)
        read = read_only(path, analyze_it=False)
    assert read.stream == changed


def test_guide_shows_the_one_study_workflow_with_the_papers_example(paper):
    wb = openpyxl.load_workbook(paper[0])
    text = " ".join(str(c.value) for row in wb["Guide"].iter_rows() for c in row if c.value)
    for phrase in ("map -> target conditions -> measured indicators -> WBF", "Basis", "Measure",
                   "examples/paper_cirp2013.xlsx", "0.250 / 0.478 / 0.445 / 0.520", "Measures of the states"):
        assert phrase in text, phrase
