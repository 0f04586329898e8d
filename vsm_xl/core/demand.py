"""Customer demand: takt time, whether a step keeps up, inventory in days and Little's law.
METHOD.md section 1 (demand and available time per period).
"""
from __future__ import annotations

from dataclasses import dataclass

from vsm_xl.core.errors import DivisionError, InputError
from vsm_xl.core.model import Step

DAILY_DEMAND = "daily demand"
LITTLES_LAW = "little's law"


def takt_time(available_time: float, demand: float) -> float:
    """Takt = available working time / customer demand (same period); in the time's unit."""
    if available_time < 0:
        raise InputError("available time cannot be negative")
    if demand < 0:
        raise InputError("demand cannot be negative")
    if demand == 0:
        raise DivisionError("takt time is undefined: demand is 0")
    return available_time / demand


def keeps_up(step: Step, takt: float) -> bool:
    """Whether a step's PT per resource is within takt."""
    return step.process_time / step.resources <= takt


def inventory_days(inventory: float, daily_demand: float) -> float:
    """Inventory in days of demand (the "Learning to See" reading)."""
    if daily_demand <= 0:
        raise DivisionError("inventory days are undefined: daily demand is 0")
    return inventory / daily_demand


def littles_law_wait(inventory: float, next_cycle_time: float) -> float:
    """Waiting time the queue causes by Little's law: inventory × the next step's cycle time."""
    if inventory < 0 or next_cycle_time < 0:
        raise InputError("inventory and cycle time cannot be negative")
    return inventory * next_cycle_time


@dataclass(frozen=True)
class StepDemandCheck:
    step: str
    process_time_per_resource: float
    takt: float
    keeps_up: bool
    inventory_reading: float | None  # days (daily demand) or minutes (Little's law)


def demand_check(steps, available_minutes: float, units: float, periods_per_day: float = 1.0,
                 method: str = DAILY_DEMAND) -> tuple[StepDemandCheck, ...]:
    """Takt against every step, and its inventory read by ``method`` (named in the result)."""
    takt = takt_time(available_minutes, units)
    steps = list(steps)
    rows = []
    for step in steps:
        reading = None
        if step.inventory is not None:
            if method == DAILY_DEMAND:
                reading = inventory_days(step.inventory, units * periods_per_day)
            elif method == LITTLES_LAW:
                # the queue sits in front of this step, so this step is the "next" one
                reading = littles_law_wait(step.inventory, step.process_time / step.resources)
            else:
                raise InputError(f"unknown inventory method {method!r} (use {DAILY_DEMAND!r} or {LITTLES_LAW!r})")
        rows.append(StepDemandCheck(step.name, step.process_time / step.resources, takt,
                                    keeps_up(step, takt), reading))
    return tuple(rows)
