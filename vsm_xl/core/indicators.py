"""Indicator formulas of the comprehensive evaluation (the paper's Table 2; METHOD.md 2.1)."""
from __future__ import annotations

import math

from vsm_xl.core.errors import DivisionError, InputError


def _nonneg(value: float, what: str) -> float:
    if value < 0:
        raise InputError(f"{what} cannot be negative ({value:g})")
    return value


def flow_degree(lead_time: float, process_time: float) -> float:
    """FG = average lead time / average process time; unitless, >= 1, lower is better."""
    _nonneg(lead_time, "lead time")
    _nonneg(process_time, "process time")
    if process_time == 0:
        raise DivisionError("flow degree is undefined: process time is 0")
    if lead_time < process_time:
        raise InputError(f"lead time {lead_time:g} is shorter than process time {process_time:g}")
    return lead_time / process_time


def flow_degree_from_times(operating: float, changeover: float, transport: float, idle: float) -> float:
    """FG = (BZ + RZ + TZ + LZ) / (BZ + RZ)."""
    for value, what in ((operating, "operating time"), (changeover, "changeover time"),
                        (transport, "transport time"), (idle, "idle time")):
        _nonneg(value, what)
    return flow_degree(operating + changeover + transport + idle, operating + changeover)


def epei(operating_times, changeover_times, resources: float, availability: float,
         hours_per_day: float) -> float:
    """EPEI in days = (Σ BZ + Σ RZ) / (RES · V · AZ); times in hours, V a fraction."""
    total = math.fsum(_nonneg(v, "operating time") for v in operating_times)
    total += math.fsum(_nonneg(v, "changeover time") for v in changeover_times)
    if resources <= 0:
        raise InputError(f"the number of resources must be positive, not {resources:g}")
    if not 0 < availability <= 1:
        raise InputError(f"availability must lie in (0 %, 100 %], not {availability:g}")
    if not 0 < hours_per_day <= 24:
        raise InputError(f"working hours per day must lie in (0, 24], not {hours_per_day:g}")
    return total / (resources * availability * hours_per_day)


def oee(availability: float, performance: float, quality: float) -> float:
    """OEE = availability × performance × quality (fractions)."""
    for value, what in ((availability, "availability"), (performance, "performance"), (quality, "quality")):
        if not 0 <= value <= 1:
            raise InputError(f"{what} must lie between 0 % and 100 %, not {value:g}")
    return availability * performance * quality


def space(production: float, warehouse: float = 0.0, additional: float = 0.0) -> float:
    """Space = production + warehouse/logistics + additional areas (m²)."""
    return _nonneg(production, "production area") + _nonneg(warehouse, "warehouse area") + _nonneg(
        additional, "additional area")


def payback_period(investment: float, annual_savings: float) -> float:
    """Payback period in years = investment / annual savings; no savings means no payback."""
    _nonneg(investment, "investment")
    if annual_savings <= 0:
        raise DivisionError("no payback: annual savings are not positive")
    return investment / annual_savings
