"""The live Sensitivity sheet (issue 20): in every workbook the template writes, computed by the
``formulas`` engine with the cell functions bound in it equals the batch (SMAA-2 of the claims
example, the states' lead-time percentiles); without the add-in it says so once, no error walls;
the Steps sheet's PT / LT / WT low and high columns reach the model and back; `vsm-xl convert` reads
"5-12 d" as a range."""
from __future__ import annotations

import dataclasses

import pytest

from vsm_xl.core.model import GROUPS
from vsm_xl.core.smaa import SIMPLEX, smaa
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.layout import live_layout as LS
from vsm_xl.workbook.read.reader import read_workbook
from vsm_xl.workbook.writer import write_template


@pytest.fixture(scope="module")
def ranged(tmp_path_factory, streams):
    """Order fulfilment with two uncertain lead times, an uncertain PT and wait time, and the claims
    evaluation (with a value range)."""
    base, claims = streams["order_fulfillment"], streams["claims_handling"].evaluation
    state = base.states[0]
    steps = list(state.steps)
    steps[1] = dataclasses.replace(steps[1], lead_time_range=(240.0, steps[1].lead_time, 960.0))
    steps[4] = dataclasses.replace(steps[4], lead_time_range=(720.0, steps[4].lead_time, 4320.0))
    pt, wait = steps[2].process_time, steps[2].wait_time  # a PT and a wait time range: LT = PT + WT per draw
    steps[2] = dataclasses.replace(steps[2], process_time_range=(pt / 2, pt, pt * 2),
                                   wait_time_range=(wait / 2, wait, wait * 3))
    indicators = list(claims.indicators)
    indicators[0] = dataclasses.replace(indicators[0], ranges=(None, (3.0, 9.0, 30.0), None, None))
    stream = dataclasses.replace(base, states=(dataclasses.replace(state, steps=tuple(steps)),) + base.states[1:],
                                 evaluation=dataclasses.replace(claims, indicators=tuple(indicators)))
    return stream, write_template(tmp_path_factory.mktemp("ranged") / "ranged.xlsx", stream)


def _sheet_cells(values: dict) -> dict:
    return {k.split("!", 1)[1]: v for k, v in values.items() if k.startswith(f"{LS.SHEET}!")}


def test_the_live_sheet_computes_what_the_batch_does(ranged):
    pytest.importorskip("formulas")
    import vsm_xl.udfs as udfs
    from tests.support.formula_engine import evaluate_workbook

    stream, path = ranged
    read = read_workbook(path)
    assert read.stream.states[0].steps[4].lead_time_range == (720.0, 1440.0, 4320.0)  # the Steps columns, read back
    assert read.stream.states[0].steps[2].wait_time_range == stream.states[0].steps[2].wait_time_range
    assert read.analysis.spreads[0].ranged == 4
    cells = _sheet_cells(evaluate_workbook(path, {name: getattr(udfs, name) for name in udfs.__all__}, strict=True,
                                           without=(L.MAP,)))  # nothing of this sheet's there (Charts holds the day length)
    layout = LS.LiveLayout(read.geometry.indicators.n_rows, read.geometry.indicators.n_alternatives,
                           len(read.geometry.blocks))
    batch = smaa(read.analysis.model, draws=2000, seed=0, sampling={g: SIMPLEX for g in GROUPS})
    assert batch.ranges == 1
    for j, a in enumerate(batch.alternatives):
        col = L.cell(layout.col(j), 1)[:-1]
        assert cells[f"{col}{layout.p_best_row}"] == a.first_share
        assert [cells[f"{col}{layout.rank_row(r)}"] for r in range(1, 5)] == list(a.acceptability)
    spread = read.analysis.spreads[0]
    lead = [cells[L.cell(layout.helper(k), layout.lead_row(0))] for k in range(3)]
    assert lead == pytest.approx([spread.lead_time.p5, spread.lead_time.median, spread.lead_time.p95], rel=1e-12)
    assert cells[L.cell(layout.helper(0), layout.lead_row(1))] == read.analysis.states[1].total_lead_time  # exact
    # shown by the one display rule, as vsm-xl evaluate shows it
    from vsm_xl.core.display import display

    assert cells[L.cell(layout.col(1), layout.lead_row(0))] == display(spread.lead_time.median)
    assert cells[f"A{layout.status_row}"] == LS.LIVE_NOTE


