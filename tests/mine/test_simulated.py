"""Mined figures against the simulator's truth (tests/mine/simulate.py) at 10,000 cases.

Tolerances are sampling errors worked out by hand: a median of n draws has standard error
1 / (2 f(median) sqrt(n)); for an exponential of mean mu that is mu / sqrt(n), for a lognormal
of median m and sigma s it is m s sqrt(2 pi) / (2 sqrt(n)); a share p of n has sqrt(p (1-p) / n).
Each check allows four standard errors."""
from __future__ import annotations

import math

import pytest

from tests.mine.simulate import SIGMA, STEPS, simulate, truth, write_csv
from vsm_xl.eventlog.run import mine_log

CASES = 10_000


@pytest.fixture(scope="module")
def mined(tmp_path_factory):
    path = tmp_path_factory.mktemp("sim") / "claims.csv"
    write_csv(path, simulate(CASES, seed=11))
    return mine_log(path)


@pytest.fixture(scope="module")
def by_name(mined):
    return {s.name: s for s in mined.mining.steps}


def test_main_path_order_and_the_parallel_branch(mined):
    names = [(s.position, s.name) for s in mined.mining.steps]
    assert names == [(0, "Receive"), (1, "Check"), (2, "Assess"), (2, "Verify"), (3, "Decide"), (4, "Pay")]
    positions = [s.position for s in mined.state.steps]
    assert positions == [1, 2, 3, 3, 4, 5]  # Assess and Verify: parallel branches of the state


@pytest.mark.parametrize("name", list(STEPS))
def test_process_time_median_matches_truth(by_name, name):
    step = by_name[name]
    m = truth()[name]["pt"]
    se = m * SIGMA * math.sqrt(2 * math.pi) / (2 * math.sqrt(step.process_time.n))
    assert abs(step.process_time.p50 - m) < 4 * se
    # p10 / p90 of the lognormal too: m exp(-+1.2816 s)
    assert step.process_time.p10 == pytest.approx(m * math.exp(-1.2816 * SIGMA), rel=0.04)
    assert step.process_time.p90 == pytest.approx(m * math.exp(1.2816 * SIGMA), rel=0.04)


@pytest.mark.parametrize("name", [n for n in STEPS if n != "Receive"])
def test_wait_time_median_matches_truth(by_name, name):
    step = by_name[name]
    t = truth()[name]
    se = t["wt_mean"] / math.sqrt(step.wait_time.n)
    assert abs(step.wait_time.p50 - t["wt"]) < 4 * se


def test_first_step_has_no_wait(by_name):
    assert by_name["Receive"].wait_time is None
    assert by_name["Receive"].step_lead_time == by_name["Receive"].process_time.p50


@pytest.mark.parametrize("name", list(STEPS))
def test_complete_and_accurate_matches_truth(by_name, name):
    p = truth()[name]["ca"]
    se = math.sqrt(max(p * (1 - p), 1e-12) / CASES)
    assert abs(by_name[name].complete_accurate - p) < 4 * se + 1e-12


@pytest.mark.parametrize("name", [n for n in STEPS if n != "Receive"])
def test_wip_matches_littles_law_of_the_truth(by_name, name):
    step = by_name[name]
    # the time average and lambda W agree where every wait lies inside the period
    assert step.wip == pytest.approx(step.wip_little, rel=1e-9)
    # against the true lambda x W: arrivals are Poisson, the relative error about 1/sqrt(n) + the wait's
    assert step.wip == pytest.approx(truth()[name]["wip"], rel=0.06)


def test_main_path_share_and_owners(mined, by_name):
    share = truth()["main_path_share"]
    assert abs(mined.mining.main_path_share - share) < 4 * math.sqrt(share * (1 - share) / CASES)
    assert {o for o, _ in by_name["Check"].owners} == {"Cem", "Dora", "Eli"}
    assert by_name["Verify"].owners == (("Hana", 1.0),)
    # resources per day: every pool member works every day at this volume
    assert by_name["Pay"].resources == pytest.approx(4.0, abs=0.05)
    assert by_name["Verify"].resources == 1.0


def test_lead_time_of_the_state_is_wait_plus_process(mined, by_name):
    for step in mined.state.steps:
        m = by_name[step.name]
        wait = m.wait_time.p50 if m.wait_time else 0.0
        assert step.lead_time == pytest.approx(wait + m.process_time.p50, abs=0.01)
        assert step.lead_time >= step.process_time


def test_one_timestamp_per_event_leaves_pt_to_the_user(tmp_path):
    path = tmp_path / "one.csv"
    write_csv(path, simulate(500, seed=3, one_timestamp=True), one_timestamp=True)
    mined = mine_log(path)
    assert not mined.mining.two_timestamps
    for step in mined.state.steps:
        assert math.isnan(step.process_time)
        assert "PT not in the log" in step.notes
    assert all(s.process_time is None for s in mined.mining.steps)
    check = next(s for s in mined.mining.steps if s.name == "Check")
    # the gap from Receive's end to Check's end: the wait (median 83 min) plus the PT (median 20)
    assert 90 < check.lead_time.p50 < 130
