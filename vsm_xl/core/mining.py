"""The current state measured from an event log (issue 18): plain functions on plain data.

A log is given as cases, each a sequence of events ``(activity, start, end, resource)`` in time
order: ``activity`` and ``resource`` are indexes into the name lists, times are minutes on one
clock, ``start`` is None where the log has one timestamp per event (then ``end`` is that
timestamp and the process time is not measured: the step says so, the user types it).

Two passes over the cases (the adapter's cases are re-iterable and stream from compact
arrays): the first finds the main path (activities in at least half of the cases, ordered by
their typical first position; activities that run in either order or overlap in time share a
position: parallel branches); the second measures every step:

- PT: median of end - start; WT: median of start - the end of the case's previous event (the
  latest end at or before this start among events of another position); LT = WT + PT (each a
  median); p10/p50/p90 of each kept for the Measurement sheet.
- WIP in front of a step: the time-average number of cases waiting for it in the period (the
  waiting intervals clipped to the period over its length); Little's law (arrivals per minute
  times the mean wait) beside it as a cross-check.
- %C&A: the share of the cases passing the step that pass it once and never return to an
  earlier position afterwards.
- resources: distinct resources active per day (mean over the days the step was worked);
  owners: the most frequent resources with their shares.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from vsm_xl.core.errors import NoDataError
from vsm_xl.core.model import State, Step

MAIN_PATH_SHARE = 0.5  # an activity is on the main path when at least this share of cases has it
PARALLEL_ORDER_SHARE = 0.1  # both orders each seen in at least this share of the cases having both
PARALLEL_OVERLAP_SHARE = 0.5  # or their times overlap in at least this share
OWNERS_SHOWN = 3
MINUTES_PER_DAY = 1440.0

Event = tuple  # (activity: int, start: float | None, end: float, resource: int)


@dataclass(frozen=True)
class Spread:
    """Percentiles of a sample (minutes), linear interpolation as numpy and pandas."""

    p10: float
    p50: float
    p90: float
    n: int
    mean: float


@dataclass(frozen=True)
class MinedStep:
    name: str
    position: int  # 0-based; steps sharing one are parallel branches
    cases: int  # cases that passed the step
    occurrences: int  # events of the step (rework repeats it)
    process_time: Spread | None  # None: one timestamp per event, not measured
    wait_time: Spread | None
    lead_time: Spread | None  # per event: end - the previous end (WT + PT of that event)
    wip: float  # time-average cases waiting in front of the step in the period
    wip_little: float  # Little's law: arrivals per minute x mean wait
    complete_accurate: float
    resources: float  # distinct resources active per day, mean over the days worked
    owners: tuple[tuple[str, float], ...]  # most frequent resources, share of the step's events

    @property
    def step_lead_time(self) -> float | None:
        """The step's LT for the map: median WT + median PT (without PT: the median LT)."""
        if self.process_time is None:
            return self.lead_time.p50 if self.lead_time else None
        return (self.wait_time.p50 if self.wait_time else 0.0) + self.process_time.p50


@dataclass(frozen=True)
class Mining:
    steps: tuple[MinedStep, ...]  # main path order
    off_path: tuple[tuple[str, int], ...]  # activities of fewer cases: (name, cases)
    cases: int
    excluded_cases: int  # cases with events outside the period
    events: int
    period: tuple[float, float]  # minutes
    main_path_share: float  # cases following the main path exactly once
    two_timestamps: bool