@pytest.fixture(scope="module")
def measured_ranged(tmp_path_factory, streams):
    """The paper's example (measured indicators: flow degree of each alternative's state) with an
    uncertain LT in the current state and an uncertain PT and wait time in target condition 2."""
    base = streams["paper_cirp2013"]
    states = list(base.states)
    for s, changes in ((0, {1: "lt"}), (2, {0: "pt", 2: "wt"})):
        steps = list(states[s].steps)
        for k, which in changes.items():
            step = steps[k]
            steps[k] = dataclasses.replace(step, **{
                "lt": {"lead_time_range": (0.6 * step.lead_time, step.lead_time, 2 * step.lead_time)},
                "pt": {"process_time_range": (0.8 * step.process_time, step.process_time, 1.5 * step.process_time)},
                "wt": {"wait_time_range": (step.wait_time / 2, step.wait_time, 3 * step.wait_time)}}[which])
        states[s] = dataclasses.replace(states[s], steps=tuple(steps))
    stream = dataclasses.replace(base, states=tuple(states))
    return write_template(tmp_path_factory.mktemp("measured") / "measured.xlsx", stream)


def _cli_smaa(path, tmp_path) -> dict:
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "vsm_xl", "sensitivity", str(path), "--smaa", "--seed", "0",
                           "--draws", "2000", "--smaa-weights", "monetary=simplex", "--smaa-weights",
                           "non-monetary=simplex", "--format", "json"], check=True, capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    return json.loads(done.stdout)["smaa"]


def test_measured_indicators_are_drawn_with_the_step_times_as_the_batch_draws_them(measured_ranged, tmp_path):
    """Live = batch draw for draw where measured indicators meet ranged step times: the sheet's
    SMAA-2 cells, computed by the formulas engine with the cell functions bound, equal exactly what
    `vsm-xl sensitivity --smaa --seed 0` prints; and the draws of the step times matter (the
    likely figures alone give other acceptabilities)."""
    pytest.importorskip("formulas")
    import vsm_xl.udfs as udfs
    from tests.support.formula_engine import evaluate_workbook

    batch = _cli_smaa(measured_ranged, tmp_path)
    assert batch["measured"] == 2 and batch["ranges"] == 0  # flow degree of the two states with ranges
    read = read_workbook(measured_ranged)
    likely = smaa(read.analysis.model, draws=2000, seed=0, sampling={g: SIMPLEX for g in GROUPS})
    assert [a.acceptability for a in likely.alternatives] != [tuple(a["acceptability"]) for a in
                                                              batch["alternatives"]]
    cells = _sheet_cells(evaluate_workbook(measured_ranged, {name: getattr(udfs, name) for name in udfs.__all__},
                                           strict=True, without=(L.MAP, L.CHARTS)))
    table = read.geometry.indicators
    layout = LS.LiveLayout(table.n_rows, table.n_alternatives, len(read.geometry.blocks))
    names = [cells[f"A{layout.weight_row(i)}"] for i in range(len(batch["alternatives"][0]["central_weights"]))]
    for j, a in enumerate(batch["alternatives"]):
        col = L.cell(layout.col(j), 1)[:-1]
        assert cells[f"{col}{layout.p_best_row}"] == a["acceptability"][0]
        assert [cells[f"{col}{layout.rank_row(r)}"] for r in range(1, 5)] == a["acceptability"]
        assert [cells[f"{col}{layout.weight_row(i)}"] for i in range(len(names))] == \
            [a["central_weights"][name] if a["central_weights"] else "" for name in names]
    assert sum(bool(a["central_weights"]) for a in batch["alternatives"]) >= 2
    assert cells[f"A{layout.status_row}"] == LS.LIVE_NOTE


