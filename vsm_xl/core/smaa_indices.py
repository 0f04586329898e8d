"""SMAA-2's indices of any sampled model (Lahdelma and Salminen 2001): rank acceptabilities,
central weights, pairwise winning indices and confidence factors, counted from draws of the
alternatives' scores and of the weight vectors. :func:`vsm_xl.core.smaa.smaa` (the WBF,
lower is better) counts its draws with this code; :func:`rank_indices` takes the draws of any
other model, an additive value model for one (higher is better), as the R package ``smaa``
does (its ``smaa.ra``, ``smaa.cw``, ``smaa.pwi``, ``smaa.cf``; tests/core/test_smaa_published.py
reproduces its published example).

Ties (scores within 1e-12) share their ranks: t tied alternatives each get 1/t of each of the
t ranks they occupy, 1/t of the first place where they tie for it, and 1/2 of a pairwise win.
Pure Python.
"""
from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from itertools import compress, repeat
from operator import add, le, lt, sub

from vsm_xl.core.errors import InputError
from vsm_xl.core.sensitivity import _TIE  # scores this close tie


def _places(squared: list[float]) -> list[tuple[int, ...]]:
    """The alternatives by squared WBF ascending, in tie groups (within 1e-12)."""
    order = sorted(range(len(squared)), key=squared.__getitem__)
    groups = []
    start = 0
    while start < len(order):
        end = start + 1
        while end < len(order) and squared[order[end]] - squared[order[start]] <= _TIE:
            end += 1
        groups.append(tuple(order[start:end]))
        start = end
    return groups



@dataclass(frozen=True)
class RankIndices:
    """SMAA-2's indices of sampled scores: ``acceptability[i][r - 1]`` is b_i^r,
    ``central_weights[i]`` the mean weight vector of the draws in which i ranks first (``None``
    when it never does), ``winning[i][k]`` the share of draws in which i ranks better than k
    (``None`` on the diagonal), ``first[i]`` the (tie-shared) number of draws i ranks first."""

    acceptability: tuple[tuple[float, ...], ...]
    central_weights: tuple[tuple[float, ...] | None, ...]
    winning: tuple[tuple[float | None, ...], ...]
    first: tuple[float, ...]
    draws: int


class _Tally:
    """The counts of a SMAA-2 run, draw after draw: how often each ranking occurred, who ranked
    first and the weight vector of every draw. One implementation for the WBF path
    (:func:`smaa`) and for any sampled model (:func:`rank_indices`)."""

    def __init__(self, n_alt: int, width: int):
        self.n_alt, self.width = n_alt, width
        self.everyone = range(n_alt)
        self.rankings: dict[tuple, int] = {}
        self.first = array("q")  # the alternative ranked first alone, -1 where several tie for it
        self.ties: list[tuple[int, tuple[int, ...]]] = []  # (draw, the alternatives tied for first)
        self.weights = array("d")  # every draw's weight vector, one after the other

    def add(self, scores, weights) -> None:
        """One draw: the alternatives' scores (lower is better) and the weight vector drawn."""
        order = sorted(self.everyone, key=scores.__getitem__)
        ordered = [scores[j] for j in order]
        if self.n_alt == 1 or min(map(sub, ordered[1:], ordered)) > _TIE:
            key: tuple = tuple(order)
            self.first.append(order[0])
        else:
            key = tuple(_places(scores))
            if len(key[0]) == 1:
                self.first.append(key[0][0])
            else:
                self.ties.append((len(self.first), key[0]))
                self.first.append(-1)
        self.rankings[key] = self.rankings.get(key, 0) + 1
        self.weights.extend(weights)

    def indices(self) -> RankIndices:
        n_alt, draws = self.n_alt, len(self.first)
        accept = [[0.0] * n_alt for _ in range(n_alt)]
        wins = [[0.0] * n_alt for _ in range(n_alt)]
        for key, count in self.rankings.items():
            places = [(g,) if isinstance(g, int) else g for g in key]
            rank = 0
            for place, members in enumerate(places):
                share = count / len(members)
                for j in members:
                    for r in range(rank, rank + len(members)):
                        accept[j][r] += share
                    for b in members:
                        if b != j:
                            wins[j][b] += count / 2
                    for later in places[place + 1:]:
                        for b in later:
                            wins[j][b] += count
                rank += len(members)
        first, central = self._central()
        return RankIndices(tuple(tuple(x / draws for x in row) for row in accept), central,
                           tuple(tuple(None if a == b else wins[a][b] / draws for b in self.everyone)
                                 for a in self.everyone), first, draws)

    def _central(self):
        """Per alternative: its (tie-shared) count of first places and the mean of their weights,
        summed column by column over the draws it won (:func:`itertools.compress`)."""
        width, first = self.width, self.first
        columns = [self.weights[c::width] for c in range(width)]
        counts, central = [], []
        for j in self.everyone:
            mask = [f == j for f in first]
            sums = [math.fsum(compress(column, mask)) for column in columns]
            count = float(sum(mask))
            for t, tied in self.ties:
                if j in tied:
                    share = 1.0 / len(tied)
                    count += share
                    sums = [s + share * column[t] for s, column in zip(sums, columns)]
            counts.append(count)
            central.append(tuple(s / count for s in sums) if count > 0 else None)
        return tuple(counts), tuple(central)


def rank_indices(scores, weights, *, higher_is_better: bool = False) -> RankIndices:
    """SMAA-2's rank acceptabilities, central weights and winning indices of any sampled model:
    ``scores[k][i]`` is alternative i's score in draw k (lower is better, or higher with
    ``higher_is_better``: an additive value), ``weights[k]`` the weight vector drawn in draw k.
    Ties are shared as in :func:`smaa`, which counts its draws with the same code."""
    tally: _Tally | None = None
    for row, w in zip(scores, weights, strict=True):
        row = [-x for x in row] if higher_is_better else list(row)
        if tally is None:
            tally = _Tally(len(row), len(w))
        tally.add(row, w)
    if tally is None:
        raise InputError("SMAA needs at least one draw")
    return tally.indices()


def _first_share(rows, j: int) -> float:
    """The share of draws in which alternative j ranks first (ties shared); ``rows[i]``: every
    draw's score of alternative i (lower is better)."""
    mine = rows[j]
    others = [row for k, row in enumerate(rows) if k != j]
    count = len(mine)
    lowest = list(map(min, *others)) if len(others) > 1 else others[0] if others else [math.inf] * count
    alone = sum(map(lt, mine, map(sub, lowest, repeat(_TIE))))  # first alone
    wins = float(alone)
    if sum(map(le, mine, map(add, lowest, repeat(_TIE)))) > alone:  # some draws tie for first (rare)
        for t, (x, o) in enumerate(zip(mine, lowest)):
            if abs(x - o) <= _TIE:  # tied for first: a share
                low = min(x, o)
                wins += 1.0 / sum(1 for row in rows if row[t] - low <= _TIE)
    return wins / count


def confidence_factor(scores, alternative: int, *, higher_is_better: bool = False) -> float:
    """SMAA-2's confidence factor of ``alternative``: the share of draws in which it ranks first
    when every alternative is scored at its central weights (``scores[k][i]``: alternative i's
    score in draw k at those weights; lower is better unless ``higher_is_better``)."""
    rows = [list(column) for column in zip(*scores)]
    if not rows or not rows[0]:
        raise InputError("a confidence factor needs at least one draw")
    if higher_is_better:
        rows = [[-x for x in row] for row in rows]
    return _first_share(rows, alternative)