def percentile(ordered: Sequence[float], q: float) -> float:
    """The ``q`` quantile (0..1) of a sorted sample, numpy's default linear interpolation."""
    if not ordered:
        raise NoDataError("no values")
    h = (len(ordered) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (h - lo) * (ordered[hi] - ordered[lo])


def spread(values) -> Spread | None:
    ordered = sorted(values)
    if not ordered:
        return None
    return Spread(percentile(ordered, 0.1), percentile(ordered, 0.5), percentile(ordered, 0.9), len(ordered),
                  math.fsum(ordered) / len(ordered))


def in_period(trace, period) -> bool:
    if period is None:
        return True
    lo, hi = period
    return all((e[1] if e[1] is not None else e[2]) >= lo and e[2] <= hi for e in trace)


# -- pass 1: the main path --------------------------------------------------------------------------
def _first_occurrences(trace) -> dict:
    first: dict = {}
    for e in trace:
        if e[0] not in first:
            first[e[0]] = e
    return first


def main_path(traces: Iterable, n_activities: int, period=None) -> tuple[tuple[tuple[int, ...], ...], list, tuple]:
    """Positions of the main path (each a tuple of parallel activities, in order), the number
    of cases having each activity, and the first and last time of the cases in the period."""
    first_time, last_time = math.inf, -math.inf
    having = [0] * n_activities
    rank_sum = [0.0] * n_activities
    before: Counter = Counter()
    overlap: Counter = Counter()
    cases = 0
    for trace in traces:
        if not in_period(trace, period):
            continue
        cases += 1
        first_time = min(first_time, trace[0][1] if trace[0][1] is not None else trace[0][2])
        last_time = max(last_time, max(e[2] for e in trace))
        first = _first_occurrences(trace)
        order = list(first)
        for rank, a in enumerate(order):
            having[a] += 1
            rank_sum[a] += rank
            ea = first[a]
            for b in order[rank + 1:]:
                before[(a, b)] += 1
                eb = first[b]
                if ea[1] is not None and eb[1] is not None and eb[1] < ea[2] and ea[1] < eb[2]:
                    overlap[(a, b)] += 1
    if not cases:
        raise NoDataError("no case of the log lies in the period")
    main = [a for a in range(n_activities) if having[a] >= MAIN_PATH_SHARE * cases]
    main.sort(key=lambda a: rank_sum[a] / having[a])

    def parallel(a, b) -> bool:
        both = before[(a, b)] + before[(b, a)]
        if not both:
            return False
        if overlap[(a, b)] + overlap[(b, a)] >= PARALLEL_OVERLAP_SHARE * both:
            return True
        return min(before[(a, b)], before[(b, a)]) >= PARALLEL_ORDER_SHARE * both

    positions: list[list[int]] = []
    for a in main:
        if positions and all(parallel(a, b) for b in positions[-1]):
            positions[-1].append(a)
        else:
            positions.append([a])
    return tuple(tuple(p) for p in positions), having, (first_time, last_time)


# -- pass 2: the measures ---------------------------------------------------------------------------
class _Step:
    """Samples and counters of one activity while the cases stream by."""

    def __init__(self):
        from array import array

        self.pt, self.wt, self.lt = array("d"), array("d"), array("d")
        self.cases = self.occurrences = self.ca = self.arrivals = 0
        self.waiting = 0.0  # minutes waited inside the period, summed
        self.resources: Counter = Counter()
        self.days: dict = {}


def _measure_case(trace, pos_of: dict, acc: dict, period, two: bool) -> bool:
    """Add one case's events to ``acc``; True when it follows the main path exactly."""
    lo, hi = period
    seen: Counter = Counter()
    for i, (a, start, end, res) in enumerate(trace):
        s = acc.get(a)
        seen[a] += 1
        if s is None:
            continue
        begin = start if two else end
        prev = None
        pa = pos_of[a]
        for b, _, e_end, _ in trace[:i]:
            if e_end <= begin and pos_of.get(b) != pa and (prev is None or e_end > prev):
                prev = e_end
        s.occurrences += 1
        if two:
            s.pt.append(end - start)
        if prev is not None:
            s.lt.append(end - prev)
            if two:
                s.wt.append(start - prev)
            s.waiting += max(0.0, min(begin, hi) - max(prev, lo))
        if lo <= begin <= hi:
            s.arrivals += 1
        s.resources[res] += 1
        s.days.setdefault(int(begin // MINUTES_PER_DAY), set()).add(res)
    positions = [pos_of.get(e[0]) for e in trace]
    for a, count in seen.items():
        s = acc.get(a)
        if s is None:
            continue
        s.cases += 1
        if count == 1:
            i = next(k for k, e in enumerate(trace) if e[0] == a)
            if all(p is None or p >= pos_of[a] for p in positions[i + 1:]):
                s.ca += 1
    path_len = len(pos_of)
    return (len(trace) == path_len and all(c == 1 for c in seen.values()) and set(seen) == set(pos_of)
            and all(x is not None and y is not None and x <= y for x, y in zip(positions, positions[1:])))


def mine(traces: Iterable, activities: Sequence[str], resources: Sequence[str], *, two_timestamps: bool,
         period: tuple[float, float] | None = None) -> Mining:
    """Measure the steps of the main path from ``traces`` (re-iterable: read twice)."""
    positions, having, (first, last) = main_path(traces, len(activities), period)
    pos_of = {a: p for p, group in enumerate(positions) for a in group}
    acc = {a: _Step() for a in pos_of}
    cases = excluded = events = on_path = 0
    lo, hi = period if period is not None else (-math.inf, math.inf)
    span = (first if math.isinf(lo) else lo, last if math.isinf(hi) else hi)  # an open end: the log's
    for trace in traces:
        if not in_period(trace, period):
            excluded += 1
            continue
        cases += 1
        events += len(trace)
        on_path += _measure_case(trace, pos_of, acc, span, two_timestamps)
    length = max(span[1] - span[0], 1e-9)
    steps = []
    for p, group in enumerate(positions):
        for a in group:
            steps.append(_summary(activities[a], p, acc[a], resources, length))
    off = tuple((activities[a], having[a]) for a in range(len(activities)) if a not in pos_of and having[a])
    return Mining(tuple(steps), off, cases, excluded, events, span, on_path / cases if cases else 0.0, two_timestamps)


def _summary(name: str, position: int, s: _Step, resources, length: float) -> MinedStep:
    wt, lt = spread(s.wt), spread(s.lt)
    waited = wt if s.pt else lt  # one timestamp: the wait in front includes the step's own time
    mean_wait = waited.mean if waited else 0.0
    total = sum(s.resources.values())
    owners = tuple((resources[r], n / total) for r, n in s.resources.most_common(OWNERS_SHOWN))
    per_day = [len(v) for v in s.days.values()]
    return MinedStep(
        name=name, position=position, cases=s.cases, occurrences=s.occurrences,
        process_time=spread(s.pt), wait_time=wt, lead_time=lt,
        wip=s.waiting / length, wip_little=s.arrivals / length * mean_wait,
        complete_accurate=s.ca / s.cases if s.cases else 0.0,
        resources=sum(per_day) / len(per_day) if per_day else 1.0, owners=owners)


# -- the current state ----------------------------------------------------------------------------
PT_NOT_MEASURED = "PT not in the log (one timestamp per event): type it"


def _round(minutes: float) -> float:
    return round(minutes, 2)


def mined_state(mining: Mining, name: str = "Current state") -> State:
    """The measured current state: one step per main-path activity, parallel ones sharing a
    position. Without start times PT is NaN (not measured) and the step's notes say so."""
    parallel = len({s.position for s in mining.steps}) < len(mining.steps)
    steps = []
    for m in mining.steps:
        pt = _round(m.process_time.p50) if m.process_time else math.nan
        lt = m.step_lead_time
        steps.append(Step(
            name=m.name, process_time=pt, lead_time=_round(lt) if lt is not None else 0.0,
            owner=", ".join(o for o, _ in m.owners), complete_accurate=round(m.complete_accurate, 3),
            inventory=round(m.wip, 1), resources=max(1.0, round(m.resources, 1)),
            position=m.position + 1 if parallel else None,
            notes="" if m.process_time else PT_NOT_MEASURED))
    return State(name, tuple(steps), kind="current", basis="measured")
