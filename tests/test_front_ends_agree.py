"""One reader for every front end: `vsm-xl evaluate`, the Python API, `vsm-xl portfolio` and
`vsm-xl convert` (of a template workbook) accept and refuse the same workbooks, with the same
problems at the same cells (issue 7) and the same figures where they accept (issue 15).

The first corpus is built from the bundled examples by changing one input cell each, the way
users get them wrong (hours per day 30, an inventory of "n/a", a duplicated step name whose later
step has LT < PT, ...). Each case names the cell its problem must be reported at, found from
the layout the example was built with: an independent expectation, not what the reader says.

The second runs every workbook there is through all four front ends, each by its command or
call as a user would: every bundled example (``examples/*.xlsx``, ``examples/*.yaml`` built into
workbooks), generated ones with AHP and team weighting, an evaluated copy, the fuzz regressions
and a seeded sample of fuzz mutations of them; where one front end accepts a template workbook
all must, with the same totals, flow efficiencies, WBF and best alternative.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import vsm_xl
from vsm_xl.cli import cli
from vsm_xl.convert.run import Job, convert_job
from vsm_xl.core.errors import ValidationError, VsmError
from vsm_xl.portfolio.collect import build_portfolio
from vsm_xl.workbook.layout import template_layout as L
from vsm_xl.workbook.xlsx.package import open_package
from vsm_xl.workbook.read.reader import read_workbook

ROOT = Path(__file__).resolve().parents[1]
ORDER = ROOT / "examples" / "order_fulfillment.xlsx"
CLAIMS = ROOT / "examples" / "claims_handling.xlsx"


def _steps_cell(read, s: int, k: int, key: str) -> str:
    """The template cell of step k of state s in column ``key`` (layout.STEP_COLUMNS)."""
    block = read.geometry.blocks[read.state_blocks[s]]
    return L.address(L.STEPS, block.columns[key], block.step_rows[k])


def _setting(read, key: str) -> str:
    return L.address(L.STEPS, L.SETTINGS_VALUE_COL, read.geometry.settings[key])


def _indicator(read, i: int, key: str) -> str:
    t = read.geometry.indicators
    return L.address(L.INDICATORS, t.columns[key], t.indicator_rows[i])


def _value(read, i: int, j: int) -> str:
    t = read.geometry.indicators
    return L.address(L.INDICATORS, t.value_col(j), t.indicator_rows[i])


def _pair(read, group: str, i: int, j: int) -> str:
    b = read.geometry.pairwise[group]
    return L.address(L.PAIRWISE, b.col(j), b.row(i))


def _improvement(read, k: int, key: str) -> str:
    t = read.geometry.improvements
    return L.address(L.IMPROVEMENTS, t.columns[key], t.first_row + k)


# name -> (example, {cell function: value}, expected problem cell or None when accepted, words in it)
def _cases(order, claims):
    s = _steps_cell
    cases = {
        "order as built": (ORDER, {}, None, ""),
        "claims as built": (CLAIMS, {}, None, ""),
        "hours per day 30": (ORDER, {_setting(order, "hours_per_day"): 30}, _setting(order, "hours_per_day"),
                             "at most 24 hours"),
        "days per week 8": (ORDER, {_setting(order, "days_per_week"): 8}, _setting(order, "days_per_week"),
                            "at most 7 days"),
        "hours per day text": (ORDER, {_setting(order, "hours_per_day"): "eight"}, _setting(order, "hours_per_day"),
                               "must be a number"),
        "working days valid": (ORDER, {_setting(order, "hours_per_day"): 8, _setting(order, "days_per_week"): 5},
                               None, ""),
        "inventory n/a": (ORDER, {s(order, 0, 1, "inventory"): "n/a"}, s(order, 0, 1, "inventory"),
                          "inventory must be a number"),
        "inventory negative": (ORDER, {s(order, 0, 1, "inventory"): -3}, s(order, 0, 1, "inventory"),
                               "cannot be negative"),
        "duplicated step name, bad later step": (
            ORDER, {s(order, 0, 1, "step"): "Order Entry", s(order, 0, 1, "lt"): "1m"},
            s(order, 0, 1, "lt"), "shorter than process time"),
        # Inventory Alloc: no information flow names it (renaming a step a flow names is refused)
        "duplicated step names, fine": (ORDER, {s(order, 0, 2, "step"): "Order Entry"}, None, ""),
        "material flow unknown": (ORDER, {s(order, 0, 1, "inflow"): "conveyor"}, s(order, 0, 1, "inflow"),
                                  "unknown material flow"),
        "FIFO max negative": (ORDER, {s(order, 1, 1, "inflow_max"): -1}, s(order, 1, 1, "inflow_max"),
                              "FIFO maximum must be 0 or more"),
        "PT unreadable": (ORDER, {s(order, 0, 0, "pt"): "abc"}, s(order, 0, 0, "pt"), "cannot read 'abc'"),
        "PT missing": (ORDER, {s(order, 0, 2, "pt"): None}, s(order, 0, 2, "pt"), "process time is missing"),
        "LT shorter than PT": (ORDER, {s(order, 1, 0, "lt"): "1m"}, s(order, 1, 0, "lt"), "shorter than"),
        "LT as text with units": (ORDER, {s(order, 0, 0, "lt"): "2 h 30 m"}, None, ""),
        "PT with decimal comma": (ORDER, {s(order, 0, 0, "pt"): "1,5 h"}, None, ""),
        "%C&A 150": (ORDER, {s(order, 0, 2, "ca"): 150}, s(order, 0, 2, "ca"), "between 0 % and 100 %"),
        "resources 0": (ORDER, {s(order, 0, 0, "resources"): 0}, s(order, 0, 0, "resources"), "must be positive"),
        "position 1.5": (ORDER, {s(order, 0, 0, "position"): 1.5}, s(order, 0, 0, "position"), "whole number"),
        "parallel branches": (ORDER, {s(order, 0, 2, "position"): 2, s(order, 0, 3, "position"): 2}, None, ""),
        "bottleneck maybe": (ORDER, {s(order, 0, 0, "bottleneck"): "maybe"}, s(order, 0, 0, "bottleneck"),
                             "yes or no"),
        "waste laziness": (ORDER, {s(order, 0, 0, "wastes"): "laziness"}, s(order, 0, 0, "wastes"),
                           "unknown waste"),
        "waste in German": (ORDER, {s(order, 0, 0, "wastes"): "Warten; Fehler: Tippfehler"}, None, ""),
        "time unit fortnight": (ORDER, {_setting(order, "time_unit"): "fortnight"}, _setting(order, "time_unit"),
                                "unknown time unit"),
        "PT an Excel error": (ORDER, {s(order, 0, 0, "pt"): "#N/A"}, s(order, 0, 0, "pt"), "is the error #N/A"),
        "demand without time": (ORDER, {_setting(order, "demand_units"): 90, _setting(order, "available_time"): None},
                                _setting(order, "available_time"), "available working time is missing"),
        "demand lots": (ORDER, {_setting(order, "demand_units"): "lots",
                                _setting(order, "available_time"): "7.5h"}, _setting(order, "demand_units"),
                        "must be a number"),
        "demand and takt": (ORDER, {_setting(order, "demand_units"): 90,
                                    _setting(order, "available_time"): "7.5h"}, None, ""),
        "impact huge": (ORDER, {_improvement(order, 0, "impact"): "huge"}, _improvement(order, 0, "impact"),
                        "impact"),
        "priority 0": (ORDER, {_improvement(order, 0, "priority"): 0}, _improvement(order, 0, "priority"),
                       "priority must be 1 or more"),
        "worst equals best": (CLAIMS, {_indicator(claims, 0, "worst"): 8, _indicator(claims, 0, "best"): 8},
                              _indicator(claims, 0, "worst"), "worst and best are both 8"),
        "group other": (CLAIMS, {_indicator(claims, 1, "group"): "other"}, _indicator(claims, 1, "group"),
                        "group"),
        "function cubic": (CLAIMS, {_indicator(claims, 1, "function"): "cubic"}, _indicator(claims, 1, "function"),
                           "unknown value function"),
        "curvature text": (CLAIMS, {_indicator(claims, 1, "function"): "exponential",
                                    _indicator(claims, 1, "curvature"): "steep"},
                           _indicator(claims, 1, "curvature"), "must be a number"),
        "value n/a": (CLAIMS, {_value(claims, 2, 1): "n/a"}, _value(claims, 2, 1), "must be a number"),
        "value missing": (CLAIMS, {_value(claims, 2, 1): None}, _value(claims, 2, 1), "is missing"),
        "pairwise 3": (CLAIMS, {_pair(claims, "monetary", 0, 2): 3}, _pair(claims, "monetary", 0, 2),
                       "use 0, 1 or 2"),
        "pairwise mirror typed, inconsistent": (CLAIMS, {_pair(claims, "monetary", 2, 0): 1},
                                                _pair(claims, "monetary", 2, 0), "must sum to 2"),
    }
    return cases


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    order, claims = read_workbook(ORDER), read_workbook(CLAIMS)
    folder = tmp_path_factory.mktemp("corpus")
    cases = {}
    for n, (name, (source, changes, cell, words)) in enumerate(_cases(order, claims).items()):
        wb = openpyxl.load_workbook(source)
        for where, value in changes.items():
            sheet, ref = where.split("!")
            wb[sheet][ref] = value
        path = folder / f"case{n:02d}.xlsx"
        wb.save(path)
        cases[name] = (path, cell, words)
    return cases


def _api(path):
    try:
        vsm_xl.evaluate(path)
    except ValidationError as exc:
        return [(p.location, p.message) for p in exc.problems]
    return None


def _cli(path):
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"])
    data = json.loads(result.output)
    if result.exit_code == 0:
        assert "states" in data
        return None
    return [(p["cell"], p["message"]) for p in data["problems"]]


def _flat(problems) -> str:
    return " ".join(str(ValidationError([vsm_xl.core.errors.Problem(m, c) for c, m in problems])).split())


def test_corpus_is_big_enough(corpus):
    assert len(corpus) >= 30
    assert sum(cell is None for _, cell, _ in corpus.values()) >= 8  # good ones too


def test_every_front_end_accepts_and_refuses_the_same_workbooks(corpus, tmp_path):
    portfolio = build_portfolio([path for path, _, _ in corpus.values()])
    failures = dict(portfolio.failures)
    rows = {}
    for row in portfolio.rows:
        rows.setdefault(row["file"], []).append(row)
    for name, (path, cell, words) in corpus.items():
        api, by_cli = _api(path), _cli(path)
        assert api == by_cli, name
        log = convert_job(Job(path, path.name, tmp_path / f"{path.stem}.xlsx", tmp_path / f"{path.stem}.yaml"),
                          force=True)
        if cell is None:
            assert api is None, f"{name}: refused: {api}"
            assert path.name not in failures and log.status == "converted", name
            result = vsm_xl.evaluate(path)
            expected = [s.flow_efficiency for s in result.analysis.states] or [None]  # no states: one blank row
            assert [r["flow_efficiency"] for r in rows[path.name]] == expected, name
            best = result.analysis.evaluation.best if result.analysis.evaluation else None
            assert {r["best_alternative"] for r in rows[path.name]} == {best}, name
            continue
        assert api is not None, f"{name}: accepted"
        where = [c for c, _ in api]
        assert cell in where, f"{name}: {cell} not among {api}"
        assert words in dict(api)[cell], name
        flat = _flat(api)
        assert " ".join(failures[path.name].split()) == flat, name  # the portfolio: same text
        assert log.status == "failed" and " ".join(log.reason.split()) == flat, name  # convert: same text


def test_duplicated_step_names_are_located_by_index_in_yaml_too(tmp_path):
    """Two steps named "Pack": the problem of the second names its own YAML index."""
    path = tmp_path / "dup.yaml"
    path.write_text("value_stream:\n  current_state:\n    steps:\n"
                    "      - {name: Pack, process_time_minutes: 5, lead_time_hours: 1}\n"
                    "      - {name: Pack, process_time_minutes: 90, lead_time_hours: 1}\n")
    with pytest.raises(ValidationError) as info:
        vsm_xl.evaluate(path)
    (problem,) = info.value.problems
    assert problem.location == "value_stream.current_state.steps[1].lead_time_hours"


# -- every workbook there is, through every front end by its command ---------------------------

EXAMPLES = ROOT / "examples"
REGRESSIONS = ROOT / "tests" / "data" / "fuzz_regressions"
MUTATIONS = 8  # seeded fuzz mutations of each base workbook (tests/fuzz/mutate.py)


def _ahp_team(stream):
    """Claims with both groups weighted by teams: the non-monetary one by two participants' AHP
    judgments (Anna 4:2:1, Ben's inconsistent ones), the monetary one by one AHP matrix typed
    with reciprocals in the lower triangle."""
    from dataclasses import replace

    from vsm_xl.core.model import Participant

    model = stream.evaluation
    anna = ((None, 2, 4), (0.5, None, 2), (0.25, 0.5, None))
    ben = ((None, 1 / 3, 5), (3, None, 1 / 7), (0.2, 7, None))
    non_monetary = replace(model.pairwise["non-monetary"], scheme="ahp", matrix=(),
                           participants=(Participant("Anna", anna), Participant("Ben", ben)))
    monetary = replace(model.pairwise["monetary"], scheme="ahp",
                       matrix=((None, 3, 1 / 2), (1 / 3, None, 1 / 5), (2, 5, None)))
    return replace(stream, evaluation=replace(model, pairwise={"non-monetary": non_monetary,
                                                               "monetary": monetary}))


def _pairwise_team(stream):
    """Claims with the non-monetary group weighted by three participants' 0/1/2 comparisons."""
    from dataclasses import replace

    from vsm_xl.core.model import Participant

    model = stream.evaluation
    people = (Participant("Dora", ((None, 2, 1), (0, None, 1), (1, 1, None))),
              Participant("Emil", ((None, 1, 2), (1, None, 2), (0, 0, None))),
              Participant("Fay", ((None, 0, 1), (2, None, 2), (1, 0, None))))
    group = replace(model.pairwise["non-monetary"], matrix=(), participants=people)
    return replace(stream, evaluation=replace(model, pairwise={**model.pairwise, "non-monetary": group}))


def _combined(streams):
    """Order fulfilment's states with the team example's evaluation, customer demand and 8 h days."""
    from dataclasses import replace

    from vsm_xl.core.durations import DurationRule
    from vsm_xl.core.model import Demand

    return replace(streams["order_fulfillment"], evaluation=streams["claims_handling_team"].evaluation,
                   demand=Demand(available_minutes=450, units=90), duration_rule=DurationRule(8, 5))


GENERATED = ("blank template", "ahp team", "pairwise team", "combined", "combined, room", "team evaluated copy")
BASES = tuple(f"example {p.name}" for p in sorted(EXAMPLES.glob("*.xlsx"))) \
    + tuple(f"yaml {p.name}" for p in sorted(EXAMPLES.glob("*.yaml"))) \
    + tuple(f"generated {name}" for name in GENERATED)
MUTATED = ("example claims_handling_team.xlsx", "example order_fulfillment.xlsx", "generated ahp team",
           "generated combined")
CASES = BASES + tuple(f"regression {p.name}" for p in sorted(REGRESSIONS.glob("*.xls[xm]"))) \
    + tuple(f"mutation {k} of {base}" for base in MUTATED for k in range(MUTATIONS))


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """``book(case) -> path``: the workbook of a case, made once per test process."""
    from vsm_xl.io.yaml_io import read_yaml
    from vsm_xl.workbook.writer import write_evaluated, write_template

    folder = tmp_path_factory.mktemp("agree")
    made: dict = {}

    def streams():
        return {p.stem: read_yaml(p) for p in EXAMPLES.glob("*.yaml")}

    def make(case: str) -> Path:
        if case in made:
            return made[case]
        kind, _, name = case.partition(" ")
        target = folder / f"case{len(made):03d}.xlsx"
        if kind == "example":
            path = EXAMPLES / name
        elif kind == "regression":
            path = REGRESSIONS / name
        elif kind == "yaml":
            path = write_template(target, read_yaml(EXAMPLES / name))
        elif name == "blank template":
            path = write_template(target)
        elif name == "ahp team":
            path = write_template(target, _ahp_team(streams()["claims_handling"]))
        elif name == "pairwise team":
            path = write_template(target, _pairwise_team(streams()["claims_handling"]))
        elif name.startswith("combined"):
            path = write_template(target, _combined(streams()), room=name.endswith("room"))
        elif name == "team evaluated copy":
            write_evaluated(EXAMPLES / "claims_handling_team.xlsx", target)
            path = target
        elif kind == "mutation":
            import random

            from tests.fuzz.mutate import mutate_package

            k, _, base = name.partition(" of ")
            data, _ = mutate_package(random.Random(f"agree-{base}-{k}"), make(base).read_bytes())
            target.write_bytes(data)
            path = target
        else:
            raise AssertionError(f"no such case: {case}")
        made[case] = Path(path)
        return made[case]

    return make


def _number(value):
    """A figure as compared: None for a blank or undefined one (NaN), else a float."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _figures(states, alternatives, best) -> dict:
    """``states``: (name, PT, LT, WT, FE) rows; ``alternatives``: {name: WBF} (None: only the best
    one's is known)."""
    return {"states": [(name, *map(_number, numbers)) for name, *numbers in states],
            "alternatives": alternatives, "best": best}


def _api_answer(path):
    """("accepted", figures) or ("refused", [(cell, message)] | message) by the Python API."""
    try:
        vsm_xl.load(path)
        result = vsm_xl.evaluate(path)
    except ValidationError as exc:
        return "refused", [(p.location, p.message) for p in exc.problems]
    except VsmError as exc:  # as evaluate --format json lists it
        return "refused", [(exc.location, exc.message)]
    states = result.states()
    keys = ["state", "total_process_time_minutes", "total_lead_time_minutes", "total_wait_time_minutes",
            "flow_efficiency"]
    wbf = None
    if result.analysis.evaluation is not None:  # alternatives() says there is none otherwise
        wbf = {row.name: _number(row.wbf) for row in result.alternatives().itertuples()}
    return "accepted", _figures([tuple(row) for row in states[keys].itertuples(index=False)], wbf, result.best)


def _cli_answer(path):
    result = CliRunner().invoke(cli, ["evaluate", str(path), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, (SystemExit, VsmError)), result.exception
    data = json.loads(result.stdout)
    if result.exit_code != 0:
        return "refused", [(p["cell"], p["message"]) for p in data["problems"]]
    evaluation = data["evaluation"] or {}
    return "accepted", _figures(
        [(s["name"], s["total_process_time_minutes"], s["total_lead_time_minutes"], s["total_wait_time_minutes"],
          s["flow_efficiency"]) for s in data["states"]],
        {a["name"]: a["wbf"] for a in evaluation.get("alternatives", ())} or None, evaluation.get("best"))


def _portfolio_answer(path):
    result = CliRunner().invoke(cli, ["portfolio", str(path), "--format", "json", "--jobs", "1"])
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    if result.exit_code == 1:
        reason = result.stderr.split(f"{path.name}: ", 1)[1]
        return "refused", " ".join(reason.split())
    rows = json.loads(result.stdout)
    states = [(r["name"], r["total_process_time_minutes"], r["total_lead_time_minutes"],
               r["total_wait_time_minutes"], r["flow_efficiency"]) for r in rows if r["name"] is not None]
    best = {r["best_alternative"] for r in rows}
    wbf = {r["best_wbf"] for r in rows}
    assert len(best) == 1 and len(wbf) == 1, rows  # the same on every row of the file
    figures = _figures(states, None, best.pop())
    figures["best_wbf"] = _number(wbf.pop())
    return "accepted", figures


def _convert_answer(path, out: Path):
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(out), "--jobs", "1", "--force"])
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    (log,) = json.loads((out / "conversion-log.json").read_text(encoding="utf-8"))["files"]
    if result.exit_code == 1:
        assert log["status"] == "failed"
        return "refused", " ".join(log["reason"].split()), log
    (workbook,) = [name for name in log["outputs"] if name.endswith(".xlsx")]
    return ("accepted",) + _api_answer(out / workbook)[1:] + (log,)


def _has_template_sheets(path) -> bool:
    """Whether the package lists the sheets every template has (a package that cannot be opened
    is taken as one: no front end may read it)."""
    try:
        package = open_package(path)
    except VsmError:
        return True
    return L.is_template([title for title, _ in package.sheets])


def _close(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == pytest.approx(b, rel=1e-12, abs=1e-12)
    return a == b


@pytest.mark.parametrize("case", CASES)
def test_every_front_end_gives_the_same_answer(case, book, tmp_path):
    path = book(case)
    api, by_cli = _api_answer(path), _cli_answer(path)
    assert api[0] == by_cli[0] and _close(api[1], by_cli[1]), (api, by_cli)
    verdict, said = api
    if case in BASES:  # built from valid models: read by every front end
        assert verdict == "accepted", said
    if not _has_template_sheets(path):
        return  # no template workbook: portfolio and convert read it as a team's own spreadsheet
    portfolio = _portfolio_answer(path)
    converted = _convert_answer(path, tmp_path / "out")
    if verdict == "refused":
        assert portfolio[0] == "refused", f"the portfolio reads what evaluate refuses ({said}): {portfolio}"
        assert converted[0] == "refused", f"convert reads what evaluate refuses ({said}): {converted}"
        if any(cell is not None and "!" in cell for cell, _ in said):  # a template with problems at cells: the same ones
            expected = _flat(said)
            assert portfolio[1] == expected and converted[1] == expected, (expected, portfolio, converted)
        return
    assert portfolio[0] == "accepted", f"the portfolio refuses what evaluate reads: {portfolio[1]}"
    assert converted[0] == "accepted", f"convert refuses what evaluate reads: {converted[1]}"
    assert converted[2]["details"]["reader"].startswith("template workbook"), converted[2]
    assert _close(converted[1], said), (converted[1], said)
    best = said["best"]
    expected = dict(said, alternatives=None, best_wbf=said["alternatives"][best] if best else None)
    assert _close(portfolio[1], expected), (portfolio[1], expected)


def test_the_cases_cover_what_they_say():
    """Every example, both weighting schemes with a team and a single matrix, and enough fuzz."""
    assert {f"example {p.name}" for p in EXAMPLES.glob("*.xlsx")} <= set(CASES)
    assert {f"yaml {p.name}" for p in EXAMPLES.glob("*.yaml")} <= set(CASES)
    assert sum(c.startswith("regression") for c in CASES) >= 10
    assert sum(c.startswith("mutation") for c in CASES) >= 30
