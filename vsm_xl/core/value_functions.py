"""Value functions: an indicator's value -> partial benefit u in [0, 1] (METHOD.md 2.2).

t = (e − worst) / (best − worst); linear u = t; exponential u = (1 − e^(−c·t)) / (1 − e^(−c)).
Values outside [worst, best] are clipped to 0 or 1 (and reported by the caller).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain

from vsm_xl.core.errors import ValueFunctionError

LINEAR = "linear"
EXPONENTIAL = "exponential"
DEFAULT_CURVATURE = 2.0
_FUNCTION_NAMES = {
    "linear": LINEAR, "lin": LINEAR, "l": LINEAR,
    "exponential": EXPONENTIAL, "exp": EXPONENTIAL, "e": EXPONENTIAL, "exponentiell": EXPONENTIAL,
}
_LINEAR_LIMIT = 1e-9  # |c| below this is the linear limit of the exponential


def normalize_function(name) -> str:
    """``"linear"`` or ``"exponential"`` for any accepted spelling; blank means linear."""
    if name is None or (isinstance(name, str) and not name.strip()):
        return LINEAR
    if isinstance(name, str) and name.strip().lower() in _FUNCTION_NAMES:
        return _FUNCTION_NAMES[name.strip().lower()]
    raise ValueFunctionError(f"unknown value function {name!r} (use linear or exponential)", subject=("function",))


@dataclass(frozen=True)
class ValueFunction:
    """A validated value function; call it with an indicator value to get u."""

    worst: float
    best: float
    function: str = LINEAR
    curvature: float | None = None

    def __post_init__(self):
        for label in ("worst", "best"):
            value = getattr(self, label)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueFunctionError(f"{label} must be a number, not {value!r}", subject=(label,))
        if self.worst == self.best:
            raise ValueFunctionError(f"worst and best are both {self.worst:g}", subject=("worst",))
        function = normalize_function(self.function)
        object.__setattr__(self, "function", function)
        curvature = self.curvature
        if function == EXPONENTIAL:
            if curvature is None:
                curvature = DEFAULT_CURVATURE
            if isinstance(curvature, bool) or not isinstance(curvature, (int, float)) or not math.isfinite(curvature):
                raise ValueFunctionError(f"curvature must be a number, not {curvature!r}", subject=("curvature",))
            if abs(curvature) > 700:
                raise ValueFunctionError(f"curvature {curvature:g} is too large (|c| <= 700)",
                                         subject=("curvature",))
            object.__setattr__(self, "curvature", float(curvature))

    @property
    def is_linear(self) -> bool:
        """u = t: a linear function, or an exponential one in its linear limit."""
        c = self.curvature
        return self.function == LINEAR or c is None or abs(c) < _LINEAR_LIMIT

    @property
    def lower_is_better(self) -> bool:
        return self.best < self.worst

    def position(self, value: float) -> float:
        """t = (e − worst) / (best − worst), unclipped."""
        return (value - self.worst) / (self.best - self.worst)

    def is_clipped(self, value: float) -> bool:
        t = self.position(value)
        return t < 0 or t > 1

    def __call__(self, value: float) -> float:
        t = (value - self.worst) / (self.best - self.worst)
        if t <= 0:
            return 0.0
        if t >= 1:
            return 1.0
        if self.is_linear:
            return t
        c = self.curvature
        assert c is not None  # not linear: an exponential always has its curvature
        return math.expm1(-c * t) / math.expm1(-c)

    def many(self, values) -> list[float]:
        """u of many finite numbers in one tight loop (callers validate the values); value for
        value equal to calling the function, only faster (cell functions over large blocks).

        The value is compared with worst and best before t is computed: ``v <= worst`` holds
        exactly when ``t <= 0`` (a difference of distinct floats is never 0), ``v >= best``
        implies ``t >= 1`` (rounding is monotonic), and between them the rounded t is at most
        1, so the result is the same float as :meth:`__call__` gives, one comparison of a
        stored t cheaper. Float literals matter (a float compared with an int is slower)."""
        worst, best, span = self.worst, self.best, self.best - self.worst
        c = self.curvature
        if self.is_linear:
            if span > 0.0:
                return [0.0 if v <= worst else 1.0 if v >= best else (v - worst) / span for v in values]
            return [0.0 if v >= worst else 1.0 if v <= best else (v - worst) / span for v in values]
        assert c is not None  # not linear: an exponential always has its curvature
        expm1, k, denominator = math.expm1, -c, math.expm1(-c)  # k * t is exactly -c * t
        if span > 0.0:
            return [0.0 if v <= worst else 1.0 if v >= best else expm1(k * ((v - worst) / span)) / denominator
                    for v in values]
        return [0.0 if v >= worst else 1.0 if v <= best else expm1(k * ((v - worst) / span)) / denominator
                for v in values]

    def fast(self):
        """A plain closure for hot loops (no attribute look-ups)."""
        worst, span = self.worst, self.best - self.worst
        c = self.curvature
        if self.is_linear:
            def linear(value, worst=worst, span=span):
                t = (value - worst) / span
                return 0.0 if t <= 0 else 1.0 if t >= 1 else t
            return linear
        assert c is not None  # not linear: an exponential always has its curvature
        denominator = math.expm1(-c)
        expm1 = math.expm1

        def u(value, worst=worst, span=span, c=c, denominator=denominator):
            t = (value - worst) / span
            return 0.0 if t <= 0 else 1.0 if t >= 1 else expm1(-c * t) / denominator
        return u


def partial_benefit(value: float, worst: float, best: float, function: str = LINEAR,
                    curvature: float | None = None) -> float:
    """The partial benefit u in [0, 1] of one indicator value."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueFunctionError(f"indicator value must be a number, not {value!r}")
    return ValueFunction(worst, best, function, curvature)(value)


def partial_benefits(values, worst: float, best: float, function: str = LINEAR,
                     curvature: float | None = None) -> list[float]:
    """Partial benefits of many values of one indicator (one value function)."""
    return ValueFunction(worst, best, function, curvature).many(values)


def benefit_rows_numpy(functions, rows, np) -> list[list[float]]:
    """u of many rows of finite floats, each row under its own value function, in numpy passes
    (``np`` is the numpy module; the cell functions take this path for large blocks).

    The same floats as :meth:`ValueFunction.many`, step by step as ``__call__`` computes them:
    t = (v − worst) / (best − worst), then 0 where t <= 0 and 1 where t >= 1 (an overflow gives
    ±inf both ways and is clipped both ways); in between t, or for an exponential function
    expm1(−c·t) / expm1(−c) with math.expm1 itself (numpy's may differ in the last bit)."""
    width = len(rows[0])
    values = np.fromiter(chain.from_iterable(rows), float, len(rows) * width).reshape(len(rows), width)
    worst = np.array([float(f.worst) for f in functions])[:, None]
    span = np.array([float(f.best - f.worst) for f in functions])[:, None]
    with np.errstate(all="ignore"):
        t = (values - worst) / span
        u = t
        curved = [k for k, f in enumerate(functions) if not f.is_linear]
        if curved:
            u = t.copy()
            inside = np.clip(t[curved], 0.0, 1.0)  # t outside (0, 1) is replaced below: no overflow
            minus_c = np.array([-functions[k].curvature for k in curved])[:, None]
            exps = np.fromiter(map(math.expm1, (minus_c * inside).ravel().tolist()), float, inside.size)
            u[curved] = exps.reshape(inside.shape) / np.array([math.expm1(c) for c in minus_c[:, 0]])[:, None]
        return np.where(t <= 0.0, 0.0, np.where(t >= 1.0, 1.0, u)).tolist()