def test_without_the_add_in_the_sheet_says_so_once(ranged):
    """No VSM_* function bound: the helpers say what they need, the status cell says it once in
    words, every visible figure is blank (no #NAME? wall)."""
    pytest.importorskip("formulas")
    from tests.support.formula_engine import evaluate_workbook

    _, path = ranged
    read = read_workbook(path)
    cells = _sheet_cells(evaluate_workbook(path, {}, without=(L.MAP, L.CHARTS)))
    layout = LS.LiveLayout(read.geometry.indicators.n_rows, read.geometry.indicators.n_alternatives,
                           len(read.geometry.blocks))
    assert cells[f"A{layout.status_row}"] == LS.NEEDS
    visible = [cells.get(L.cell(layout.col(j), r)) for j in range(layout.n_alternatives)
               for r in [layout.p_best_row] + [layout.rank_row(k) for k in range(1, 5)]]
    visible += [cells.get(L.cell(layout.col(k), layout.lead_row(0))) for k in range(3)]
    assert set(visible) <= {"", None}
    shown = {v for v in cells.values() if isinstance(v, str) and v.startswith("#")}
    assert not shown


def test_the_template_saves_the_batch_figures_in_the_live_cells(ranged):
    """LibreOffice and Excel show saved results without the add-in: the live cells carry them."""
    from vsm_xl.workbook.evaluated.result_cells import result_cells

    _, path = ranged
    read = read_workbook(path)
    cells = {k: v for k, v in result_cells(read, read.analysis).items() if k[0] == LS.SHEET}
    import openpyxl

    ws = openpyxl.load_workbook(path, data_only=True)[LS.SHEET]
    saved = {(LS.SHEET, r, c): ws.cell(row=r, column=c).value for _, r, c in cells}
    assert all(saved[k] == pytest.approx(v) if isinstance(v, float) else (saved[k] or "") == v
               for k, v in cells.items())
    assert sum(isinstance(v, float) for v in cells.values()) > 40


def test_a_bad_lead_time_range_names_its_cell(tmp_path, ranged):
    import openpyxl

    from vsm_xl.core.errors import ValidationError

    _, path = ranged
    read = read_workbook(path)
    block = read.geometry.blocks[0]
    wb = openpyxl.load_workbook(path)
    low = L.cell(block.columns["lt_low"], block.first_row)
    wb[L.STEPS][low] = "3d"  # above the LT of 2 h
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(ValidationError) as caught:
        read_workbook(tmp_path / "bad.xlsx")
    assert any(p.location == f"{L.STEPS}!{low}" and "LT low <= LT <= LT high" in p.message
               for p in caught.value.problems)


def test_convert_reads_a_range_of_days(tmp_path):
    import openpyxl

    from vsm_xl.convert.cell_values import read_duration_range

    assert read_duration_range("5-12 d", None) == (7200.0, 12240.0, 17280.0)
    assert read_duration_range("2h – 4 h", None) == (120.0, 180.0, 240.0)
    assert read_duration_range("5 d", None) is None and read_duration_range(12.0, "min") is None
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["Step", "PT", "LT"], ["Order entry", "15 min", "2 h"], ["Credit check", "10 min", "5-12 d"]):
        ws.append(row)
    wb.save(tmp_path / "team.xlsx")
    import subprocess
    import sys

    subprocess.run([sys.executable, "-m", "vsm_xl", "convert", str(tmp_path / "team.xlsx"), "-o", str(tmp_path / "o")],
                   check=True, capture_output=True, timeout=120)
    read = read_workbook(tmp_path / "o" / "team.xlsx")
    assert read.stream.states[0].steps[1].lead_time_range == (7200.0, 12240.0, 17280.0)
    assert read.analysis.spreads[0].lead_time.p5 > 7200.0
