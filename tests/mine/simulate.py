"""A seeded simulator of event logs from a known value stream, and the stream's true figures.

Claims flow through Receive -> Check -> (Assess || Verify, in parallel) -> Decide -> Pay. Waits
are exponential (given means), process times lognormal (given medians, sigma 0.5); after Decide
a claim goes back to Check with probability REWORK (and again after the next Decide). Every
activity has its own pool of resources, picked uniformly. Servers are unlimited, so each wait
is drawn independently and the medians and means below are the truth.
"""
from __future__ import annotations

import datetime as dt
import math

import numpy as np

SIGMA = 0.5
REWORK = 0.2
ARRIVAL_MEAN = 10.0  # minutes between claims
# activity: (mean wait before it in minutes, median PT in minutes, resources)
STEPS = {
    "Receive": (0.0, 10.0, ("Ann", "Ben")),
    "Check": (120.0, 20.0, ("Cem", "Dora", "Eli")),
    "Assess": (60.0, 30.0, ("Finn", "Gus")),
    "Verify": (90.0, 15.0, ("Hana",)),
    "Decide": (180.0, 25.0, ("Ida", "Jon")),
    "Pay": (30.0, 5.0, ("Kai", "Lea", "Mo", "Nia")),
}
ORDER = ("Receive", "Check", ("Assess", "Verify"), "Decide", "Pay")
START = dt.datetime(2026, 1, 5, 8, 0)


def truth() -> dict:
    """The true median PT, median WT, %C&A and WIP (Little's law) of every step."""
    visits = {"Receive": 1.0, "Pay": 1.0}
    for name in ("Check", "Assess", "Verify", "Decide"):
        visits[name] = 1 / (1 - REWORK)
    out = {}
    for name, (wait, pt, _) in STEPS.items():
        ca = 1.0 if name in ("Receive", "Pay") else 1 - REWORK
        out[name] = {"pt": pt, "wt": wait * math.log(2), "wt_mean": wait, "ca": ca,
                     "wip": visits[name] * wait / ARRIVAL_MEAN}
    out["main_path_share"] = 1 - REWORK
    return out


def simulate(cases: int, seed: int = 1, *, one_timestamp: bool = False) -> list[tuple]:
    """Rows (case, activity, start, end, resource) of ``cases`` claims, times as datetimes."""
    rng = np.random.default_rng(seed)
    rows: list[tuple] = []
    arrival = 0.0
    for c in range(cases):
        arrival += rng.exponential(ARRIVAL_MEAN)
        case = f"C{c + 1:05d}"

        def do(name, ready, case=case):
            wait, pt, pool = STEPS[name]
            start = ready + (rng.exponential(wait) if wait else 0.0)
            end = start + rng.lognormal(math.log(pt), SIGMA)
            rows.append((case, name, start, end, pool[rng.integers(len(pool))]))
            return end

        t = do("Receive", arrival)
        while True:
            t = do("Check", t)
            t = max(do("Assess", t), do("Verify", t))
            t = do("Decide", t)
            if rng.random() >= REWORK:
                break
        do("Pay", t)
    if one_timestamp:
        return [(c, a, None, e, r) for c, a, _, e, r in rows]
    return rows


def when(minutes: float) -> str:
    return (START + dt.timedelta(minutes=minutes)).isoformat(sep=" ", timespec="seconds")


def write_csv(path, rows, *, one_timestamp: bool = False) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        if one_timestamp:
            out.writerow(["Case ID", "Activity", "Timestamp", "Resource"])
            out.writerows((c, a, when(e), r) for c, a, _, e, r in rows)
        else:
            out.writerow(["Case ID", "Activity", "Start Timestamp", "Complete Timestamp", "Resource"])
            out.writerows((c, a, when(s), when(e), r) for c, a, s, e, r in rows)
