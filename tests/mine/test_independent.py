"""The bundled log (examples/claims_events.csv) measured again with plain pandas group-bys and
merges written here, not the project's code; and a hand-made log whose figures are worked out
by hand."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vsm_xl.eventlog.run import mine_log

LOG = Path(__file__).resolve().parents[2] / "examples" / "claims_events.csv"
PARALLEL = {"Assess": "branch", "Verify": "branch"}  # what a reader of the log sees


@pytest.fixture(scope="module")
def frame():
    df = pd.read_csv(LOG, parse_dates=["Start Timestamp", "Complete Timestamp"])
    df["start"] = (df["Start Timestamp"] - pd.Timestamp("1970-01-01")).dt.total_seconds() / 60
    df["end"] = (df["Complete Timestamp"] - pd.Timestamp("1970-01-01")).dt.total_seconds() / 60
    df["group"] = df["Activity"].map(PARALLEL).fillna(df["Activity"])
    df["event"] = range(len(df))
    return df


@pytest.fixture(scope="module")
def previous_end(frame):
    """Per event: the latest end, in its case, of an event of another position ended by its start."""
    pairs = frame.merge(frame, on="Case ID", suffixes=("", "_p"))
    pairs = pairs[(pairs.end_p <= pairs.start) & (pairs.group_p != pairs.group)]
    return pairs.groupby("event").end_p.max()


@pytest.fixture(scope="module")
def mined():
    return {s.name: s for s in mine_log(LOG).mining.steps}


def test_process_time_percentiles(frame, mined):
    pt = (frame.end - frame.start).groupby(frame.Activity)
    for name, step in mined.items():
        assert step.process_time.p50 == pytest.approx(pt.median()[name], abs=1e-6)
        assert step.process_time.p10 == pytest.approx(pt.quantile(0.1)[name], abs=1e-6)
        assert step.process_time.p90 == pytest.approx(pt.quantile(0.9)[name], abs=1e-6)


def test_wait_time_medians(frame, previous_end, mined):
    waits = (frame.set_index("event").start - previous_end).dropna()
    by_activity = waits.groupby(frame.set_index("event").Activity).median()
    for name, step in mined.items():
        if name == "Receive":
            assert step.wait_time is None
        else:
            assert step.wait_time.p50 == pytest.approx(by_activity[name], abs=1e-6)


def test_wip_time_average(frame, previous_end, mined):
    period = frame.start.min(), frame.end.max()
    events = frame.set_index("event")
    waits = pd.DataFrame({"from": previous_end, "to": events.start}).dropna()
    waited = (waits["to"].clip(upper=period[1]) - waits["from"].clip(lower=period[0])).clip(lower=0)
    wip = waited.groupby(events.Activity).sum() / (period[1] - period[0])
    for name, step in mined.items():
        assert step.wip == pytest.approx(wip.get(name, 0.0), abs=1e-9)


def test_complete_and_accurate_and_counts(frame, mined):
    counts = frame.groupby(["Case ID", "Activity"]).size().unstack(fill_value=0)
    once = (counts == 1).sum() / (counts > 0).sum()  # in this log a return always repeats the step
    for name, step in mined.items():
        assert step.complete_accurate == pytest.approx(once[name])
        assert step.cases == (counts[name] > 0).sum()
        assert step.occurrences == counts[name].sum()


def test_owners_are_the_most_frequent_resources(frame, mined):
    for name, step in mined.items():
        shares = frame[frame.Activity == name].Resource.value_counts(normalize=True)
        assert step.owners[0][1] == pytest.approx(shares.iloc[0])
        assert step.owners[0][0] in set(shares[shares == shares.iloc[0]].index)


def _write(path, rows, header="case,activity,start,end,resource"):
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_hand_made_log(tmp_path):
    """Case 1: A B C B D (C is passed once but the case goes back to B after it); case 2:
    A B C D. Times in minutes after 08:00 on 2026-03-02, worked out by hand."""
    def t(minute):
        return f"2026-03-02 {8 + minute // 60:02d}:{minute % 60:02d}"

    rows = [
        f"1,A,{t(0)},{t(10)},ann", f"1,B,{t(30)},{t(40)},bob", f"1,C,{t(60)},{t(80)},cy",
        f"1,B,{t(100)},{t(110)},bob", f"1,D,{t(120)},{t(125)},dan",
        f"2,A,{t(5)},{t(15)},ann", f"2,B,{t(15)},{t(35)},eve", f"2,C,{t(95)},{t(105)},cy",
        f"2,D,{t(110)},{t(125)},dan",
    ]
    mined = mine_log(_write(tmp_path / "hand.csv", rows))
    steps = {s.name: s for s in mined.mining.steps}
    assert [s.name for s in mined.mining.steps] == ["A", "B", "C", "D"]
    assert steps["A"].complete_accurate == 1.0
    assert steps["B"].complete_accurate == 0.5  # case 1 passes B twice
    assert steps["C"].complete_accurate == 0.5  # case 1 returns to B after C
    assert steps["D"].complete_accurate == 1.0
    # B's waits: 30-10=20, 100-80=20 (case 1), 15-15=0 (case 2) -> median 20; PT 10, 10, 20 -> 10
    assert steps["B"].wait_time.p50 == 20 and steps["B"].process_time.p50 == 10
    # C's waits: 60-40=20, 95-35=60 -> median 40; state LT = 40 + median PT 15
    assert steps["C"].wait_time.p50 == 40
    assert mined.state.steps[2].lead_time == 55
    # WIP in front of C: (20 + 60) min waited over the period 08:00-10:05 (125 min)
    assert steps["C"].wip == pytest.approx(80 / 125)
    assert mined.mining.main_path_share == 0.5
    assert steps["B"].owners == (("bob", 2 / 3), ("eve", 1 / 3))


def test_the_period_cuts_cases_and_clips_waits(tmp_path):
    rows = [f"{c},A,2026-03-0{d} 08:00,2026-03-0{d} 09:00,x" for c, d in ((1, 2), (2, 3), (3, 4))]
    rows += [f"{c},B,2026-03-0{d} 11:00,2026-03-0{d} 12:00,y" for c, d in ((1, 2), (2, 3), (3, 4))]
    mined = mine_log(_write(tmp_path / "p.csv", rows), period_from="2026-03-03", period_to="2026-03-04")
    assert mined.mining.cases == 1 and mined.mining.excluded_cases == 2
    steps = {s.name: s for s in mined.mining.steps}
    assert steps["B"].wip == pytest.approx(120 / 1440)  # one case waited 2 h in the day
    assert steps["B"].wip_little == pytest.approx(1 / 1440 * 120)
