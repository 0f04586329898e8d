"""One reader for every front end: `vsm-xl evaluate`, the Python API, `vsm-xl portfolio` and
`vsm-xl convert` (of a template workbook) accept and refuse the same workbooks, with the same
problems at the same cells (issue 7).

The corpus is built from the bundled examples by changing one input cell each, the way users
get them wrong (hours per day 30, an inventory of "n/a", a duplicated step name whose later
step has LT < PT, ...). Each case names the cell its problem must be reported at, found from
the layout the example was built with: an independent expectation, not what the reader says.
"""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import vsm_xl
from vsm_xl.cli import cli
from vsm_xl.convert.run import Job, convert_job
from vsm_xl.core.errors import ValidationError
from vsm_xl.portfolio import build_portfolio
from vsm_xl.workbook import layout as L
from vsm_xl.workbook.reader import read_workbook

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
        "duplicated step names, fine": (ORDER, {s(order, 0, 1, "step"): "Order Entry"}, None, ""),
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
        "demand without time": (ORDER, {_setting(order, "demand_units"): 90}, _setting(order, "available_time"),
                                "available working time is missing"),
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
